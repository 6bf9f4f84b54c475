// An outlet's shifts as the server holds them, read live with a management
// session (a supervisor sees their own outlet, an admin any).
import { SHIFTS_ROUTE } from '../../protocol/route-paths.ts';
import { shiftListSchema, type ShiftList } from '../../protocol/shift.ts';
import { getWithSession } from './admin-api.ts';

export function fetchShifts(outletId: string | null): Promise<ShiftList> {
  const q = outletId === null || outletId.trim() === '' ? '' : `?${new URLSearchParams({ outletId: outletId.trim() }).toString()}`;
  return getWithSession(`${SHIFTS_ROUTE}${q}`, shiftListSchema);
}
