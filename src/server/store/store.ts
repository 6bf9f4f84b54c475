// The sync rules on the server (sync-and-durability.md rules 9-13), written
// once over the Db surface so SQLite and PostgreSQL behave the same.
import { createHash } from 'node:crypto';
import type { Outlet, Producer, Product } from '../../domain/catalog.ts';
import type { Sale } from '../../domain/sale.ts';
import {
  describeZodError,
  MUTATION_TYPES,
  payloadSchemas,
  type MutationEnvelope,
  type MutationResult,
  type MutationStatus,
  type PullResponse,
  type PushResponse,
  type SaleRecordPayload,
  type ServerSale,
  type StockEvent,
  type StockLevel,
} from '../../protocol/schemas.ts';
import { num, str, type Db, type SqlTx } from './db.ts';
import { MIGRATIONS } from './migrations.ts';

export interface Catalog {
  outlets: Outlet[];
  producers: Producer[];
  products: Product[];
  /** Opening stock per outlet and product. */
  stock: StockLevel[];
}

/** JSON with sorted keys, so the same mutation always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

function mutationHash(m: MutationEnvelope): string {
  return createHash('sha256').update(canonicalJson({ type: m.type, payload: m.payload })).digest('hex');
}

export class Store {
  constructor(
    readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {}

  async migrate(): Promise<void> {
    await this.db.script('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY)');
    const rows = await this.db.all('SELECT version FROM schema_migrations');
    const done = new Set(rows.map((r) => num(r.version)));
    for (const [i, sql] of MIGRATIONS.entries()) {
      const version = i + 1;
      if (done.has(version)) continue;
      await this.db.tx(async (tx) => {
        // A concurrent process may have migrated meanwhile; the insert then fails and rolls back.
        await tx.run('INSERT INTO schema_migrations (version) VALUES (?)', [version]);
        for (const stmt of sql.split(';').map((s) => s.trim()).filter(Boolean)) await tx.run(stmt);
      });
    }
  }

  /** Loads the demo catalog on a fresh database only; existing data is never touched. */
  async seedIfEmpty(catalog: Catalog): Promise<boolean> {
    return this.db.tx(async (tx) => {
      const [row] = await tx.all('SELECT COUNT(*) AS n FROM products');
      if (num(row?.n) > 0) return false;
      await this.writeCatalog(tx, catalog);
      return true;
    });
  }

  async upsertCatalog(catalog: Partial<Catalog>): Promise<number> {
    return this.db.tx((tx) => this.writeCatalog(tx, { outlets: [], producers: [], products: [], stock: [], ...catalog }));
  }

  private async bumpVersion(tx: SqlTx): Promise<number> {
    // Updating one row serialises writers (PostgreSQL holds its lock to commit),
    // so versions become visible in the order they were handed out.
    const [row] = await tx.all("UPDATE counters SET value = value + 1 WHERE name = 'catalog' RETURNING value");
    return num(row?.value);
  }

  private async writeCatalog(tx: SqlTx, c: Catalog): Promise<number> {
    const v = await this.bumpVersion(tx);
    for (const o of c.outlets) {
      await tx.run(
        `INSERT INTO outlets (id, name, kind, address, version) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, kind = excluded.kind, address = excluded.address, version = excluded.version`,
        [o.id, o.name, o.kind, o.address, v],
      );
    }
    for (const p of c.producers) {
      await tx.run(
        `INSERT INTO producers (id, name, kind, receipt_line, consignment, version) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, kind = excluded.kind, receipt_line = excluded.receipt_line,
           consignment = excluded.consignment, version = excluded.version`,
        [p.id, p.name, p.kind, p.receiptLine, p.consignment ? 1 : 0, v],
      );
    }
    for (const p of c.products) {
      await tx.run(
        `INSERT INTO products (id, sku, barcode, name, category, producer_id, price, unit, active, version)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET sku = excluded.sku, barcode = excluded.barcode, name = excluded.name,
           category = excluded.category, producer_id = excluded.producer_id, price = excluded.price,
           unit = excluded.unit, active = excluded.active, version = excluded.version`,
        [p.id, p.sku, p.barcode, p.name, p.category, p.producerId, p.price, p.unit, p.active ? 1 : 0, v],
      );
    }
    for (const s of c.stock) {
      await tx.run(
        `INSERT INTO stock_levels (outlet_id, product_id, level, version) VALUES (?, ?, ?, ?)
         ON CONFLICT (outlet_id, product_id) DO UPDATE SET level = excluded.level, version = excluded.version`,
        [s.outletId, s.productId, s.level, v],
      );
    }
    return v;
  }

  async lastSeq(deviceId: string): Promise<number> {
    const [row] = await this.db.all('SELECT last_seq FROM devices WHERE id = ?', [deviceId]);
    return row ? num(row.last_seq) : 0;
  }

  /**
   * Rule 9: each mutation in its own transaction. A replay returns what was
   * stored; a gap stops the batch and names the seq to resend from.
   */
  async push(deviceId: string, mutations: readonly MutationEnvelope[]): Promise<PushResponse> {
    const results: MutationResult[] = [];
    let gap: PushResponse['gap'] = null;
    const sorted = [...mutations].sort((a, b) => a.seq - b.seq);
    for (const m of sorted) {
      const outcome = await this.db.tx((tx) => this.applyOne(tx, deviceId, m));
      if ('expectedSeq' in outcome) {
        gap = { expectedSeq: outcome.expectedSeq };
        break;
      }
      results.push(outcome);
    }
    return { lastSeq: await this.lastSeq(deviceId), results, gap };
  }

  private async applyOne(
    tx: SqlTx,
    deviceId: string,
    m: MutationEnvelope,
  ): Promise<MutationResult | { expectedSeq: number }> {
    const receivedAt = this.now();
    await tx.run('INSERT INTO devices (id, outlet_id, last_seq, created_at) VALUES (?, NULL, 0, ?) ON CONFLICT (id) DO NOTHING', [
      deviceId,
      receivedAt,
    ]);
    const [device] = await tx.all(
      this.db.dialect === 'postgres' ? 'SELECT last_seq FROM devices WHERE id = ? FOR UPDATE' : 'SELECT last_seq FROM devices WHERE id = ?',
      [deviceId],
    );
    const lastSeq = num(device?.last_seq);
    const hash = mutationHash(m);
    const result = (status: MutationStatus, reason: string | null, replay = false): MutationResult => ({
      seq: m.seq,
      id: m.id,
      status,
      reason,
      replay,
    });

    // A mutation refused as a conflict is stored under this id, as its own id is taken.
    const refusedId = `${m.id}#${deviceId}#${m.seq}`;
    if (m.seq <= lastSeq) {
      const [stored] = await tx.all('SELECT id, payload_hash, status, reason FROM mutations WHERE device_id = ? AND seq = ?', [
        deviceId,
        m.seq,
      ]);
      if (!stored) return result('conflict', `seq ${m.seq} is below this device's last seq ${lastSeq} but was never stored`);
      const storedId = str(stored.id);
      if ((storedId !== m.id && storedId !== refusedId) || str(stored.payload_hash) !== hash) {
        return result('conflict', `seq ${m.seq} was already used by another mutation; this one was not applied`);
      }
      return result(str(stored.status) as MutationStatus, stored.reason === null ? null : str(stored.reason), true);
    }
    if (m.seq > lastSeq + 1) return { expectedSeq: lastSeq + 1 };

    const [sameId] = await tx.all('SELECT device_id, seq FROM mutations WHERE id = ?', [m.id]);
    let status: MutationStatus;
    let reason: string | null;
    if (sameId) {
      status = 'conflict';
      reason = `mutation id ${m.id} was already used as seq ${num(sameId.seq)}; not applied again`;
    } else {
      ({ status, reason } = await this.applyPayload(tx, deviceId, m, receivedAt));
    }
    // Refused mutations still take their seq: the device's queue moves on and
    // the refusal is stored, so a replay gets the same answer.
    await tx.run(
      `INSERT INTO mutations (device_id, seq, id, type, payload_hash, status, reason, device_time, received_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [deviceId, m.seq, status === 'conflict' ? refusedId : m.id, m.type, hash, status, reason, m.deviceTime, receivedAt],
    );
    await tx.run('UPDATE devices SET last_seq = ? WHERE id = ?', [m.seq, deviceId]);
    return result(status, reason);
  }

  private async applyPayload(
    tx: SqlTx,
    deviceId: string,
    m: MutationEnvelope,
    receivedAt: number,
  ): Promise<{ status: MutationStatus; reason: string | null }> {
    if (!(MUTATION_TYPES as readonly string[]).includes(m.type)) {
      return { status: 'rejected', reason: `unknown mutation type "${m.type}"; update the app` };
    }
    const parsed = payloadSchemas['sale.record'].safeParse(m.payload);
    if (!parsed.success) return { status: 'rejected', reason: `invalid sale: ${describeZodError(parsed.error).message}` };
    return this.recordSale(tx, deviceId, m.seq, parsed.data, receivedAt);
  }

  /**
   * Rule 10: the money was taken, so a sale is recorded even when something
   * about it is off; what is off becomes a flag for a supervisor.
   */
  private async recordSale(
    tx: SqlTx,
    deviceId: string,
    seq: number,
    { sale, stockEvents }: SaleRecordPayload,
    receivedAt: number,
  ): Promise<{ status: MutationStatus; reason: string | null }> {
    if (sale.deviceId !== deviceId) {
      return { status: 'rejected', reason: `sale ${sale.receiptNo} belongs to device ${sale.deviceId}, not ${deviceId}` };
    }
    const [existing] = await tx.all('SELECT device_id FROM sales WHERE id = ?', [sale.id]);
    if (existing) return { status: 'duplicate', reason: `sale ${sale.receiptNo} is already stored` };
    const reused = await this.reusedId(tx, sale, stockEvents);
    if (reused) return { status: 'rejected', reason: `sale ${sale.receiptNo}: ${reused}` };

    const flags: string[] = [];
    const [outlet] = await tx.all('SELECT id FROM outlets WHERE id = ?', [sale.outletId]);
    if (!outlet) flags.push(`unknown outlet ${sale.outletId}`);
    for (const line of sale.lines) {
      const [p] = await tx.all('SELECT price FROM products WHERE id = ?', [line.productId]);
      if (!p) flags.push(`unknown product ${line.productId} (${line.name})`);
      else if (num(p.price) !== line.unitPrice) flags.push(`${line.name}: sold at ${line.unitPrice}, catalog price ${num(p.price)}`);
    }
    const version = stockEvents.length > 0 ? await this.bumpVersion(tx) : 0;
    for (const e of stockEvents) {
      await tx.run(
        `INSERT INTO stock_events (id, product_id, outlet_id, device_id, delta, reason, sale_id, received_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        [e.id, e.productId, e.outletId, deviceId, e.delta, e.reason, e.saleId, receivedAt],
      );
      const [lvl] = await tx.all(
        `INSERT INTO stock_levels (outlet_id, product_id, level, version) VALUES (?, ?, ?, ?)
         ON CONFLICT (outlet_id, product_id) DO UPDATE SET level = stock_levels.level + excluded.level, version = excluded.version
         RETURNING level`,
        [e.outletId, e.productId, e.delta, version],
      );
      // Rule 13: two booths may both sell the last piece offline; both sales stand.
      if (lvl && num(lvl.level) < 0) flags.push(`stock of ${e.productId} at ${e.outletId} is now ${num(lvl.level)}`);
    }
    await tx.run(
      `INSERT INTO sales (id, device_id, device_seq, outlet_id, receipt_no, business_date, total, created_at, received_at, flags, body)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [sale.id, deviceId, seq, sale.outletId, sale.receiptNo, sale.businessDate, sale.total, sale.createdAt, receivedAt, JSON.stringify(flags), JSON.stringify(sale)],
    );
    for (const l of sale.lines) {
      await tx.run(
        'INSERT INTO sale_lines (id, sale_id, product_id, producer_id, qty, unit_price, net, tax) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
        [l.id, sale.id, l.productId, l.producerId, l.qty, l.unitPrice, l.net, l.tax],
      );
    }
    for (const p of sale.payments) {
      await tx.run('INSERT INTO payments (id, sale_id, method, amount, reference) VALUES (?, ?, ?, ?, ?)', [
        p.id,
        sale.id,
        p.method,
        p.amount,
        p.reference,
      ]);
    }
    return flags.length > 0 ? { status: 'flagged', reason: flags.join('; ') } : { status: 'applied', reason: null };
  }

  /**
   * Ids made on the device must be new. A reused one would make an insert
   * throw, fail the whole push and block every mutation queued behind it.
   */
  private async reusedId(tx: SqlTx, sale: Sale, stockEvents: readonly StockEvent[]): Promise<string | null> {
    const groups = [
      ['line', 'sale_lines', sale.lines.map((l) => l.id)],
      ['payment', 'payments', sale.payments.map((p) => p.id)],
      ['stock event', 'stock_events', stockEvents.map((e) => e.id)],
    ] as const;
    for (const [what, table, ids] of groups) {
      const seen = new Set<string>();
      for (const id of ids) {
        if (seen.has(id)) return `${what} id ${id} appears twice in this sale`;
        seen.add(id);
        const [row] = await tx.all(`SELECT id FROM ${table} WHERE id = ?`, [id]);
        if (row) return `${what} id ${id} is already used by another sale; not recorded`;
      }
    }
    return null;
  }

  /** Rule 12: everything changed after `since`, and the version to ask from next time. */
  async pull(since: number, outletId: string | null): Promise<PullResponse> {
    return this.db.tx(async (tx) => {
      const [c] = await tx.all("SELECT value FROM counters WHERE name = 'catalog'");
      const version = num(c?.value);
      // A client ahead of the server (the database was restored or replaced)
      // would otherwise never see a change again: it gets everything.
      const full = since === 0 || since > version;
      const from = full ? 0 : since;
      const outlets = await tx.all('SELECT * FROM outlets WHERE version > ? ORDER BY id', [from]);
      const producers = await tx.all('SELECT * FROM producers WHERE version > ? ORDER BY id', [from]);
      const products = await tx.all('SELECT * FROM products WHERE version > ? ORDER BY id', [from]);
      const stock = outletId
        ? await tx.all('SELECT * FROM stock_levels WHERE version > ? AND outlet_id = ?', [from, outletId])
        : await tx.all('SELECT * FROM stock_levels WHERE version > ?', [from]);
      return {
        version,
        full,
        outlets: outlets.map((r) => ({ id: str(r.id), name: str(r.name), kind: str(r.kind) as Outlet['kind'], address: str(r.address) })),
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
        })),
        stock: stock.map((r) => ({ productId: str(r.product_id), outletId: str(r.outlet_id), level: num(r.level) })),
      };
    });
  }

  async listSales(filter: { deviceId?: string | undefined; limit?: number }): Promise<ServerSale[]> {
    const limit = Math.min(filter.limit ?? 500, 5000);
    const rows = filter.deviceId
      ? await this.db.all('SELECT * FROM sales WHERE device_id = ? ORDER BY device_seq LIMIT ?', [filter.deviceId, limit])
      : await this.db.all('SELECT * FROM sales ORDER BY received_at, device_id, device_seq LIMIT ?', [limit]);
    return rows.map((r) => ({
      sale: JSON.parse(str(r.body)) as Sale,
      deviceSeq: num(r.device_seq),
      receivedAt: num(r.received_at),
      flags: JSON.parse(str(r.flags)) as string[],
    }));
  }

  close(): Promise<void> {
    return this.db.close();
  }
}
