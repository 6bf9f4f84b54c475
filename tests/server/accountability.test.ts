// The server's second look at people on a mutation, without a database: the
// role history is given as spans.
import { describe, expect, it } from 'vitest';
import type { Approval } from '../../src/domain/approval.ts';
import type { RoleSpan } from '../../src/server/accounts/role-history.ts';
import { CLOCK_GRACE_MS, type AccountContext } from '../../src/server/sync/accountability.ts';
import { checkCartVoid } from '../../src/server/sync/handlers/cart-void.ts';
import { checkSale } from '../../src/server/sync/handlers/sale-record.ts';
import { checkReturn } from '../../src/server/sync/handlers/sale-void.ts';
import type { SaleVoidPayload } from '../../src/protocol/schemas.ts';
import { makeSale, OUTLET } from './helpers.ts';

const T = 1_790_000_000_000;
const span = (role: RoleSpan['role'], from: number, to: number | null = null, outletId: string | null = OUTLET, active = true): RoleSpan => ({ role, outletId, active, from, to });

const ctx: AccountContext = {
  roles: new Map([
    ['sari', [span('cashier', T - 1e9)]],
    ['budi', [span('supervisor', T - 1e9)]],
    // Demoted an hour before T.
    ['eko', [span('supervisor', T - 1e9, T - 3_600_000), span('cashier', T - 3_600_000)]],
    ['ayu', [span('admin', T - 1e9, null, null)]],
    // A supervisor elsewhere.
    ['dewi', [span('supervisor', T - 1e9, null, 'senggigi-booth')]],
    // Made five minutes after the device's clock says it approved.
    ['fajar', [span('supervisor', T + 5 * 60_000)]],
  ]),
  limits: new Map([[OUTLET, 1_000]]),
};

function approval(kind: Approval['kind'], approverId: string, lineId: string | null, at = T): Approval {
  return { id: `a-${kind}-${approverId}-${lineId ?? 'x'}`, kind, approverId, requestedBy: 'sari', at, lineId, detail: 'uji' };
}

function overriddenSale(approverId: string | null, at = T) {
  const { sale } = makeSale({ deviceId: 'd1', items: [{ product: 'CKL-001', qty: 1 }], createdAt: T });
  const line = sale.lines[0]!;
  const price = line.unitPrice - 10_000;
  const l = { ...line, listPrice: line.unitPrice, unitPrice: price, net: price, lineDiscount: 0, orderDiscountShare: 0 };
  return {
    ...sale,
    cashierId: 'sari',
    lines: [l],
    approvals: approverId ? [approval('price-override', approverId, l.id, at)] : [],
  };
}

describe('checkSale', () => {
  it('passes a sale whose override a supervisor of the outlet approved, and logs the approval', () => {
    const f = checkSale(overriddenSale('budi'), ctx);
    expect(f.flags).toEqual([]);
    expect(f.audits.map((a) => [a.action, a.actorId])).toEqual([['approval.price-override', 'budi']]);
  });

  it('an admin of every outlet may approve', () => {
    expect(checkSale(overriddenSale('ayu'), ctx).flags).toEqual([]);
  });

  it.each([
    ['a cashier', 'sari'],
    ['an unknown user', 'nobody'],
    ['a supervisor of another outlet', 'dewi'],
    ['a supervisor demoted before the act', 'eko'],
  ])('flags an approval by %s as forged, and logs it', (_what, approverId) => {
    const f = checkSale(overriddenSale(approverId), ctx);
    expect(f.flags.map((f) => f.message).join()).toMatch(/forged approval/);
    expect(f.audits.map((a) => a.action)).toEqual(['approval.forged']);
  });

  it('judges by the role held when approved, not now', () => {
    expect(checkSale(overriddenSale('eko', T - 7_200_000), ctx).flags).toEqual([]);
  });

  it(`forgives a device clock up to ${CLOCK_GRACE_MS / 60_000} minutes behind`, () => {
    expect(checkSale(overriddenSale('fajar'), ctx).flags).toEqual([]);
    expect(checkSale(overriddenSale('fajar', T - CLOCK_GRACE_MS), ctx).flags.map((f) => f.message).join()).toMatch(/forged/);
  });

  it('flags an act that needed approval but has none', () => {
    expect(checkSale(overriddenSale(null), ctx).flags.map((f) => f.message).join()).toMatch(/price-override on line .* without a supervisor's approval/);
  });

  it('flags a cashier who was not a user of the outlet', () => {
    const sale = { ...makeSale({ deviceId: 'd1', items: [{ product: 'CKL-001', qty: 1 }], createdAt: T }).sale, cashierId: 'dewi' };
    expect(checkSale(sale, ctx).flags.map((f) => f.message).join()).toMatch(/cashier dewi was not an active user/);
  });
});

describe('checkReturn', () => {
  const { sale } = makeSale({ deviceId: 'd1', items: [{ product: 'CKL-001', qty: 2 }, { product: 'BTK-001', qty: 1 }], createdAt: T });
  const [l0, l1] = sale.lines as [(typeof sale.lines)[0], (typeof sale.lines)[0]];
  const none = { qty: new Map<string, number>(), amount: 0 };
  const ev = (productId: string, delta: number) => ({ id: `e-${productId}`, productId, outletId: OUTLET, delta, reason: 'return' as const, saleId: sale.id });
  const whole: SaleVoidPayload = {
    id: 'r1',
    saleId: sale.id,
    outletId: OUTLET,
    kind: 'void',
    lines: [{ lineId: l0.id, qty: 2 }, { lineId: l1.id, qty: 1 }],
    amount: sale.total + sale.rounding,
    method: 'cash',
    reason: 'salah input',
    by: 'sari',
    createdAt: T,
    businessDate: sale.businessDate,
    approval: approval('void-sale', 'budi', null),
    stockEvents: [ev(l0.productId, 2), ev(l1.productId, 1)],
  };

  it('passes a whole-sale void with a supervisor and logs who did it and who approved', () => {
    const f = checkReturn(whole, 'd1', sale, none, ctx);
    expect(f.flags).toEqual([]);
    expect(f.audits).toEqual([expect.objectContaining({ action: 'sale.void', actorId: 'sari', detail: expect.stringContaining('approved by budi') })]);
  });

  it('flags a wrong amount, a part void, a void on another day, stock that does not match, a forged approver', () => {
    expect(checkReturn({ ...whole, amount: whole.amount + 1 }, 'd1', sale, none, ctx).flags.map((f) => f.message).join()).toMatch(/lines come to/);
    expect(checkReturn({ ...whole, lines: [{ lineId: l0.id, qty: 2 }], amount: l0.net, stockEvents: [ev(l0.productId, 2)] }, 'd1', sale, none, ctx).flags.map((f) => f.message).join()).toMatch(/whole sale/);
    expect(checkReturn({ ...whole, businessDate: '2099-01-01' }, 'd1', sale, none, ctx).flags.map((f) => f.message).join()).toMatch(/it is a refund/);
    expect(checkReturn({ ...whole, stockEvents: [ev(l0.productId, 5), ev(l1.productId, 1)] }, 'd1', sale, none, ctx).flags.map((f) => f.message).join()).toMatch(/goes back by 5/);
    const forged = checkReturn({ ...whole, approval: approval('void-sale', 'sari', null) }, 'd1', sale, none, ctx);
    expect(forged.flags.map((f) => f.message).join()).toMatch(/forged/);
    expect(forged.audits.map((a) => a.action)).toEqual(['approval.forged', 'sale.void']);
  });

  it('a refund of one piece pays its share, and cannot exceed what is left', () => {
    const one: SaleVoidPayload = { ...whole, kind: 'refund', lines: [{ lineId: l0.id, qty: 1 }], amount: Math.round(l0.net / 2), approval: approval('refund', 'budi', null), stockEvents: [ev(l0.productId, 1)] };
    expect(checkReturn(one, 'd1', sale, none, ctx).flags).toEqual([]);
    expect(checkReturn(one, 'd1', sale, { qty: new Map([[l0.id, 2]]), amount: l0.net }, ctx).flags.map((f) => f.message).join()).toMatch(/only 0 left/);
  });

  it('records a return of a sale the server does not hold, flagged', () => {
    expect(checkReturn(whole, 'd1', null, none, ctx).flags.map((f) => f.message).join()).toMatch(/not on the server/);
  });
});

describe('checkCartVoid', () => {
  it('needs a void-line approval for every cleared line', () => {
    const a = approval('void-line', 'budi', null);
    const base = { id: 'cv1', outletId: OUTLET, by: 'sari', createdAt: T, approvals: [a], lines: [{ productId: 'p', name: 'Kopi', qty: 1, unitPrice: 40_000, at: T, approvalId: a.id }] };
    const ok = checkCartVoid(base, 'd1', ctx);
    expect(ok.flags).toEqual([]);
    expect(ok.audits.map((x) => x.action)).toEqual(['approval.void-line', 'cart.void']);
    expect(checkCartVoid({ ...base, lines: [{ ...base.lines[0]!, approvalId: 'other' }] }, 'd1', ctx).flags.map((f) => f.message).join()).toMatch(/without a supervisor/);
  });
});
