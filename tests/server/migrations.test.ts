// Migrations are forward-only and tested from every released schema: each
// shipped migration is pinned by its hash (editing one fails here), every
// older schema migrates to the newest on both engines and then serves, and
// a database the released code itself wrote (fixtures/schemas/v<N>.sqlite,
// made by fixtures/make-schema-fixture.ts at that release) keeps its sales.
import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { seedIfEmpty } from '../../src/server/catalog/catalog.ts';
import { demoCatalog } from '../../src/server/seed-data.ts';
import { MIGRATIONS } from '../../src/server/store/migrations.ts';
import { openSqlite } from '../../src/server/store/sqlite.ts';
import { Store } from '../../src/server/store/store.ts';
import { pull } from '../../src/server/sync/pull.ts';
import { lastSeq, push } from '../../src/server/sync/push.ts';
import { FIXTURE_DEVICE } from './fixtures/schema-fixture-id.ts';
import { backends, TestDevice, type TestDatabase } from './helpers.ts';

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
  // 22: English labels of the cash reasons.
  '07737639cf1cced6e1551c026a64491a1d8a878cef8213cc98cb8ce5b8f41507',
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

describe('databases the released code wrote', () => {
  const dir = join(import.meta.dirname, 'fixtures', 'schemas');
  const files = readdirSync(dir).filter((f) => /^v\d+\.sqlite$/.test(f));
  let tmp = '';
  afterEach(() => {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
    tmp = '';
  });

  it('there is at least one', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files)('%s migrates to the newest and keeps every sale, stock level and seq', async (file) => {
    tmp = mkdtempSync(join(tmpdir(), 'kasir-fixture-'));
    const path = join(tmp, 'kasir.sqlite');
    copyFileSync(join(dir, file), path);
    const store = new Store(openSqlite(path));
    try {
      const before = {
        sales: Number((await store.db.all('SELECT count(*) AS n FROM sales'))[0]?.n),
        stock: Number((await store.db.all('SELECT sum(level) AS n FROM stock_levels'))[0]?.n),
      };
      expect(before.sales).toBe(12);
      await store.migrate();
      expect(Number((await store.db.all('SELECT count(*) AS n FROM sales'))[0]?.n)).toBe(before.sales);
      expect(Number((await store.db.all('SELECT sum(level) AS n FROM stock_levels'))[0]?.n)).toBe(before.stock);
      expect(await lastSeq(store, FIXTURE_DEVICE)).toBe(12);
      // The device carries on where it was: seq 13 is taken, stock moves once.
      const device = new TestDevice(FIXTURE_DEVICE);
      for (let i = 0; i < 12; i++) device.sell([{ product: 'KOP-001', qty: 1 }]);
      const res = await push(store, device.id, [device.sell([{ product: 'KOP-001', qty: 1 }])]);
      expect(res.results[0]).toMatchObject({ seq: 13, status: 'applied' });
      expect(Number((await store.db.all('SELECT sum(level) AS n FROM stock_levels'))[0]?.n)).toBe(before.stock - 1);
    } finally {
      await store.close();
    }
  });
});
