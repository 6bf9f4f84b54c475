// A push is one transaction (server/sync/batch.ts) that decides every mutation in
// memory before writing. These tests hold it to the rule it replaces: the
// answers and the stored data are exactly those of sending the mutations one
// at a time, and a storage failure keeps what came before it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Product } from '../../src/domain/catalog.ts';
import { uuidv7 } from '../../src/domain/id.ts';
import { type MutationEnvelope, type MutationResult, type SaleRecordPayload } from '../../src/protocol/schemas.ts';
import { ROUTES } from '../../src/protocol/routes.ts';
import type { Store } from '../../src/server/store/store.ts';
import {
  asDevice,
  backends,
  clone,
  errorOf,
  listSales,
  makeSale,
  OUTLET,
  post,
  pull,
  push,
  pushBody,
  saleOf,
  startTestServer,
  TestDevice,
  type Backend,
} from './helpers.ts';
import { lastSeq } from '../../src/server/sync/push.ts';

type Op =
  | { kind: 'sale' | 'oversell' | 'bad-price' | 'unknown-type' | 'foreign' | 'unknown-product' }
  | { kind: 'replay' | 'dup-sale' | 'reuse-mutation-id' | 'reuse-line-id' | 'other-payload-same-seq'; of: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: fc.constantFrom('sale', 'oversell', 'bad-price', 'unknown-type', 'foreign', 'unknown-product').map((kind) => ({ kind })), weight: 3 },
  {
    arbitrary: fc.record({
      kind: fc.constantFrom('replay', 'dup-sale', 'reuse-mutation-id', 'reuse-line-id', 'other-payload-same-seq'),
      of: fc.nat(),
    }),
    weight: 2,
  },
);

/** The mutations a device (or a confused one) would send for these ops, in order. */
function mutationsFor(ops: readonly Op[]): { deviceId: string; ms: MutationEnvelope[] } {
  const d = new TestDevice();
  const out: MutationEnvelope[] = [];
  const sales = (): MutationEnvelope[] => out.filter((m) => m.type === 'sale.record' && saleOf(m).deviceId === d.id);
  for (const o of ops) {
    const earlier = 'of' in o ? out[o.of % Math.max(1, out.length)] : undefined;
    const earlierSale = 'of' in o ? sales()[o.of % Math.max(1, sales().length)] : undefined;
    switch (o.kind) {
      case 'sale':
        out.push(d.sell([{ product: 'KOP-001', qty: 1 }, { product: 'MDU-002', qty: 1 }]));
        break;
      case 'oversell':
        out.push(d.sell([{ product: 'BTK-004', qty: 2 }]));
        break;
      case 'bad-price':
        out.push(d.sell([{ product: 'TNN-002', qty: 1, unitPrice: 1_000 }]));
        break;
      case 'unknown-product':
        out.push(d.sell([{ product: { ...makeGhost(), id: `ghost-${out.length}` }, qty: 1 }]));
        break;
      case 'unknown-type':
        out.push(d.next({ n: out.length }, { type: 'stock.teleport' }));
        break;
      case 'foreign':
        out.push(d.next(makeSale({ deviceId: uuidv7(), items: [{ product: 'KOP-002', qty: 1 }] })));
        break;
      case 'replay':
        out.push(earlier ?? d.sell([{ product: 'KOP-002', qty: 1 }]));
        break;
      case 'other-payload-same-seq':
        out.push(earlier ? { ...earlier, payload: makeSale({ deviceId: d.id, items: [{ product: 'PGN-002', qty: 3 }] }) } : d.sell([{ product: 'PGN-002', qty: 1 }]));
        break;
      case 'dup-sale':
        out.push(earlierSale ? d.next(earlierSale.payload) : d.sell([{ product: 'KOP-001', qty: 2 }]));
        break;
      case 'reuse-mutation-id':
        out.push(earlier ? { ...d.sell([{ product: 'CKL-001', qty: 1 }]), id: earlier.id } : d.sell([{ product: 'CKL-001', qty: 1 }]));
        break;
      case 'reuse-line-id': {
        const fresh = d.sell([{ product: 'MDU-001', qty: 1 }]);
        const line = (fresh.payload as SaleRecordPayload).sale.lines[0];
        const old = earlierSale ? saleOf(earlierSale).lines[0] : undefined;
        if (line && old) line.id = old.id;
        out.push(fresh);
        break;
      }
    }
  }
  return { deviceId: d.id, ms: out };
}

function makeGhost(): Product {
  return { id: 'ghost', sku: 'GHOST', barcode: null, name: 'Barang Hantu', category: 'Kopi', producerId: 'umkm-kopi-sembalun', price: 10_000, unit: 'pcs', active: true };
}

/** What a server ended up holding, without receive times or versions (one per push, so they differ). */
async function state(store: Store, url: string, deviceIds: readonly string[]): Promise<unknown> {
  const mutations = await store.db.all('SELECT device_id, seq, id, type, payload_hash, status, reason FROM mutations ORDER BY device_id, seq');
  const counts: Record<string, number> = {};
  for (const t of ['sales', 'sale_lines', 'payments', 'stock_events']) {
    const [row] = await store.db.all(`SELECT COUNT(*) AS n FROM ${t}`);
    counts[t] = Number(row?.n);
  }
  const stock = (await pull(url, 0, OUTLET)).stock.sort((a, b) => a.productId.localeCompare(b.productId));
  const sales = (await listSales(url)).map((s) => ({ id: s.sale.id, seq: s.deviceSeq, flags: s.flags })).sort((a, b) => a.id.localeCompare(b.id));
  const lastSeqs = await Promise.all(deviceIds.map((id) => lastSeq(store, id)));
  return { mutations: mutations.map((m) => ({ ...m, seq: Number(m.seq) })), counts, stock, sales, lastSeqs };
}

async function oneByOneEqualsBatch(backend: Backend, ops: readonly Op[]): Promise<MutationResult[]> {
  const { deviceId, ms } = mutationsFor(ops);
  const batched = await startTestServer(backend);
  const single = await startTestServer(backend);
  try {
    const before = (await pull(batched.baseUrl, 0)).version;
    const a = await push(batched.baseUrl, deviceId, ms);
    // One version for the whole batch: it went through in one transaction, not the one-by-one fallback.
    expect((await pull(batched.baseUrl, 0)).version - before).toBeLessThanOrEqual(1);
    // The server applies a batch in seq order (a stable sort); one at a time, in that same order.
    const b: MutationResult[] = [];
    for (const m of [...ms].sort((x, y) => x.seq - y.seq)) b.push(...(await push(single.baseUrl, deviceId, [m])).results);
    expect(a.gap).toBeNull();
    expect(a.results).toEqual(b);
    expect(await state(batched.store, batched.baseUrl, [deviceId])).toEqual(await state(single.store, single.baseUrl, [deviceId]));
    return a.results;
  } finally {
    await batched.close();
    await single.close();
  }
}

describe.each(backends)('a batch in one transaction ($name)', (backend) => {
  it('answers and stores exactly what sending its mutations one at a time would', { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 20 }), async (ops) => {
        await oneByOneEqualsBatch(backend, ops);
      }),
      { numRuns: 12 },
    );
  });

  it('with every kind of refusal, replay and flag in one batch, still answers as one at a time', async () => {
    const results = await oneByOneEqualsBatch(backend, [
      { kind: 'sale' },
      { kind: 'replay', of: 0 },
      { kind: 'oversell' },
      { kind: 'oversell' },
      { kind: 'bad-price' },
      { kind: 'unknown-product' },
      { kind: 'unknown-type' },
      { kind: 'foreign' },
      { kind: 'dup-sale', of: 0 },
      { kind: 'reuse-mutation-id', of: 1 },
      { kind: 'reuse-line-id', of: 0 },
      { kind: 'other-payload-same-seq', of: 2 },
      { kind: 'sale' },
    ]);
    // The case covers what it says: every answer a push can give.
    expect(new Set(results.map((r) => r.status))).toEqual(new Set(['applied', 'flagged', 'duplicate', 'rejected', 'conflict']));
    expect(results.some((r) => r.replay)).toBe(true);
  });

  it('a storage failure mid-batch keeps the mutations before it, answers 500, and a resend replays them', async () => {
    const server = await startTestServer(backend);
    try {
      const { store, baseUrl } = server;
      await store.db.exec(
        store.db.dialect === 'sqlite'
          ? "CREATE TRIGGER boom BEFORE INSERT ON sales WHEN NEW.receipt_no = 'BOOM' BEGIN SELECT RAISE(ABORT, 'boom'); END"
          : `CREATE FUNCTION boom() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
               IF NEW.receipt_no = 'BOOM' THEN RAISE EXCEPTION 'boom'; END IF; RETURN NEW; END $$;
             CREATE TRIGGER boom BEFORE INSERT ON sales FOR EACH ROW EXECUTE FUNCTION boom()`,
      );
      const d = new TestDevice();
      const s1 = d.sell([{ product: 'KOP-001', qty: 1 }]);
      const s2 = d.sell([{ product: 'KOP-001', qty: 1 }]);
      const bad = clone(makeSale({ deviceId: d.id, items: [{ product: 'KOP-001', qty: 1 }] }));
      bad.sale.receiptNo = 'BOOM';
      const s3 = d.next(bad);
      const s4 = d.sell([{ product: 'KOP-001', qty: 1 }]);

      const failed = await post(baseUrl, ROUTES.push, pushBody(d.id, [s1, s2, s3, s4]), await asDevice(baseUrl, d.id));

      expect(failed.status).toBe(500);
      expect(errorOf(failed).code).toBe('server-error');
      expect((await listSales(baseUrl, d.id)).map((s) => s.deviceSeq)).toEqual([1, 2]);
      expect(await lastSeq(store, d.id)).toBe(2);

      await store.db.exec('DROP TRIGGER boom' + (store.db.dialect === 'postgres' ? ' ON sales' : ''));
      const again = await push(baseUrl, d.id, [s1, s2, s3, s4]);
      expect(again.results.map((r) => [r.seq, r.status, r.replay])).toEqual([
        [1, 'applied', true],
        [2, 'applied', true],
        [3, 'applied', false],
        [4, 'applied', false],
      ]);
      expect((await listSales(baseUrl, d.id)).map((s) => s.deviceSeq)).toEqual([1, 2, 3, 4]);
    } finally {
      await server.close();
    }
  });
});
