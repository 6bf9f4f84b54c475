// The sync rules on the server (sync-and-durability.md rules 9-13), written
// once over the Db surface so SQLite and PostgreSQL behave the same.
import { DEFAULT_DISCOUNT_LIMIT_BP } from '../../domain/approval.ts';
import type { Outlet, Producer, Product } from '../../domain/catalog.ts';
import type { Sale } from '../../domain/sale.ts';
import type {
  MutationEnvelope,
  MutationResult,
  NegativeStock,
  PullResponse,
  PushResponse,
  ReviewResponse,
  SaleVoidPayload,
  ServerReturn,
  ServerSale,
  StockLevel,
} from '../../protocol/schemas.ts';
import { num, str, type Db, type Row, type SqlTx } from './db.ts';
import { pullUsers } from './accounts.ts';
import { MIGRATIONS } from './migrations.ts';
import { prepareMutation, type PreparedMutation } from '../sync/prepare.ts';
import { applyPush, IdsTaken } from '../sync/batch.ts';
import { bumpVersion, insertAll, lockCatalog } from './sql.ts';

export interface Catalog {
  outlets: Outlet[];
  producers: Producer[];
  products: Product[];
  /** Opening stock per outlet and product. */
  stock: StockLevel[];
}

export { canonicalJson } from '../sync/prepare.ts';

/** Any key PostgreSQL's advisory locks accept; names "kasir migrations". */
const MIGRATION_LOCK = 4_242_000_001;

function serverSale(r: Row): ServerSale {
  return {
    sale: JSON.parse(str(r.body)) as Sale,
    deviceSeq: num(r.device_seq),
    receivedAt: num(r.received_at),
    flags: JSON.parse(str(r.flags)) as string[],
  };
}

export interface PullOptions {
  /**
   * Send the users who may sign in at `outletId` with their PIN hashes
   * (a device's pull). Off for a management session: PIN hashes only ever
   * go to the devices of the user's own outlet.
   */
  users?: boolean;
}

export class Store {
  constructor(
    readonly db: Db,
    /** The server clock: receive times, expiries, the audit log, rate limits. Tests pass their own. */
    readonly now: () => number = Date.now,
  ) {}

  async migrate(): Promise<void> {
    await this.db.tx(async (tx) => {
      // Several processes may start at once on one PostgreSQL: one migrates,
      // the others wait here and then find nothing left to do. SQLite's
      // BEGIN IMMEDIATE already lets one in at a time.
      if (this.db.dialect === 'postgres') await tx.all(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`);
      await tx.run('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY)');
      const rows = await tx.all('SELECT version FROM schema_migrations');
      const done = new Set(rows.map((r) => num(r.version)));
      for (const [i, migration] of MIGRATIONS.entries()) {
        const version = i + 1;
        if (done.has(version)) continue;
        await tx.exec(typeof migration === 'string' ? migration : migration[this.db.dialect]);
        await tx.run('INSERT INTO schema_migrations (version) VALUES (?)', [version]);
      }
    });
  }

  /** Loads the demo catalog on a fresh database only; existing data is never touched. */
  async seedIfEmpty(catalog: Catalog): Promise<boolean> {
    return this.db.tx(async (tx) => {
      // A second process starting on the same empty database waits for the
      // first one's catalog here, then finds it instead of loading it again.
      await lockCatalog(tx, this.db.dialect);
      const [row] = await tx.all('SELECT COUNT(*) AS n FROM products');
      if (num(row?.n) > 0) return false;
      await this.writeCatalog(tx, catalog);
      return true;
    });
  }

  async upsertCatalog(catalog: Partial<Catalog>): Promise<number> {
    return this.db.tx((tx) => this.writeCatalog(tx, { outlets: [], producers: [], products: [], stock: [], ...catalog }));
  }

  private async writeCatalog(tx: SqlTx, c: Catalog): Promise<number> {
    const v = await bumpVersion(tx);
    // One statement may touch a row once: the last of repeated ids wins, as row-by-row upserts would.
    const last = <T>(items: readonly T[], key: (x: T) => string): T[] => [...new Map(items.map((x) => [key(x), x])).values()];
    await insertAll(
      tx,
      'INSERT INTO outlets (id, name, kind, address, discount_limit_bp, version)',
      // An outlet sent without a limit gets the default, as domain/catalog.ts says absent means.
      last(c.outlets, (o) => o.id).map((o) => [o.id, o.name, o.kind, o.address, o.discountLimitBp ?? DEFAULT_DISCOUNT_LIMIT_BP, v]),
      ` ON CONFLICT (id) DO UPDATE SET name = excluded.name, kind = excluded.kind, address = excluded.address,
          discount_limit_bp = excluded.discount_limit_bp, version = excluded.version`,
    );
    await insertAll(
      tx,
      'INSERT INTO producers (id, name, kind, receipt_line, consignment, version)',
      last(c.producers, (p) => p.id).map((p) => [p.id, p.name, p.kind, p.receiptLine, p.consignment ? 1 : 0, v]),
      ` ON CONFLICT (id) DO UPDATE SET name = excluded.name, kind = excluded.kind, receipt_line = excluded.receipt_line,
          consignment = excluded.consignment, version = excluded.version`,
    );
    await insertAll(
      tx,
      'INSERT INTO products (id, sku, barcode, name, category, producer_id, price, unit, active, image_url, version)',
      last(c.products, (p) => p.id).map((p) => [p.id, p.sku, p.barcode, p.name, p.category, p.producerId, p.price, p.unit, p.active ? 1 : 0, p.imageUrl ?? null, v]),
      ` ON CONFLICT (id) DO UPDATE SET sku = excluded.sku, barcode = excluded.barcode, name = excluded.name,
          category = excluded.category, producer_id = excluded.producer_id, price = excluded.price,
          unit = excluded.unit, active = excluded.active, image_url = excluded.image_url, version = excluded.version`,
    );
    await insertAll(
      tx,
      'INSERT INTO stock_levels (outlet_id, product_id, level, version)',
      last(c.stock, (s) => `${s.outletId}\u0000${s.productId}`).map((s) => [s.outletId, s.productId, s.level, v]),
      ' ON CONFLICT (outlet_id, product_id) DO UPDATE SET level = excluded.level, version = excluded.version',
    );
    return v;
  }

  async lastSeq(deviceId: string): Promise<number> {
    const [row] = await this.db.all('SELECT last_seq FROM devices WHERE id = ?', [deviceId]);
    return row ? num(row.last_seq) : 0;
  }

  /**
   * Rule 9. The batch is one transaction (push.ts), so a sale is acknowledged
   * only once it is committed, and 100 sales cost one commit (one fsync)
   * instead of 100. A replay returns what was stored; a gap stops the batch
   * and names the seq to resend from.
   */
  push(deviceId: string, mutations: readonly MutationEnvelope[]): Promise<PushResponse> {
    return this.pushPrepared(
      deviceId,
      mutations.map((m) => prepareMutation(m, deviceId)),
    );
  }

  /** `push` for mutations already parsed and hashed (by a worker, for a big body: server/prepare-pool.ts). */
  async pushPrepared(deviceId: string, mutations: readonly PreparedMutation[]): Promise<PushResponse> {
    const sorted = [...mutations].sort((a, b) => a.seq - b.seq);
    if (sorted.length === 0) return { lastSeq: await this.lastSeq(deviceId), results: [], gap: null };
    const run = (batch: readonly PreparedMutation[], trustIds: boolean): Promise<PushResponse> =>
      this.db.tx((tx) => applyPush(tx, this.db.dialect, deviceId, batch, this.now, trustIds));
    // Ids trusted first (no reads for them); a taken one undoes that and the batch is decided from what is stored.
    const apply = (batch: readonly PreparedMutation[]): Promise<PushResponse> =>
      run(batch, true).catch((e: unknown) => {
        if (e instanceof IdsTaken) return run(batch, false);
        throw e;
      });
    try {
      return await apply(sorted);
    } catch (e) {
      if (sorted.length === 1) throw e;
    }
    // Something failed and rolled the whole batch back: an error nobody
    // foresaw, or a write racing another server. One transaction per mutation
    // keeps what comes before the failing one (a race now answers as a replay
    // or duplicate) and throws at the failing one itself.
    const results: MutationResult[] = [];
    let last: PushResponse = { lastSeq: 0, results, gap: null };
    for (const m of sorted) {
      last = await apply([m]);
      results.push(...last.results);
      if (last.gap) break;
    }
    return { lastSeq: last.lastSeq, results, gap: last.gap };
  }

  /**
   * A new random epoch at every server start. A database restored from a
   * backup hands out catalog versions again that devices already saw with
   * other contents; its epoch differs from the one those devices hold (the
   * restore brings back an old one, the start replaces it), so they pull in full.
   */
  async newEpoch(): Promise<number> {
    const epoch = 1 + Math.floor(Math.random() * 2 ** 52);
    await this.db.run(
      "INSERT INTO counters (name, value) VALUES ('epoch', ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value",
      [epoch],
    );
    return epoch;
  }

  /**
   * Rule 12: everything changed after `since`, and the version to ask from
   * next time. With an outlet, its stock only and (unless `options.users` is
   * false) the users who may sign in there.
   */
  async pull(since: number, outletId: string | null, clientEpoch: number | null = null, options: PullOptions = {}): Promise<PullResponse> {
    return this.db.tx(async (tx) => {
      const [c] = await tx.all("SELECT value FROM counters WHERE name = 'catalog'");
      const version = num(c?.value);
      const [e] = await tx.all("SELECT value FROM counters WHERE name = 'epoch'");
      const epoch = e ? num(e.value) : 0;
      // A client ahead of the server, or from another epoch (the database was
      // restored or replaced), would otherwise miss changes: it gets everything.
      const full = since === 0 || since > version || (clientEpoch !== null && clientEpoch !== epoch);
      const from = full ? 0 : since;
      const outlets = await tx.all('SELECT * FROM outlets WHERE version > ? ORDER BY id', [from]);
      const producers = await tx.all('SELECT * FROM producers WHERE version > ? ORDER BY id', [from]);
      const products = await tx.all('SELECT * FROM products WHERE version > ? ORDER BY id', [from]);
      const stock = outletId
        ? await tx.all('SELECT * FROM stock_levels WHERE version > ? AND outlet_id = ?', [from, outletId])
        : await tx.all('SELECT * FROM stock_levels WHERE version > ?', [from]);
      const users = outletId !== null && (options.users ?? true) ? await pullUsers(tx, outletId, from, full) : [];
      return {
        version,
        epoch,
        full,
        users,
        outlets: outlets.map((r) => ({
          id: str(r.id),
          name: str(r.name),
          kind: str(r.kind) as Outlet['kind'],
          address: str(r.address),
          discountLimitBp: num(r.discount_limit_bp),
        })),
        producers: producers.map((r) => ({
          id: str(r.id),
          name: str(r.name),
          kind: str(r.kind) as Producer['kind'],
          receiptLine: r.receipt_line === null ? null : str(r.receipt_line),
          consignment: num(r.consignment) === 1,
        })),
        products: products.map((r) => ({
          id: str(r.id),
          sku: str(r.sku),
          barcode: r.barcode === null ? null : str(r.barcode),
          name: str(r.name),
          category: str(r.category),
          producerId: str(r.producer_id),
          price: num(r.price),
          unit: str(r.unit),
          active: num(r.active) === 1,
          imageUrl: r.image_url === null || r.image_url === undefined ? null : str(r.image_url),
        })),
        stock: stock.map((r) => ({ productId: str(r.product_id), outletId: str(r.outlet_id), level: num(r.level) })),
      };
    });
  }

  /** `outletId` narrows the list to one outlet's sales (a supervisor sees their own outlet only). */
  async listSales(filter: { deviceId?: string | undefined; outletId?: string | null | undefined; limit?: number }): Promise<ServerSale[]> {
    const limit = Math.min(filter.limit ?? 500, 5000);
    const where: string[] = [];
    const params: (string | number)[] = [];
    if (filter.deviceId) {
      where.push('device_id = ?');
      params.push(filter.deviceId);
    }
    if (filter.outletId) {
      where.push('outlet_id = ?');
      params.push(filter.outletId);
    }
    const order = filter.deviceId ? 'device_seq' : 'received_at, device_id, device_seq';
    const rows = await this.db.all(`SELECT * FROM sales${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY ${order} LIMIT ?`, [
      ...params,
      limit,
    ]);
    return rows.map(serverSale);
  }

  /**
   * What a supervisor must look at: flagged sales (oldest first) and every
   * level below zero; one outlet's only when `outletId` is given.
   */
  async review(limit = 500, outletId: string | null = null): Promise<ReviewResponse> {
    return this.db.tx(async (tx) => {
      const outlet = outletId === null ? '' : ' AND outlet_id = ?';
      const flagged = await tx.all(`SELECT * FROM sales WHERE flags <> '[]'${outlet} ORDER BY received_at, device_id, device_seq LIMIT ?`, [
        ...(outletId === null ? [] : [outletId]),
        Math.min(limit, 5000),
      ]);
      const negative = await tx.all(
        `SELECT s.outlet_id, o.name AS outlet_name, s.product_id, p.name AS product_name, s.level
         FROM stock_levels s LEFT JOIN outlets o ON o.id = s.outlet_id LEFT JOIN products p ON p.id = s.product_id
         WHERE s.level < 0${outletId === null ? '' : ' AND s.outlet_id = ?'} ORDER BY s.outlet_id, s.product_id`,
        outletId === null ? [] : [outletId],
      );
      const returns = await tx.all(`SELECT * FROM sale_returns WHERE flags <> '[]'${outlet} ORDER BY received_at, device_id, device_seq LIMIT ?`, [
        ...(outletId === null ? [] : [outletId]),
        Math.min(limit, 5000),
      ]);
      return {
        flaggedReturns: returns.map(
          (r): ServerReturn => ({
            ret: JSON.parse(str(r.body)) as SaleVoidPayload,
            deviceId: str(r.device_id),
            deviceSeq: num(r.device_seq),
            receivedAt: num(r.received_at),
            flags: JSON.parse(str(r.flags)) as string[],
          }),
        ),
        flaggedSales: flagged.map(serverSale),
        negativeStock: negative.map(
          (r): NegativeStock => ({
            outletId: str(r.outlet_id),
            outletName: r.outlet_name === null ? null : str(r.outlet_name),
            productId: str(r.product_id),
            productName: r.product_name === null ? null : str(r.product_name),
            level: num(r.level),
          }),
        ),
      };
    });
  }

  close(): Promise<void> {
    return this.db.close();
  }
}
