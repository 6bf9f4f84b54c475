// sale.record: rule 10, the money was taken, so a sale is recorded even when
// something about it is off; what is off becomes a flag for a supervisor.
import { DEFAULT_DISCOUNT_LIMIT_BP, listPriceOf, missingApprovals } from '../../../domain/approval.ts';
import { describeSizeRefusal, sizeRefusal } from '../../../domain/cart.ts';
import type { Sale } from '../../../domain/sale.ts';
import type { SaleRecordPayload } from '../../../protocol/schemas.ts';
import { makeFlag, type Flag } from '../../../protocol/flags.ts';
import { actorCheck, approvalFindings, approvalPeople, type AccountContext, type Finding } from '../accountability.ts';
import { verdict, type IdKind, type MutationHandler } from '../handler.ts';
import { pushProblem } from '../../../protocol/push-problems.ts';
import { addSale, attachReturn, type LineAsSold } from '../../reports/rollup.ts';
import { shiftFlags } from './shift-common.ts';

/** A sale: its cashier, its approvals, and acts that needed one but have none. */
export function checkSale(sale: Sale, ctx: AccountContext): Finding {
  const out: Finding = { flags: [], audits: [] };
  const subject = `sale ${sale.id} (${sale.receiptNo})`;
  // Sales queued before accounts existed carry no cashier id; see docs/decisions.md.
  if (sale.cashierId) {
    const problem = actorCheck(ctx, sale.cashierId, sale.createdAt, sale.outletId, 'cashier');
    if (problem) out.flags.push(problem);
  }
  const approvals = sale.approvals ?? [];
  approvalFindings(ctx, approvals, sale.outletId, sale.deviceId, subject, out);
  const limit = ctx.limits.get(sale.outletId) ?? DEFAULT_DISCOUNT_LIMIT_BP;
  for (const m of missingApprovals(sale, approvals, limit)) {
    out.flags.push(makeFlag('approval-missing', { approval: m.kind, lineId: m.lineId }));
  }
  return out;
}

export const saleRecordHandler: MutationHandler<SaleRecordPayload> = {
  refuse({ sale }, deviceId) {
    if (sale.deviceId !== deviceId) {
      return {
        status: 'rejected',
        reason: `sale ${sale.receiptNo} belongs to device ${sale.deviceId}, not ${deviceId}`,
        problem: pushProblem('sale-other-device', { receipt: sale.receiptNo, owner: sale.deviceId }),
      };
    }
    // The device refuses these before payment; one that arrives anyway (an old
    // app, a forged push) is a slip, not money taken, and must not move stock.
    const tooLarge = sizeRefusal(sale.lines, sale.total);
    if (tooLarge) {
      const receipt = sale.receiptNo;
      return {
        status: 'rejected',
        reason: `sale ${receipt} refused: ${describeSizeRefusal(tooLarge, (i) => sale.lines[i]?.name ?? '')}`,
        problem:
          tooLarge.kind === 'line-qty'
            ? pushProblem('sale-line-too-large', { receipt, name: sale.lines[tooLarge.index]?.name ?? '', qty: tooLarge.qty, max: tooLarge.max })
            : pushProblem('sale-total-too-large', { receipt, total: tooLarge.total, max: tooLarge.max }),
      };
    }
    return null;
  },

  needs({ sale, stockEvents }, n) {
    n.ids('sale', [sale.id]);
    n.ids('line', sale.lines.map((l) => l.id));
    n.ids('payment', sale.payments.map((p) => p.id));
    n.ids('stock event', stockEvents.map((e) => e.id));
    n.people([...(sale.cashierId ? [sale.cashierId] : []), ...approvalPeople(sale.approvals ?? [])]);
    n.outlets([sale.outletId]);
    n.products(sale.lines.map((l) => l.productId));
    n.returnsBefore([sale.id]);
    n.stock(stockEvents);
    if (sale.shiftId !== undefined) n.shifts([sale.shiftId]);
  },

  decide(batch, { sale, stockEvents }, { seq, receivedAt }) {
    if (batch.isTaken('sale', sale.id)) {
      return { status: 'duplicate', reason: `sale ${sale.receiptNo} is already stored`, problem: pushProblem('already-stored', { what: 'sale', ref: sale.receiptNo }) };
    }
    // Ids made on the device must be new. A reused one would make an insert
    // throw, fail the whole push and block every mutation queued behind it.
    const groups: [IdKind, string[]][] = [
      ['line', sale.lines.map((l) => l.id)],
      ['payment', sale.payments.map((p) => p.id)],
      ['stock event', stockEvents.map((e) => e.id)],
    ];
    for (const [what, ids] of groups) {
      const seen = new Set<string>();
      for (const id of ids) {
        if (seen.has(id)) {
          return { status: 'rejected', reason: `sale ${sale.receiptNo}: ${what} id ${id} appears twice in this sale`, problem: pushProblem('id-repeated', { ref: sale.receiptNo, id }) };
        }
        seen.add(id);
        if (batch.isTaken(what, id)) {
          return {
            status: 'rejected',
            reason: `sale ${sale.receiptNo}: ${what} id ${id} is already used by another sale; not recorded`,
            problem: pushProblem('id-taken', { ref: sale.receiptNo, id }),
          };
        }
      }
    }
    for (const [what, ids] of groups) batch.take(what, ids);
    batch.take('sale', [sale.id]);

    const flags: Flag[] = [];
    if (!batch.outletKnown(sale.outletId)) flags.push(makeFlag('outlet-unknown', { outletId: sale.outletId }));
    for (const line of sale.lines) {
      const product = batch.productOf(line.productId);
      if (product === undefined) {
        flags.push(makeFlag('product-unknown', { productId: line.productId, name: line.name }));
        continue;
      }
      // An overridden price is judged by its approval (checkSale); the
      // catalog is compared with the price the device's catalog showed.
      if (product.price !== listPriceOf(line)) flags.push(makeFlag('price-differs', { productId: line.productId, name: line.name, soldAt: listPriceOf(line), catalogPrice: product.price }));
      // The device takes the exemption from its catalog; a claim the server's catalog does not share changes the PPN owed.
      const claimed = line.taxExempt === true;
      if (claimed !== product.taxExempt) flags.push(makeFlag('tax-exemption-differs', { productId: line.productId, name: line.name, claimed, catalog: product.taxExempt }));
    }
    const enrolled = batch.enrolledElsewhere(sale.outletId);
    if (enrolled !== null) flags.push(makeFlag('outside-enrolment', { act: 'sale', outletId: sale.outletId, enrolledAt: enrolled }));
    const found = checkSale(sale, batch.accounts);
    flags.push(...found.flags);
    batch.keepAudits(found, receivedAt);
    flags.push(...shiftFlags(batch, sale.shiftId, 'sale'));
    batch.moveStock(stockEvents, receivedAt, flags, sale.createdAt);
    // HPP and category frozen as the catalog has them now, the name as the
    // receipt printed it: a later cost edit, rename or move to another
    // category never rewrites this sale's profit or where its report counts it.
    const asSold = new Map<string, LineAsSold>(sale.lines.map((l) => {
      const product = batch.productOf(l.productId);
      return [l.id, { cost: product?.cost ?? null, name: l.name, category: product?.category ?? '' }];
    }));
    batch.rememberSale(sale, asSold);
    const factsOf = (lineId: string): LineAsSold | null => asSold.get(lineId) ?? null;
    addSale(batch.rollups, sale, factsOf);
    for (const ret of batch.returnsAwaiting(sale.id)) attachReturn(batch.rollups, ret, sale, factsOf);
    if (sale.shiftId !== undefined) batch.addToShift(sale.shiftId, { kind: 'sale', sale });
    batch.stage('sales', [
      sale.id,
      batch.deviceId,
      seq,
      sale.outletId,
      sale.receiptNo,
      sale.businessDate,
      sale.total,
      sale.createdAt,
      receivedAt,
      JSON.stringify(flags),
      JSON.stringify(sale),
      sale.shiftId ?? null,
    ]);
    // HPP is frozen as the catalog has it when the sale arrives: reports and a settlement on profit must not move when the cost is edited later.
    for (const l of sale.lines) {
      const line = asSold.get(l.id);
      batch.stage('sale_lines', [l.id, sale.id, l.productId, l.producerId, l.qty, l.unitPrice, l.net, l.tax, line?.cost ?? null, l.name, line?.category ?? '']);
    }
    for (const p of sale.payments) batch.stage('payments', [p.id, sale.id, p.method, p.amount, p.reference]);
    for (const p of sale.payments) if (p.awaitingConfirmation === true) batch.stage('payment_awaiting', [p.id, sale.id, sale.outletId, p.amount, receivedAt]);
    return verdict(flags);
  },
};
