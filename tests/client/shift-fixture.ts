// A shift opened before a test began: tests about other things sell in an
// open shift (a sale cannot be made outside one) without its opening in
// their outbox.
import type { KasirDb } from '../../src/client/db/database.ts';
import type { ShiftRow } from '../../src/client/db/schema.ts';
import { uuidv7 } from '../../src/domain/id.ts';
import { businessDate } from '../../src/domain/time.ts';

/** A shift row of this device's drawer, open, with no outbox row: a shift opened before the test. */
export async function openShiftAsBefore(db: KasirDb, who: { id: string; name: string }, openingFloat = 0): Promise<ShiftRow> {
  const device = await db.device.get('self');
  if (!device) throw new Error('no device');
  const now = Date.now();
  const row: ShiftRow = {
    id: uuidv7(now),
    outletId: device.outletId,
    drawerId: device.deviceId,
    openedBy: who.id,
    openedByName: who.name,
    openedAt: now,
    businessDate: businessDate(now),
    openingFloat,
    openSeq: device.nextSeq - 1,
    previous: null,
    state: 'open',
    close: null,
    closedByName: null,
    approverName: null,
  };
  await db.shifts.add(row);
  return row;
}

