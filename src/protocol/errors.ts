// Every `error.code` the server answers with, in one list: the client words
// each in the reader's language (client/i18n), and a test walks the list so
// no code reaches a screen as the server's English `message`.
import { z } from 'zod';

export * from './error-codes.ts';

/**
 * What the client needs to word a refusal itself (a number of seconds, a
 * limit, the outlets involved); the English `message` says the same for API
 * clients.
 */
// An object with a catchall, not z.record: the same shape, written in the document as additionalProperties.
export const errorParamsSchema = z.object({}).catchall(z.union([z.string().max(500), z.number()]));
export type ErrorParams = z.infer<typeof errorParamsSchema>;
