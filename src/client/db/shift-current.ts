// The shift open on this device's drawer: all a checkout and a refund need
// of shifts, apart from shift-repo.ts so the counter's first download does
// not carry the shift screens' code.
import type { KasirDb } from './database.ts';
import type { ShiftRow } from './schema.ts';

/** The shift open on this device's drawer (each tablet keeps its own drawer), if any. */
export async function currentShift(db: KasirDb): Promise<ShiftRow | null> {
  const device = await db.device.get('self');
  if (!device) return null;
  return (await db.shifts.where('[drawerId+state]').equals([device.deviceId, 'open']).first()) ?? null;
}
