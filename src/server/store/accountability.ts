// Who did it, and was it allowed: the server's second look at the people on
// a mutation (sync rule 10: the device is not trusted to have asked). Pure:
// push.ts loads role history and outlet limits for the whole batch, these
// functions turn one mutation into flags and audit entries.
import { canApprove, DEFAULT_DISCOUNT_LIMIT_BP, missingApprovals, refundAmount, ReturnError, type Approval } from '../../domain/approval.ts';
import type { Sale } from '../../domain/sale.ts';
import type { CartVoidPayload, SaleVoidPayload } from '../../protocol/schemas.ts';
import { roleAt, type RoleSpan } from '../auth/role-history.ts';
import type { AuditInput } from './audit.ts';

/**
 * A device's clock may run behind the server's: a supervisor made at 10:00
 * server time and approving at 09:58 device time still counts. Ten minutes;
 * anything further off is a clock to fix, and the sale is flagged for a look.
 */
export const CLOCK_GRACE_MS = 10 * 60_000;

export interface AccountContext {
  roles: ReadonlyMap<string, readonly RoleSpan[]>;
  /** Outlets' discount limits; unknown outlets use the default. */
  limits: ReadonlyMap<string, number>;
}

export type AuditDraft = Omit<AuditInput, 'at'>;

export interface Finding {
  flags: string[];
  audits: AuditDraft[];
}

/** Every user id a mutation names, so a batch loads their role history in one query. */
export function userIdsOf(payload: { sale: Sale } | SaleVoidPayload | CartVoidPayload): string[] {
  if ('sale' in payload) {
    const s = payload.sale;
    return [...(s.cashierId ? [s.cashierId] : []), ...(s.approvals ?? []).flatMap((a) => [a.approverId, ...(a.requestedBy ? [a.requestedBy] : [])])];
  }
  if ('saleId' in payload) return [payload.by, payload.approval.approverId];
  return [payload.by, ...payload.approvals.map((a) => a.approverId)];
}

function heldAt(ctx: AccountContext, userId: string, at: number, outletId: string, test: (s: RoleSpan) => boolean): boolean {
  const spans = ctx.roles.get(userId) ?? [];
  return [at, at + CLOCK_GRACE_MS].some((t) => {
    const span = roleAt(spans, t);
    return span !== null && span.active && (span.outletId === null || span.outletId === outletId) && test(span);
  });
}

function mayApprove(ctx: AccountContext, a: Approval, outletId: string): boolean {
  return heldAt(ctx, a.approverId, a.at, outletId, (s) => canApprove(s.role));
}

function actorCheck(ctx: AccountContext, userId: string, at: number, outletId: string, what: string): string | null {
  return heldAt(ctx, userId, at, outletId, () => true) ? null : `${what} ${userId} was not an active user of outlet ${outletId} at that time`;
}

/** Each approval checked against the approver's role then; forged ones flagged and logged, good ones logged. */
function approvalFindings(ctx: AccountContext, approvals: readonly Approval[], outletId: string, deviceId: string, subject: string, out: Finding): void {
  for (const a of approvals) {
    const line = a.lineId ? ` (line ${a.lineId})` : '';
    if (!mayApprove(ctx, a, outletId)) {
      out.flags.push(`forged approval: ${a.approverId} could not approve ${a.kind}${line} at ${outletId} at that time`);
      out.audits.push({ action: 'approval.forged', actorId: a.requestedBy, deviceId, outletId, subject, detail: `${a.kind}${line} claimed approved by ${a.approverId}: ${a.detail}` });
    } else if (a.kind === 'price-override' || a.kind === 'discount-over-limit' || a.kind === 'void-line') {
      out.audits.push({ action: `approval.${a.kind}`, actorId: a.approverId, deviceId, outletId, subject, detail: `approved for ${a.requestedBy ?? 'unknown'}${line}: ${a.detail}` });
    }
  }
}

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
    out.flags.push(`${m.kind}${m.lineId ? ` on line ${m.lineId}` : ''} without a supervisor's approval`);
  }
  return out;
}

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
    out.flags.push(`sale ${p.saleId} is not on the server; the ${p.kind} could not be checked against it`);
  } else {
    if (sale.outletId !== p.outletId) out.flags.push(`the ${p.kind} is at ${p.outletId} but the sale was at ${sale.outletId}`);
    try {
      const expected = refundAmount(sale, p.lines, prior);
      if (expected !== p.amount) out.flags.push(`${p.kind} pays back ${p.amount} but the lines come to ${expected}`);
    } catch (e) {
      if (!(e instanceof ReturnError)) throw e;
      out.flags.push(`${p.kind}: ${e.message}`);
    }
    if (p.kind === 'void') {
      const all = sale.lines.every((l) => (prior.qty.get(l.id) ?? 0) + p.lines.filter((r) => r.lineId === l.id).reduce((a, r) => a + r.qty, 0) === l.qty);
      if (!all) out.flags.push('a void must take back the whole sale; use a refund for part of it');
      if (p.businessDate !== sale.businessDate) out.flags.push(`a void on ${p.businessDate} of a sale from ${sale.businessDate}: after the day, it is a refund`);
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
        out.flags.push(`stock of ${productId} goes back by ${got.get(productId) ?? 0}, the returned lines hold ${want.get(productId) ?? 0}`);
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
  });
  return out;
}

/** Lines cleared from a cart that never became a sale: each needs a void-line approval. */
export function checkCartVoid(p: CartVoidPayload, deviceId: string, ctx: AccountContext): Finding {
  const out: Finding = { flags: [], audits: [] };
  const subject = `cart void ${p.id}`;
  const by = actorCheck(ctx, p.by, p.createdAt, p.outletId, 'user');
  if (by) out.flags.push(by);
  approvalFindings(ctx, p.approvals, p.outletId, deviceId, subject, out);
  for (const l of p.lines) {
    if (!p.approvals.some((a) => a.id === l.approvalId && a.kind === 'void-line')) out.flags.push(`${l.name} x${l.qty} voided without a supervisor's approval`);
  }
  const items = p.lines.map((l) => `${l.name} x${l.qty} @ ${l.unitPrice}`).join(', ');
  out.audits.push({ action: 'cart.void', actorId: p.by, deviceId, outletId: p.outletId, subject, detail: `cleared: ${items}` });
  return out;
}
