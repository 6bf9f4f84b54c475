// Stock across outlets: receipts from producers, transfers between outlets,
// adjustments with a reason, and shelf counts. Pure: the device applies these
// rules before an act, the server again when the act arrives (it cannot trust
// the device to have asked), so each rule is written once, here.
import type { Rupiah } from './money.ts';

/** The largest quantity one line may move; a bigger number is a typo, not stock. */
export const MAX_LINE_QTY = 100_000;
/** Lines on one document (a note, a transfer, an adjustment, a count). */
export const MAX_DOC_LINES = 2_000;

// ------------------------------------------------------------ adjustments

/** Reasons every outlet has; an admin adds more (stored on the server, pulled). */
export const BUILTIN_ADJUST_REASONS = ['rusak', 'hilang', 'sampel', 'koreksi'] as const;
export type BuiltinAdjustReason = (typeof BUILTIN_ADJUST_REASONS)[number];

/** A reason code an admin types: short, lower-case words, so it reads the same in the log and on a device. */
export const REASON_CODE_PATTERN = /^[a-z][a-z0-9-]{1,39}$/;

export function isReasonCode(code: string): boolean {
  return REASON_CODE_PATTERN.test(code);
}

/**
 * Above these an adjustment needs a supervisor's PIN besides the person
 * making it: units moved in total (either way), or their value at the list
 * price. Each outlet's own (outlet settings, edited by an admin): five
 * damaged batik is a shelf accident at the store, fifty a decision; a fair
 * booth selling cheap keychains may want another figure (docs/decisions.md,
 * "Stock adjustments"). These are the defaults for an outlet never set.
 */
export interface AdjustLimits {
  qty: number;
  value: Rupiah;
}
export const DEFAULT_ADJUST_LIMITS: AdjustLimits = { qty: 10, value: 1_000_000 };

export interface AdjustLine {
  productId: string;
  /** Units added (positive) or taken out (negative); never zero. */
  delta: number;
}

export type AdjustOverLimit = { kind: 'qty'; qty: number; limit: number } | { kind: 'value'; value: Rupiah; limit: Rupiah };

/**
 * Why an adjustment needs a supervisor; empty when it does not. `priceOf`
 * gives the list price; a product without one counts as worthless here (its
 * units still count towards the quantity limit).
 */
export function adjustOverLimit(lines: readonly AdjustLine[], priceOf: (productId: string) => Rupiah | undefined, limits: AdjustLimits = DEFAULT_ADJUST_LIMITS): AdjustOverLimit[] {
  let qty = 0;
  let value = 0;
  for (const l of lines) {
    const units = Math.abs(l.delta);
    qty += units;
    value += units * (priceOf(l.productId) ?? 0);
  }
  const out: AdjustOverLimit[] = [];
  if (qty > limits.qty) out.push({ kind: 'qty', qty, limit: limits.qty });
  if (value > limits.value) out.push({ kind: 'value', value, limit: limits.value });
  return out;
}

// -------------------------------------------------------------- transfers

/**
 * A transfer document's life. It is made and sent at the source in one act
 * (a booth with no signal cannot keep drafts on a server), so a document the
 * server sees starts as `sent`; a device keeps its draft locally until sent.
 * Received, it is closed for good, with or without a difference.
 */
export const TRANSFER_STATES = ['draft', 'sent', 'received', 'received-with-difference'] as const;
export type TransferState = (typeof TRANSFER_STATES)[number];

export type TransferEvent = { kind: 'send' } | { kind: 'receive'; differs: boolean };

export type TransferRefusal = 'not-sent' | 'already-sent' | 'already-received';

/** The state after `event`, or why the event cannot happen in `state`. */
export function transferNext(state: TransferState, event: TransferEvent): { state: TransferState } | { refusal: TransferRefusal } {
  switch (event.kind) {
    case 'send':
      if (state === 'draft') return { state: 'sent' };
      return { refusal: state === 'sent' ? 'already-sent' : 'already-received' };
    case 'receive':
      if (state === 'sent') return { state: event.differs ? 'received-with-difference' : 'received' };
      return { refusal: state === 'draft' ? 'not-sent' : 'already-received' };
  }
}

export function isOpenTransfer(state: TransferState): boolean {
  return state === 'draft' || state === 'sent';
}

export interface QtyLine {
  productId: string;
  qty: number;
}

export interface LineDifference {
  productId: string;
  sent: number;
  received: number;
  /** received - sent: negative is missing, positive is more than was sent. */
  difference: number;
}

/** Sums the quantities of lines naming the same product (a scan per piece makes many). */
export function sumByProduct(lines: readonly QtyLine[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const l of lines) out.set(l.productId, (out.get(l.productId) ?? 0) + l.qty);
  return out;
}

/**
 * Every product sent or received, with what was sent and what arrived, in
 * the order they were sent (then the ones that came unasked).
 */
export function transferDifferences(sent: readonly QtyLine[], received: readonly QtyLine[]): LineDifference[] {
  const s = sumByProduct(sent);
  const r = sumByProduct(received);
  const ids = [...s.keys(), ...[...r.keys()].filter((id) => !s.has(id))];
  return ids.map((productId) => {
    const a = s.get(productId) ?? 0;
    const b = r.get(productId) ?? 0;
    return { productId, sent: a, received: b, difference: b - a };
  });
}

export function hasDifference(diffs: readonly LineDifference[]): boolean {
  return diffs.some((d) => d.difference !== 0);
}

export interface ProducerDifference {
  producerId: string;
  sent: number;
  received: number;
  difference: number;
}

/** The differences summed per producer: what the store owes a producer follows what arrived. */
export function differencesByProducer(diffs: readonly LineDifference[], producerOf: (productId: string) => string): ProducerDifference[] {
  const out = new Map<string, ProducerDifference>();
  for (const d of diffs) {
    const producerId = producerOf(d.productId);
    const p = out.get(producerId) ?? { producerId, sent: 0, received: 0, difference: 0 };
    p.sent += d.sent;
    p.received += d.received;
    p.difference += d.difference;
    out.set(producerId, p);
  }
  return [...out.values()];
}

/** Why a transfer cannot go between these outlets, or null. */
export function transferRouteRefusal(fromOutletId: string, toOutletId: string): 'same-outlet' | null {
  return fromOutletId === toOutletId ? 'same-outlet' : null;
}

// ----------------------------------------------------------- stock counts

/** What a count covers: every product, or those of one category. */
export type CountScope = { kind: 'full' } | { kind: 'category'; category: string };

export function inScope(scope: CountScope, product: { category: string }): boolean {
  return scope.kind === 'full' || product.category === scope.category;
}

/** A stock movement at the outlet as the counting device saw it: a sale is negative. */
export interface TimedMove {
  at: number;
  delta: number;
}

/**
 * The shelf now, from a count made at `countedAt` while the store kept
 * selling: what was counted, plus what moved after that moment (a sale
 * after the count took a piece the count still saw). Moves at or before the
 * count are already in the counted figure. Each product has its own
 * `countedAt`, so a sale of batik at 10:05 corrupts nothing when batik was
 * counted at 10:00 and songket at 10:10.
 */
export function nettedCount(counted: number, countedAt: number, moves: readonly TimedMove[]): number {
  return counted + movedAfter(countedAt, moves);
}

/** The sum of the moves after `countedAt`. */
export function movedAfter(countedAt: number, moves: readonly TimedMove[]): number {
  let sum = 0;
  for (const m of moves) if (m.at > countedAt) sum += m.delta;
  return sum;
}

/**
 * Whether a move made at `at` (its device's clock) is already in the last
 * count of its product at its outlet, made at `countedAt`: a move at or
 * before the count changed the shelf the count saw. When such a move reaches
 * the server after the count (another tablet synced late), it is recorded
 * but must not move the level again, or the piece is taken twice.
 */
export function inCount(countedAt: number | undefined, at: number): boolean {
  return countedAt !== undefined && at <= countedAt;
}

/** What the count says is on the shelf against what the books say: positive is more found than expected. */
export function countVariance(expected: number, netted: number): number {
  return netted - expected;
}

/**
 * The level the server sets from an approved count: what was counted,
 * netted by what moved after it: on the counting device (its moves reached
 * the server before the count, being earlier in its queue) and the sales of
 * the outlet's other devices the server holds by then (docs/sync-rules.md,
 * "Stock counts"). A sale of another device after the count that arrives
 * later moves the level from the count as any sale does, so it is right too.
 */
export function countTarget(counted: number, movedAfterCount: number, othersSoldAfter = 0): number {
  return counted + movedAfterCount + othersSoldAfter;
}

/**
 * What a count by category says beyond its figures: products counted that
 * are not of the category (a scan of the wrong shelf), and products of the
 * category left uncounted, whose levels the count does not touch (an
 * uncounted product is never read as zero). A full count has neither.
 */
export function countScopeFindings(scope: CountScope, counted: readonly { productId: string; category: string | null }[], categoryProducts: readonly string[]): { outOfScope: string[]; uncounted: string[] } {
  if (scope.kind === 'full') return { outOfScope: [], uncounted: [] };
  const seen = new Set(counted.map((c) => c.productId));
  return {
    outOfScope: counted.filter((c) => c.category !== scope.category).map((c) => c.productId),
    uncounted: categoryProducts.filter((id) => !seen.has(id)),
  };
}

// ------------------------------------------------------------ stock value

/**
 * What the stock on hand is worth at HPP: units on the shelf times the cost
 * per unit. Stock below zero is worth nothing (it is a fault to fix, not a
 * debt to subtract); a product without an HPP has no value to show (null).
 */
export function stockValue(level: number, cost: Rupiah | null): Rupiah | null {
  if (cost === null) return null;
  return Math.max(0, level) * cost;
}

export interface ProducerStock {
  producerId: string;
  units: number;
  /** At HPP, over the products that have one. */
  value: Rupiah;
  /** Products of this producer below zero. */
  negative: number;
  /** Products without an HPP, left out of `value`. */
  withoutCost: number;
}

/** Levels summed per producer, in the order producers first appear. */
export function stockByProducer(rows: readonly { producerId: string; level: number; cost: Rupiah | null }[]): ProducerStock[] {
  const out = new Map<string, ProducerStock>();
  for (const r of rows) {
    const p = out.get(r.producerId) ?? { producerId: r.producerId, units: 0, value: 0, negative: 0, withoutCost: 0 };
    p.units += r.level;
    const v = stockValue(r.level, r.cost);
    if (v === null) p.withoutCost += 1;
    else p.value += v;
    if (r.level < 0) p.negative += 1;
    out.set(r.producerId, p);
  }
  return [...out.values()];
}
