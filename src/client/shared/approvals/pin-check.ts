// One PIN check, for sign-in and for approvals alike, with the lockout of
// domain/lockout.ts kept per user in IndexedDB, so a reload forgives nothing.
import { afterRightPin, afterWrongPin, attemptsLeft, isLocked, lockedFor } from '../../../domain/lockout.ts';
import { verifyPin } from '../../../domain/pin.ts';
import { getLockout, updateLockout } from '../../db/auth-repo.ts';
import type { KasirDb } from '../../db/database.ts';
import type { UserRow } from '../../db/schema.ts';

export type PinCheck = { kind: 'ok' } | { kind: 'wrong'; attemptsLeft: number } | { kind: 'locked'; ms: number };

export async function lockState(db: KasirDb, userId: string, now: number = Date.now()): Promise<PinCheck | null> {
  const state = await getLockout(db, userId);
  return isLocked(state, now) ? { kind: 'locked', ms: lockedFor(state, now) } : null;
}

export async function checkPin(db: KasirDb, user: UserRow, pin: string, now: number = Date.now()): Promise<PinCheck> {
  const locked = await lockState(db, user.id, now);
  if (locked) return locked;
  // Counted as wrong before the slow hash runs and forgiven if it was right:
  // closing the tab mid-check must not give a guess for free.
  const counted = await updateLockout(db, user.id, (s) => afterWrongPin(s, now));
  const right = user.pin !== null && (await verifyPin(pin, user.pin));
  if (right) {
    await updateLockout(db, user.id, () => afterRightPin());
    return { kind: 'ok' };
  }
  return isLocked(counted, now) ? { kind: 'locked', ms: lockedFor(counted, now) } : { kind: 'wrong', attemptsLeft: attemptsLeft(counted) };
}
