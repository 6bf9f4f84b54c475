// A request the server's rules refuse (an unknown outlet, a taken username, a
// used enrolment code), thrown from a service inside its transaction, which
// it rolls back. Services know no HTTP: the HTTP layer turns the kind into a
// status and answers the usual `{ error: { code, message, field } }`.
import type { ErrorCode, ErrorParams } from '../protocol/errors.ts';

export type RefusalKind = 'invalid' | 'unauthenticated' | 'forbidden' | 'not-found' | 'conflict' | 'gone';

export const REFUSAL_STATUS: Readonly<Record<RefusalKind, number>> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  gone: 410,
};

export class Refusal extends Error {
  override name = 'Refusal';

  constructor(
    readonly kind: RefusalKind,
    /** One of the protocol's error codes. */
    readonly code: ErrorCode,
    message: string,
    /** The request field at fault, when there is one. */
    readonly field: string | null = null,
    /** What the client's words for the code need. */
    readonly params: ErrorParams = {},
  ) {
    super(message);
  }
}
