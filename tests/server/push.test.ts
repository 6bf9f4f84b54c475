// Sync rules 9, 10, 13 and 14 over real HTTP and a real database: every sale
// is kept once, a bad mutation is refused alone, and the server decides stock.
import { describe, expect, it } from 'vitest';
import type { Product } from '../../src/domain/catalog.ts';
import { uuidv7 } from '../../src/domain/id.ts';
import type { SaleRecordPayload } from '../../src/protocol/schemas.ts';
import {
  backends,
  clone,
  countRows,
  demoProduct,
  listSales,
  makeSale,
  OUTLET,
  pull,
  push,
  saleOf,
  snapshotCounts,
  serverPerTest,
  startTestServer,
  stockLevel,
  TestDevice,
  totalStock,
  type TestServer,
} from './helpers.ts';

const KOPI = demoProduct('KOP-001');
const BATIK = demoProduct('BTK-004'); // opening stock 3 at the store

describe.each(backends)('push ($name)', (backend) => {
  let server: TestServer;
  let url: string;

  serverPerTest(backend, (s) => {
    server = s;
    url = s.baseUrl;
  });

  async function level(productId: string, outletId = OUTLET): Promise<number | null> {
    return stockLevel(await pull(url, 0, outletId), productId, outletId);
  }

  describe('a sale', () => {
    it('is applied, listed for its device, and takes its quantity off the outlet stock', async () => {
      const before = await level(KOPI.id);
      expect(before).toBe(40);
      const device = new TestDevice();
      const m = device.sell([{ product: 'KOP-001', qty: 3 }, { product: 'MDU-002', qty: 1 }]);

      const res = await push(url, device.id, [m]);

      expect(res).toEqual({
        lastSeq: 1,
        results: [{ seq: 1, id: m.id, status: 'applied', reason: null, problem: null, replay: false }],
        gap: null,
      });
      const sales = await listSales(url, device.id);
      expect(sales).toHaveLength(1);
      expect(sales[0]?.sale).toEqual(saleOf(m));
      expect(sales[0]?.deviceSeq).toBe(1);
      expect(sales[0]?.flags).toEqual([]);
      expect(await level(KOPI.id)).toBe(37);
      expect(await level(demoProduct('MDU-002').id)).toBe(35);
      // Only the outlet that sold it moved.
      expect(await level(KOPI.id, 'booth-pameran')).toBe(Math.ceil(40 / 3));
    });

    it('lines, payments and stock events are all stored', async () => {
      const device = new TestDevice();
      await push(url, device.id, [device.sell([{ product: 'KOP-001', qty: 1 }, { product: 'TNN-002', qty: 2 }])]);
      expect(await countRows(server.store, 'sales')).toBe(1);
      expect(await countRows(server.store, 'sale_lines')).toBe(2);
      expect(await countRows(server.store, 'payments')).toBe(1);
      expect(await countRows(server.store, 'stock_events')).toBe(2);
    });

    it('with a discount and an order discount is applied as computed on the device', async () => {
      const device = new TestDevice();
      const m = device.sell(
        [
          { product: 'CKL-001', qty: 2, discount: { kind: 'percent', bp: 1000 } },
          { product: 'PGN-002', qty: 3 },
        ],
        { orderDiscount: { kind: 'amount', amount: 7_000 } },
      );
      const res = await push(url, device.id, [m]);
      expect(res.results[0]?.status).toBe('applied');
      expect((await listSales(url, device.id))[0]?.sale.total).toBe(saleOf(m).total);
    });
  });

  describe('what the catalog says at arrival', () => {
    it('freezes each line\'s HPP as the catalog has it when the sale arrives; a later cost edit does not move it', async () => {
      await server.store.db.run('UPDATE products SET cost = ? WHERE id = ?', [21_000, KOPI.id]);
      const device = new TestDevice();
      const first = device.sell([{ product: 'KOP-001', qty: 2 }, { product: 'MDU-002', qty: 1 }]);
      expect((await push(url, device.id, [first])).results[0]?.status).toBe('applied');
      await server.store.db.run('UPDATE products SET cost = ? WHERE id = ?', [25_000, KOPI.id]);
      const second = device.sell([{ product: 'KOP-001', qty: 1 }]);
      await push(url, device.id, [second]);

      const rows = await server.store.db.all('SELECT sale_id, product_id, cost FROM sale_lines ORDER BY sale_id, product_id');
      const costOf = (saleId: string, productId: string): unknown => rows.find((r) => r.sale_id === saleId && r.product_id === productId)?.cost;
      expect(Number(costOf(saleOf(first).id, KOPI.id))).toBe(21_000);
      expect(Number(costOf(saleOf(second).id, KOPI.id))).toBe(25_000);
      // No cost entered: unknown, never zero (a zero would inflate the profit).
      expect(costOf(saleOf(first).id, demoProduct('MDU-002').id)).toBeNull();
    });

    it('flags a line sold as bebas PPN that the server\'s catalog taxes, and the reverse; the sale is kept', async () => {
      await server.store.db.run("UPDATE products SET tax = 'exempt' WHERE id = ?", [BATIK.id]);
      const device = new TestDevice();
      const m = device.sell([{ product: 'KOP-001', qty: 1 }, { product: 'BTK-004', qty: 1 }]);
      const payload = clone(m.payload as SaleRecordPayload);
      // The device claims KOPI exempt (its catalog was edited by hand) and sells BATIK taxed (an old catalog).
      const kopi = payload.sale.lines.find((l) => l.productId === KOPI.id);
      if (!kopi) throw new Error('no KOPI line');
      kopi.taxExempt = true;
      const res = await push(url, device.id, [{ ...m, payload }]);
      expect(res.results[0]?.status).toBe('flagged');
      expect(res.results[0]?.problem?.flags).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ kind: 'tax-exemption-differs', params: expect.objectContaining({ productId: KOPI.id, claimed: true, catalog: false }) }),
          expect.objectContaining({ kind: 'tax-exemption-differs', params: expect.objectContaining({ productId: BATIK.id, claimed: false, catalog: true }) }),
        ]),
      );
      expect(await listSales(url, device.id)).toHaveLength(1);
    });
  });

  describe('lost acknowledgement', () => {
    it('a replayed sale is stored once and answered from the record', async () => {
      const device = new TestDevice();
      const m = device.sell([{ product: 'KOP-001', qty: 2 }]);

      const first = await push(url, device.id, [m]);
      // The reply was lost: the device sends the very same batch again.
      const second = await push(url, device.id, [m]);

      expect(first.results).toEqual([{ seq: 1, id: m.id, status: 'applied', reason: null, problem: null, replay: false }]);
      expect(second.results).toEqual([{ seq: 1, id: m.id, status: 'applied', reason: null, problem: null, replay: true }]);
      expect(second.lastSeq).toBe(1);
      expect(await listSales(url, device.id)).toHaveLength(1);
      expect(await countRows(server.store, 'sales')).toBe(1);
      expect(await countRows(server.store, 'stock_events')).toBe(1);
      expect(await level(KOPI.id)).toBe(38);
    });

    it('a replay keeps the status it had: a flagged sale replays as flagged with the same reason', async () => {
      const device = new TestDevice();
      const m = device.sell([{ product: 'KOP-001', qty: 1, unitPrice: 60_000 }]);
      const first = await push(url, device.id, [m]);
      const second = await push(url, device.id, [m]);
      expect(first.results[0]?.status).toBe('flagged');
      // The device words it from the code and the flags, in its own language.
      expect(first.results[0]?.problem).toMatchObject({ code: 'flagged', flags: [{ kind: 'price-differs' }] });
      expect(second.results[0]).toEqual({ ...first.results[0], replay: true });
      expect(await countRows(server.store, 'sales')).toBe(1);
    });

    it('a batch replayed with one new mutation at the end answers the old ones from the record and applies the new one', async () => {
      const device = new TestDevice();
      const a = device.sell([{ product: 'KOP-001', qty: 1 }]);
      const b = device.sell([{ product: 'KOP-001', qty: 1 }]);
      await push(url, device.id, [a, b]);
      const c = device.sell([{ product: 'KOP-001', qty: 1 }]);

      const res = await push(url, device.id, [a, b, c]);

      expect(res.results.map((r) => [r.seq, r.status, r.replay])).toEqual([
        [1, 'applied', true],
        [2, 'applied', true],
        [3, 'applied', false],
      ]);
      expect(res.lastSeq).toBe(3);
      expect(await countRows(server.store, 'sales')).toBe(3);
      expect(await level(KOPI.id)).toBe(37);
    });

    it('the same push sent twice at once is stored once', async () => {
      const device = new TestDevice();
      const m = device.sell([{ product: 'KOP-001', qty: 4 }]);
      const [a, b] = await Promise.all([push(url, device.id, [m]), push(url, device.id, [m])]);
      const replays = [a.results[0]?.replay, b.results[0]?.replay].sort();
      expect(replays).toEqual([false, true]);
      expect(a.results[0]?.status).toBe('applied');
      expect(b.results[0]?.status).toBe('applied');
      expect(await countRows(server.store, 'sales')).toBe(1);
      expect(await level(KOPI.id)).toBe(36);
    });

    it('a mutation is matched by content, not key order: the same payload re-serialised is a replay', async () => {
      const device = new TestDevice();
      const m = device.sell([{ product: 'KOP-001', qty: 1 }]);
      await push(url, device.id, [m]);
      const p = m.payload as SaleRecordPayload;
      const reordered = { ...m, payload: { stockEvents: p.stockEvents, sale: Object.fromEntries(Object.entries(p.sale).reverse()) } };
      const res = await push(url, device.id, [reordered]);
      expect(res.results[0]).toMatchObject({ status: 'applied', replay: true });
      expect(await countRows(server.store, 'sales')).toBe(1);
    });
  });

  describe('a gap', () => {
    it('answers the seq to resend from and stores nothing past it; resending from there works', async () => {
      const device = new TestDevice();
      const s1 = device.sell([{ product: 'KOP-001', qty: 1 }]);
      const s2 = device.sell([{ product: 'KOP-001', qty: 1 }]);
      const s3 = device.sell([{ product: 'KOP-001', qty: 1 }]);
      await push(url, device.id, [s1]);
      const counts = await snapshotCounts(server.store);

      const gapped = await push(url, device.id, [s3]);

      expect(gapped).toEqual({ lastSeq: 1, results: [], gap: { expectedSeq: 2 } });
      expect(await snapshotCounts(server.store)).toEqual(counts);
      expect(await level(KOPI.id)).toBe(39);

      const resent = await push(url, device.id, [s2, s3]);
      expect(resent.gap).toBeNull();
      expect(resent.lastSeq).toBe(3);
      expect(resent.results.map((r) => [r.seq, r.status, r.replay])).toEqual([
        [2, 'applied', false],
        [3, 'applied', false],
      ]);
      expect((await listSales(url, device.id)).map((s) => s.deviceSeq)).toEqual([1, 2, 3]);
      expect(await level(KOPI.id)).toBe(37);
    });

    it('applies what comes before the gap in the same batch, and stops there', async () => {
      const device = new TestDevice();
      const s1 = device.sell([{ product: 'KOP-001', qty: 1 }]);
      const s2 = device.sell([{ product: 'KOP-001', qty: 1 }]);
      device.sell([{ product: 'KOP-001', qty: 1 }]); // seq 3, lost on the device side of the wire
      const s4 = device.sell([{ product: 'KOP-001', qty: 1 }]);

      const res = await push(url, device.id, [s1, s2, s4]);

      expect(res.results.map((r) => r.seq)).toEqual([1, 2]);
      expect(res.gap).toEqual({ expectedSeq: 3 });
      expect(res.lastSeq).toBe(2);
      expect(await countRows(server.store, 'sales')).toBe(2);
    });

    it('a first push that does not start at seq 1 is a gap', async () => {
      const device = new TestDevice();
      device.sell([{ product: 'KOP-001', qty: 1 }]);
      const s2 = device.sell([{ product: 'KOP-001', qty: 1 }]);
      const res = await push(url, device.id, [s2]);
      expect(res).toEqual({ lastSeq: 0, results: [], gap: { expectedSeq: 1 } });
      expect(await countRows(server.store, 'sales')).toBe(0);
    });

    it('a batch sent out of order is applied in seq order', async () => {
      const device = new TestDevice();
      const s1 = device.sell([{ product: 'KOP-001', qty: 1 }]);
      const s2 = device.sell([{ product: 'KOP-002', qty: 1 }]);
      const res = await push(url, device.id, [s2, s1]);
      expect(res.results.map((r) => [r.seq, r.status])).toEqual([
        [1, 'applied'],
        [2, 'applied'],
      ]);
      expect(res.gap).toBeNull();
    });
  });

  describe('conflicts and duplicates', () => {
    it('a replayed seq with a different payload is refused as a conflict and changes nothing', async () => {
      const device = new TestDevice();
      const m = device.sell([{ product: 'KOP-001', qty: 1 }]);
      await push(url, device.id, [m]);
      const counts = await snapshotCounts(server.store);
      const stock = await totalStock(server.store);
      const other = makeSale({ deviceId: device.id, items: [{ product: 'KOP-001', qty: 5 }], counter: 1 });

      const res = await push(url, device.id, [{ ...m, payload: other }]);

      expect(res.results).toHaveLength(1);
      expect(res.results[0]).toMatchObject({ seq: 1, id: m.id, status: 'conflict', replay: false });
      expect(res.results[0]?.reason).toMatch(/seq 1/);
      expect(res.lastSeq).toBe(1);
      expect(await snapshotCounts(server.store)).toEqual(counts);
      expect(await totalStock(server.store)).toBe(stock);
      expect((await listSales(url, device.id))[0]?.sale).toEqual(saleOf(m));
    });

    it('a replayed seq under another mutation id is a conflict too', async () => {
      const device = new TestDevice();
      const m = device.sell([{ product: 'KOP-001', qty: 1 }]);
      await push(url, device.id, [m]);
      const res = await push(url, device.id, [{ ...m, id: uuidv7() }]);
      expect(res.results[0]?.status).toBe('conflict');
      expect(await countRows(server.store, 'mutations')).toBe(1);
    });

    it('the same mutation id under a new seq is a conflict, not applied again', async () => {
      const device = new TestDevice();
      const m = device.sell([{ product: 'KOP-001', qty: 1 }]);
      await push(url, device.id, [m]);
      const again = device.sell([{ product: 'KOP-002', qty: 1 }], {});
      const reused = { ...again, id: m.id };

      const res = await push(url, device.id, [reused]);

      expect(res.results[0]).toMatchObject({ seq: 2, id: m.id, status: 'conflict', replay: false });
      expect(res.results[0]?.reason).toContain(m.id);
      expect(res.lastSeq).toBe(2);
      expect(await countRows(server.store, 'sales')).toBe(1);
      expect(await level(demoProduct('KOP-002').id)).toBe(50);
    });

    it('a conflict answer is itself replayable: the same refused mutation sent again gets the same answer', async () => {
      const device = new TestDevice();
      const m = device.sell([{ product: 'KOP-001', qty: 1 }]);
      await push(url, device.id, [m]);
      const reused = { ...device.sell([{ product: 'KOP-002', qty: 1 }]), id: m.id };
      const first = await push(url, device.id, [reused]);
      const second = await push(url, device.id, [reused]);
      expect(first.results[0]?.status).toBe('conflict');
      expect(second.results[0]).toEqual({ ...first.results[0], replay: true });
      expect(await countRows(server.store, 'sales')).toBe(1);
    });

    it('the same sale under a new seq and mutation id is a duplicate, stored once', async () => {
      const device = new TestDevice();
      const m = device.sell([{ product: 'KOP-001', qty: 2 }]);
      await push(url, device.id, [m]);
      const resent = device.next(m.payload);

      const res = await push(url, device.id, [resent]);

      expect(res.results[0]).toMatchObject({ seq: 2, id: resent.id, status: 'duplicate', replay: false });
      expect(res.results[0]?.reason).toContain(saleOf(m).receiptNo);
      expect(res.lastSeq).toBe(2);
      expect(await countRows(server.store, 'sales')).toBe(1);
      expect(await countRows(server.store, 'stock_events')).toBe(1);
      expect(await level(KOPI.id)).toBe(38);
    });

    it('a sale id already stored for another device is a duplicate for the second device', async () => {
      const a = new TestDevice();
      const b = new TestDevice();
      const m = a.sell([{ product: 'KOP-001', qty: 1 }]);
      await push(url, a.id, [m]);
      const copy = clone(m.payload as SaleRecordPayload);
      copy.sale.deviceId = b.id;
      const res = await push(url, b.id, [b.next(copy)]);
      expect(res.results[0]?.status).toBe('duplicate');
      expect(await countRows(server.store, 'sales')).toBe(1);
    });
  });

  describe('one bad mutation does not block the queue', () => {
    it('an unknown mutation type is rejected alone, naming the type; the ones around it are applied', async () => {
      const device = new TestDevice();
      const s1 = device.sell([{ product: 'KOP-001', qty: 1 }]);
      const odd = device.next({ hello: 'world' }, { type: 'stock.teleport' });
      const s3 = device.sell([{ product: 'KOP-001', qty: 1 }]);

      const res = await push(url, device.id, [s1, odd, s3]);

      expect(res.results.map((r) => r.status)).toEqual(['applied', 'rejected', 'applied']);
      expect(res.results[1]?.reason).toContain('stock.teleport');
      expect(res.lastSeq).toBe(3);
      expect(res.gap).toBeNull();
      expect((await listSales(url, device.id)).map((s) => s.deviceSeq)).toEqual([1, 3]);
      expect(await level(KOPI.id)).toBe(38);
    });

    it('a rejected mutation replays as rejected', async () => {
      const device = new TestDevice();
      const odd = device.next({}, { type: 'stock.teleport' });
      const first = await push(url, device.id, [odd]);
      const second = await push(url, device.id, [odd]);
      expect(second.results[0]).toEqual({ ...first.results[0], replay: true });
    });

    it("a sale carrying another device's id is rejected with a clear reason; later mutations are unaffected", async () => {
      const device = new TestDevice();
      const stranger = new TestDevice();
      const foreign = device.next(makeSale({ deviceId: stranger.id, items: [{ product: 'KOP-001', qty: 1 }] }));
      const mine = device.sell([{ product: 'KOP-002', qty: 1 }]);

      const res = await push(url, device.id, [foreign, mine]);

      expect(res.results.map((r) => r.status)).toEqual(['rejected', 'applied']);
      expect(res.results[0]?.reason).toContain(stranger.id);
      expect(res.results[0]?.reason).toContain(device.id);
      expect(res.lastSeq).toBe(2);
      expect(await listSales(url, stranger.id)).toEqual([]);
      expect(await countRows(server.store, 'sales')).toBe(1);
      expect(await level(KOPI.id)).toBe(40);
    });

    /** A one-line cash sale scaled to `qty` units, as a device without the counter's limits would send it. */
    function scaled(deviceId: string, product: string, qty: number, counter: number) {
      const bad = clone(makeSale({ deviceId, items: [{ product, qty: 1 }], counter }));
      const line = bad.sale.lines[0];
      const payment = bad.sale.payments[0];
      const event = bad.stockEvents[0];
      if (!line || !payment || !event) throw new Error('no line');
      line.qty = qty;
      line.net = line.unitPrice * qty;
      bad.sale.subtotal = bad.sale.total = payment.amount = line.net;
      event.delta = -qty;
      return bad;
    }

    it('a line of more than 9,999 units is refused naming the line and the limit; stock does not move', async () => {
      const device = new TestDevice();
      const stock = await totalStock(server.store);
      const bad = device.next(scaled(device.id, 'KOP-001', 10_000, 1));
      const after = device.sell([{ product: 'KOP-002', qty: 1 }]);

      const res = await push(url, device.id, [bad, after]);

      expect(res.results.map((r) => r.status)).toEqual(['rejected', 'applied']);
      expect(res.results[0]?.reason).toBe(`sale ${saleOf(bad).receiptNo} refused: line ${KOPI.name}: 10000 units is more than the 9999 one line may sell`);
      expect(await countRows(server.store, 'sales')).toBe(1);
      expect(await level(KOPI.id)).toBe(40);
      expect(await totalStock(server.store)).toBe(stock - 1);
    });

    it('a sale above Rp 1.000.000.000 is refused naming the total and the limit', async () => {
      const device = new TestDevice();
      // 9,999 is allowed on a line; at Rp 1.250.000 it is Rp 12.498.750.000.
      const bad = scaled(device.id, 'BTK-004', 9_999, 1);
      const res = await push(url, device.id, [device.next(bad)]);

      expect(res.results[0]?.status).toBe('rejected');
      expect(res.results[0]?.reason).toBe(`sale ${bad.sale.receiptNo} refused: total ${bad.sale.total} is more than the 1000000000 one sale may take`);
      expect(await countRows(server.store, 'sales')).toBe(0);
      expect(await level(BATIK.id)).toBe(3);
    });

    it('a negative quantity is rejected naming the field, and nothing of it is written', async () => {
      const device = new TestDevice();
      const ok = device.sell([{ product: 'KOP-001', qty: 1 }]);
      await push(url, device.id, [ok]);
      const counts = await snapshotCounts(server.store);
      const stock = await totalStock(server.store);

      const bad = clone(makeSale({ deviceId: device.id, items: [{ product: 'KOP-001', qty: 2 }], counter: 2 }));
      const line = bad.sale.lines[0];
      if (!line) throw new Error('no line');
      line.qty = -2;
      line.net = line.unitPrice * -2;
      bad.sale.total = line.net;
      const badM = device.next(bad);
      const after = device.sell([{ product: 'KOP-002', qty: 1 }]);

      const res = await push(url, device.id, [badM, after]);

      expect(res.results.map((r) => r.status)).toEqual(['rejected', 'applied']);
      expect(res.results[0]?.reason).toContain('lines.0.qty');
      expect(await countRows(server.store, 'sales')).toBe(counts.sales + 1);
      expect(await countRows(server.store, 'sale_lines')).toBe(counts.sale_lines + 1);
      expect(await countRows(server.store, 'payments')).toBe(counts.payments + 1);
      expect(await countRows(server.store, 'stock_events')).toBe(counts.stock_events + 1);
      expect(await totalStock(server.store)).toBe(stock - 1);
      expect(await level(KOPI.id)).toBe(39);
    });

    it('totals that do not add up are rejected naming the total; nothing is half-written', async () => {
      const device = new TestDevice();
      const bad = clone(makeSale({ deviceId: device.id, items: [{ product: 'KOP-001', qty: 2 }, { product: 'MDU-001', qty: 1 }] }));
      bad.sale.total -= 1_000;
      const stock = await totalStock(server.store);

      const res = await push(url, device.id, [device.next(bad)]);

      expect(res.results[0]?.status).toBe('rejected');
      expect(res.results[0]?.reason).toMatch(/total/);
      expect(res.lastSeq).toBe(1);
      for (const t of ['sales', 'sale_lines', 'payments', 'stock_events'] as const) {
        expect(await countRows(server.store, t)).toBe(0);
      }
      expect(await totalStock(server.store)).toBe(stock);
    });

    it('a line net that does not match price x qty is rejected naming the line', async () => {
      const device = new TestDevice();
      const bad = clone(makeSale({ deviceId: device.id, items: [{ product: 'KOP-001', qty: 2 }] }));
      const line = bad.sale.lines[0];
      if (!line) throw new Error('no line');
      line.net += 500;
      const res = await push(url, device.id, [device.next(bad)]);
      expect(res.results[0]?.status).toBe('rejected');
      expect(res.results[0]?.reason).toMatch(/net/);
      expect(await countRows(server.store, 'sales')).toBe(0);
    });

    it('a stock event that belongs to another sale is rejected', async () => {
      const device = new TestDevice();
      const bad = clone(makeSale({ deviceId: device.id, items: [{ product: 'KOP-001', qty: 1 }] }));
      const ev = bad.stockEvents[0];
      if (!ev) throw new Error('no event');
      ev.saleId = uuidv7();
      const res = await push(url, device.id, [device.next(bad)]);
      expect(res.results[0]?.status).toBe('rejected');
      expect(res.results[0]?.reason).toContain(ev.id);
      expect(await countRows(server.store, 'stock_events')).toBe(0);
    });

    it('a payload that is not a sale at all is rejected, not a server error', async () => {
      const device = new TestDevice();
      const res = await push(url, device.id, [device.next(null), device.next('sale'), device.sell([{ product: 'KOP-001', qty: 1 }])]);
      expect(res.results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'applied']);
      expect(res.results[0]?.reason).toMatch(/invalid sale/);
    });

    it('a sale reusing a line id of a stored sale is rejected alone, not a server error that blocks the queue', async () => {
      const device = new TestDevice();
      const first = device.sell([{ product: 'KOP-001', qty: 1 }]);
      await push(url, device.id, [first]);
      const counts = await snapshotCounts(server.store);
      const bad = clone(makeSale({ deviceId: device.id, items: [{ product: 'KOP-002', qty: 1 }], counter: 2 }));
      const line = bad.sale.lines[0];
      const oldLine = saleOf(first).lines[0];
      if (!line || !oldLine) throw new Error('no line');
      line.id = oldLine.id;
      const badM = device.next(bad);
      const next = device.sell([{ product: 'KOP-002', qty: 1 }]);

      const res = await push(url, device.id, [badM, next]);

      expect(res.results.map((r) => r.status)).toEqual(['rejected', 'applied']);
      expect(res.results[0]?.reason).toContain(oldLine.id);
      expect(await countRows(server.store, 'sales')).toBe(counts.sales + 1);
      expect(await countRows(server.store, 'stock_events')).toBe(counts.stock_events + 1);
      expect(await level(demoProduct('KOP-002').id)).toBe(49);
    });

    it('a sale repeating an id inside itself (two payments with one id) is rejected alone', async () => {
      const device = new TestDevice();
      const bad = clone(makeSale({ deviceId: device.id, items: [{ product: 'KOP-001', qty: 1 }] }));
      const pay = bad.sale.payments[0];
      if (!pay) throw new Error('no payment');
      bad.sale.payments = [
        { ...pay, amount: 30_000 },
        { ...pay, amount: pay.amount - 30_000 },
      ];
      const res = await push(url, device.id, [device.next(bad), device.sell([{ product: 'KOP-001', qty: 1 }])]);
      expect(res.results.map((r) => r.status)).toEqual(['rejected', 'applied']);
      expect(await countRows(server.store, 'sales')).toBe(1);
      expect(await countRows(server.store, 'payments')).toBe(1);
    });
    it('stock events that do not match the lines (a +1000 "receive" riding on a sale) are rejected alone', async () => {
      const device = new TestDevice();
      const bad = clone(makeSale({ deviceId: device.id, items: [{ product: 'KOP-001', qty: 1 }] }));
      const ev = bad.stockEvents[0];
      if (!ev) throw new Error('no event');
      ev.delta = 1000;
      ev.reason = 'receive';
      const badM = device.next(bad);
      const after = device.sell([{ product: 'KOP-002', qty: 1 }]);
      const stock = await totalStock(server.store);

      const res = await push(url, device.id, [badM, after]);

      expect(res.results.map((r) => r.status)).toEqual(['rejected', 'applied']);
      expect(res.results[0]?.reason).toMatch(/stockEvents\.0\.reason/);
      expect(await totalStock(server.store)).toBe(stock - 1);
    });
  });

  describe('recorded but flagged (the money was taken)', () => {
    it('a sale at an outlet the server does not know is recorded and flagged', async () => {
      const device = new TestDevice();
      const m = device.sell([{ product: 'KOP-001', qty: 1 }], { outletId: 'booth-unknown' });
      const res = await push(url, device.id, [m]);
      expect(res.results[0]?.status).toBe('flagged');
      expect(res.results[0]?.reason).toContain('unknown outlet booth-unknown');
      expect(await countRows(server.store, 'sales')).toBe(1);
    });

    it('an unknown product is recorded and flagged with a reason', async () => {
      const device = new TestDevice();
      const ghost: Product = { ...KOPI, id: 'p-not-in-catalog', sku: 'GHOST-1', name: 'Kopi Hantu', barcode: null };
      const m = device.sell([{ product: ghost, qty: 1 }]);

      const res = await push(url, device.id, [m]);

      expect(res.results[0]?.status).toBe('flagged');
      expect(res.results[0]?.reason).toContain('p-not-in-catalog');
      const [stored] = await listSales(url, device.id);
      expect(stored?.sale).toEqual(saleOf(m));
      expect(stored?.flags.map((f) => f.message).join(' ')).toContain('unknown product');
    });

    it('a price different from the catalog is recorded and flagged naming both prices', async () => {
      const device = new TestDevice();
      const m = device.sell([{ product: 'KOP-001', qty: 2, unitPrice: 60_000 }]);

      const res = await push(url, device.id, [m]);

      expect(res.results[0]?.status).toBe('flagged');
      expect(res.results[0]?.reason).toContain('60000');
      expect(res.results[0]?.reason).toContain('65000');
      expect(await listSales(url, device.id)).toHaveLength(1);
      expect(await level(KOPI.id)).toBe(38);
    });

    it('selling more than the stock leaves the level negative and flags the sale', async () => {
      const device = new TestDevice();
      const m = device.sell([{ product: 'BTK-004', qty: 5 }]);

      const res = await push(url, device.id, [m]);

      expect(res.results[0]?.status).toBe('flagged');
      expect(res.results[0]?.reason).toContain(BATIK.id);
      expect(res.results[0]?.reason).toContain('-2');
      expect(await level(BATIK.id)).toBe(-2);
      expect(await countRows(server.store, 'sales')).toBe(1);
    });

    it('two booths selling the last pieces offline both succeed; the second is flagged', async () => {
      const a = new TestDevice();
      const b = new TestDevice();
      const ra = await push(url, a.id, [a.sell([{ product: 'BTK-004', qty: 2 }])]);
      const rb = await push(url, b.id, [b.sell([{ product: 'BTK-004', qty: 2 }])]);
      expect(ra.results[0]?.status).toBe('applied');
      expect(rb.results[0]?.status).toBe('flagged');
      expect(await level(BATIK.id)).toBe(-1);
      expect(await countRows(server.store, 'sales')).toBe(2);
    });
  });

  describe('devices and time', () => {
    it('each device has its own seq: two devices both start at 1', async () => {
      const a = new TestDevice();
      const b = new TestDevice();
      const ra = await push(url, a.id, [a.sell([{ product: 'KOP-001', qty: 1 }])]);
      const rb = await push(url, b.id, [b.sell([{ product: 'KOP-001', qty: 1 }])]);
      expect(ra.results[0]?.status).toBe('applied');
      expect(rb.results[0]?.status).toBe('applied');
      expect(await listSales(url, a.id)).toHaveLength(1);
      expect(await listSales(url, b.id)).toHaveLength(1);
      expect(await listSales(url)).toHaveLength(2);
      expect(await level(KOPI.id)).toBe(38);
    });

    it('a device clock two days off is kept as sent and does not decide order or dedupe', async () => {
      const device = new TestDevice();
      const day = 24 * 60 * 60 * 1000;
      const ahead = device.sell([{ product: 'KOP-001', qty: 1 }], { createdAt: Date.now() + 2 * day });
      const behind = device.sell([{ product: 'KOP-001', qty: 1 }], { createdAt: Date.now() - 2 * day });
      const res = await push(url, device.id, [ahead, behind]);
      expect(res.results.map((r) => r.status)).toEqual(['applied', 'applied']);
      const sales = await listSales(url, device.id);
      expect(sales.map((s) => s.deviceSeq)).toEqual([1, 2]);
      expect(sales[0]?.sale.createdAt).toBe(saleOf(ahead).createdAt);
      for (const s of sales) expect(Math.abs(s.receivedAt - Date.now())).toBeLessThan(60_000);
    });

    it('an empty batch answers the last seq and writes no sale', async () => {
      const device = new TestDevice();
      await push(url, device.id, [device.sell([{ product: 'KOP-001', qty: 1 }])]);
      expect(await push(url, device.id, [])).toEqual({ lastSeq: 1, results: [], gap: null });
      expect(await push(url, new TestDevice().id, [])).toEqual({ lastSeq: 0, results: [], gap: null });
    });
  });
});

describe.each(backends)('server clock ($name)', (backend) => {
  it('receive time comes from the server clock, not the device', async () => {
    const server = await startTestServer(backend, { now: () => 1_700_000_000_000 });
    try {
      const device = new TestDevice();
      const m = device.sell([{ product: 'KOP-001', qty: 1 }], { createdAt: 1_800_000_000_000 });
      await push(server.baseUrl, device.id, [m]);
      const [stored] = await listSales(server.baseUrl, device.id);
      expect(stored?.receivedAt).toBe(1_700_000_000_000);
      expect(stored?.sale.createdAt).toBe(1_800_000_000_000);
    } finally {
      await server.close();
    }
  });
});
