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

export async function setDeviceOutlet(db: KasirDb, outletId: string): Promise<void> {
  await ensureDevice(db);
  await db.device.update('self', { outletId });
}

/** Read-only lookup for live queries; ensureDevice() ran at start-up. */
export function getDevice(db: KasirDb): Promise<DeviceRow | undefined> {
  return db.device.get('self');
}
