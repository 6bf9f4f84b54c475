// A shared drawer on two tablets, offline: both open on the outlet's drawer,
// one ends its shift with a slip, the lead adds the slip from its code and
// closes one Z whose expected figures are both tablets' together. A slip is
// taken once, and one of another day or outlet is refused.
import { afterEach, describe, expect, it } from 'vitest';
import { addToCart, getOpenCart } from '../../src/client/db/cart-repo.ts';
import type { KasirDb } from '../../src/client/db/database.ts';
import { checkout } from '../../src/client/db/sales-repo.ts';
import { checkSlip, closeSharedDrawer, currentShift, endWithSlip, sharedExpected, shiftReport, SlipRefused, startShift } from '../../src/client/db/shift-repo.ts';
import { computeTotals } from '../../src/domain/cart.ts';
import { decodeSlip, encodeSlip, type SlipRefusal } from '../../src/domain/shift-slip.ts';
import { slipRefusalText } from '../../src/client/features/shift/SharedDrawer.tsx';
import { translate, type Language } from '../../src/client/i18n/strings.ts';
import type { T } from '../../src/client/i18n/use-t.ts';
import { shiftMergePayloadSchema, shiftSlipPayloadSchema } from '../../src/protocol/schemas.ts';
import { CASHIER, freshDb } from './harness.tsx';

const dbs: KasirDb[] = [];
afterEach(() => {
  for (const d of dbs.splice(0)) d.close();
});

const by = { id: CASHIER.id, name: CASHIER.name };

async function tablet(): Promise<KasirDb> {
  const d = await freshDb(true, { shift: false });
  dbs.push(d);
  return d;
}

async function sell(d: KasirDb, split = false) {
  const p = await d.products.where('sku').equals('KOP-001').first();
  if (!p) throw new Error('no KOP-001');
  await addToCart(d, { productId: p.id, producerId: p.producerId, name: p.name, sku: p.sku, unitPrice: p.price }, 1);
  const cart = await getOpenCart(d);
  const total = computeTotals(cart.lines, null).total;
  const tenders = split ? [{ method: 'qris' as const, amount: 40_000 }, { method: 'cash' as const, amount: total - 40_000 }] : [{ method: 'cash' as const, amount: 100_000 }];
  return checkout(d, { cart, tenders, cashier: CASHIER.name, cashierId: CASHIER.id, taxMode: 'none', roundingStep: 0 });
}

const nothingElse = { qris: 40_000, card: 0, transfer: 0 };

describe('a shared drawer on two tablets', () => {
  it('the lead merges the other tablet’s slip and closes one Z of the outlet’s drawer', async () => {
    const a = await tablet();
    const b = await tablet();
    const leadShift = await startShift(a, { by, openingFloat: 200_000, dayCutoffMinutes: 240, drawerMode: 'shared' });
    const otherShift = await startShift(b, { by, openingFloat: 0, dayCutoffMinutes: 240, drawerMode: 'shared' });
    expect([leadShift.drawerId, otherShift.drawerId]).toEqual([leadShift.outletId, otherShift.outletId]);
    // The open shift on the shared drawer is what the counter sells in.
    expect((await currentShift(b))?.id).toBe(otherShift.id);
    await sell(a);
    await sell(b, true);
    const bFigures = await shiftReport(b, otherShift);

    const ended = await endWithSlip(b, { shiftId: otherShift.id, by, note: '' });
    expect(ended.state).toBe('closed');
    expect(ended.slip?.expected).toEqual(bFigures.expected);
    expect(await currentShift(b)).toBeNull();
    const slipRow = await b.outbox.orderBy('seq').last();
    expect(slipRow?.type).toBe('shift.slip');
    expect(shiftSlipPayloadSchema.parse(slipRow?.payload).slip.shiftId).toBe(otherShift.id);

    const read = decodeSlip(encodeSlip(ended.slip!));
    if (!read.ok) throw new Error('slip unreadable');
    expect(await checkSlip(a, leadShift, read.slip, [])).toBeNull();
    expect(await checkSlip(a, leadShift, read.slip, [read.slip])).toEqual({ code: 'slip-twice', shiftId: otherShift.id });
    expect(await checkSlip(a, leadShift, { ...read.slip, businessDate: '2020-01-01' }, [])).toEqual({ code: 'slip-other-day', businessDate: '2020-01-01' });
    expect(await checkSlip(a, leadShift, { ...read.slip, outletId: 'lain' }, [])).toEqual({ code: 'slip-other-outlet', outletId: 'lain' });

    const aFigures = await shiftReport(a, leadShift);
    const expected = await sharedExpected(a, leadShift, [read.slip]);
    expect(expected).toEqual({ cash: aFigures.expected.cash + bFigures.expected.cash, qris: 40_000, card: 0, transfer: 0 });
    await expect(closeSharedDrawer(a, { shiftId: leadShift.id, by, slips: [read.slip, read.slip], denominations: {}, nonCash: nothingElse, note: '', approval: null, approverName: null, selisihThreshold: 10_000 })).rejects.toBeInstanceOf(SlipRefused);
    const z = await closeSharedDrawer(a, { shiftId: leadShift.id, by, slips: [read.slip], denominations: { c100: expected.cash / 100 }, nonCash: nothingElse, note: '', approval: null, approverName: null, selisihThreshold: 10_000 });
    expect(z.close).toMatchObject({ zNo: 1, drawerId: leadShift.outletId, expected, counted: { cash: expected.cash, qris: 40_000 } });
    expect(z.merge?.openingFloat).toBe(200_000);
    const sent = shiftMergePayloadSchema.parse((await a.outbox.orderBy('seq').last())?.payload);
    expect(sent.slips.map((s) => s.shiftId).sort()).toEqual([leadShift.id, otherShift.id].sort());
    expect(sent.totals.salesCount).toBe(2);

    // The next shift of the lead numbers the drawer's next Z, and the slip merged once is refused for good.
    const next = await startShift(a, { by, openingFloat: 0, dayCutoffMinutes: 240, drawerMode: 'shared' });
    expect(await checkSlip(a, next, read.slip, [])).toEqual({ code: 'slip-twice', shiftId: otherShift.id });
    const z2 = await closeSharedDrawer(a, { shiftId: next.id, by, slips: [], denominations: {}, nonCash: { qris: 0, card: 0, transfer: 0 }, note: '', approval: null, approverName: null, selisihThreshold: 10_000 });
    expect(z2.close?.zNo).toBe(2);
  });

  it('a Selisih of the merged count beyond the threshold needs a supervisor', async () => {
    const a = await tablet();
    const shift = await startShift(a, { by, openingFloat: 100_000, dayCutoffMinutes: 240, drawerMode: 'shared' });
    await expect(closeSharedDrawer(a, { shiftId: shift.id, by, slips: [], denominations: { n50000: 1 }, nonCash: { qris: 0, card: 0, transfer: 0 }, note: '', approval: null, approverName: null, selisihThreshold: 10_000 })).rejects.toMatchObject({ code: 'needs-approval' });
  });
});

describe('a slip refused at the lead', () => {
  // Every refusal, by its code: a new one without words here does not compile.
  const REFUSALS = {
    'slip-unreadable': { code: 'slip-unreadable' },
    'slip-checksum': { code: 'slip-checksum' },
    'slip-other-outlet': { code: 'slip-other-outlet', outletId: 'booth-senggigi' },
    'slip-other-day': { code: 'slip-other-day', businessDate: '2026-12-05' },
    'slip-twice': { code: 'slip-twice', shiftId: 'sh-1' },
    'slip-own': { code: 'slip-own' },
  } satisfies { [K in SlipRefusal['code']]: Extract<SlipRefusal, { code: K }> };

  it.each(['id', 'en'] as Language[])('says why in words (%s), naming the outlet or day', (lang) => {
    const t: T = (key, params) => translate(lang, key, params);
    for (const r of Object.values(REFUSALS)) {
      const text = slipRefusalText(t, r);
      expect(text.length).toBeGreaterThan(20);
      expect(text).not.toMatch(/\{[A-Za-z]+\}|^shared|^slip-/);
    }
    expect(slipRefusalText(t, REFUSALS['slip-other-outlet'])).toContain('booth-senggigi');
    expect(slipRefusalText(t, REFUSALS['slip-other-day'])).toContain('2026-12-05');
  });
});
