// An outlet's shifts as the server holds them, read live with a management
// session (a supervisor sees their own outlet, an admin any).
import { SHIFTS_ROUTE } from '../../protocol/route-paths.ts';
import { shiftListSchema, type ShiftFilter, type ShiftList } from '../../protocol/shift.ts';
import { getWithSession } from './admin-api.ts';

export interface ShiftListQuery {
  /** All the caller may see when null (an admin: every outlet). */
  outletId: string | null;
  state?: ShiftFilter;
  /** Business dates YYYY-MM-DD, both included; null for no bound. */
  from?: string | null;
  to?: string | null;
}

export function fetchShifts(query: ShiftListQuery): Promise<ShiftList> {
  const params = new URLSearchParams();
  if (query.outletId !== null && query.outletId.trim() !== '') params.set('outletId', query.outletId.trim());
  if (query.state !== undefined && query.state !== 'all') params.set('state', query.state);
  if (query.from) params.set('from', query.from);
  if (query.to) params.set('to', query.to);
  const qs = params.toString();
  return getWithSession(`${SHIFTS_ROUTE}${qs === '' ? '' : `?${qs}`}`, shiftListSchema);
}
