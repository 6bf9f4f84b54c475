// A resolution made on the device is one 'flag.resolve' outbox row, taken
// like any mutation: it waits while unsynced, and the server's answer is the
// row's own (nothing else on the device follows it).
import { afterEach, describe, expect, it } from 'vitest';
import type { KasirDb } from '../../src/client/db/database.ts';
import { resolveFlag, unsyncedResolutions } from '../../src/client/db/review-repo.ts';
import { FakeServer, OUTLET, productBySku, TestDevice } from './sync-harness.ts';
import { freshDb } from './harness.tsx';

let db: KasirDb | null = null;
let server: FakeServer | null = null;
let device: TestDevice | null = null;
afterEach(async () => {
  await device?.destroy();
  await server?.close();
  if (db && !device) await db.delete();
  db = null;
  server = null;
  device = null;
});

describe('flag resolutions on the device', () => {
  it('a resolution is queued with the next seq, a count with its own stock event id, and listed until the server takes it', async () => {
    db = await freshDb();
    const batik = productBySku('BTK-004');

    const p = await resolveFlag(db, { outletId: OUTLET, subject: { kind: 'stock', productId: batik.id }, action: 'stock-count', note: ' ', counted: 7, by: 'u-lalu', now: 1_765_000_000_000 });

    const [row] = await db.outbox.toArray();
    expect(row).toMatchObject({ type: 'flag.resolve', id: p.id, status: 'pending', payload: { note: '', count: { counted: 7, stockEventId: p.count?.stockEventId } } });
    expect(p.count?.stockEventId).not.toBe(p.id);
    expect((await unsyncedResolutions(db)).map((q) => [q.payload.id, q.status])).toEqual([[p.id, 'pending']]);
  });

  it('refuses, before queueing anything, an accept without a note', async () => {
    db = await freshDb();
    await expect(resolveFlag(db, { outletId: OUTLET, subject: { kind: 'sale', saleId: 's-1' }, action: 'accept', note: '', by: 'u-lalu' })).rejects.toThrow(/needs a note/);
    expect(await db.outbox.count()).toBe(0);
  });

  it("the server's refusal stays on the row, with its reason, and the resolution is listed as refused", async () => {
    server = await FakeServer.create();
    device = await TestDevice.create(server);
    // Nobody with this id is a supervisor on the server.
    await resolveFlag(device.db, { outletId: OUTLET, subject: { kind: 'stock', productId: productBySku('BTK-004').id }, action: 'accept', note: 'ok', by: 'u-nobody' });

    expect((await device.engine.syncNow()).ok).toBe(true);

    const [q] = await unsyncedResolutions(device.db);
    expect(q?.status).toBe('rejected');
    expect(q?.reason).toContain('only they resolve flags');
  });
});
