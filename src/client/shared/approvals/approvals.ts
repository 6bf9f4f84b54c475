// Approvals as the counter makes them: which acts in an open cart still need
// a supervisor, and the Approval record a supervisor's PIN produces.
import {
  DEFAULT_DISCOUNT_LIMIT_BP,
  missingApprovals,
  type Approval,
  type ApprovalKind,
  type RequiredApproval,
} from '../../../domain/approval.ts';
import { computeTotals, type TaxMode } from '../../../domain/cart.ts';
import type { Outlet } from '../../../domain/catalog.ts';
import { uuidv7 } from '../../../domain/id.ts';
import { saleLineOf } from '../../../domain/sale.ts';
import type { CartRow, UserRow } from '../../db/schema.ts';
import { translate, type StringKey } from '../../i18n/strings.ts';

/** What a supervisor's PIN gave: who, and when. */
export interface ApprovalGrant {
  approver: UserRow;
  at: number;
}

export function discountLimitOf(outlet: Pick<Outlet, 'discountLimitBp'> | undefined | null): number {
  return outlet?.discountLimitBp ?? DEFAULT_DISCOUNT_LIMIT_BP;
}

/**
 * An approval's words for the audit log. Always in Bahasa Indonesia, whatever
 * the screen's language: the log is one record read by the outlet's admins.
 */
export function approvalDetail(key: StringKey, params?: Record<string, string | number>): string {
  return translate('id', key, params).slice(0, 300);
}

export function makeApproval(grant: ApprovalGrant, kind: ApprovalKind, lineId: string | null, detail: string, requestedBy: string | null): Approval {
  return { id: uuidv7(grant.at), kind, approverId: grant.approver.id, requestedBy, at: grant.at, lineId, detail: detail.slice(0, 300) };
}

/**
 * The acts in the cart no approval covers yet, checked as the sale would be
 * (domain/approval.ts): a discount can pass the limit without being touched,
 * when a line it is spread over is voided or repriced.
 */
export function missingCartApprovals(cart: CartRow, taxMode: TaxMode, limitBp: number): RequiredApproval[] {
  if (cart.lines.length === 0) return [];
  const totals = computeTotals(cart.lines, cart.orderDiscount, taxMode);
  // Line ids as the cart has them: an approval in the cart names a cart line.
  const lines = cart.lines.map((l, i) => saleLineOf(l, totals.lines[i]!, l.id));
  const pseudo = { lines, subtotal: totals.subtotal, lineDiscounts: totals.lineDiscounts, orderDiscountAmount: totals.orderDiscount, voidedLines: cart.voidedLines ?? [] };
  return missingApprovals(pseudo, cart.approvals ?? [], limitBp);
}
