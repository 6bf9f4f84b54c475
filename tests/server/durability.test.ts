// An acknowledged sale is on disk (sync rule: nothing is answered before it
// is durable). SQLite writes the WAL without an fsync at COMMIT and
// store/wal-sync.ts fsyncs it off the event loop; these tests hold that
// fsync back, or fail it, and watch what the store answers meanwhile.
import { mkdtemp, rm } from 'node:fs/promises';
import { fsync as realFsync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { ROUTES } from '../../src/protocol/routes.ts';
import { buildApp } from '../../src/server/http/app.ts';
import { appendAudit } from '../../src/server/accounts/audit.ts';
import { demoCatalog } from '../../src/server/seed-data.ts';
import { openSqlite } from '../../src/server/store/sqlite.ts';
import { Store } from '../../src/server/store/store.ts';
import type { FsyncFn } from '../../src/server/store/wal-sync.ts';
import { TestDevice, pushBody } from './helpers.ts';
import { seedIfEmpty } from '../../src/server/catalog/catalog.ts';
import { pull } from '../../src/server/sync/pull.ts';
import { lastSeq, push } from '../../src/server/sync/push.ts';
import { auditNote } from '../../src/protocol/audit-notes.ts';

/** An fsync that waits for release(), or fails with EIO, and counts its calls. */
class HeldFsync {
  calls = 0;
  held = true;
  failWith: string | null = null;
  private waiting: (() => void)[] = [];

  readonly fn: FsyncFn = (fd, done) => {
    this.calls++;
    const finish = (): void => {
      if (this.failWith) done(Object.assign(new Error(this.failWith), { code: this.failWith }));
      else realFsync(fd, done);
    };
    if (this.held) this.waiting.push(finish);
    else finish();
  };

  release(): void {
    this.held = false;
    const w = this.waiting;
    this.waiting = [];
    for (const f of w) f();
  }
}

let dir = '';
let store: Store | null = null;
let current: HeldFsync | null = null;
afterEach(async () => {
  // A failed test may leave the fsync held, and close() waits for the disk.
  current?.release();
  current = null;
  await store?.close().catch(() => undefined);
  store = null;
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = '';
});

async function openWith(fsync: HeldFsync): Promise<Store> {
  current = fsync;
  dir = await mkdtemp(join(tmpdir(), 'kasir-durable-'));
  fsync.held = false;
  store = new Store(openSqlite(join(dir, 'kasir.sqlite'), { fsync: fsync.fn }));
  await store.migrate();
  await seedIfEmpty(store, demoCatalog());
  fsync.held = true;
  fsync.calls = 0;
  return store;
}

/** Whether `p` has settled by the time `condition` holds (polled; the condition is what the queue must reach). */
async function settledWhen(p: Promise<unknown>, condition: () => boolean): Promise<boolean> {
  let done = false;
  void p.then(
    () => (done = true),
    () => (done = true),
  );
  const end = Date.now() + 5_000;
  while (!condition()) {
    if (Date.now() > end) throw new Error('timed out waiting for the transaction queue');
    await new Promise((r) => setTimeout(r, 5));
  }
  // A few turns of the event loop for anything that would settle now.
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
  return done;
}

describe('SQLite answers only what is on disk', () => {
  it('a push is not acknowledged until the WAL is fsynced, and a read after it waits too', async () => {
    const fsync = new HeldFsync();
    const s = await openWith(fsync);
    const device = new TestDevice();
    const pushed = push(s, device.id, [device.sell([{ product: 'KOP-001', qty: 1 }])]);
    expect(await settledWhen(pushed, () => fsync.calls === 1)).toBe(false);
    // Committed but not yet durable: a read must not show it either.
    const read = lastSeq(s, device.id);
    expect(await settledWhen(read, () => true)).toBe(false);
    fsync.release();
    expect((await pushed).results[0]?.status).toBe('applied');
    expect(await read).toBe(1);
  });

  it('a transaction that only reads adds no fsync of its own', async () => {
    const fsync = new HeldFsync();
    const s = await openWith(fsync);
    fsync.release();
    await lastSeq(s, 'nobody');
    await pull(s, 0, 'ntb-mall');
    expect(fsync.calls).toBe(0);
  });

  it('commits made during one fsync share the next: five devices pushing at once cost two fsyncs', async () => {
    const fsync = new HeldFsync();
    const s = await openWith(fsync);
    const devices = Array.from({ length: 5 }, () => new TestDevice());
    const pushes = devices.map((d) => push(s, d.id, [d.sell([{ product: 'KOP-001', qty: 1 }])]));
    expect(await settledWhen(Promise.all(pushes), () => fsync.calls === 1)).toBe(false);
    // All five are committed (another connection sees them) while the first fsync is still held.
    const reader = new Database(join(dir, 'kasir.sqlite'), { readonly: true });
    try {
      expect(await settledWhen(Promise.all(pushes), () => Number(reader.prepare('SELECT count(*) AS n FROM sales').pluck().get()) === 5)).toBe(false);
    } finally {
      reader.close();
    }
    expect(fsync.calls).toBe(1);
    fsync.release();
    const answers = await Promise.all(pushes);
    expect(answers.map((a) => a.results[0]?.status)).toEqual(Array(5).fill('applied'));
    expect(fsync.calls).toBe(2);
  });

  it('a write made only through INSERT ... RETURNING (an audit entry) waits for the disk like any other', async () => {
    const fsync = new HeldFsync();
    const s = await openWith(fsync);
    const wrote = s.db.tx((tx) => appendAudit(tx, { at: 1, action: 'auth.sign-in-failed', detail: 'test', note: auditNote('auth.sign-in-refused', { why: 'wrong-password', from: '127.0.0.1' }) }));
    expect(await settledWhen(wrote, () => fsync.calls === 1)).toBe(false);
    fsync.release();
    await wrote;
  });

  it("another process's commit seen by a read is fsynced before the read answers", async () => {
    const fsync = new HeldFsync();
    const s = await openWith(fsync);
    const other = new Database(join(dir, 'kasir.sqlite'));
    try {
      other.prepare("UPDATE counters SET value = value + 1 WHERE name = 'catalog'").run();
    } finally {
      other.close();
    }
    const read = pull(s, 0, 'ntb-mall');
    expect(await settledWhen(read, () => fsync.calls === 1)).toBe(false);
    fsync.release();
    await read;
  });

  it('a failed fsync refuses the waiting push and everything after it, saying what to do; nothing acknowledged is lost', async () => {
    const fsync = new HeldFsync();
    const s = await openWith(fsync);
    const device = new TestDevice();
    fsync.release();
    await push(s, device.id, [device.sell([{ product: 'KOP-001', qty: 1 }])]);
    fsync.held = true;
    fsync.failWith = 'EIO';
    const pushed = push(s, device.id, [device.sell([{ product: 'KOP-001', qty: 1 }])]);
    expect(await settledWhen(pushed, () => fsync.calls === 1)).toBe(false);
    fsync.release();
    await expect(pushed).rejects.toThrow(/could not flush its write-ahead log to disk \(EIO\).*restart the server/i);
    await expect(lastSeq(s, device.id)).rejects.toThrow(/nothing more is accepted/);
    // Over HTTP: a 503 that says so, not "send it again".
    const app = await buildApp({ store: s, staticDir: null });
    try {
      const res = await app.inject({ method: 'POST', url: ROUTES.push, headers: { 'content-type': 'application/json', authorization: `Bearer kkd_${device.id}.${'s'.repeat(43)}` }, payload: pushBody(device.id, []) });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({ error: { code: 'storage-failed' } });
    } finally {
      await app.close();
    }
    await s.close();
    store = new Store(openSqlite(join(dir, 'kasir.sqlite')));
    // The acknowledged sale is there; the refused one may or may not be, and the device resends it either way.
    expect(await lastSeq(store, device.id)).toBeGreaterThanOrEqual(1);
  });
});
