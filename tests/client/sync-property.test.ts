// Several tills selling from one outlet's stock through a network that loses,
// repeats, delays and reorders requests, and pages that reload mid-push.
// Whatever the interleaving, once every till has synced cleanly: the server
// holds exactly the sales the tills made, each once; its stock moved by
// exactly what was sold; no queue holds anything; and every till shows the
// server's stock.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SaleRecordPayload } from '../../src/protocol/schemas.ts';
import { FakeServer, openingLevel, productBySku, TestDevice, type Fate } from './sync-harness.ts';

const DEVICES = 3;
// Small stocks, so tills often sell more than there is (flagged, never lost).
const SKUS = ['BTK-004', 'CKL-008', 'TNN-001', 'CKL-003', 'KOP-001', 'MDU-002'] as const;
const PRODUCT_IDS = SKUS.map((s) => productBySku(s).id);

type Step =
  | { kind: 'sell'; d: number; items: { p: number; qty: number }[] }
  | { kind: 'sync'; d: number; push: Fate; pull: Fate }
  | { kind: 'deliver'; pick: number }
  | { kind: 'reload'; d: number; midPush: 'no' | 'hang' | 'hang-lost' };

const device = fc.integer({ min: 0, max: DEVICES - 1 });
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('sell' as const), d: device, items: fc.array(fc.record({ p: fc.integer({ min: 0, max: SKUS.length - 1 }), qty: fc.integer({ min: 1, max: 3 }) }), { minLength: 1, maxLength: 3 }) }) },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('sync' as const),
      d: device,
      push: fc.constantFrom<Fate>('ok', 'ok', 'fail-before', 'drop-reply', 'duplicate', 'park', 'update-required'),
      pull: fc.constantFrom<Fate>('ok', 'ok', 'fail-before', 'drop-reply'),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('deliver' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('reload' as const), d: device, midPush: fc.constantFrom('no' as const, 'hang' as const, 'hang-lost' as const) }) },
);

async function run(steps: readonly Step[]): Promise<void> {
  const server = await FakeServer.create();
  const tills: TestDevice[] = [];
  try {
    for (let i = 0; i < DEVICES; i++) tills.push(await TestDevice.create(server));
    const till = (d: number): TestDevice => {
      const t = tills[d];
      if (!t) throw new Error(`no device ${d}`);
      return t;
    };

    for (const s of steps) {
      switch (s.kind) {
        case 'sell':
          await till(s.d).sell(s.items.map((i) => ({ sku: SKUS[i.p] ?? 'KOP-001', qty: i.qty })));
          break;
        case 'sync':
          server.plan('push', s.push);
          server.plan('pull', s.pull);
          await till(s.d).engine.syncNow();
          break;
        case 'deliver':
          if (server.parked.length > 0) await server.deliverParked(s.pick % server.parked.length);
          break;
        case 'reload': {
          const t = till(s.d);
          if (s.midPush !== 'no') {
            // The page dies while its push is out: either the server got it or nobody did.
            server.plan('push', s.midPush);
            const arrived = server.nextArrival('push');
            const cycle = t.engine.syncNow();
            await Promise.race([arrived, cycle]);
            await server.settle();
          }
          t.reload();
          break;
        }
      }
      server.clearPlans();
      await neverAckedUnlessStored(server, tills);
    }

    // The network heals: late requests land, then every till syncs twice
    // (the second round brings each the stock the others' sales moved).
    while (await server.deliverParked()) {
      /* drain */
    }
    for (const t of tills) expect((await t.engine.syncNow()).failure).toBeNull();
    for (const t of tills) expect((await t.engine.syncNow()).failure).toBeNull();

    if (process.env.STATS) console.log(JSON.stringify({ steps: steps.length, handled: server.handled.length, replays: 0, sales: (await server.saleIds()).length, abandoned: tills.reduce((a, t) => a + t.abandoned.length, 0) }));
    const deviceSales = (await Promise.all(tills.map((t) => t.db.sales.toArray()))).flat();
    const serverIds = await server.saleIds();
    expect(serverIds).toEqual(deviceSales.map((x) => x.id).sort());
    expect(new Set(serverIds).size).toBe(serverIds.length);

    const sold = new Map<string, number>();
    for (const sale of deviceSales) for (const l of sale.lines) sold.set(l.productId, (sold.get(l.productId) ?? 0) + l.qty);
    for (const id of PRODUCT_IDS) expect(await server.level(id)).toBe(openingLevel(id) - (sold.get(id) ?? 0));

    for (const t of tills) {
      const statuses = await t.outboxByStatus();
      expect(Object.keys(statuses)).toEqual(Object.keys(statuses).length === 0 ? [] : ['acked']);
      expect(await t.db.sales.where('sync').equals('pending').count()).toBe(0);
      const shown = await t.displayedStock();
      for (const id of PRODUCT_IDS) expect(shown.get(id)).toBe(await server.level(id));
    }
  } finally {
    server.clearPlans();
    for (const t of tills) await t.destroy();
    await server.close();
  }
}

/** At every step: a row the device counts as acknowledged is a sale the server holds. */
async function neverAckedUnlessStored(server: FakeServer, tills: readonly TestDevice[]): Promise<void> {
  const stored = new Set(await server.saleIds());
  for (const t of tills) {
    for (const row of await t.db.outbox.where('[status+seq]').between(['acked', -Infinity], ['acked', Infinity]).toArray()) {
      expect(stored.has((row.payload as SaleRecordPayload).sale.id)).toBe(true);
    }
  }
}

describe('several tills syncing through a bad network', () => {
  it('end with the server holding exactly their sales once, stock moved by what was sold, empty queues and the same stock on every screen', async () => {
    await fc.assert(fc.asyncProperty(fc.array(step, { minLength: 10, maxLength: 40, size: 'max' }), run), { numRuns: Number(process.env.RUNS ?? 60) });
  }, 120_000);
});
