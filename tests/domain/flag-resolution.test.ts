// Which flag can be closed how, by whom, and what a shelf count moves; the
// wire schema of flag.resolve keeps the same rules, so a device cannot send
// what the server would refuse.
import { describe, expect, it } from 'vitest';
import { actionsFor, countDelta, mayResolveFlags, needsNote, stockDocRefusal } from '../../src/domain/flag-resolution.ts';
import { flagResolvePayloadSchema, type FlagResolvePayload } from '../../src/protocol/schemas.ts';

const base: FlagResolvePayload = {
  id: 'r-1',
  outletId: 'ntb-mall',
  subject: { kind: 'sale', saleId: 's-1' },
  action: 'accept',
  note: 'sudah dicek',
  by: 'u-spv',
  createdAt: 1,
  count: null,
};

describe('resolving a flag', () => {
  it('only supervisors and admins resolve flags', () => {
    expect(mayResolveFlags('supervisor')).toBe(true);
    expect(mayResolveFlags('admin')).toBe(true);
    expect(mayResolveFlags('cashier')).toBe(false);
  });

  it('a sale is accepted or its price noted; stock is counted or accepted; a void or refund is accepted', () => {
    expect(actionsFor('sale')).toEqual(['accept', 'price-note']);
    expect(actionsFor('stock')).toEqual(['stock-count', 'accept']);
    expect(actionsFor('return')).toEqual(['accept']);
  });

  it('a count moves stock by what was counted minus the level: -2 counted as 4 is +6', () => {
    expect(countDelta(-2, 4)).toBe(6);
    expect(countDelta(10, 3)).toBe(-7);
    expect(needsNote('stock-count')).toBe(false);
    expect(needsNote('accept')).toBe(true);
  });

  it('the wire refuses an action the subject does not take, an accept without a note, and a count on anything but a count', () => {
    expect(flagResolvePayloadSchema.safeParse(base).success).toBe(true);
    const wrongAction = flagResolvePayloadSchema.safeParse({ ...base, action: 'stock-count', count: { counted: 1, stockEventId: 'e-1' } });
    expect(wrongAction.error?.issues.map((i) => i.path.join('.'))).toEqual(['action']);
    expect(flagResolvePayloadSchema.safeParse({ ...base, note: '   ' }).error?.issues[0]?.message).toBe('"accept" needs a note saying why');
    expect(flagResolvePayloadSchema.safeParse({ ...base, subject: { kind: 'stock', productId: 'p-1' }, action: 'stock-count', count: null }).success).toBe(false);
    expect(flagResolvePayloadSchema.safeParse({ ...base, subject: { kind: 'stock', productId: 'p-1' }, action: 'stock-count', note: '', count: { counted: -1, stockEventId: 'e-1' } }).success).toBe(false);
    expect(flagResolvePayloadSchema.safeParse({ ...base, subject: { kind: 'stock', productId: 'p-1' }, action: 'stock-count', note: '', count: { counted: 5, stockEventId: 'e-1' } }).success).toBe(true);
  });

  it('a stock document is accepted or counted: by an outlet it names, counting a product it moved, and only while flagged', () => {
    expect(actionsFor('stock-doc')).toEqual(['accept', 'stock-count']);
    const transfer = { outletIds: ['booth', 'store'], products: ['madu', 'kopi'], flagged: true };
    expect(stockDocRefusal(transfer, 'booth', 'madu')).toBeNull();
    expect(stockDocRefusal(transfer, 'store', null)).toBeNull();
    expect(stockDocRefusal(transfer, 'showroom', null)).toBe('other-outlet');
    expect(stockDocRefusal(transfer, 'booth', 'batik')).toBe('product-not-on-doc');
    expect(stockDocRefusal({ ...transfer, flagged: false }, 'booth', 'madu')).toBe('not-flagged');
  });

  it('the wire: a stock document’s count names its product, a stock flag’s does not', () => {
    const doc = { ...base, subject: { kind: 'stock-doc' as const, doc: 'transfer' as const, docId: 't-1' }, action: 'stock-count' as const, note: '' };
    expect(flagResolvePayloadSchema.safeParse({ ...doc, count: { counted: 3, stockEventId: 'e-1', productId: 'madu' } }).success).toBe(true);
    expect(flagResolvePayloadSchema.safeParse({ ...doc, count: { counted: 3, stockEventId: 'e-1' } }).success).toBe(false);
    const stock = { ...doc, subject: { kind: 'stock' as const, productId: 'madu' } };
    expect(flagResolvePayloadSchema.safeParse({ ...stock, count: { counted: 3, stockEventId: 'e-1' } }).success).toBe(true);
    expect(flagResolvePayloadSchema.safeParse({ ...stock, count: { counted: 3, stockEventId: 'e-1', productId: 'madu' } }).success).toBe(false);
    expect(flagResolvePayloadSchema.safeParse({ ...doc, action: 'price-note', note: 'x', count: null }).success).toBe(false);
  });
});
