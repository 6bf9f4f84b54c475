// The device database. Versions are append-only: never edit a published
// db.version(n), add n+1 (Dexie #156). tests/client/db-upgrade.test.ts opens
// a database made by every earlier version and upgrades it.
import Dexie, { type EntityTable, type Table } from 'dexie';
import { uuidv7 } from '../../domain/id.ts';
import type {
  AdjustReasonRow,
  CashMovementRow,
  CashReasonRow,
  CartLine,
  CountRow,
  CartRow,
  DeviceRow,
  LockoutRow,
  OutboxRow,
  Outlet,
  Producer,
  ProductRow,
  SaleRow,
  SettingRow,
  ShiftRow,
  StockEventRow,
  StockLevelRow,
  TransferRow,
  UserRow,
} from './schema.ts';

export const DB_NAME = 'kasir-karya';

export class KasirDb extends Dexie {
  products!: EntityTable<ProductRow, 'id'>;
  producers!: EntityTable<Producer, 'id'>;
  outlets!: EntityTable<Outlet, 'id'>;
  stockLevels!: Table<StockLevelRow, [string, string]>;
  stockEvents!: EntityTable<StockEventRow, 'id'>;
  sales!: EntityTable<SaleRow, 'id'>;
  outbox!: EntityTable<OutboxRow, 'seq'>;
  carts!: EntityTable<CartRow, 'id'>;
  device!: EntityTable<DeviceRow, 'key'>;
  settings!: EntityTable<SettingRow, 'key'>;
  users!: EntityTable<UserRow, 'id'>;
  lockouts!: EntityTable<LockoutRow, 'userId'>;
  transfers!: EntityTable<TransferRow, 'id'>;
  stockCounts!: EntityTable<CountRow, 'id'>;
  adjustReasons!: EntityTable<AdjustReasonRow, 'code'>;
  shifts!: EntityTable<ShiftRow, 'id'>;
  cashMovements!: EntityTable<CashMovementRow, 'id'>;
  cashReasons!: EntityTable<CashReasonRow, 'code'>;

  constructor(name: string = DB_NAME) {
    // Chrome commits with relaxed durability since 121: a sale acknowledged
    // on screen could vanish in a power cut. Strict waits for the disk.
    super(name, { chromeTransactionDurability: 'strict' });
    this.version(1).stores({
      products: 'id, &sku, barcode, *words, category, producerId',
      producers: 'id',
      outlets: 'id',
      stockLevels: '[outletId+productId], productId',
      stockEvents: 'id, productId, saleId, state',
      sales: 'id, receiptNo, createdAt, businessDate, sync',
      outbox: 'seq, &id, [status+seq], saleId',
      carts: 'id, updatedAt',
      device: 'key',
      settings: 'key',
    });
    // Accounts (issue 5): the outlet's users from the pull and each one's
    // wrong-PIN state. The credential and the signed-in user live in the
    // `device` and `settings` rows, which need no index.
    this.version(2)
      .stores({
        users: 'id, outletId',
        lockouts: 'userId',
      })
      .upgrade(async (tx) => {
        await tx
          .table<DeviceRow>('device')
          .toCollection()
          .modify((d) => {
            d.credential ??= null;
            d.revoked ??= false;
          });
        // Approvals name cart lines by id; lines scanned before this version get one now.
        await tx
          .table<CartRow>('carts')
          .toCollection()
          .modify((c) => {
            c.lines = c.lines.map((l: CartLine) => (l.id ? l : { ...l, id: uuidv7() }));
          });
      });
    // Stock across outlets (issue 14): transfers pulled or made here (a
    // booth receives one offline once pulled), stock takes counted here, and
    // the adjustment reasons from the pull. New tables only: nothing earlier
    // changes shape (a stock event's `doc` is an unindexed field).
    this.version(3).stores({
      transfers: 'id, toOutletId, fromOutletId, state',
      stockCounts: 'id, state, outletId',
      adjustReasons: 'code',
    });
    // Shifts (issue 15): a drawer's shifts and their Kas Masuk / Kas Keluar;
    // the reasons an admin keeps. New tables only, so nothing to upgrade.
    this.version(4).stores({
      shifts: 'id, [drawerId+state], openedAt',
      cashMovements: 'id, shiftId',
      cashReasons: 'code',
    });
    // The in-memory search index (domain/search-index.ts) answers every word
    // search, so the multi-entry word index only cost each pull about eight
    // index entries a product, written and kept (issue 12); nothing reads
    // products by producer. (Version 5 was never published.)
    this.version(6).stores({
      products: 'id, &sku, barcode, category',
    });
    // Enrolment on a big catalog (issue 12): IndexedDB's cost is per entry
    // written, and a 50,000-product pull writes 100,000 rows. The category
    // list and a category's products come from the in-memory index now, and
    // an outlet's levels are read by their primary key's outlet prefix, so
    // neither secondary index earns its entry per row. Dropping an index
    // rewrites no row: the upgrade costs a device nothing at start.
    this.version(7).stores({
      products: 'id, &sku, barcode',
      stockLevels: '[outletId+productId]',
    });
  }
}

let instance: KasirDb | null = null;

export function getDb(): KasirDb {
  instance ??= new KasirDb();
  return instance;
}
