// Wrong-PIN lockout, per user per device, decided without a network. Pure:
// the caller stores the state (IndexedDB on the device) and passes the clock.

export const MAX_PIN_ATTEMPTS = 5;
/** The first lockout; each further one in a row doubles, up to the cap. */
export const LOCKOUT_BASE_MS = 5 * 60_000;
export const LOCKOUT_CAP_MS = 60 * 60_000;

export interface LockoutState {
  /** Wrong PINs since the last right one or the last lockout. */
  failures: number;
  /** Lockouts in a row without a right PIN between them. */
  lockouts: number;
  /** Epoch ms until which no PIN is even checked; 0 when not locked. */
  lockedUntil: number;
}

export const NO_LOCKOUT: LockoutState = { failures: 0, lockouts: 0, lockedUntil: 0 };

export function lockedFor(state: LockoutState, now: number): number {
  return Math.max(0, state.lockedUntil - now);
}

export function isLocked(state: LockoutState, now: number): boolean {
  return lockedFor(state, now) > 0;
}

/** Attempts left before the next lockout. */
export function attemptsLeft(state: LockoutState): number {
  return MAX_PIN_ATTEMPTS - state.failures;
}

export function afterWrongPin(state: LockoutState, now: number): LockoutState {
  // A PIN typed while locked is never checked, so it cannot count either.
  if (isLocked(state, now)) return state;
  const failures = state.failures + 1;
  if (failures < MAX_PIN_ATTEMPTS) return { ...state, failures };
  const lockouts = state.lockouts + 1;
  const ms = Math.min(LOCKOUT_CAP_MS, LOCKOUT_BASE_MS * 2 ** (lockouts - 1));
  return { failures: 0, lockouts, lockedUntil: now + ms };
}

export function afterRightPin(): LockoutState {
  return NO_LOCKOUT;
}
