// A push or import body from its raw text to what the push transaction
// needs: JSON (refusing prototype poisoning, as Fastify's own parser does),
// the protocol version before anything else (rule 15), the envelope schema,
// then each mutation parsed and hashed. Pure, and the same code inline or in
// a worker (prepare-pool.ts), so both give the same answer to the same body.
import sjson from 'secure-json-parse';
import type { ErrorCode, ErrorParams } from '../../protocol/errors.ts';
import type { z } from 'zod';
import { describeZodError, outboxExportSchema, PROTOCOL_VERSION, pushRequestSchema } from '../../protocol/schemas.ts';
import { prepareMutation, type PreparedMutation } from '../sync/prepare.ts';

export type BodyKind = 'push' | 'import';

export interface PreparedBody {
  deviceId: string;
  mutations: PreparedMutation[];
}

/** A refusal in the shape of the error envelope; app.ts turns it into an HttpError. */
export interface BodyRefusal {
  status: number;
  code: ErrorCode;
  message: string;
  field: string | null;
  params?: ErrorParams;
}

export type PrepareOutcome = { ok: true; body: PreparedBody } | { ok: false; refusal: BodyRefusal };

const SCHEMAS: Record<BodyKind, z.ZodType<{ deviceId: string; mutations: z.infer<typeof pushRequestSchema>['mutations'] }>> = {
  push: pushRequestSchema,
  import: outboxExportSchema,
};

function updateRequired(kind: BodyKind, claimed: number): string {
  return kind === 'push'
    ? `this app speaks protocol ${claimed}, the server ${PROTOCOL_VERSION}: update the app; unsynced sales stay on the device`
    : `this file was written by protocol ${claimed}, the server reads ${PROTOCOL_VERSION}: import it on a server of that version`;
}

export function prepareBody(kind: BodyKind, text: string): PrepareOutcome {
  let json: unknown;
  try {
    json = sjson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' });
  } catch (e) {
    const why = text.trim() === '' ? 'the body is empty' : e instanceof Error ? e.message : String(e);
    return { ok: false, refusal: { status: 400, code: 'malformed-json', message: `the body is not valid JSON: ${why}`, field: null } };
  }
  return prepareValue(kind, json);
}

/** The checks after JSON; also for a body that came as something else (text/plain), which the schema refuses. */
export function prepareValue(kind: BodyKind, json: unknown): PrepareOutcome {
  // Rule 15: the version is read before the rest of the body, as another
  // version's body may have another shape. The client keeps its queue and updates first.
  const claimed = typeof json === 'object' && json !== null && 'protocolVersion' in json ? json.protocolVersion : undefined;
  if (typeof claimed === 'number' && claimed !== PROTOCOL_VERSION) {
    return { ok: false, refusal: { status: 426, code: 'update-required', message: updateRequired(kind, claimed), field: 'protocolVersion', params: { claimed, current: PROTOCOL_VERSION } } };
  }
  const r = SCHEMAS[kind].safeParse(json);
  if (!r.success) {
    const { message, field } = describeZodError(r.error);
    return { ok: false, refusal: { status: 400, code: 'invalid-request', message, field } };
  }
  const { deviceId, mutations } = r.data;
  return { ok: true, body: { deviceId, mutations: mutations.map((m) => prepareMutation(m, deviceId)) } };
}
