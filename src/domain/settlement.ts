// What a producer is owed for what was sold, by item: each sold line is
// settled exactly once, and each return of a line exactly once (in the same
// settlement as its line, reducing it, or in a later one as a deduction).
// The store's fee follows the producer's consignment terms; a Lapas
// workshop's proceeds are split by the levy rule in force on each sale's
// date. Totals are rounded once, at the end, by largest remainder, so the
// parts add up exactly to the whole. docs/decisions.md, "Settlement".
import { consignmentTermFor, FULL_BP, levyRuleOn, type ConsignmentTerm, type LevyRule, type ProducerInput } from './producer.ts';

/** A sold line as the server holds it (integer rupiah). */
export interface SoldLine {
  lineId: string;
  saleId: string;
  businessDate: string;
  productId: string;
  name: string;
  category: string;
  qty: number;
  unitPrice: number;
  /** What the customer paid for the line: after line and order discounts, PPN included. */
  net: number;
  /** PPN inside `net` (0 when the outlet charges none or the product is bebas PPN). */
  tax: number;
  /** HPP per unit frozen at the sale; null when it was not known. */
  cost: number | null;
}

/** Units of one line taken back by a void or refund. */
export interface LineReturn {
  returnId: string;
  lineId: string;
  qty: number;
  businessDate: string;
  /** Orders the returns of one line (created_at, then id). */
  order: number;
}

/**
 * The settled amount of a line: what the customer paid for it after every
 * discount, less the PPN inside it (PPN is the state's, deposited by the
 * store, never the producer's proceeds).
 */
export function settledAmount(line: Pick<SoldLine, 'net' | 'tax'>): number {
  return line.net - line.tax;
}

/**
 * The value of `qty` units of a line whose `before` units were already
 * returned: the difference of the floored cumulative shares, so the returns
 * of a whole line add up to exactly the line's value.
 */
export function returnedValue(value: number, lineQty: number, before: number, qty: number): number {
  const share = (units: number): number => Math.floor((value * units) / lineQty);
  return share(before + qty) - share(before);
}

/** One row of a settlement: a sold line, a return of a line (negative), or a correction an admin entered. */
export type SettlementItem =
  | {
      kind: 'sale' | 'return';
      lineId: string;
      saleId: string;
      /** The return's id; null for a sale. */
      returnId: string | null;
      /** The sale's business date (the levy rule's date, for a return too). */
      saleDate: string;
      /** The sale's or the return's business date. */
      date: string;
      productId: string;
      name: string;
      category: string;
      /** Units, negative for a return. */
      qty: number;
      unitPrice: number;
      /** The settled amount, negative for a return. */
      amount: number;
      /** HPP of these units, negative for a return; null when unknown. */
      cost: number | null;
      /** The consignment term frozen when the item was listed; absent: the producer's term for the category now. */
      term?: ConsignmentTerm;
    }
  | { kind: 'correction'; id: string; date: string; name: string; amount: number; note: string };

export interface ReturnSeen {
  returnId: string;
  lineId: string;
}

/**
 * The items of a new settlement: every sold line not settled yet (sold on or
 * before `to`), every return not yet settled of a line in it or settled
 * before. A return in the same settlement as its line just reduces it.
 */
export function settlementItems(
  lines: readonly SoldLine[],
  returns: readonly LineReturn[],
  settled: { lines: ReadonlySet<string>; returns: readonly ReturnSeen[] },
  to: string,
): SettlementItem[] {
  const take = lines.filter((l) => !settled.lines.has(l.lineId) && l.businessDate <= to);
  const byId = new Map(lines.map((l) => [l.lineId, l]));
  const items: SettlementItem[] = take.map((l) => ({
    kind: 'sale',
    lineId: l.lineId,
    saleId: l.saleId,
    returnId: null,
    saleDate: l.businessDate,
    date: l.businessDate,
    productId: l.productId,
    name: l.name,
    category: l.category,
    qty: l.qty,
    unitPrice: l.unitPrice,
    amount: settledAmount(l),
    cost: l.cost === null ? null : l.cost * l.qty,
  }));
  const seen = new Set(settled.returns.map((r) => `${r.returnId}|${r.lineId}`));
  const inHere = new Set(take.map((l) => l.lineId));
  const sorted = [...returns].sort((a, b) => a.order - b.order || (a.returnId < b.returnId ? -1 : a.returnId > b.returnId ? 1 : 0));
  const before = new Map<string, number>();
  for (const r of sorted) {
    const line = byId.get(r.lineId);
    if (line === undefined) continue;
    const prior = before.get(r.lineId) ?? 0;
    const qty = Math.min(r.qty, line.qty - prior);
    before.set(r.lineId, prior + qty);
    if (qty <= 0 || seen.has(`${r.returnId}|${r.lineId}`)) continue;
    if (!inHere.has(r.lineId) && !settled.lines.has(r.lineId)) continue;
    items.push({
      kind: 'return',
      lineId: r.lineId,
      saleId: line.saleId,
      returnId: r.returnId,
      saleDate: line.businessDate,
      date: r.businessDate,
      productId: line.productId,
      name: line.name,
      category: line.category,
      qty: -qty,
      unitPrice: line.unitPrice,
      amount: -returnedValue(settledAmount(line), line.qty, prior, qty),
      cost: line.cost === null ? null : -returnedValue(line.cost * line.qty, line.qty, prior, qty),
    });
  }
  return items;
}

// ------------------------------------------------------------------ split

/** An exact fraction n/d, d > 0. */
export interface Frac {
  n: bigint;
  d: bigint;
}
const gcd = (a: bigint, b: bigint): bigint => {
  let [x, y] = [a < 0n ? -a : a, b < 0n ? -b : b];
  while (y !== 0n) [x, y] = [y, x % y];
  return x === 0n ? 1n : x;
};
const frac = (n: bigint, d = 1n): Frac => {
  const g = gcd(n, d);
  return { n: n / g, d: d / g };
};
const add = (a: Frac, b: Frac): Frac => frac(a.n * b.d + b.n * a.d, a.d * b.d);
const sub = (a: Frac, b: Frac): Frac => add(a, { n: -b.n, d: b.d });
const mul = (a: Frac, n: bigint, d: bigint): Frac => frac(a.n * n, a.d * d);
const floorDiv = (n: bigint, d: bigint): bigint => (n >= 0n ? n / d : -((-n + d - 1n) / d));

/**
 * Integers for exact parts whose sum is the integer `whole`: each part's
 * floor, then one rupiah more to the parts with the largest remainders, the
 * earlier part first on a tie.
 */
export function largestRemainder(parts: readonly Frac[], whole: number): number[] {
  const floors = parts.map((p) => floorDiv(p.n, p.d));
  const rest = parts.map((p, i) => sub(p, frac(floors[i] ?? 0n)));
  let left = BigInt(whole) - floors.reduce((a, b) => a + b, 0n);
  const order = parts.map((_, i) => i).sort((a, b) => {
    const ra = rest[a] as Frac;
    const rb = rest[b] as Frac;
    const c = rb.n * ra.d - ra.n * rb.d;
    return c > 0n ? 1 : c < 0n ? -1 : a - b;
  });
  const out = floors.map((f) => f);
  for (const i of order) {
    if (left <= 0n) break;
    out[i] = (out[i] ?? 0n) + 1n;
    left -= 1n;
  }
  return out.map(Number);
}

/** The store's share of an amount under a term: `fee` of the sales value, or the `margin` over the producer's price. */
function feeShare(amount: bigint, term: ConsignmentTerm): Frac {
  return term.kind === 'fee' ? frac(amount * BigInt(term.bp), BigInt(FULL_BP)) : frac(amount * BigInt(term.bp), BigInt(FULL_BP + term.bp));
}

export interface UmkmSplit {
  kind: 'umkm';
  gross: number;
  fee: number;
  payable: number;
}

export interface LapasSplit {
  kind: 'lapas';
  gross: number;
  /** The store's fee by the terms (often none for a Lapas). */
  fee: number;
  /** Under a profit rule, the production cost (HPP) goes back to the workshop before the split. */
  hpp: number;
  premi: number;
  pnbp: number;
  modal: number;
  /** What the store pays out: gross less its fee. */
  payable: number;
}

export type Split = UmkmSplit | LapasSplit;

export type SplitProblem =
  | { code: 'cost-unknown'; lineIds: string[] }
  | { code: 'no-levy-rule'; lineIds: string[] };

export interface SplitResult {
  split: Split;
  /** Lines that cannot be split as the rules say; approval waits for them (docs/decisions.md). */
  problems: SplitProblem[];
}

type ProducerTerms = Pick<ProducerInput, 'kind' | 'terms' | 'levyRules'>;

/**
 * The split of a settlement's items. Under a profit rule the base is the
 * amount after the store's fee less the HPP; a line sold at a loss gives no
 * premi, PNBP or modal (all of it is HPP). An unknown HPP counts as zero
 * (the whole amount as profit) and is reported, as is a Lapas line sold
 * before the workshop's first rule (split as the earliest rule).
 */
export function splitSettlement(producer: ProducerTerms, items: readonly SettlementItem[]): SplitResult {
  const gross = items.reduce((s, i) => s + i.amount, 0);
  let fee = frac(0n);
  let hpp = frac(0n);
  let premi = frac(0n);
  let pnbp = frac(0n);
  let modal = frac(0n);
  const costUnknown: string[] = [];
  const noRule: string[] = [];
  const rules = [...producer.levyRules].sort((a, b) => (a.validFrom < b.validFrom ? -1 : 1));
  for (const it of items) {
    const amount = BigInt(it.amount);
    const term = it.kind === 'correction' ? { kind: 'fee' as const, bp: 0 } : (it.term ?? consignmentTermFor(producer.terms, it.category));
    const f = feeShare(amount, term);
    fee = add(fee, f);
    if (producer.kind !== 'lapas') continue;
    const rest = sub(frac(amount), f);
    let rule: LevyRule | null = it.kind === 'correction' ? levyRuleOn(rules, it.date) : levyRuleOn(rules, it.saleDate);
    if (rule === null) {
      rule = rules[0] ?? null;
      if (it.kind !== 'correction') noRule.push(it.lineId);
    }
    if (rule === null) {
      modal = add(modal, rest);
      continue;
    }
    let base = rest;
    if (rule.base === 'profit' && it.kind !== 'correction') {
      if (it.cost === null) costUnknown.push(it.lineId);
      const cost = BigInt(it.cost ?? 0);
      // A return's numbers are negative: the loss test works on the magnitude.
      const sign = amount < 0n ? -1n : 1n;
      const mag = mul(rest, sign, 1n);
      const profit = sub(mag, frac(cost * sign));
      base = profit.n <= 0n ? frac(0n) : mul(profit, sign, 1n);
    }
    hpp = add(hpp, sub(rest, base));
    premi = add(premi, mul(base, BigInt(rule.premiBp), BigInt(FULL_BP)));
    pnbp = add(pnbp, mul(base, BigInt(rule.pnbpBp), BigInt(FULL_BP)));
    modal = add(modal, mul(base, BigInt(rule.modalBp), BigInt(FULL_BP)));
  }
  const problems: SplitProblem[] = [];
  if (costUnknown.length > 0) problems.push({ code: 'cost-unknown', lineIds: [...new Set(costUnknown)] });
  if (noRule.length > 0) problems.push({ code: 'no-levy-rule', lineIds: [...new Set(noRule)] });
  if (producer.kind !== 'lapas') {
    const [feeInt = 0, payable = 0] = largestRemainder([fee, sub(frac(BigInt(gross)), fee)], gross);
    return { split: { kind: 'umkm', gross, fee: feeInt, payable }, problems };
  }
  const [feeInt = 0, hppInt = 0, premiInt = 0, pnbpInt = 0, modalInt = 0] = largestRemainder([fee, hpp, premi, pnbp, modal], gross);
  return {
    split: { kind: 'lapas', gross, fee: feeInt, hpp: hppInt, premi: premiInt, pnbp: pnbpInt, modal: modalInt, payable: gross - feeInt },
    problems,
  };
}

/** The parts of a split, which add up to its gross. */
export function splitParts(s: Split): number[] {
  return s.kind === 'umkm' ? [s.fee, s.payable] : [s.fee, s.hpp, s.premi, s.pnbp, s.modal];
}

// ------------------------------------------------------------------ states

export const SETTLEMENT_STATES = ['draft', 'approved', 'paid'] as const;
export type SettlementState = (typeof SETTLEMENT_STATES)[number];

export type SettlementAct = 'edit' | 'approve' | 'pay' | 'discard';

/** Which act a settlement in a state allows: a draft is edited, approved or discarded; an approved one is frozen and only paid. */
export function settlementAllows(state: SettlementState, act: SettlementAct): boolean {
  if (state === 'draft') return act === 'edit' || act === 'approve' || act === 'discard';
  if (state === 'approved') return act === 'pay';
  return false;
}

/** SIMPONI's Kode Billing: 15 digits. */
export function isKodeBilling(s: string): boolean {
  return /^\d{15}$/.test(s);
}

/** An NTPN (Nomor Transaksi Penerimaan Negara): 16 letters and digits. */
export function isNtpn(s: string): boolean {
  return /^[0-9A-Z]{16}$/.test(s);
}

/** An outlet as the statement's heading reads it. */
export interface HeadingOutlet {
  kind: string;
  active: boolean;
  name: string;
  address: string;
  settings: { receiptName?: string | null };
}

/**
 * The store's name and address at the head of a statement: the active
 * store outlet's (its receipt name when set), else the first outlet's. The
 * admin's screen and the producer's page head it alike.
 */
export function statementHeading(outlets: readonly HeadingOutlet[]): { name: string; address: string } {
  const main = outlets.find((o) => o.kind === 'store' && o.active) ?? outlets[0];
  return { name: main?.settings.receiptName || main?.name || 'Kasir Karya', address: main?.address ?? '' };
}

/** Whether a settlement in this state may be shared with its producer: a draft may still change, so never. */
export function settlementShareable(state: SettlementState): boolean {
  return state === 'approved' || state === 'paid';
}
