// What a kind of synced change must say to be handled by a push (sync rules
// 9-13): what it needs read before deciding, and its decision. One module per
// kind implements it (handlers/); the batch (batch.ts) does the rest: seqs,
// replays, gaps, the reads for every kind at once, and the writes.
import type { Flag } from '../../protocol/flags.ts';
import type { Sale } from '../../domain/sale.ts';
import type { Returned } from '../../domain/approval.ts';
import type { OutletSettings } from '../../domain/outlet-settings.ts';
import type { CashReasonLike } from '../../domain/cash-reasons.ts';
import type { ShiftMovement, ShiftReturn, ShiftSale } from '../../domain/shift.ts';
import type { MutationStatus, SaleVoidPayload, StockEvent } from '../../protocol/schemas.ts';
import type { ShiftSlipWire } from '../../protocol/shift.ts';
import type { AccountContext, Finding } from './accountability.ts';
import { pushProblem, type PushProblem } from '../../protocol/push-problems.ts';
import type { LineAsSold, Rollups } from '../reports/rollup.ts';
import type { StockDocKind } from '../../domain/flag-resolution.ts';
import type { StockDocSeen } from '../stock/stock-docs.ts';

/** `reason` in English for logs and API clients; `problem` the same for the device to word. */
export type Decision = { status: MutationStatus; reason: string | null; problem?: PushProblem | null };

/** Ids made on the device that must be new, by what they name (in messages) and where they are stored. */
export const ID_TABLES = {
  sale: 'sales',
  line: 'sale_lines',
  payment: 'payments',
  'stock event': 'stock_events',
  return: 'sale_returns',
  resolution: 'flag_resolutions',
  'stock receipt': 'stock_receipts',
  adjustment: 'stock_adjustments',
  transfer: 'transfers',
  'transfer receipt': 'transfer_receipts',
  count: 'stock_counts',
  'payment confirmation': 'payment_confirmations',
  shift: 'shifts',
  'shift close': 'shift_closes',
  'shift slip': 'shift_slips',
  'cash movement': 'cash_movements',
} as const;
export type IdKind = keyof typeof ID_TABLES;

/**
 * Rows a push writes besides its mutations, in the order they are written
 * (a sale before its lines and payments: foreign keys), with their columns.
 */
/** A product as the server's catalog holds it when a push is decided. */
export interface CatalogRow {
  price: number;
  producerId: string;
  category: string;
  /** HPP per unit; null when the admin has not entered one. */
  cost: number | null;
  taxExempt: boolean;
}

export const STAGED = {
  sales: 'INSERT INTO sales (id, device_id, device_seq, outlet_id, receipt_no, business_date, total, created_at, received_at, flags, body, shift_id)',
  sale_lines: 'INSERT INTO sale_lines (id, sale_id, product_id, producer_id, qty, unit_price, net, tax, cost, name, category)',
  payments: 'INSERT INTO payments (id, sale_id, method, amount, reference)',
  stock_events: 'INSERT INTO stock_events (id, product_id, outlet_id, device_id, delta, reason, sale_id, received_at)',
  sale_returns: `INSERT INTO sale_returns (id, sale_id, device_id, device_seq, outlet_id, kind, amount, method, by_user, approver_id,
         business_date, created_at, received_at, flags, body, shift_id)`,
  flag_resolutions: `INSERT INTO flag_resolutions (id, outlet_id, subject_kind, subject_id, action, note, by_user, device_id, device_seq,
         created_at, received_at, counted, delta, stock_event_id)`,
  stock_receipts: 'INSERT INTO stock_receipts (id, outlet_id, producer_id, note_no, by_user, device_id, device_seq, created_at, received_at, flags, body)',
  stock_adjustments: `INSERT INTO stock_adjustments (id, outlet_id, reason, note, by_user, approver_id, device_id, device_seq, created_at, received_at,
         flags, body)`,
  transfers: 'INSERT INTO transfers (id, from_outlet_id, to_outlet_id, note, sent_by, device_id, device_seq, created_at, received_at, flags, body)',
  transfer_receipts: 'INSERT INTO transfer_receipts (id, transfer_id, outlet_id, by_user, device_id, device_seq, created_at, received_at, differs, flags, body)',
  stock_counts: `INSERT INTO stock_counts (id, outlet_id, scope, by_user, approver_id, device_id, device_seq, started_at, created_at, received_at,
         flags, body)`,
  stock_event_docs: 'INSERT INTO stock_event_docs (event_id, doc_kind, doc_id, by_user, why, note)',
  payment_awaiting: 'INSERT INTO payment_awaiting (payment_id, sale_id, outlet_id, amount, received_at)',
  payment_confirmations: `INSERT INTO payment_confirmations (id, payment_id, sale_id, outlet_id, outcome, reference, note, by_user, device_id, device_seq,
         created_at, received_at, flags, body)`,
  shifts: `INSERT INTO shifts (id, outlet_id, drawer_id, opened_by, opening_float, business_date, device_id, device_seq, opened_at,
         received_at, flags, body)`,
  cash_movements: `INSERT INTO cash_movements (id, shift_id, outlet_id, direction, amount, reason, note, by_user, approver_id, device_id,
         device_seq, created_at, received_at, flags, body)`,
  shift_closes: `INSERT INTO shift_closes (id, shift_id, outlet_id, drawer_id, z_no, closed_by, approver_id, device_id, device_seq, closed_at,
         received_at, flags, body)`,
  shift_slips: `INSERT INTO shift_slips (id, shift_id, outlet_id, drawer_id, business_date, closed_by, device_id, device_seq, closed_at, received_at,
         flags, body)`,
  shift_merge_slips: 'INSERT INTO shift_merge_slips (close_id, shift_id, drawer_id, business_date, z_no, body)',
} as const;
/** The shifts' tables, written after the sales and returns they count (batch.ts). */
export const SHIFT_TABLES = ['shifts', 'cash_movements', 'shift_closes', 'shift_slips', 'shift_merge_slips'] as const satisfies readonly StagedTable[];
/** The stock documents' tables, written after the stock events (batch.ts). */
export const STOCK_DOC_TABLES = ['stock_receipts', 'stock_adjustments', 'transfers', 'transfer_receipts', 'stock_counts', 'stock_event_docs'] as const satisfies readonly StagedTable[];
export type StagedTable = keyof typeof STAGED;

/** What a batch reads before deciding, gathered from every mutation in it so each table is read once. */
export interface Needs {
  /** Ids that must not be stored yet (skipped when the batch trusts the device's ids). */
  ids(kind: IdKind, ids: Iterable<string>): void;
  /** Users whose role history the decision looks at. */
  people(ids: Iterable<string>): void;
  /** Outlets named: whether they exist, their discount limits. */
  outlets(ids: Iterable<string>): void;
  /** Products whose catalog price the decision compares. */
  products(ids: Iterable<string>): void;
  /** Stock the mutation moves: the levels are read so a fall below zero is seen. */
  stock(events: readonly StockEvent[]): void;
  /** Sales named (by a void or refund): their bodies and what was returned of them. */
  sales(ids: Iterable<string>): void;
  /** Voids and refunds named (by a flag resolution): where they were made. */
  returns(ids: Iterable<string>): void;
  /** Sales arriving: the voids and refunds of them stored before them (made on another device while the sale's was offline). */
  returnsBefore(saleIds: Iterable<string>): void;
  /** Transfers named (by a receipt): what was sent, and whether a receipt is stored. */
  transfers(ids: Iterable<string>): void;
  /** The adjustment reasons an admin keeps (read once for the batch). */
  adjustReasons(): void;
  /** Sales at the outlet of these products made on other devices after `since` (device time): a count nets them. */
  salesAfter(outletId: string, productIds: Iterable<string>, since: number): void;
  /** The active products of a category (a count by category reports those it left uncounted). */
  categoryProducts(category: string): void;
  /** Stock documents named (by a flag resolution): their outlets, products and whether they are flagged. */
  stockDocs(refs: Iterable<{ kind: StockDocKind; id: string }>): void;
  /** The Kas Masuk / Kas Keluar reasons an admin keeps, offered or not (read once for the batch). */
  cashReasons(): void;
  /** Shifts named: their opening and whether a Z closed them; with `activity`, the acts stored in them (for a close's recount). */
  shifts(ids: Iterable<string>, activity?: boolean): void;
  /** Drawers whose Z numbers a close checks. */
  drawers(ids: Iterable<string>): void;
  /** A shared drawer's day: the shifts opened on it, its slips and the closes that merged them. */
  drawerDay(drawerId: string, businessDate: string): void;
  /** Shifts whose close slip, and the merge that counted it, a slip or a merge compares. */
  slips(shiftIds: Iterable<string>): void;
}

/** A slip as a shared drawer's close counted it. */
export interface MergedSlipSeen {
  closeId: string;
  zNo: number;
  drawerId: string;
  businessDate: string;
  slip: ShiftSlipWire;
}

/** A shift as the batch knows it: stored, or opened earlier in this batch. */
export interface ShiftSeen {
  id: string;
  outletId: string;
  drawerId: string;
  openingFloat: number;
  /** The Z that closed it; null while open. */
  zNo: number | null;
  /** Its business day, when the batch read or opened it (a shared drawer's close looks for the shifts of its day). */
  businessDate?: string;
  /** The acts counted in it: those stored (when read with `activity`) and those recorded in this batch, before its opening too. */
  activity: { sales: ShiftSale[]; returns: ShiftReturn[]; movements: ShiftMovement[] };
}

/** A transfer as a receipt at its destination needs it. */
export interface TransferSeen {
  fromOutletId: string;
  toOutletId: string;
  lines: readonly { productId: string; qty: number }[];
  /** The receipt stored or recorded earlier in this batch; null while in transit. */
  receiptId: string | null;
}

/** The batch as a handler sees it: what was read, what earlier mutations of the batch did, and where rows go. */
export interface Batch {
  readonly deviceId: string;
  readonly accounts: AccountContext;
  /** Stored, or taken by an earlier mutation of this batch. */
  isTaken(kind: IdKind, id: string): boolean;
  take(kind: IdKind, ids: Iterable<string>): void;
  outletKnown(outletId: string): boolean;
  priceOf(productId: string): number | undefined;
  /** A sale stored, or recorded earlier in this batch. */
  saleOf(saleId: string): Sale | null;
  /** `lines`: each line as sold (its HPP frozen now, null when the product has none; its name and category), for its returns' rollups. */
  rememberSale(sale: Sale, lines: ReadonlyMap<string, LineAsSold>): void;
  /** A line of a sale stored or recorded in this batch as it was sold (only sales named by `needs.sales` or recorded here); null when unknown. */
  lineAsSold(lineId: string): LineAsSold | null;
  /** The reports' sums this batch adds, written in its transaction (reports/rollup.ts). */
  readonly rollups: Rollups;
  returnedOf(saleId: string): Returned;
  /** A return recorded in this batch; with its id and outlet, `returnOf` knows it too. */
  rememberReturn(ret: { id?: string; outletId?: string; saleId: string; lines: readonly { lineId: string; qty: number }[]; amount: number }): void;
  /** Voids and refunds of a sale stored while the sale was not (read by `needs.returnsBefore`, or recorded earlier in this batch). */
  returnsAwaiting(saleId: string): readonly SaleVoidPayload[];
  /** A void or refund recorded before its sale: the sale's arrival puts it on the sale's lines (reports/rollup.ts, attachReturn). */
  awaitSale(ret: SaleVoidPayload): void;
  /** A void or refund stored, or recorded earlier in this batch (only those named by `needs.returns` or recorded here). */
  returnOf(returnId: string): { saleId: string; outletId: string } | null;
  /** A transfer stored or sent earlier in this batch (only those named by `needs.transfers` or sent here). */
  transferOf(transferId: string): TransferSeen | null;
  rememberTransfer(transferId: string, t: TransferSeen): void;
  /**
   * The stock moved by sales of `productId` at the outlet made on other
   * devices after `after` (their device time) that the server holds (only
   * what `needs.salesAfter` named): negative, a sale takes a piece.
   */
  otherDevicesSoldAfter(outletId: string, productId: string, after: number): number;
  /** The active products of a category (only those named by `needs.categoryProducts`). */
  productsOfCategory(category: string): readonly string[];
  /** A stored stock document (only those named by `needs.stockDocs`); null when not on the server. */
  stockDocOf(kind: StockDocKind, id: string): StockDocSeen | null;
  /** Whether `code` is an active adjustment reason (only after `needs.adjustReasons`). */
  reasonActive(code: string): boolean;
  /** A cash reason the server has on its list, offered or taken off since; undefined for one it never had (only after `needs.cashReasons`). */
  cashReasonOf(code: string): CashReasonLike | undefined;
  /** Products' catalog rows the batch read (by `needs.products`): undefined for a product not on the server. */
  productOf(productId: string): CatalogRow | undefined;
  /** The stock level as of this point in the batch (only for products named by `needs.stock`). */
  levelOf(outletId: string, productId: string): number;
  /** The outlet the device is enrolled at, when it is not `outletId`; null when they agree or the device never enrolled. */
  enrolledElsewhere(outletId: string): string | null;
  /**
   * Moves levels by these events as of this point in the batch and stages the
   * events; a level below zero adds a flag (rule 13). `at` is when the act was
   * made (the device's clock): a move of a product at or before its last
   * count at that outlet is already in the counted figure, so it is recorded
   * with a 'count' event that takes it back (domain/stock.ts inCount). Null
   * for a count itself.
   */
  moveStock(events: readonly StockEvent[], receivedAt: number, flags: Flag[], at: number | null): void;
  /** Records when each product was counted at the outlet, by which count and person, for the moves that arrive after it. */
  markCounted(outletId: string, lines: readonly { productId: string; countedAt: number }[], count: { id: string; by: string }): void;
  keepAudits(found: Finding, at: number): void;
  /** A shift stored or opened earlier in this batch (only those named by `needs.shifts` or opened here). */
  shiftOf(shiftId: string): ShiftSeen | null;
  rememberShift(shift: Omit<ShiftSeen, 'activity'>): void;
  /** Counts an act in its shift, so a close later in the batch recounts it too. */
  addToShift(shiftId: string, act: { kind: 'sale'; sale: ShiftSale } | { kind: 'return'; ret: ShiftReturn } | { kind: 'movement'; move: ShiftMovement }): void;
  /** Z numbers this drawer has used (only for drawers named by `needs.drawers`, plus those closed in this batch). */
  zNumbersOf(drawerId: string): ReadonlySet<number>;
  /** Shifts opened on a drawer that business day, stored or opened in this batch (only for days named by `needs.drawerDay`). */
  shiftsOnDrawerDay(drawerId: string, businessDate: string): ReadonlySet<string>;
  /** The close slip a shift's tablet sent, stored or earlier in this batch (only for shifts named by `needs.slips`). */
  slipOf(shiftId: string): ShiftSlipWire | null;
  rememberSlip(slip: ShiftSlipWire): void;
  /** The shared drawer's close that counted this shift's slip (only for shifts named by `needs.slips`, or merged in this batch). */
  mergeOf(shiftId: string): MergedSlipSeen | null;
  /** The closes of a shared drawer that day (only for days named by `needs.drawerDay`, and those in this batch). */
  mergesOnDrawerDay(drawerId: string, businessDate: string): readonly { closeId: string; zNo: number }[];
  rememberMerge(merged: readonly MergedSlipSeen[], close: { closeId: string; zNo: number; drawerId: string; businessDate: string }): void;
  /** The outlet's counter settings as the server holds them (defaults for an outlet never saved). */
  settingsOf(outletId: string): OutletSettings;
  stage(table: StagedTable, row: (string | number | null)[]): void;
}

export interface Receipt {
  seq: number;
  /** Server clock. */
  receivedAt: number;
}

export interface MutationHandler<P> {
  /** A refusal that needs no database (it runs where the body is parsed, perhaps a worker thread). */
  refuse?(payload: P, deviceId: string): Decision | null;
  needs(payload: P, n: Needs): void;
  /** Decides and stages its rows; nothing is written before the whole batch is decided. */
  decide(batch: Batch, payload: P, at: Receipt): Decision;
}

/** Rule 10: what is off becomes a flag for a supervisor, never a reason to drop what happened. */
export function verdict(flags: readonly Flag[]): Decision {
  return flags.length > 0
    ? { status: 'flagged', reason: flags.map((f) => f.message).join('; '), problem: pushProblem('flagged', {}, [...flags]) }
    : { status: 'applied', reason: null };
}
