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

  /**
   * `durability`: Chrome commits with relaxed durability since 121, so a sale
   * acknowledged on screen could vanish in a power cut; strict (the default)
   * waits for the disk. Only `bulkTwin` opens a relaxed connection.
   */
  constructor(name: string = DB_NAME, durability: 'strict' | 'relaxed' = 'strict') {
    super(name, { chromeTransactionDurability: durability });
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
  }
}

let instance: KasirDb | null = null;

const twins = new WeakMap<KasirDb, KasirDb>();

/**
 * A second connection to the same database whose commits do not wait for the
 * disk, for writes that can be fetched again: the catalog pull's pages. A
 * strict commit waits for an fsync (5-15 ms here), and a 50,000-product pull
 * commits about a thousand chunks, so the device sat idle for seconds of
 * fsyncs (issue 12). Safe because a power cut can only lose a suffix of
 * commits (each later strict commit, a sale's or the pull's last one that
 * moves `pullVersion`, flushes everything before it), and every page is
 * written with its cursor: what is lost is pulled again. Live queries on
 * `db` see these writes (Dexie tells every connection of the page).
 */
export function bulkTwin(db: KasirDb): KasirDb {
  let twin = twins.get(db);
  if (!twin) {
    // Dexie's own versionchange handler closes it (reopening on next use), so it never holds off an upgrade or a delete.
    twin = new KasirDb(db.name, 'relaxed');
    twins.set(db, twin);
  }
  return twin;
}

export function getDb(): KasirDb {
  instance ??= new KasirDb();
  return instance;
}
