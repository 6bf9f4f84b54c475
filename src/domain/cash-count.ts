// The drawer's count at Tutup Kasir: notes and coins in circulation, counts
// times value, and the outlet's default limits. Apart from shift.ts so the
// wire (which checks a Z's count) carries no more than it needs.
import type { Rupiah } from './money.ts';

/** Notes and coins in circulation, largest first (Rp 1.000 exists as both). */
export const DENOMINATIONS = [
  { key: 'n100000', value: 100_000, form: 'note' },
  { key: 'n50000', value: 50_000, form: 'note' },
  { key: 'n20000', value: 20_000, form: 'note' },
  { key: 'n10000', value: 10_000, form: 'note' },
  { key: 'n5000', value: 5_000, form: 'note' },
  { key: 'n2000', value: 2_000, form: 'note' },
  { key: 'n1000', value: 1_000, form: 'note' },
  { key: 'c1000', value: 1_000, form: 'coin' },
  { key: 'c500', value: 500, form: 'coin' },
  { key: 'c200', value: 200, form: 'coin' },
  { key: 'c100', value: 100, form: 'coin' },
] as const;

export type DenominationKey = (typeof DENOMINATIONS)[number]['key'];
export type DenominationCounts = Partial<Record<DenominationKey, number>>;
export const DENOMINATION_KEYS = DENOMINATIONS.map((d) => d.key) as DenominationKey[];
/** More pieces of one kind than any drawer holds: a slip of the finger. */
export const MAX_PIECES = 100_000;

export type CountProblem = { code: 'count-not-whole'; key: DenominationKey } | { code: 'count-too-large'; key: DenominationKey; max: number };

/** What is wrong with the counts as typed, one problem per denomination. */
export function countProblems(counts: DenominationCounts): CountProblem[] {
  const out: CountProblem[] = [];
  for (const key of DENOMINATION_KEYS) {
    const n = counts[key];
    if (n === undefined) continue;
    if (!Number.isInteger(n) || n < 0) out.push({ code: 'count-not-whole', key });
    else if (n > MAX_PIECES) out.push({ code: 'count-too-large', key, max: MAX_PIECES });
  }
  return out;
}

/** Pieces x value, summed. Throws on counts that countProblems refuses. */
export function countedCash(counts: DenominationCounts): Rupiah {
  const problems = countProblems(counts);
  if (problems.length > 0) throw new RangeError(`bad count for ${problems[0]!.key}`);
  return DENOMINATIONS.reduce((sum, d) => sum + (counts[d.key] ?? 0) * d.value, 0);
}

/** Outlet limits of the drawer; the admin sets them per outlet (outlet-settings.ts). */
export const DEFAULT_CASH_OUT_LIMIT: Rupiah = 500_000;
export const DEFAULT_SELISIH_THRESHOLD: Rupiah = 10_000;

