import { describe, expect, it } from 'vitest';
import {
  afterRightPin,
  afterWrongPin,
  attemptsLeft,
  isLocked,
  LOCKOUT_BASE_MS,
  LOCKOUT_CAP_MS,
  lockedFor,
  MAX_PIN_ATTEMPTS,
  NO_LOCKOUT,
  type LockoutState,
} from '../../src/domain/lockout.ts';

function wrong(state: LockoutState, times: number, now: number): LockoutState {
  let s = state;
  for (let i = 0; i < times; i++) s = afterWrongPin(s, now);
  return s;
}

describe('PIN lockout', () => {
  const t0 = 1_790_000_000_000;

  it('allows four wrong PINs and locks on the fifth', () => {
    const four = wrong(NO_LOCKOUT, 4, t0);
    expect(MAX_PIN_ATTEMPTS).toBe(5);
    expect(isLocked(four, t0)).toBe(false);
    expect(attemptsLeft(four)).toBe(1);
    const five = afterWrongPin(four, t0);
    expect(isLocked(five, t0)).toBe(true);
    expect(lockedFor(five, t0)).toBe(LOCKOUT_BASE_MS);
  });

  it('ignores PINs typed while locked: they neither count nor extend', () => {
    const locked = wrong(NO_LOCKOUT, 5, t0);
    expect(wrong(locked, 20, t0 + 1000)).toEqual(locked);
  });

  it('unlocks when the time is up, with a fresh five tries', () => {
    const locked = wrong(NO_LOCKOUT, 5, t0);
    const later = t0 + LOCKOUT_BASE_MS;
    expect(isLocked(locked, later)).toBe(false);
    expect(attemptsLeft(locked)).toBe(MAX_PIN_ATTEMPTS);
  });

  it('doubles each lockout in a row, up to the cap', () => {
    let s = NO_LOCKOUT;
    let now = t0;
    const lengths: number[] = [];
    for (let i = 0; i < 6; i++) {
      s = wrong(s, 5, now);
      lengths.push(lockedFor(s, now));
      now += lockedFor(s, now);
    }
    expect(lengths).toEqual([1, 2, 4, 8, 12, 12].map((m) => Math.min(LOCKOUT_CAP_MS, m * LOCKOUT_BASE_MS)));
  });

  it('a right PIN clears failures and the doubling', () => {
    const s = wrong(wrong(NO_LOCKOUT, 5, t0), 3, t0 + LOCKOUT_BASE_MS);
    expect(afterRightPin()).toEqual(NO_LOCKOUT);
    expect(s.lockouts).toBe(1);
  });
});
