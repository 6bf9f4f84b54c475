// The outbox parses every payload with its kind's wire schema, and the
// counter loads those schemas after its first screen: a change queued before
// they have arrived must still be checked and commit with its transaction.
import { afterEach, describe, expect, it } from 'vitest';
import { KasirDb } from '../../src/client/db/database.ts';
import { ensureDevice } from '../../src/client/db/device-repo.ts';
import { queueMutation } from '../../src/client/db/outbox-repo.ts';
import { loadedDeviceWire } from '../../src/protocol/device-wire-loader.ts';
import type { CartVoidPayload } from '../../src/protocol/schemas.ts';

let db: KasirDb | null = null;

afterEach(async () => {
  db?.close();
  await db?.delete();
  db = null;
});

const cartVoid = (lines: CartVoidPayload['lines']): CartVoidPayload => ({ id: 'void-1', outletId: 'ntb-mall', by: 'u-1', createdAt: 1_700_000_000_000, lines, approvals: [] });
const line = { productId: 'p-1', name: 'Dodol Rumput Laut', qty: 1, unitPrice: 15_000, at: 1_700_000_000_000, approvalId: null };

describe('a change queued before the wire schemas have arrived', () => {
  it('is parsed and stored in its own transaction, with the seq it took', async () => {
    db = new KasirDb(`outbox-wire-${Date.now()}`);
    await db.open();
    await ensureDevice(db);
    // Nothing in this file has loaded them: the first queued change is what asks for them.
    expect(loadedDeviceWire()).toBeNull();
    const d = db;
    await d.transaction('rw', [d.device, d.outbox], () => queueMutation(d, 'cart.void', cartVoid([line]), { deviceTime: 1_700_000_000_000 }));
    expect(loadedDeviceWire()).not.toBeNull();
    expect(await d.outbox.toArray()).toMatchObject([{ seq: 1, type: 'cart.void', status: 'pending' }]);
    expect((await d.device.get('self'))?.nextSeq).toBe(2);
  });

  it('is refused as before when its schema refuses it, and nothing is written', async () => {
    db = new KasirDb(`outbox-wire-${Date.now()}-2`);
    await db.open();
    await ensureDevice(db);
    const d = db;
    await expect(d.transaction('rw', [d.device, d.outbox], () => queueMutation(d, 'cart.void', cartVoid([]), { deviceTime: 1_700_000_000_000 }))).rejects.toThrow();
    expect(await d.outbox.count()).toBe(0);
    expect((await d.device.get('self'))?.nextSeq).toBe(1);
  });
});
