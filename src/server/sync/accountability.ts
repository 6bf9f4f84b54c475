// Who did it, and was it allowed: the server's second look at the people on
// a mutation (sync rule 10: the device is not trusted to have asked). Pure:
// the batch loads role history and outlet limits for all its mutations, and
// each kind's handler turns one mutation into flags and audit entries with
// these.
import { canApprove, type Approval } from '../../domain/approval.ts';
import { mayResolveFlags } from '../../domain/flag-resolution.ts';
import { roleAt, type RoleSpan } from '../accounts/role-history.ts';
import type { AuditInput } from '../accounts/audit.ts';
import { makeFlag, type Flag } from '../../protocol/flags.ts';
import { auditNote } from '../../protocol/audit-notes.ts';

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
  flags: Flag[];
  audits: AuditDraft[];
}

/** The people an approval names, so a batch loads their role history in one query. */
export function approvalPeople(approvals: readonly Approval[]): string[] {
  return approvals.flatMap((a) => [a.approverId, ...(a.requestedBy ? [a.requestedBy] : [])]);
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

/** Whether `userId` was a supervisor or admin of `outletId` at `at`: who may close a flag there. */
export function mayResolveAt(ctx: AccountContext, userId: string, at: number, outletId: string): boolean {
  return heldAt(ctx, userId, at, outletId, (s) => mayResolveFlags(s.role));
}

export function actorCheck(ctx: AccountContext, userId: string, at: number, outletId: string, role: 'cashier' | 'user'): Flag | null {
  return heldAt(ctx, userId, at, outletId, () => true) ? null : makeFlag('person-not-at-outlet', { role, userId, outletId });
}

/** Each approval checked against the approver's role then; forged ones flagged and logged, good ones logged. */
export function approvalFindings(ctx: AccountContext, approvals: readonly Approval[], outletId: string, deviceId: string, subject: string, out: Finding): void {
  for (const a of approvals) {
    const line = a.lineId ? ` (line ${a.lineId})` : '';
    if (!mayApprove(ctx, a, outletId)) {
      out.flags.push(makeFlag('approval-forged', { approval: a.kind, approverId: a.approverId, lineId: a.lineId ?? null, outletId }));
      out.audits.push({
        action: 'approval.forged',
        actorId: a.requestedBy,
        deviceId,
        outletId,
        subject,
        detail: `${a.kind}${line} claimed approved by ${a.approverId}: ${a.detail}`,
        note: auditNote('approval.forged', { kind: a.kind, approverId: a.approverId, lineId: a.lineId ?? null, detail: a.detail }),
      });
    } else if (a.kind === 'price-override' || a.kind === 'discount-over-limit' || a.kind === 'void-line') {
      out.audits.push({
        action: `approval.${a.kind}`,
        actorId: a.approverId,
        deviceId,
        outletId,
        subject,
        detail: `approved for ${a.requestedBy ?? 'unknown'}${line}: ${a.detail}`,
        note: auditNote('approval.given', { kind: a.kind, requestedBy: a.requestedBy ?? null, lineId: a.lineId ?? null, detail: a.detail }),
      });
    }
  }
}
