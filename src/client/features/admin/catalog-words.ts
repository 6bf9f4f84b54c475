// An outlet or producer problem in the reader's words, whether the domain
// found it on this screen or the server refused with its code and params:
// both come out of the same rules, so both read the same next to the field.
import type { QrisErrorCode } from '../../../domain/qris.ts';
import { isErrorCode, type ErrorParams } from '../../../protocol/errors.ts';
import { qrisProblemText, serverErrorText } from '../../i18n/server-words.ts';
import type { T } from '../../i18n/use-t.ts';
import { ManagementError } from '../../shared/services/management-session.ts';

/** A problem as { code, field, ...params } (domain/outlet-settings.ts, domain/producer.ts, or a refusal). */
export function problemText(t: T, code: string, params: Readonly<Record<string, unknown>>): string {
  const words: ErrorParams = {};
  for (const [k, v] of Object.entries(params)) if (typeof v === 'string' || typeof v === 'number') words[k] = v;
  if (typeof params.sumBp === 'number') words.sum = (params.sumBp / 100).toLocaleString('id-ID');
  if (typeof params.min === 'number') words.min = params.min.toLocaleString('id-ID');
  if (typeof params.max === 'number') words.max = params.max.toLocaleString('id-ID');
  if (typeof params.qris === 'string') words.qris = qrisProblemText(t, { code: params.qris as QrisErrorCode, message: '' });
  return serverErrorText(t, code, words);
}

/** Field errors from the domain's problems: the first one per field. */
export function fieldErrors<F extends string>(t: T, problems: readonly ({ field: F; code: string } & object)[]): Partial<Record<F, string>> {
  const out: Partial<Record<F, string>> = {};
  for (const p of problems) if (out[p.field] === undefined) out[p.field] = problemText(t, p.code, p as Record<string, unknown>);
  return out;
}

/** A refusal about one of `fields`, worded; null when it is about the whole form (or not a refusal). */
export function refusalOnField<F extends string>(t: T, e: unknown, fields: readonly F[]): { field: F; text: string } | null {
  if (!(e instanceof ManagementError) || e.status === null || e.status >= 500 || !isErrorCode(e.code)) return null;
  const field = fields.find((f) => f === e.field);
  return field === undefined ? null : { field, text: problemText(t, e.code ?? '', e.params) };
}
