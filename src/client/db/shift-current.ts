// The shift open on this device's drawer: all a checkout and a refund need
// of shifts, apart from shift-repo.ts so the counter's first download does
// not carry the shift screens' code.
import type { KasirDb } from './database.ts';
import type { ShiftRow } from './schema.ts';

/**
 * The shift open on this device: on its own drawer, or on its outlet's
 * shared drawer (whose id is the outlet's). Only this device's shifts are
 * stored here, so the shared drawer's open shift is this tablet's own.
 */
export async function currentShift(db: KasirDb): Promise<ShiftRow | null> {
  const device = await db.device.get('self');
  if (!device) return null;
  const drawers: [string, string][] = [[device.deviceId, 'open']];
  if (device.outletId) drawers.push([device.outletId, 'open']);
  return (await db.shifts.where('[drawerId+state]').anyOf(drawers).first()) ?? null;
}
