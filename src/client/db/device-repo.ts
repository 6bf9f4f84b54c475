import { uuidv7 } from '../../domain/id.ts';
import type { KasirDb } from './database.ts';
import type { DeviceRow } from './schema.ts';

export const DEFAULT_OUTLET_ID = 'ntb-mall';

/** The device's identity, made once on first start and kept for its life. */
export async function ensureDevice(db: KasirDb): Promise<DeviceRow> {
  return db.transaction('rw', db.device, async () => {
    const existing = await db.device.get('self');
    if (existing) return existing;
    const row: DeviceRow = {
      key: 'self',
      deviceId: uuidv7(),
      outletId: DEFAULT_OUTLET_ID,
      nextSeq: 1,
      nextReceipt: 1,
      createdAt: Date.now(),
    };
    await db.device.add(row);
    return row;
  });
}

/** Read-only lookup for live queries; ensureDevice() ran at start-up. */
export function getDevice(db: KasirDb): Promise<DeviceRow | undefined> {
  return db.device.get('self');
}

export class UnsyncedDataError extends Error {
  override name = 'UnsyncedDataError';
  constructor(readonly count: number) {
    super(`${count} sales are not on the server yet`);
  }
}

/**
 * Wipes this device's database, but never while a sale is not on the server:
 * pending, in flight or refused, each is money already taken.
 */
export async function resetDevice(db: KasirDb): Promise<void> {
  const count = await db.transaction('r', db.outbox, async () => {
    const counts = await Promise.all(
      (['pending', 'inflight', 'rejected'] as const).map((s) => db.outbox.where('[status+seq]').between([s, -Infinity], [s, Infinity]).count()),
    );
    return counts.reduce((a, b) => a + b, 0);
  });
  if (count > 0) throw new UnsyncedDataError(count);
  db.close();
  await db.delete();
}
