// The reasons a Kas Masuk / Kas Keluar may give, as an admin keeps them:
// which are offered for a direction, and that each direction keeps at least
// one (a cashier who must take money out and finds no reason would be stuck
// at the counter). Pure: the admin screen checks before saving, the server
// again, the counter's form filters with the same rule.
import type { CashReasonDirection } from './shift.ts';

export const CASH_REASON_DIRECTIONS = ['in', 'out', 'both'] as const satisfies readonly CashReasonDirection[];
export type MoveDirection = 'in' | 'out';

export interface CashReasonLike {
  code: string;
  direction: CashReasonDirection;
  active: boolean;
}

/** Whether a reason of `reason` direction may be given for a movement `move`. */
export function reasonFits(reason: CashReasonDirection, move: MoveDirection): boolean {
  return reason === 'both' || reason === move;
}

/** The reasons a cashier is offered for `move`: active, of that direction or both. */
export function offeredFor<R extends CashReasonLike>(reasons: readonly R[], move: MoveDirection): R[] {
  return reasons.filter((r) => r.active && reasonFits(r.direction, move));
}

/**
 * The movement directions that would be left without any offered reason if
 * `change` replaced (or joined) the reason of its code: a save that does this
 * is refused, so Kas Masuk and Kas Keluar always have something to pick.
 */
export function directionsLeftBare(reasons: readonly CashReasonLike[], change: CashReasonLike): MoveDirection[] {
  const after = [...reasons.filter((r) => r.code !== change.code), change];
  return (['in', 'out'] as const).filter((d) => offeredFor(after, d).length === 0);
}

/** What a movement's reason code is to the server: one it knows and offers, one taken off the list since, or one it never knew. */
export type ReasonStanding = 'offered' | 'withdrawn' | 'unknown';

export function reasonStanding(known: CashReasonLike | undefined): ReasonStanding {
  if (known === undefined) return 'unknown';
  return known.active ? 'offered' : 'withdrawn';
}

/** A reason's label in the reader's language; English falls back to the Bahasa label when an admin left it empty. */
export function reasonLabel(r: { label: string; labelEn?: string | undefined }, lang: 'id' | 'en'): string {
  return lang === 'en' && r.labelEn !== undefined && r.labelEn.trim() !== '' ? r.labelEn : r.label;
}
