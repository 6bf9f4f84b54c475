// Where a server refusal belongs on a form: the envelope's `field` when it
// names one, else the field the contract's code is about.
import { AUTH_ERROR_CODES } from '../../../protocol/auth.ts';
import { serverErrorText } from '../../i18n/server-words.ts';
import type { T } from '../../i18n/use-t.ts';
import { codeText, ManagementError } from '../../shared/services/management-session.ts';

const FIELD_OF_CODE: Readonly<Record<string, string>> = {
  [AUTH_ERROR_CODES.usernameTaken]: 'username',
  [AUTH_ERROR_CODES.weakPin]: 'pin',
  [AUTH_ERROR_CODES.outletRequired]: 'outletId',
  [AUTH_ERROR_CODES.unknownOutlet]: 'outletId',
};

/** The form field to mark and what to say there; null when the refusal is about the whole form. */
export function serverFieldError<F extends string>(t: T, e: unknown, fields: readonly F[]): { field: F; text: string } | null {
  if (!(e instanceof ManagementError) || e.status === null || e.status >= 500) return null;
  const field = e.field ?? (e.code !== null ? FIELD_OF_CODE[e.code] : undefined) ?? null;
  const known = fields.find((f) => f === field);
  if (known === undefined) return null;
  return { field: known, text: codeText(t, e.code) ?? serverErrorText(t, e.code, e.params) };
}
