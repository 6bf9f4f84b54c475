// Migrations are forward-only and tested from every released schema: each
// shipped migration is pinned by its hash (editing one fails here), every
// older schema migrates to the newest on both engines and then serves, and
// a database the released code itself wrote (fixtures/schemas/v<N>.sqlite,
// made by fixtures/make-schema-fixture.ts at that release) keeps its sales.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../src/domain/id.ts';
import { seedIfEmpty } from '../../src/server/catalog/catalog.ts';
import { rebuildRollupsIfStale } from '../../src/server/reports/rollup.ts';
import { listShifts } from '../../src/server/shifts/shifts.ts';
import { demoCatalog } from '../../src/server/seed-data.ts';
import { num, str } from '../../src/server/store/db.ts';
import { MIGRATIONS } from '../../src/server/store/migrations.ts';
import { openSqlite } from '../../src/server/store/sqlite.ts';
import { SchemaTooNewError, Store } from '../../src/server/store/store.ts';
import { pull } from '../../src/server/sync/pull.ts';
import { lastSeq, push } from '../../src/server/sync/push.ts';
import { FIXTURE_DEVICE, FIXTURE_DRAWER_DEVICE } from './fixtures/schema-fixture-id.ts';
import { backends, demoProduct, mutation, OUTLET, pgBackend, TestDevice, type TestDatabase } from './helpers.ts';

/** sha256 of each shipped migration, in order. Append the next one's when it ships; never change one. */
const SHIPPED = [
  'e894ae4cb7a2a4a6859bb234f9e65480054962f1c7fe58a4b17094024253d9bc',
  '485a5f06cd2c1bbd8d0ff770a68f8264c7cb7e477068a4b62749b7dfc72e630e',
  '4a9f8baecea60d2c04a6983c80255b00b78c3a03c6b3b2cdd9e4dfaf66418f43',
  'e8c78cb1e31fb0e65890da3059649435f15f45dcde934df634470176e5eefef6',
  'aebd32039abca6ce242fce378d3d750aaaa362c77ec034b4ab93a66679330ba9',
  '8a3214d4688a84137961b8baa6e71abc29000f6868f6b073d2189927d7f9d6b7',
  '658a50b2faec800d3b16f66673ea795e0136f600964e02ea0a12186e620ea986',
  'f099513251c1bf28f533ed774b815ee065b5364b1b50deabe5111ff92f250bb7',
  '4b835e725e8abb640d7030e91a35ea865071fe318e3d9a590e3cba5b47b3886d',
  'e142036ec31f777731cf2d230381c3fb590210e1c6c81b6b17a1a09165c21fe6',
  '2bfb8eb3e78deb41a3e29def66123947143edba6a6938968ab3c62bf5806557b',
  'cf748293d0b41d45e117dee32140cd7c070718a193efd989ef6de72e4e61fdd6',
  '83315de3e463f386a065a158d7e69229042028e2bc09289f4a0f8881d31be3f6',
  '39156f75986a979e282603bd2e4106b15568d545390f125f5cfc607c671f4247',
  'b9f34f84d0de666b0bbecd76490053f3549d7924cc61915d68410f5fa23447cd',
  'f8c1e824e355dd966495e8ab1c86415afb3f31398bf5b5f0c08512f0a122ae1d',
  '41aaad3a1f7afb014a216192fb652150d13991624816ebb0b2ac831daccca902',
  // 18: producer settlement.
  'a4eeb591ea11fcb94ce2ee817463d7a86b8477fd3314f8f5981e35d1a98e478a',
  // 19: QRIS confirmations and the receipt-number index; 20: the report rollups.
  '6bba22efe8b5299b52e40a44cc2550e8418b92bc3a5bc5c08316ba829b390351',
  '7aaafa820094cf54dd74aa3a9d66be33c86e49346e32ee9deb855e3b706afeb5',
  // Shifts and Tutup Kasir (issue 15).
  '89a8f076b18b093967d4b391b750414532fd8165bf4f48a7915b21bd52faf91c',
  // 22: a shared drawer's slips and merges.
  '474b5ced9dade50878f250e15fe8b28180a4898d5b062c49f0e143a8c6d26ab1',
  // Statement share links, and sale lines' names and categories as sold (issue 16).
  '2cef3930be000ac65f3f1b537ce1c8e688a405d7a65d5389d18ff86811d0c9aa',
  'f5c8387995104c903acab527323eb751c1287bf91c523ac6dc4e99692f2a3292',
  // 25: English labels of the cash reasons.
  '07737639cf1cced6e1551c026a64491a1d8a878cef8213cc98cb8ce5b8f41507',
  // 26: when each product was last counted at each outlet (issue 14).
  '708b111802e226cc90be0ae8b5127b3cbe133fe5efdc1388ad403f63494acbb4',
];

function hashOf(m: (typeof MIGRATIONS)[number]): string {
  const text = typeof m === 'string' ? m : `${m.sqlite}\n--\n${m.postgres}`;
  return createHash('sha256').update(text).digest('hex');
}

describe('shipped migrations', () => {
  it('are never edited: each keeps the hash it shipped with', () => {
    const hashes = MIGRATIONS.map(hashOf);
    expect(hashes.slice(0, SHIPPED.length), 'a shipped migration changed: put the change in a new migration at the end').toEqual(SHIPPED);
  });
});

describe.each(backends)('from every earlier schema ($name)', (backend) => {
  let database: TestDatabase | null = null;
  afterEach(async () => {
    await database?.destroy();
    database = null;
  });

  it.each(Array.from({ length: MIGRATIONS.length }, (_, i) => i + 1))('schema %i migrates to the newest and serves a sale and a pull', async (from) => {
    database = await backend.create();
    const old = await database.openUnmigrated();
    await old.migrate(from);
    const versions = (await old.db.all('SELECT version FROM schema_migrations ORDER BY version')).map((r) => Number(r.version));
    expect(versions).toEqual(Array.from({ length: from }, (_, i) => i + 1));
    await old.close();

    const store = await database.open();
    try {
      const after = (await store.db.all('SELECT version FROM schema_migrations ORDER BY version')).map((r) => Number(r.version));
      expect(after).toEqual(Array.from({ length: MIGRATIONS.length }, (_, i) => i + 1));
      await seedIfEmpty(store, demoCatalog());
      const device = new TestDevice();
      const res = await push(store, device.id, [device.sell([{ product: 'KOP-001', qty: 1 }])]);
      expect(res.results[0]?.status).toBe('applied');
      expect((await pull(store, 0, 'ntb-mall')).products.length).toBe(demoCatalog().products.length);
    } finally {
      await store.close();
    }
  });
});

describe('databases the released code wrote, on both engines', () => {
  // v<N>.sqlite and v<N>.postgres.sql: what the code at the last release with
  // N migrations wrote (fixtures/make-schema-fixture.ts run at that release;
  // docs/architecture.md, "Upgrades"). Each is migrated to the newest here.
  const dir = join(import.meta.dirname, 'fixtures', 'schemas');
  const versionsOf = (suffix: string) =>
    readdirSync(dir)
      .map((f) => new RegExp(`^v(\\d+)\\.${suffix}$`).exec(f)?.[1])
      .filter((v): v is string => v !== undefined)
      .map(Number)
      .sort((a, b) => a - b);
  const sqliteVersions = versionsOf('sqlite');
  const postgresVersions = versionsOf('postgres\\.sql');

  // Schemas no release had: 22-24 came and went inside the landing that shipped 25.
  const NEVER_RELEASED = new Set([22, 23, 24]);

  it('every released schema from 6 on has a SQLite file and a PostgreSQL dump, with no release left out', () => {
    expect(sqliteVersions[0]).toBe(6);
    const newest = sqliteVersions.at(-1) ?? 6;
    expect(sqliteVersions).toEqual(Array.from({ length: newest - 5 }, (_, i) => i + 6).filter((v) => !NEVER_RELEASED.has(v)));
    expect(postgresVersions).toEqual(sqliteVersions);
    // Schema 21 is the last one released when the dumps began; later releases add theirs.
    expect(sqliteVersions.at(-1)).toBeGreaterThanOrEqual(21);
  });

  interface Fixture {
    store: Store;
    done(): Promise<void>;
  }
  interface Engine {
    name: 'sqlite' | 'postgres';
    versions: readonly number[];
    load(version: number): Promise<Fixture>;
    tables: string;
  }

  const sqliteEngine: Engine = {
    name: 'sqlite',
    versions: sqliteVersions,
    load(version) {
      const tmp = mkdtempSync(join(tmpdir(), 'kasir-fixture-'));
      const path = join(tmp, 'kasir.sqlite');
      copyFileSync(join(dir, `v${version}.sqlite`), path);
      return Promise.resolve({ store: new Store(openSqlite(path)), done: () => Promise.resolve(rmSync(tmp, { recursive: true, force: true })) });
    },
    tables: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
  };
  const engines: Engine[] = [sqliteEngine];
  if (pgBackend) {
    const backend = pgBackend;
    engines.push({
      name: 'postgres',
      versions: postgresVersions,
      async load(version) {
        const database = await backend.create();
        // The dump as an operator's restore would run it: one connection, the whole file (it sets its own search_path).
        const client = new pg.Client({ connectionString: database.url });
        await client.connect();
        try {
          await client.query(readFileSync(join(dir, `v${version}.postgres.sql`), 'utf8'));
        } finally {
          await client.end();
        }
        return { store: await database.openUnmigrated(), done: () => database.destroy() };
      },
      tables: 'SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename',
    });
  }

  /** Everything a migration must keep: each table's rows, every sale and stock level as stored. */
  async function snapshot(store: Store, engine: Engine) {
    const rows: Record<string, number> = {};
    for (const r of await store.db.all(engine.tables)) {
      const table = String(r.name);
      // Migrations add counters of their own; the ones there were keep their values (below).
      if (table === 'schema_migrations' || table === 'counters') continue;
      rows[table] = num((await store.db.all(`SELECT count(*) AS n FROM ${table}`))[0]?.n);
    }
    const sales = (await store.db.all('SELECT id, device_id, device_seq, total, flags FROM sales ORDER BY id')).map((r) => [str(r.id), str(r.device_id), num(r.device_seq), num(r.total), str(r.flags)]);
    const stock = (await store.db.all('SELECT outlet_id, product_id, level FROM stock_levels ORDER BY outlet_id, product_id')).map((r): [string, string, number] => [str(r.outlet_id), str(r.product_id), num(r.level)]);
    const counters = Object.fromEntries((await store.db.all('SELECT name, value FROM counters')).map((r) => [str(r.name), num(r.value)]));
    const versions = (await store.db.all('SELECT version FROM schema_migrations ORDER BY version')).map((r) => num(r.version));
    return { rows, sales, stock, counters, versions };
  }

  describe.each(engines)('$name', (engine) => {
    let fixture: Fixture | null = null;
    afterEach(async () => {
      await fixture?.store.close();
      await fixture?.done();
      fixture = null;
    });

    it('stock takes stored before schema 26 give each product its last count, so a late move is not taken twice', async () => {
      // Schema 25 is the last release without the marks.
      fixture = await engine.load(25);
      const { store } = fixture;
      const kopi = demoProduct('KOP-001').id;
      const madu = demoProduct('MDU-002').id;
      const line = (productId: string, countedAt: number) => ({ stockEventId: uuidv7(), productId, counted: 10, countedAt, movedAfter: 0, expected: 10 });
      const countRow = (id: string, by: string, lines: unknown[]) => [id, OUTLET, 'full', by, by, 'tab-1', 1, 1_000, 9_000, 9_500, '[]', JSON.stringify({ scope: { kind: 'full' }, lines, uncounted: [] })];
      const insert = 'INSERT INTO stock_counts (id, outlet_id, scope, by_user, approver_id, device_id, device_seq, started_at, created_at, received_at, flags, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)';
      await store.db.run(insert, countRow('count-a', 'budi', [line(kopi, 5_000), line(madu, 8_000)]));
      await store.db.run(insert, countRow('count-b', 'wayan', [line(kopi, 7_000)]));
      await store.migrate();
      const marks = (await store.db.all('SELECT outlet_id, product_id, counted_at, count_id, by_user FROM stock_counted ORDER BY product_id')).map((r) => [str(r.outlet_id), str(r.product_id), num(r.counted_at), str(r.count_id), str(r.by_user)]);
      const want = [
        [OUTLET, kopi, 7_000, 'count-b', 'wayan'],
        [OUTLET, madu, 8_000, 'count-a', 'budi'],
      ];
      expect(marks).toEqual(want.sort((a, b) => String(a[1]).localeCompare(String(b[1]))));
    });

    it.each(engine.versions)('schema %i migrates to the newest keeping every row, sale, stock level and seq, and its devices carry on', async (version) => {
      fixture = await engine.load(version);
      const { store } = fixture;
      const before = await snapshot(store, engine);
      expect(before.versions, 'the fixture is of the schema its name says').toEqual(Array.from({ length: version }, (_, i) => i + 1));
      expect(before.sales.filter(([, device]) => device === FIXTURE_DEVICE)).toHaveLength(12);
      const drawerDay = before.sales.some(([, device]) => device === FIXTURE_DRAWER_DEVICE);
      // From schema 21 on the fixture script also writes a drawer's day; older code could not.
      expect(drawerDay).toBe(version >= 21);

      await store.migrate();
      // As the server opens a store (open-store.ts): rollups a migration left stale are made again from the sales.
      await store.db.tx((tx) => rebuildRollupsIfStale(tx, store.db.dialect));
      const after = await snapshot(store, engine);
      expect(after.versions).toEqual(Array.from({ length: MIGRATIONS.length }, (_, i) => i + 1));
      expect(after.sales).toEqual(before.sales);
      expect(after.stock).toEqual(before.stock);
      // A table the old schema had keeps every row; new tables may start filled (rollups built from the sales).
      expect(Object.fromEntries(Object.keys(before.rows).map((t) => [t, after.rows[t]]))).toEqual(before.rows);
      // Every counter keeps its value, but the rollups' stale mark, which the rebuild above clears.
      const { 'report-rollups-stale': _stale, ...kept } = before.counters;
      expect(after.counters).toMatchObject(kept);
      expect(await lastSeq(store, FIXTURE_DEVICE)).toBe(12);

      // The device carries on where it was: seq 13 is taken, stock moves once.
      const device = new TestDevice(FIXTURE_DEVICE);
      for (let i = 0; i < 12; i++) device.sell([{ product: 'KOP-001', qty: 1 }]);
      const res = await push(store, device.id, [device.sell([{ product: 'KOP-003', qty: 1 }])]);
      expect(res.results[0]).toMatchObject({ seq: 13, status: 'applied' });
      const level = (s: typeof after.stock) => s.find(([outlet, product]) => outlet === OUTLET && product === demoProduct('KOP-003').id)?.[2];
      expect(level((await snapshot(store, engine)).stock)).toBe((level(before.stock) ?? 0) - 1);

      if (!drawerDay) return;
      // The drawer's day reads back as the shift screen shows it: closed with Z 1, the server's recount equal to the Z, no flags.
      const { shifts } = await listShifts(store, { outletId: OUTLET, limit: 10 });
      expect(shifts).toHaveLength(1);
      const [day] = shifts;
      expect(day?.closed?.zNo).toBe(1);
      expect(day?.server.expected).toEqual(day?.closed?.expected);
      expect(day?.flags).toEqual([]);
      // And the drawer opens its next shift from that close, as seq 8.
      expect(await lastSeq(store, FIXTURE_DRAWER_DEVICE)).toBe(7);
      const [cashier] = await store.db.all("SELECT id FROM users WHERE username = 'sari'");
      const [close] = await store.db.all('SELECT shift_id, body FROM shift_closes');
      const counted = (JSON.parse(str(close?.body)) as { counted: { cash: number } }).counted.cash;
      const next = mutation(
        8,
        { id: uuidv7(), outletId: OUTLET, drawerId: FIXTURE_DRAWER_DEVICE, openedBy: str(cashier?.id), openedAt: Date.now(), businessDate: '2026-12-05', openingFloat: counted, previous: { shiftId: str(close?.shift_id), counted } },
        { type: 'shift.open' },
      );
      const opened = await push(store, FIXTURE_DRAWER_DEVICE, [next]);
      expect(opened.results[0]).toMatchObject({ seq: 8, status: 'applied' });
    });
  });
});

describe.each(backends)('a database a newer release upgraded ($name)', (backend) => {
  let database: TestDatabase | null = null;
  afterEach(async () => {
    await database?.destroy();
    database = null;
  });

  it('is refused by this code before anything is written, saying to start the newer release or restore the backup', async () => {
    database = await backend.create();
    const store = await database.open();
    await store.db.run('INSERT INTO schema_migrations (version) VALUES (?)', [MIGRATIONS.length + 1]);
    const versions = async (s: Store) => (await s.db.all('SELECT version FROM schema_migrations ORDER BY version')).map((r) => num(r.version));
    const before = await versions(store);
    const refused = await store.migrate().then(
      () => null,
      (err: unknown) => err,
    );
    expect(refused).toBeInstanceOf(SchemaTooNewError);
    expect(String(refused)).toContain(`schema ${MIGRATIONS.length + 1}, newer than this version of Kasir Karya knows (${MIGRATIONS.length})`);
    expect(String(refused)).toContain('restore the backup taken before the upgrade');
    expect(await versions(store)).toEqual(before);
    await store.close();

    if (backend.name !== 'sqlite') return;
    // The server itself: exit 1 with that sentence, no stack trace.
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
      cwd: join(import.meta.dirname, '..', '..'),
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATABASE_URL: database.url },
      encoding: 'utf8',
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`The database has schema ${MIGRATIONS.length + 1}, newer than this version of Kasir Karya knows`);
    expect(run.stderr).toContain('Nothing was written.');
    expect(run.stderr).not.toContain('    at ');
  });
});
