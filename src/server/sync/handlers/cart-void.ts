// cart.void: lines cleared from an unfinished sale. Nothing to store but the
// evidence, in the audit log.
import type { CartVoidPayload } from '../../../protocol/schemas.ts';
import { makeFlag } from '../../../protocol/flags.ts';
import { actorCheck, approvalFindings, approvalPeople, type AccountContext, type Finding } from '../accountability.ts';
import { verdict, type MutationHandler } from '../handler.ts';
import { auditNote } from '../../../protocol/audit-notes.ts';

/**
 * Lines cleared from a cart that never became a sale: each names its
 * void-line approval, or none when the cashier took it out alone as the
 * outlet allows; the audit log says who, either way.
 */
export function checkCartVoid(p: CartVoidPayload, deviceId: string, ctx: AccountContext): Finding {
  const out: Finding = { flags: [], audits: [] };
  const subject = `cart void ${p.id}`;
  const by = actorCheck(ctx, p.by, p.createdAt, p.outletId, 'user');
  if (by) out.flags.push(by);
  approvalFindings(ctx, p.approvals, p.outletId, deviceId, subject, out);
  for (const l of p.lines) {
    // No approval is the outlet's default policy (a cashier undoes a wrong tap); one named but absent is not.
    if (l.approvalId === null) continue;
    if (!p.approvals.some((a) => a.id === l.approvalId && a.kind === 'void-line')) out.flags.push(makeFlag('cart-line-unapproved', { productId: l.productId, name: l.name, qty: l.qty }));
  }
  const items = p.lines.map((l) => `${l.name} x${l.qty} @ ${l.unitPrice}${l.approvalId === null ? ` by ${l.by ?? p.by}, no approval` : ''}`).join(', ');
  // Names and counts read the same in both languages; the note carries them as one list.
  const listed = p.lines.map((l) => `${l.name} ×${l.qty}`).join(', ');
  const unapproved = p.lines.filter((l) => l.approvalId === null).length;
  out.audits.push({
    action: 'cart.void',
    actorId: p.by,
    deviceId,
    outletId: p.outletId,
    subject,
    detail: `cleared: ${items}`,
    note: auditNote('cart.cleared', { lines: p.lines.length, items: listed, unapproved }),
  });
  return out;
}

export const cartVoidHandler: MutationHandler<CartVoidPayload> = {
  needs(cart, n) {
    n.people([cart.by, ...approvalPeople(cart.approvals)]);
    n.outlets([cart.outletId]);
  },

  decide(batch, cart, { receivedAt }) {
    const found = checkCartVoid(cart, batch.deviceId, batch.accounts);
    batch.keepAudits(found, receivedAt);
    return verdict(found.flags);
  },
};
