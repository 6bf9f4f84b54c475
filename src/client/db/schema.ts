// Row shapes stored in IndexedDB. Domain types plus the bookkeeping the
// device needs (outbox state, pull version, unsynced stock deltas).
import type { Discount } from '../../domain/cart.ts';
import type { Outlet, Producer, Product } from '../../domain/catalog.ts';
import type { Sale } from '../../domain/sale.ts';
import type { StockEvent } from '../../protocol/schemas.ts';

export interface ProductRow extends Product {
  /** Word tokens for prefix search (multi-entry index). */
  words: string[];
}

export type OutboxStatus = 'pending' | 'inflight' | 'acked' | 'rejected';

export interface OutboxRow {
  seq: number;
  id: string;
  type: 'sale.record';
  payload: unknown;
  deviceTime: number;
  status: OutboxStatus;
  attempts: number;
  /** The server's words when it flagged, refused or conflicted. */
  result: string | null;
  resultStatus: string | null;
  saleId: string | null;
}

export type SaleSyncState = 'pending' | 'synced' | 'flagged' | 'rejected';

export interface SaleRow extends Sale {
  sync: SaleSyncState;
  syncNote: string | null;
}

/**
 * `pending` until the server acknowledged the sale; `acked` until a pull
 * brings the server level that includes it; then `applied`.
 */
export interface StockEventRow extends StockEvent {
  state: 'pending' | 'acked' | 'applied';
  createdAt: number;
}

export interface StockLevelRow {
  outletId: string;
  productId: string;
  level: number;
}

export interface CartLine {
  productId: string;
  producerId: string;
  name: string;
  sku: string;
  unitPrice: number;
  qty: number;
  discount: Discount | null;
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
}

export interface DeviceRow {
  key: 'self';
  deviceId: string;
  outletId: string;
  /** Next outbox seq; only goes up (sync rule 1). */
  nextSeq: number;
  nextReceipt: number;
  createdAt: number;
}

export interface SettingRow {
  key: string;
  value: unknown;
}

export type { Outlet, Producer };
