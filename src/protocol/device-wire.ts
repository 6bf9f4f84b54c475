// The schemas the counter parses (sync, enrolment, the outbox, the export
// file), gathered so the device loads them, and zod with them, as one chunk
// after its first screen: device-wire-loader.ts. Both ends still parse with
// these same schemas; only when the device's copy arrives changes.
export { errorResponseSchema, MUTATIONS, outboxExportSchema, pullResponseSchema, pushResponseSchema } from './schemas.ts';
export { enrolResponseSchema, rotateResponseSchema } from './auth.ts';
