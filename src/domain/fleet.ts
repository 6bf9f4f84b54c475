// Which devices an operator must look at first: one silent for more than a
// day (a booth tablet left in a bag, a showroom with no signal), or one
// holding sales older than a day that the server has not got. Used by the
// /admin device list; pure so the rule is one and tested alone.

export const ATTENTION_AFTER_MS = 24 * 60 * 60_000;

export type Attention = 'silent' | 'unsynced-old' | null;

export interface FleetFacts {
  /** Revoked devices and codes never used need no watching. */
  active: boolean;
  lastSeenAt: number | null;
  /** From the device's own last report. */
  pending: number | null;
  oldestUnsyncedAt: number | null;
}

/** The one reason to look at this device now, the more urgent first; null when all is well. */
export function attentionOf(d: FleetFacts, now: number): Attention {
  if (!d.active) return null;
  // Unsynced sales a day old are money the producers wait for: worse than silence alone.
  if ((d.pending ?? 0) > 0 && d.oldestUnsyncedAt !== null && now - d.oldestUnsyncedAt > ATTENTION_AFTER_MS) return 'unsynced-old';
  if (d.lastSeenAt === null || now - d.lastSeenAt > ATTENTION_AFTER_MS) return 'silent';
  return null;
}

const RANK: Record<Exclude<Attention, null> | 'ok', number> = { 'unsynced-old': 0, silent: 1, ok: 2 };

/** Devices needing attention first (unsynced sales, then silence), each group longest-silent first; the rest keep their order. */
export function byAttention<T extends FleetFacts>(devices: readonly T[], now: number): T[] {
  const keyed = devices.map((d, i) => ({ d, i, rank: RANK[attentionOf(d, now) ?? 'ok'] }));
  keyed.sort((a, b) => a.rank - b.rank || (a.rank < 2 ? (a.d.lastSeenAt ?? 0) - (b.d.lastSeenAt ?? 0) : 0) || a.i - b.i);
  return keyed.map((k) => k.d);
}
