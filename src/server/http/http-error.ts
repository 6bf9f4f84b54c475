// A refusal with its HTTP status, error code and words, thrown from deep in
// a transaction (which it rolls back) and answered by app.ts's error handler
// in the usual `{ error: { code, message, field } }` envelope.
import type { z } from 'zod';
import type { ErrorCode, ErrorParams } from '../../protocol/errors.ts';
import { describeZodError } from '../../protocol/schemas.ts';

export class HttpError extends Error {
  override name = 'HttpError';

  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly field: string | null = null,
    /** Extra answer headers, e.g. Retry-After on a 429. */
    readonly headers: Readonly<Record<string, string>> = {},
    /** What the client needs to word the refusal itself. */
    readonly params: ErrorParams = {},
  ) {
    super(message);
  }
}

/** Parses `value` with a wire schema, or throws the 400 that names the field. */
export function parseWith<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const { message, field } = describeZodError(r.error);
  throw new HttpError(400, 'invalid-request', message, field);
}
