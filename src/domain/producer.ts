// A producer's record for the back office: contact, where payouts go, the
// consignment terms, and for a Lapas workshop its dated levy rules (premi /
// PNBP / modal). Settlement (a later issue) reads the rule in force on a
// sale's date; a rule added later never rewrites an older sale.

export const LEVY_BASES = ['sales', 'profit'] as const;
export type LevyBase = (typeof LEVY_BASES)[number];

/** Shares in basis points (1 % = 100); premi + PNBP + modal = 10,000. */
export interface LevyRule {
  /** Business date `YYYY-MM-DD` from which it applies. */
  validFrom: string;
  premiBp: number;
  pnbpBp: number;
  modalBp: number;
  base: LevyBase;
  /** The decree or letter it comes from, e.g. "Kepmen M.01-PP.02.01/1990". */
  source: string;
}

export type PayoutAccount =
  | { kind: 'bank'; bank: string; number: string; holder: string }
  | { kind: 'ewallet'; provider: string; number: string; holder: string };

/** `fee`: the store keeps this share of the sales value; `margin`: the store's mark-up over the producer's price. */
export interface ConsignmentTerm {
  kind: 'fee' | 'margin';
  bp: number;
}

export interface ProducerInput {
  id: string;
  name: string;
  kind: 'lapas' | 'umkm';
  /** The Lapas a workshop belongs to; null for an UMKM. */
  lapas: string | null;
  contactName: string;
  contactPhone: string;
  payout: PayoutAccount | null;
  receiptLine: string | null;
  consignment: boolean;
  terms: { default: ConsignmentTerm; byCategory: { category: string; term: ConsignmentTerm }[] };
  levyRules: LevyRule[];
  active: boolean;
}

export const FULL_BP = 10_000;
const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export type ProducerProblem =
  | { field: 'id'; code: 'producer-id-invalid' }
  | { field: 'name'; code: 'producer-name-missing' }
  | { field: 'lapas'; code: 'lapas-missing' }
  | { field: 'contactPhone'; code: 'phone-invalid' }
  | { field: 'payout'; code: 'payout-incomplete' }
  | { field: 'terms'; code: 'term-out-of-range'; category: string | null }
  | { field: 'terms'; code: 'term-category-twice'; category: string }
  | { field: 'levyRules'; code: 'levy-sum-not-100'; index: number; sumBp: number }
  | { field: 'levyRules'; code: 'levy-share-invalid'; index: number }
  | { field: 'levyRules'; code: 'levy-date-invalid'; index: number }
  | { field: 'levyRules'; code: 'levy-same-date'; index: number; date: string }
  | { field: 'levyRules'; code: 'levy-source-missing'; index: number }
  | { field: 'levyRules'; code: 'levy-for-umkm' };

const shareOk = (bp: number): boolean => Number.isInteger(bp) && bp >= 0 && bp <= FULL_BP;

/** Problems of one rule list: shares whole and in range summing to exactly 100 %, real dates, no two from the same date, a source named. */
export function levyRuleProblems(rules: readonly LevyRule[]): ProducerProblem[] {
  const out: ProducerProblem[] = [];
  const seen = new Set<string>();
  rules.forEach((r, index) => {
    if (![r.premiBp, r.pnbpBp, r.modalBp].every(shareOk)) out.push({ field: 'levyRules', code: 'levy-share-invalid', index });
    else if (r.premiBp + r.pnbpBp + r.modalBp !== FULL_BP) out.push({ field: 'levyRules', code: 'levy-sum-not-100', index, sumBp: r.premiBp + r.pnbpBp + r.modalBp });
    if (!DATE.test(r.validFrom)) out.push({ field: 'levyRules', code: 'levy-date-invalid', index });
    else if (seen.has(r.validFrom)) out.push({ field: 'levyRules', code: 'levy-same-date', index, date: r.validFrom });
    seen.add(r.validFrom);
    if (r.source.trim() === '') out.push({ field: 'levyRules', code: 'levy-source-missing', index });
  });
  return out;
}

/** Every problem of a producer as entered, each naming its field. */
export function producerProblems(p: ProducerInput): ProducerProblem[] {
  const out: ProducerProblem[] = [];
  if (!/^[a-z0-9][a-z0-9-]{0,63}$/.test(p.id)) out.push({ field: 'id', code: 'producer-id-invalid' });
  if (p.name.trim() === '') out.push({ field: 'name', code: 'producer-name-missing' });
  if (p.kind === 'lapas' && (p.lapas ?? '').trim() === '') out.push({ field: 'lapas', code: 'lapas-missing' });
  // Indonesian numbers as written: +62 or 0, then 8-13 digits, spaces and dashes allowed.
  if (p.contactPhone.trim() !== '' && !/^(\+62|0)[\d\s-]{8,15}$/.test(p.contactPhone.trim())) out.push({ field: 'contactPhone', code: 'phone-invalid' });
  if (p.payout !== null) {
    const name = p.payout.kind === 'bank' ? p.payout.bank : p.payout.provider;
    if (name.trim() === '' || !/^\d{5,20}$/.test(p.payout.number.replace(/[\s-]/g, '')) || p.payout.holder.trim() === '') out.push({ field: 'payout', code: 'payout-incomplete' });
  }
  const terms = [{ category: null, term: p.terms.default }, ...p.terms.byCategory.map((c) => ({ category: c.category, term: c.term }))];
  for (const { category, term } of terms) if (!shareOk(term.bp)) out.push({ field: 'terms', code: 'term-out-of-range', category });
  const cats = new Set<string>();
  for (const c of p.terms.byCategory) {
    const key = c.category.trim().toLowerCase();
    if (cats.has(key)) out.push({ field: 'terms', code: 'term-category-twice', category: c.category });
    cats.add(key);
  }
  if (p.kind === 'umkm' && p.levyRules.length > 0) out.push({ field: 'levyRules', code: 'levy-for-umkm' });
  out.push(...levyRuleProblems(p.levyRules));
  return out;
}

/** The rule in force on a business date: the latest whose `validFrom` is on or before it; null before the first. */
export function levyRuleOn(rules: readonly LevyRule[], date: string): LevyRule | null {
  let best: LevyRule | null = null;
  for (const r of rules) if (r.validFrom <= date && (best === null || r.validFrom > best.validFrom)) best = r;
  return best;
}

/** The term for a product's category: its override, else the default. Categories match regardless of case. */
export function consignmentTermFor(terms: ProducerInput['terms'], category: string): ConsignmentTerm {
  const key = category.trim().toLowerCase();
  return terms.byCategory.find((c) => c.category.trim().toLowerCase() === key)?.term ?? terms.default;
}

/**
 * Rules already in force on `today` were used for sales: they may not be
 * changed or removed, only followed by a newer one. Answers the dates of the
 * rules an edit would rewrite.
 */
export function rewrittenLevyRules(before: readonly LevyRule[], after: readonly LevyRule[], today: string): string[] {
  const same = (a: LevyRule, b: LevyRule): boolean =>
    a.premiBp === b.premiBp && a.pnbpBp === b.pnbpBp && a.modalBp === b.modalBp && a.base === b.base && a.source === b.source;
  return before
    .filter((r) => r.validFrom <= today)
    .filter((r) => {
      const kept = after.find((a) => a.validFrom === r.validFrom);
      return kept === undefined || !same(kept, r);
    })
    .map((r) => r.validFrom);
}

/** Oldest first, as the screen lists them and levyRuleOn reads them best. */
export function sortedLevyRules(rules: readonly LevyRule[]): LevyRule[] {
  return [...rules].sort((a, b) => (a.validFrom < b.validFrom ? -1 : a.validFrom > b.validFrom ? 1 : 0));
}
