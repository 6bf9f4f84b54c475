// Who held which role where, and when. A supervisor's approval is made on a
// device, possibly offline for days, and checked by the server on sync: it
// must be judged by the role the approver held when they gave it, not by the
// role they hold when the sale arrives. Pure: the spans come from
// store/accounts.ts loadRoleHistory().
import { canApprove, type Role } from '../../domain/approval.ts';

/** One stretch of time during which a user's role, outlet and active flag did not change. */
export interface RoleSpan {
  role: Role;
  /** Null: every outlet (admins). */
  outletId: string | null;
  active: boolean;
  /** Server clock, epoch ms, inclusive. */
  from: number;
  /** Exclusive; null while the span is current. */
  to: number | null;
}

/** The span in force at `at` (half-open: a span ending at t does not hold at t), or null before the user existed. */
export function roleAt(spans: readonly RoleSpan[], at: number): RoleSpan | null {
  let found: RoleSpan | null = null;
  for (const s of spans) {
    if (s.from <= at && (s.to === null || at < s.to) && (found === null || s.from >= found.from)) found = s;
  }
  return found;
}

/**
 * True when the user could approve an act at `outletId` at time `at`: active,
 * a supervisor or admin, and either of that outlet or of every outlet.
 * `at` is usually the device's clock, so the caller decides how much skew to
 * forgive (e.g. also accept the role held at the server's receive time).
 */
export function couldApproveAt(spans: readonly RoleSpan[], at: number, outletId: string): boolean {
  const span = roleAt(spans, at);
  return span !== null && span.active && canApprove(span.role) && (span.outletId === null || span.outletId === outletId);
}
