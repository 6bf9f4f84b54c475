// The stock rules both ends apply: when an adjustment needs a supervisor,
// a transfer's states and differences, and how a count made while the store
// sells is netted.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  adjustOverLimit,
  countScopeFindings,
  stockByProducer,
  stockValue,
  countTarget,
  countVariance,
  DEFAULT_ADJUST_LIMITS,
  differencesByProducer,
  hasDifference,
  inScope,
  isOpenTransfer,
  isReasonCode,
  movedAfter,
  nettedCount,
  transferDifferences,
  transferNext,
  transferRouteRefusal,
  type TransferEvent,
  type TransferState,
} from '../../src/domain/stock.ts';

describe('adjustments', () => {
  const price = (id: string) => ({ batik: 150_000, gelang: 20_000 })[id];

  it('up to ten units worth up to a million need no supervisor', () => {
    expect(adjustOverLimit([{ productId: 'gelang', delta: -10 }], price)).toEqual([]);
    expect(adjustOverLimit([{ productId: 'batik', delta: -6 }], price)).toEqual([]);
  });

  it('eleven units, or more than a million rupiah, either way, need one', () => {
    expect(adjustOverLimit([{ productId: 'gelang', delta: 6 }, { productId: 'gelang', delta: -5 }], price)).toEqual([{ kind: 'qty', qty: 11, limit: 10 }]);
    expect(adjustOverLimit([{ productId: 'batik', delta: -7 }], price)).toEqual([{ kind: 'value', value: 1_050_000, limit: 1_000_000 }]);
    expect(adjustOverLimit([{ productId: 'batik', delta: 11 }], price).map((r) => r.kind)).toEqual(['qty', 'value']);
  });

  it('a product without a price counts by its units only', () => {
    expect(adjustOverLimit([{ productId: 'unknown', delta: -3 }], price)).toEqual([]);
    expect(adjustOverLimit([{ productId: 'unknown', delta: -30 }], price)).toEqual([{ kind: 'qty', qty: 30, limit: 10 }]);
  });

  it('the limit grows with what is moved: adding a line never lifts the need', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ productId: fc.constantFrom('batik', 'gelang', 'x'), delta: fc.integer({ min: -50, max: 50 }).filter((d) => d !== 0) }), { maxLength: 6 }),
        fc.record({ productId: fc.constantFrom('batik', 'gelang', 'x'), delta: fc.integer({ min: -50, max: 50 }).filter((d) => d !== 0) }),
        (lines, extra) => {
          const before = adjustOverLimit(lines, price, DEFAULT_ADJUST_LIMITS).length > 0;
          const after = adjustOverLimit([...lines, extra], price, DEFAULT_ADJUST_LIMITS).length > 0;
          return !before || after;
        },
      ),
    );
  });

  it('reason codes an admin adds are short lower-case words', () => {
    expect(isReasonCode('kadaluarsa')).toBe(true);
    expect(isReasonCode('retur-produsen')).toBe(true);
    expect(isReasonCode('Rusak')).toBe(false);
    expect(isReasonCode('a')).toBe(false);
    expect(isReasonCode('dua kata')).toBe(false);
  });
});

describe('transfer states', () => {
  it('a draft is sent, then received with or without a difference, then closed', () => {
    expect(transferNext('draft', { kind: 'send' })).toEqual({ state: 'sent' });
    expect(transferNext('sent', { kind: 'receive', differs: false })).toEqual({ state: 'received' });
    expect(transferNext('sent', { kind: 'receive', differs: true })).toEqual({ state: 'received-with-difference' });
  });

  it('what does not follow is refused with its reason', () => {
    expect(transferNext('sent', { kind: 'send' })).toEqual({ refusal: 'already-sent' });
    expect(transferNext('draft', { kind: 'receive', differs: false })).toEqual({ refusal: 'not-sent' });
    expect(transferNext('received', { kind: 'receive', differs: false })).toEqual({ refusal: 'already-received' });
    expect(transferNext('received-with-difference', { kind: 'send' })).toEqual({ refusal: 'already-received' });
  });

  it('every walk of events ends received at most once, and a closed transfer never opens again', () => {
    const event = fc.oneof(fc.constant<TransferEvent>({ kind: 'send' }), fc.boolean().map<TransferEvent>((differs) => ({ kind: 'receive', differs })));
    fc.assert(
      fc.property(fc.array(event, { maxLength: 8 }), (events) => {
        let state: TransferState = 'draft';
        let receipts = 0;
        let closed = false;
        for (const e of events) {
          const next = transferNext(state, e);
          if ('state' in next) {
            if (e.kind === 'receive') receipts += 1;
            state = next.state;
          }
          if (closed && isOpenTransfer(state)) return false;
          closed = !isOpenTransfer(state);
        }
        return receipts <= 1;
      }),
    );
  });

  it('a transfer goes between two outlets', () => {
    expect(transferRouteRefusal('ntb-mall', 'ntb-mall')).toBe('same-outlet');
    expect(transferRouteRefusal('ntb-mall', 'booth')).toBeNull();
  });
});

describe('transfer differences', () => {
  it('per line: scans of one product add up, missing and unasked pieces show', () => {
    const diffs = transferDifferences(
      [
        { productId: 'batik', qty: 12 },
        { productId: 'gelang', qty: 8 },
      ],
      [
        { productId: 'batik', qty: 1 },
        { productId: 'batik', qty: 10 },
        { productId: 'gelang', qty: 8 },
        { productId: 'tas', qty: 1 },
      ],
    );
    expect(diffs).toEqual([
      { productId: 'batik', sent: 12, received: 11, difference: -1 },
      { productId: 'gelang', sent: 8, received: 8, difference: 0 },
      { productId: 'tas', sent: 0, received: 1, difference: 1 },
    ]);
    expect(hasDifference(diffs)).toBe(true);
    expect(hasDifference(transferDifferences([{ productId: 'a', qty: 2 }], [{ productId: 'a', qty: 2 }]))).toBe(false);
  });

  it('per producer: the lines of one producer summed', () => {
    const producer = (id: string) => (id === 'tas' ? 'umkm' : 'lapas');
    const diffs = transferDifferences([{ productId: 'batik', qty: 12 }, { productId: 'gelang', qty: 8 }], [{ productId: 'batik', qty: 11 }, { productId: 'tas', qty: 1 }]);
    expect(differencesByProducer(diffs, producer)).toEqual([
      { producerId: 'lapas', sent: 20, received: 11, difference: -9 },
      { producerId: 'umkm', sent: 0, received: 1, difference: 1 },
    ]);
  });

  it('the differences add up to what arrived less what left', () => {
    const lines = fc.array(fc.record({ productId: fc.constantFrom('a', 'b', 'c', 'd'), qty: fc.integer({ min: 1, max: 30 }) }), { maxLength: 10 });
    fc.assert(
      fc.property(lines, lines, (sent, received) => {
        const total = (ls: { qty: number }[]) => ls.reduce((s, l) => s + l.qty, 0);
        const diffs = transferDifferences(sent, received);
        return diffs.reduce((s, d) => s + d.difference, 0) === total(received) - total(sent) && hasDifference(diffs) === diffs.some((d) => d.sent !== d.received);
      }),
    );
  });
});

describe('counting while the store sells', () => {
  it('a sale after the product was counted comes off the count; one before is already in it', () => {
    // 10 on the shelf at 10:00; one sold at 9:59 (already gone when counted), two at 10:05.
    const moves = [
      { at: 959, delta: -1 },
      { at: 1005, delta: -2 },
    ];
    expect(nettedCount(10, 1000, moves)).toBe(8);
    expect(movedAfter(1000, moves)).toBe(-2);
    expect(nettedCount(10, 1000, [{ at: 1000, delta: -1 }])).toBe(10);
    expect(nettedCount(10, 1000, [{ at: 1001, delta: 1 }])).toBe(11);
  });

  it('variance is what the shelf holds less what the books say', () => {
    expect(countVariance(20, 18)).toBe(-2);
    expect(countVariance(-4, 0)).toBe(4);
    expect(countTarget(17, -3)).toBe(14);
  });

  it('netting gives the same shelf as counting after the last sale, whenever the count was made', () => {
    // A shelf that starts with `start` pieces; sales and returns at random times; counted at `t`.
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 200 }),
        fc.array(fc.record({ at: fc.integer({ min: 0, max: 1000 }), delta: fc.integer({ min: -5, max: 2 }) }), { maxLength: 30 }),
        fc.integer({ min: 0, max: 1000 }),
        (start, moves, t) => {
          const onShelfAt = (time: number) => start + moves.filter((m) => m.at <= time).reduce((s, m) => s + m.delta, 0);
          return nettedCount(onShelfAt(t), t, moves) === onShelfAt(Number.MAX_SAFE_INTEGER);
        },
      ),
    );
  });

  it('the order the moves are listed in does not matter', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 50 }), fc.array(fc.record({ at: fc.integer({ min: 0, max: 100 }), delta: fc.integer({ min: -3, max: 3 }) })), fc.integer({ min: 0, max: 100 }), (c, moves, t) => {
        return nettedCount(c, t, moves) === nettedCount(c, t, [...moves].reverse());
      }),
    );
  });

  it('a full count takes every product, a category count only its own', () => {
    expect(inScope({ kind: 'full' }, { category: 'Batik' })).toBe(true);
    expect(inScope({ kind: 'category', category: 'Batik' }, { category: 'Batik' })).toBe(true);
    expect(inScope({ kind: 'category', category: 'Batik' }, { category: 'Tenun' })).toBe(false);
  });
});

describe('a count on the server', () => {
  it('nets the other tablets’ sales after the count on top of the counting device’s own moves', () => {
    expect(countTarget(39, 0, -3)).toBe(36);
    expect(countTarget(17, -3, 0)).toBe(14);
    fc.assert(
      fc.property(fc.nat(1000), fc.integer({ min: -100, max: 100 }), fc.integer({ min: -100, max: 0 }), (counted, own, others) => countTarget(counted, own, others) === countTarget(counted, own) + others),
    );
  });

  it('a category count names what it counted outside the category and what of it was left uncounted; a full count neither', () => {
    const counted = [
      { productId: 'kopi-1', category: 'Kopi' },
      { productId: 'madu-1', category: 'Madu' },
      { productId: 'gone', category: null },
    ];
    expect(countScopeFindings({ kind: 'category', category: 'Kopi' }, counted, ['kopi-1', 'kopi-2', 'kopi-3'])).toEqual({ outOfScope: ['madu-1', 'gone'], uncounted: ['kopi-2', 'kopi-3'] });
    expect(countScopeFindings({ kind: 'full' }, counted, ['kopi-2'])).toEqual({ outOfScope: [], uncounted: [] });
  });
});

describe('stock value', () => {
  it('is units on hand times HPP; below zero is worth nothing; without an HPP there is no value', () => {
    expect(stockValue(12, 40_000)).toBe(480_000);
    expect(stockValue(-3, 40_000)).toBe(0);
    expect(stockValue(5, null)).toBeNull();
  });

  it('sums per producer, counting products below zero and those without an HPP', () => {
    expect(
      stockByProducer([
        { producerId: 'kopi', level: 10, cost: 40_000 },
        { producerId: 'madu', level: -2, cost: 60_000 },
        { producerId: 'kopi', level: 4, cost: null },
      ]),
    ).toEqual([
      { producerId: 'kopi', units: 14, value: 400_000, negative: 0, withoutCost: 1 },
      { producerId: 'madu', units: -2, value: 0, negative: 1, withoutCost: 0 },
    ]);
    fc.assert(
      fc.property(fc.array(fc.record({ producerId: fc.constantFrom('a', 'b', 'c'), level: fc.integer({ min: -50, max: 500 }), cost: fc.option(fc.nat(1_000_000), { nil: null }) })), (rows) => {
        const sums = stockByProducer(rows);
        return sums.reduce((s, p) => s + p.units, 0) === rows.reduce((s, r) => s + r.level, 0) && sums.reduce((s, p) => s + p.value, 0) === rows.reduce((s, r) => s + (stockValue(r.level, r.cost) ?? 0), 0);
      }),
    );
  });
});
