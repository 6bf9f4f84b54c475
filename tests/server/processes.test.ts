// Several server processes on one database answer as one server would: two
// real `main.ts` processes start together on an empty database (migrating and
// seeding it at once), then devices push to both, some batches to both at the
// same moment (a replay racing itself). The first start also makes the admin
// (its password from KASIR_ADMIN_PASSWORD), whom the devices are enrolled by.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pushResponseSchema, type MutationEnvelope, type MutationResult } from '../../src/protocol/schemas.ts';
import { ROUTES } from '../../src/protocol/routes.ts';
import { demoCatalog } from '../../src/server/seed-data.ts';
import {
  asDevice,
  backends,
  demoProduct,
  listSales,
  login,
  OUTLET,
  post,
  pull,
  push,
  pushBody,
  saleOf,
  TestDevice,
  trackServer,
  type TestDatabase,
} from './helpers.ts';

const ADMIN_PASSWORD = 'kata-sandi-proses-uji';

const ROOT = resolve(import.meta.dirname, '../..');

interface ServerProcess {
  readonly url: string;
  readonly output: () => string;
  stop(): Promise<void>;
  /** Sends SIGTERM and answers the exit code. */
  terminate(): Promise<number | null>;
}

/** Starts `node --import tsx src/server/main.ts` on a free port and waits for the line naming it. */
function serverEnv(databaseUrl: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { ...process.env, PORT: '0', HOST: '127.0.0.1', DATABASE_URL: databaseUrl, STATIC_DIR: resolve(ROOT, 'dist'), KASIR_ADMIN_PASSWORD: ADMIN_PASSWORD, ...extra };
}

function startProcess(databaseUrl: string): Promise<ServerProcess> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    cwd: ROOT,
    env: serverEnv(databaseUrl),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exitCode = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const exited = exitCode.then(() => undefined);
  return new Promise((ready, fail) => {
    const timer = setTimeout(() => fail(new Error(`server did not start in 30 s:\n${out}`)), 30_000);
    const onData = (chunk: Buffer): void => {
      out += chunk.toString();
      const m = /listening on http:\/\/localhost:(\d+)/.exec(out);
      if (!m) return;
      clearTimeout(timer);
      ready({
        url: `http://127.0.0.1:${m[1] ?? ''}`,
        output: () => out,
        stop: () => {
          if (child.exitCode === null) child.kill('SIGTERM');
          return exited;
        },
        terminate: () => {
          child.kill('SIGTERM');
          return exitCode;
        },
      });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`server exited (${code ?? 'signal'}) before listening:\n${out}`));
    });
  });
}

describe.each(backends)('two server processes on one database ($name)', (backend) => {
  let database: TestDatabase;
  let servers: ServerProcess[] = [];

  beforeEach(async () => {
    database = await backend.create();
    // Both start at once on an empty database: migrations and the demo catalog race too.
    servers = await Promise.all([startProcess(database.url), startProcess(database.url)]);
    for (const s of servers) trackServer(s.url, database.url, async () => (await login(s.url, 'admin', ADMIN_PASSWORD)).token);
  }, 60_000);
  afterEach(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await database.destroy();
  });

  it('start together on an empty database: one loads the catalog, both serve the same one', async () => {
    const [a, b] = servers;
    if (!a || !b) throw new Error('two servers');
    const loaded = servers.filter((s) => s.output().includes('Loaded the demo catalog')).length;
    expect(loaded).toBe(1);
    // One admin and one first device, made (and printed) by one of them.
    expect(servers.filter((s) => s.output().includes('an admin account was created')).length).toBe(1);
    expect(servers.filter((s) => s.output().includes('one-time enrolment code')).length).toBe(1);
    const [pa, pb] = await Promise.all([pull(a.url, 0), pull(b.url, 0)]);
    expect(pa).toEqual(pb);
    expect(pa.products).toHaveLength(demoCatalog().products.length);
  });

  it('devices pushing to both, some batches to both at once, store every sale exactly once', { timeout: 60_000 }, async () => {
    const [a, b] = servers;
    if (!a || !b) throw new Error('two servers');
    const skus = ['KOP-001', 'KOP-002', 'MDU-001', 'MDU-002', 'TNN-002', 'PGN-002', 'CKL-001', 'BTK-004'];
    const opening = new Map(demoCatalog().stock.filter((s) => s.outletId === OUTLET).map((s) => [s.productId, s.level]));
    const devices = Array.from({ length: 6 }, () => new TestDevice());
    const sent = new Map<string, MutationEnvelope[]>();
    const answers: { deviceId: string; result: MutationResult }[] = [];
    const statuses: number[] = [];

    // Deterministic spread: which server(s) get each batch, which products each sale holds.
    const rounds = 5;
    const perBatch = 8;
    await Promise.all(
      devices.map(async (d, i) => {
        const mine: MutationEnvelope[] = [];
        sent.set(d.id, mine);
        for (let round = 0; round < rounds; round++) {
          const batch = Array.from({ length: perBatch }, (_, k) => {
            const sku = skus[(i * 3 + round * 5 + k) % skus.length] ?? 'KOP-001';
            return d.sell([{ product: sku, qty: 1 + ((i + k) % 2) }]);
          });
          mine.push(...batch);
          const targets = [[a, b], [a], [b]][(i + round) % 3] ?? [a];
          const replies = await Promise.all(targets.map(async (s) => post(s.url, ROUTES.push, pushBody(d.id, batch), await asDevice(s.url, d.id))));
          for (const r of replies) {
            statuses.push(r.status);
            if (r.status !== 200) continue;
            const body = pushResponseSchema.parse(r.body);
            expect(body.gap).toBeNull();
            expect(body.lastSeq).toBe((round + 1) * perBatch);
            for (const result of body.results) answers.push({ deviceId: d.id, result });
          }
        }
      }),
    );

    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    // Batches sent to both servers at once: one server applied each mutation, the other answered a replay.
    const doubled = devices.reduce((n, _d, i) => n + Array.from({ length: rounds }, (_, round) => (i + round) % 3 === 0).filter(Boolean).length, 0);
    expect(answers.filter((x) => x.result.replay)).toHaveLength(doubled * perBatch);
    // Every mutation was applied by exactly one answer; the others were replays of it.
    const all = [...sent.values()].flat();
    for (const m of all) {
      const mine = answers.filter((x) => x.result.id === m.id);
      expect(mine.length).toBeGreaterThanOrEqual(1);
      expect(mine.filter((x) => !x.result.replay)).toHaveLength(1);
      expect(new Set(mine.map((x) => x.result.status)).size).toBe(1);
      expect(['applied', 'flagged']).toContain(mine[0]?.result.status);
    }
    // Every sale stored once, in seq order per device, and every device's lastSeq is its last mutation.
    const stored = await listSales(a.url);
    expect(stored).toHaveLength(all.length);
    expect(new Set(stored.map((s) => s.sale.id))).toEqual(new Set(all.map((m) => saleOf(m).id)));
    for (const d of devices) {
      expect((await listSales(b.url, d.id)).map((s) => s.deviceSeq)).toEqual(Array.from({ length: rounds * perBatch }, (_, k) => k + 1));
      for (const s of [a, b]) expect((await push(s.url, d.id, [])).lastSeq).toBe(rounds * perBatch);
    }
    // Stock is opening minus sold, on both servers.
    const sold = new Map<string, number>();
    for (const m of all) for (const l of saleOf(m).lines) sold.set(l.productId, (sold.get(l.productId) ?? 0) + l.qty);
    const [pa, pb] = await Promise.all([pull(a.url, 0, OUTLET), pull(b.url, 0, OUTLET)]);
    expect(pa).toEqual(pb);
    for (const [productId, qty] of sold) {
      const level = pa.stock.find((s) => s.productId === productId)?.level;
      expect(level, demoProduct(skus.find((x) => demoProduct(x).id === productId) ?? 'KOP-001').name).toBe((opening.get(productId) ?? 0) - qty);
    }
  });
});

describe.each(backends)('one server stopped and started again ($name)', (backend) => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await backend.create();
  });
  afterEach(async () => {
    await database.destroy();
  });

  async function epochOfAStart(): Promise<{ epoch: number; version: number }> {
    const s = await startProcess(database.url);
    try {
      trackServer(s.url, database.url, async () => (await login(s.url, 'admin', ADMIN_PASSWORD)).token);
      const p = await pull(s.url, 0);
      return { epoch: p.epoch, version: p.version };
    } finally {
      await s.stop();
    }
  }

  it('a restart keeps the epoch (devices pull only what changed); `npm run restored` after a restore changes it', { timeout: 90_000 }, async () => {
    const first = await epochOfAStart();
    const second = await epochOfAStart();
    expect(second).toEqual(first);

    const restored = spawnSync(process.execPath, ['--import', 'tsx', 'src/server/restored.ts'], { cwd: ROOT, env: serverEnv(database.url), encoding: 'utf8' });
    expect(restored.status, restored.stderr).toBe(0);
    expect(restored.stdout).toContain('every device will pull its whole catalog');
    const third = await epochOfAStart();
    expect(third.epoch).not.toBe(first.epoch);
    expect(third.version).toBe(first.version);
  });
});

describe.each(backends)('a server stopped with SIGTERM during a big push ($name)', (backend) => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await backend.create();
  });
  afterEach(async () => {
    await database.destroy();
  });

  it('finishes what is in flight, exits 0, and every acknowledged sale is stored once', { timeout: 120_000 }, async () => {
    const s = await startProcess(database.url);
    trackServer(s.url, database.url, async () => (await login(s.url, 'admin', ADMIN_PASSWORD)).token);
    // Two devices pushing 2,500 sales each in batches of 100, side by side.
    const devices = [new TestDevice(), new TestDevice()];
    const headers = await Promise.all(devices.map((d) => asDevice(s.url, d.id)));
    const acknowledged = new Set<string>();
    const saleIdOf = new Map<string, string>();
    let batches = 0;
    let exit: Promise<number | null> | null = null;
    const sending = devices.map(async (d, i) => {
      for (let b = 0; b < 25; b++) {
        const batch = Array.from({ length: 100 }, () => d.sell([{ product: 'KOP-001', qty: 1 }]));
        for (const m of batch) saleIdOf.set(m.id, saleOf(m).id);
        // Once the first batches are in, the signal comes while the next ones travel.
        if (++batches === 8) exit = s.terminate();
        let r;
        try {
          r = await post(s.url, ROUTES.push, pushBody(d.id, batch), headers[i]);
        } catch {
          return; // the server is gone: the device keeps the rest for later
        }
        if (r.status !== 200) return; // 503 while closing: the device retries later
        for (const result of pushResponseSchema.parse(r.body).results) acknowledged.add(result.id);
      }
    });
    await Promise.all(sending);
    if (!exit) throw new Error('the signal was never sent');
    expect(await exit, s.output()).toBe(0);
    expect(s.output()).toContain('Stopped.');
    // Cut in the middle, neither before the first answer nor after the last.
    expect(acknowledged.size).toBeGreaterThan(0);
    expect(acknowledged.size).toBeLessThan(5_000);

    // The store as the next start finds it.
    const store = await database.open();
    try {
      const rows = await store.db.all('SELECT id FROM sales');
      const ids = new Set(rows.map((r) => String(r.id)));
      expect(ids.size).toBe(rows.length);
      const missing = [...acknowledged].filter((id) => !ids.has(saleIdOf.get(id) ?? ''));
      expect(missing).toEqual([]);
    } finally {
      await store.close();
    }
  });
});

describe('a start on a taken port', () => {
  it('says the port is in use, exits, and writes nothing (no database file, no admin made unseen)', { timeout: 60_000 }, async () => {
    const blocker = createServer();
    await new Promise<void>((ok) => blocker.listen(0, '127.0.0.1', () => ok()));
    const dir = mkdtempSync(join(tmpdir(), 'kasir-port-'));
    try {
      const path = join(dir, 'kasir.sqlite');
      const port = String((blocker.address() as AddressInfo).port);
      const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], { cwd: ROOT, env: serverEnv(`sqlite:${path}`, { PORT: port }), encoding: 'utf8' });
      expect(r.status).toBe(1);
      expect(r.stderr).toContain(`Port ${port} on 127.0.0.1 is already in use`);
      expect(existsSync(path)).toBe(false);
    } finally {
      blocker.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
