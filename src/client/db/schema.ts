// Row shapes stored in IndexedDB. Domain types plus the bookkeeping the
// device needs (outbox state, pull version, unsynced stock deltas).
import type { ShiftSlip } from '../../domain/shift-slip.ts';
import type { Approval, VoidedLine } from '../../domain/approval.ts';
import type { Discount } from '../../domain/cart.ts';
import type { Outlet, Producer, Product } from '../../domain/catalog.ts';
import type { LockoutState } from '../../domain/lockout.ts';
import type { PaymentMethod } from '../../domain/payment.ts';
import type { Sale } from '../../domain/sale.ts';
import type { CashMovePayload, DeviceUser, MutationType, ShiftClosePayload, StockEvent } from '../../protocol/schemas.ts';
import type { WirePushProblem } from '../../protocol/push-problems.ts';
import type { CountScope } from '../../domain/stock.ts';
import type { AdjustReason, TransferDoc } from '../../protocol/stock.ts';

export interface ProductRow extends Product {
  /**
   * Word tokens, on rows a device stored before Dexie version 7 only: the
   * search index takes them from the product and its producer's name as it is
   * built, and a pull no longer writes ten strings a product to IndexedDB.
   */
  words?: string[];
  /** The pull that last wrote this row (not indexed); a full pull drops rows of older ones when it completes. */
  generation?: number;
}

export type OutboxStatus = 'pending' | 'inflight' | 'acked' | 'rejected';

export interface OutboxRow {
  seq: number;
  id: string;
  type: MutationType;
  payload: unknown;
  deviceTime: number;
  status: OutboxStatus;
  attempts: number;
  /** The server's words when it flagged, refused or conflicted (English; shown only when `problem` is absent). */
  result: string | null;
  /** The same as a code with parameters and flags, worded on the screen; absent on rows answered by older servers. */
  problem?: WirePushProblem | null;
  resultStatus: string | null;
  /**
   * The sale a 'sale.record' row carries; null for 'sale.void' and
   * 'cart.void' rows, so their answers never overwrite the sale's own state.
   */
  saleId: string | null;
}

export type SaleSyncState = 'pending' | 'synced' | 'flagged' | 'rejected';

export interface SaleRow extends Sale {
  sync: SaleSyncState;
  syncNote: string | null;
  /** Why it was flagged or refused, for the screen to word; absent before the server sent codes. */
  syncProblem?: WirePushProblem | null;
  /** Voids and refunds of this sale made on this device, oldest first (for a looked-up sale, the server's too). */
  returns?: SaleReturnRow[];
  /** QRIS payments awaiting confirmation that were confirmed or disputed here, oldest first. */
  qrisChecks?: QrisCheckRow[];
  /**
   * 'lookup': another device's sale (or one this device no longer held),
   * fetched from the server by its receipt number to be refunded here. It is
   * not this device's sale: the day's list and totals leave it out, and it
   * is never sent as a sale.
   */
  origin?: 'lookup';
}

/** A QRIS payment checked against the merchant's mutasi on this device; the wire form is the 'payment.confirm' payload. */
export interface QrisCheckRow {
  id: string;
  paymentId: string;
  outcome: 'confirmed' | 'disputed';
  reference: string | null;
  note: string;
  by: string;
  byName: string;
  createdAt: number;
  sync: SaleSyncState;
  syncNote: string | null;
  syncProblem?: WirePushProblem | null;
}

/** A void or refund as this device recorded it; the wire form is the 'sale.void' payload. */
export interface SaleReturnRow {
  id: string;
  kind: 'void' | 'refund';
  lines: { lineId: string; qty: number }[];
  amount: number;
  method: PaymentMethod;
  reason: string;
  by: string;
  /** Names as they were at the time, for the screen and the slip. */
  byName: string;
  approverName: string;
  approval: Approval;
  createdAt: number;
  /** The shift whose drawer paid it back; absent on returns from before shifts. */
  shiftId?: string;
  /** The server's answer to the 'sale.void' mutation. */
  sync: SaleSyncState;
  syncNote: string | null;
  syncProblem?: WirePushProblem | null;
}

/**
 * `pending` until the server acknowledged the sale; `acked` until a pull
 * brings the server level that includes it; then `applied`.
 */
export interface StockEventRow extends StockEvent {
  state: 'pending' | 'acked' | 'applied';
  createdAt: number;
  /** The document a stock act (not a sale) wrote it for, for the device's own history. */
  doc?: StockDocRef;
}

/** Which document a stock event belongs to, as the Stok screen shows it. */
export interface StockDocRef {
  kind: 'receipt' | 'transfer' | 'adjustment' | 'count';
  id: string;
  /** The note number, the reason code, the other outlet: what a person reads. */
  ref: string;
  by: string;
}

/**
 * A transfer this device knows: pulled (in transit from or to its outlet, or
 * received lately), or sent or received here. `local` keeps what this
 * device did until the pull says the same; `scanned` is a receipt being
 * scanned, kept across reloads.
 */
export interface TransferRow extends TransferDoc {
  local: 'pulled' | 'sent-here' | 'received-here';
  scanned?: { productId: string; qty: number }[];
}

/** A stock take on this device: open while counting, then approved (sent) or abandoned. */
export interface CountRow {
  id: string;
  outletId: string;
  scope: CountScope;
  by: string;
  startedAt: number;
  state: 'open' | 'approved' | 'abandoned';
  /** One per product counted, with when it was last counted (the netting starts there). */
  lines: { productId: string; counted: number; countedAt: number }[];
  approvedAt?: number | null;
}

export type AdjustReasonRow = AdjustReason;

export interface StockLevelRow {
  outletId: string;
  productId: string;
  level: number;
  /** As ProductRow's. */
  generation?: number;
}

export interface CartLine {
  /** Links approvals to the line. Carts written before accounts (v1) got ids in the v2 upgrade. */
  id: string;
  productId: string;
  producerId: string;
  name: string;
  sku: string;
  unitPrice: number;
  qty: number;
  discount: Discount | null;
  /** The catalog price, set only while a supervisor-approved price override is in force. */
  listPrice?: number;
  /** The product is bebas PPN (from the catalog when it was added). */
  taxExempt?: boolean;
}

export interface CartRow {
  /** 'open' for the cart on screen; a uuid for a held cart. */
  id: string;
  lines: CartLine[];
  orderDiscount: Discount | null;
  note: string;
  /** What the cashier called a held cart ("Ibu baju merah"). */
  label?: string | null;
  updatedAt: number;
  /** Units taken out with a supervisor's approval; they go onto the sale (or a 'cart.void'). */
  voidedLines?: VoidedLine[];
  /** Approvals given for this cart, `lineId` naming a cart line id until the sale is built. */
  approvals?: Approval[];
  /** The cashier who signed out leaving this cart open; the next one is asked to take it on or hold it. */
  leftBy?: { id: string; name: string } | null;
}

export interface DeviceRow {
  key: 'self';
  deviceId: string;
  outletId: string;
  /** Next outbox seq; only goes up (sync rule 1). */
  nextSeq: number;
  nextReceipt: number;
  createdAt: number;
  /** `kkd_<deviceId>.<secret>` from enrolment or the last rotation; null until enrolled. */
  credential?: string | null;
  enrolledAt?: number | null;
  /** When the credential in use was issued (enrolment or rotation): it is rotated after 30 days. */
  credentialIssuedAt?: number | null;
  /** The name the admin gave this device ("Kasir 1 NTB Mall"). */
  label?: string | null;
  /** Set when the server answered 401 device-revoked: no more syncing until enrolled again. */
  revoked?: boolean;
  revokedAt?: number | null;
}

/** A user who may sign in on this device, as the pull brought them (active ones only). */
export type UserRow = DeviceUser;

/** Wrong-PIN state per user on this device (domain/lockout.ts), kept across reloads. */
export interface LockoutRow extends LockoutState {
  userId: string;
}

/** Who is signed in at this device; one per device, shared by its tabs. */
export interface SessionValue {
  userId: string;
  since: number;
}

export interface SettingRow {
  key: string;
  value: unknown;
}

export type { Outlet, Producer };

/**
 * A shift of this device's drawer: opened with its Kas Awal, and closed once
 * with its Z (the 'shift.close' payload, kept as sent). `openSeq` is the seq
 * of its 'shift.open' mutation: every act of the shift is queued after it.
 */
export interface ShiftRow {
  id: string;
  outletId: string;
  drawerId: string;
  openedBy: string;
  openedByName: string;
  openedAt: number;
  businessDate: string;
  openingFloat: number;
  openSeq: number;
  previous: { shiftId: string; counted: number } | null;
  state: 'open' | 'closed';
  close: ShiftClosePayload | null;
  closedByName: string | null;
  approverName: string | null;
  /** A shared drawer's tablet that ended its shift with a close slip (no Z of its own): the slip, to show again. */
  slip?: ShiftSlip | null;
  /** The lead tablet's close of a shared drawer: the slips it merged (its own among them) and their Kas Awal together. */
  merge?: { slips: ShiftSlip[]; openingFloat: number } | null;
}

/** Kas Masuk / Kas Keluar as recorded here; the wire form is the 'cash.move' payload. */
export interface CashMovementRow extends CashMovePayload {
  byName: string;
}

/**
 * A reason for Kas Masuk / Kas Keluar, as the admin keeps them (built-in ones
 * too), as the pull brought it: the list is replaced whole with each pull.
 */
export interface CashReasonRow {
  code: string;
  /** Bahasa Indonesia. */
  label: string;
  /** English; empty when the admin gave none. Absent from rows of Dexie version 4's first shape (before English labels). */
  labelEn?: string;
  direction: 'in' | 'out' | 'both';
  builtin: boolean;
  active: boolean;
}
