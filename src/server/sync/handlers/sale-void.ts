// sale.void: a void or refund is recorded like a sale (the money went back,
// the goods came back): whatever is off about it, or about the people on it,
// is a flag for a supervisor, never a reason to drop it.
import { refundAmount, ReturnError, takesWholeRemainder } from '../../../domain/approval.ts';
import type { Sale } from '../../../domain/sale.ts';
import type { SaleVoidPayload } from '../../../protocol/schemas.ts';
import { makeFlag } from '../../../protocol/flags.ts';
import { actorCheck, approvalFindings, approvalPeople, type AccountContext, type Finding } from '../accountability.ts';
import { verdict, type MutationHandler } from '../handler.ts';
import { auditNote } from '../../../protocol/audit-notes.ts';
import { pushProblem } from '../../../protocol/push-problems.ts';
import { addReturn } from '../../reports/rollup.ts';
import { shiftFlags } from './shift-common.ts';

export interface PriorReturns {
  qty: ReadonlyMap<string, number>;
  amount: number;
}

/**
 * A void or refund: the sale it names, what is left of it to return, the
 * amount the lines come to, the stock going back, and the people.
 */
export function checkReturn(p: SaleVoidPayload, deviceId: string, sale: Sale | null, prior: PriorReturns, ctx: AccountContext): Finding {
  const out: Finding = { flags: [], audits: [] };
  const subject = `sale ${p.saleId}${sale ? ` (${sale.receiptNo})` : ''}`;
  const by = actorCheck(ctx, p.by, p.createdAt, p.outletId, 'user');
  if (by) out.flags.push(by);
  approvalFindings(ctx, [p.approval], p.outletId, deviceId, subject, out);
  if (!sale) {
    out.flags.push(makeFlag('return-sale-unknown', { act: p.kind, saleId: p.saleId }));
  } else {
    if (sale.outletId !== p.outletId) out.flags.push(makeFlag('return-other-outlet', { act: p.kind, outletId: p.outletId, saleOutletId: sale.outletId }));
    try {
      const expected = refundAmount(sale, p.lines, prior);
      if (expected !== p.amount) out.flags.push(makeFlag('return-amount-differs', { act: p.kind, amount: p.amount, expected }));
    } catch (e) {
      if (!(e instanceof ReturnError)) throw e;
      const why = e.problem;
      out.flags.push(
        makeFlag('return-lines-invalid', {
          act: p.kind,
          problem: why.code,
          lineId: why.code === 'line-not-on-sale' ? why.lineId : null,
          name: why.code === 'qty-not-whole' || why.code === 'qty-over-left' ? why.name : null,
          left: why.code === 'qty-over-left' ? why.left : null,
        }),
      );
    }
    if (p.kind === 'void') {
      if (!takesWholeRemainder(sale, prior, p.lines)) out.flags.push(makeFlag('void-not-whole', {}));
      if (p.businessDate !== sale.businessDate) out.flags.push(makeFlag('void-after-day', { voidDate: p.businessDate, saleDate: sale.businessDate }));
    }
    // The goods going back must be the lines' own products and quantities.
    const want = new Map<string, number>();
    for (const r of p.lines) {
      const line = sale.lines.find((l) => l.id === r.lineId);
      if (line) want.set(line.productId, (want.get(line.productId) ?? 0) + r.qty);
    }
    const got = new Map<string, number>();
    for (const e of p.stockEvents) got.set(e.productId, (got.get(e.productId) ?? 0) + e.delta);
    for (const productId of new Set([...want.keys(), ...got.keys()])) {
      if ((want.get(productId) ?? 0) !== (got.get(productId) ?? 0)) {
        out.flags.push(makeFlag('return-stock-differs', { productId, back: got.get(productId) ?? 0, lines: want.get(productId) ?? 0 }));
      }
    }
  }
  out.audits.push({
    action: p.kind === 'void' ? 'sale.void' : 'sale.refund',
    actorId: p.by,
    deviceId,
    outletId: p.outletId,
    subject,
    detail: `${p.kind} of ${p.amount} by ${p.method}, approved by ${p.approval.approverId}: ${p.reason}`,
    note: auditNote(p.kind === 'void' ? 'sale.voided' : 'sale.refunded', { amount: p.amount, method: p.method, approverId: p.approval.approverId, reason: p.reason }),
  });
  return out;
}

export const saleVoidHandler: MutationHandler<SaleVoidPayload> = {
  needs(ret, n) {
    n.ids('return', [ret.id]);
    n.ids('stock event', ret.stockEvents.map((e) => e.id));
    n.people([ret.by, ...approvalPeople([ret.approval])]);
    n.outlets([ret.outletId]);
    n.stock(ret.stockEvents);
    n.sales([ret.saleId]);
    if (ret.shiftId !== undefined) n.shifts([ret.shiftId]);
  },

  decide(batch, ret, { seq, receivedAt }) {
    if (batch.isTaken('return', ret.id)) return { status: 'duplicate', reason: `return ${ret.id} is already stored`, problem: pushProblem('already-stored', { what: 'return', ref: ret.id }) };
    const seen = new Set<string>();
    for (const e of ret.stockEvents) {
      if (seen.has(e.id) || batch.isTaken('stock event', e.id)) {
        return { status: 'rejected', reason: `return ${ret.id}: stock event id ${e.id} is already used; not recorded`, problem: pushProblem('id-taken', { ref: ret.id, id: e.id }) };
      }
      seen.add(e.id);
    }
    batch.take('stock event', seen);
    batch.take('return', [ret.id]);

    const found = checkReturn(ret, batch.deviceId, batch.saleOf(ret.saleId), batch.returnedOf(ret.saleId), batch.accounts);
    const enrolled = batch.enrolledElsewhere(ret.outletId);
    if (enrolled !== null) found.flags.push(makeFlag('outside-enrolment', { act: ret.kind, outletId: ret.outletId, enrolledAt: enrolled }));
    found.flags.push(...shiftFlags(batch, ret.shiftId, 'return'));
    batch.moveStock(ret.stockEvents, receivedAt, found.flags, ret.createdAt);
    const sale = batch.saleOf(ret.saleId);
    addReturn(batch.rollups, ret, sale, (lineId) => batch.lineAsSold(lineId));
    if (sale === null) batch.awaitSale(ret);
    batch.rememberReturn(ret);
    if (ret.shiftId !== undefined) batch.addToShift(ret.shiftId, { kind: 'return', ret: { id: ret.id, kind: ret.kind, method: ret.method, amount: ret.amount } });
    batch.keepAudits(found, receivedAt);
    batch.stage('sale_returns', [
      ret.id,
      ret.saleId,
      batch.deviceId,
      seq,
      ret.outletId,
      ret.kind,
      ret.amount,
      ret.method,
      ret.by,
      ret.approval.approverId,
      ret.businessDate,
      ret.createdAt,
      receivedAt,
      JSON.stringify(found.flags),
      JSON.stringify(ret),
      ret.shiftId ?? null,
    ]);
    return verdict(found.flags);
  },
};
