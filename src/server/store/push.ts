// Rule 9 for one push request, inside one transaction: every decision is made
// in memory from what was read up front (this device's seq, which ids are
// taken, prices, outlets, stock levels), then all rows are written set-at-a-
// time. A batch of 100 sales is a dozen statements and one commit, not 1,000
// statements and 100 commits. Each mutation is still all-or-nothing, since
// the whole batch is: nothing is acknowledged before the commit.
import { createHash } from 'node:crypto';
import {
  describeZodError,
  MUTATION_TYPES,
  payloadSchemas,
  type MutationEnvelope,
  type MutationResult,
  type MutationStatus,
  type PushResponse,
  type SaleRecordPayload,
} from '../../protocol/schemas.ts';
import { num, str, type SqlTx, type SqlValue } from './db.ts';
import { bumpVersion, insertAll, lockCatalog, selectIn } from './sql.ts';

/** Quoted object keys: payloads repeat the same few dozen. */
const quotedKeys = new Map<string, string>();

/**
 * JSON with sorted keys, so the same mutation always hashes the same. Stored
 * hashes depend on this exact text: a rewrite must give identical output.
 */
export function canonicalJson(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      // What JSON.stringify writes for a number, without the call.
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      break;
    default:
      return JSON.stringify(value) ?? 'null';
  }
  if (value === null) return 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ',') + canonicalJson(value[i]);
    return `${out}]`;
  }
  const obj = value as Record<string, unknown>;
  let out = '{';
  let first = true;
  // Default sort: UTF-16 code units, as a < b compares.
  for (const k of Object.keys(obj).sort()) {
    const v = obj[k];
    if (v === undefined) continue;
    let quoted = quotedKeys.get(k);
    if (quoted === undefined) {
      quoted = JSON.stringify(k);
      if (quotedKeys.size < 1_000) quotedKeys.set(k, quoted);
    }
    out += `${first ? '' : ','}${quoted}:${canonicalJson(v)}`;
    first = false;
  }
  return `${out}}`;
}

function mutationHash(m: MutationEnvelope): string {
  return createHash('sha256').update(canonicalJson({ type: m.type, payload: m.payload })).digest('hex');
}

type Decision = { status: MutationStatus; reason: string | null };
type Parsed = { payload: SaleRecordPayload } | { refusal: Decision };
interface Stored {
  id: string;
  hash: string;
  status: MutationStatus;
  reason: string | null;
}
type IdKind = 'sale' | 'line' | 'payment' | 'stock event';

/** Everything about a mutation that needs no database, checked in the order the answers take precedence. */
function parse(m: MutationEnvelope, deviceId: string): Parsed {
  if (!(MUTATION_TYPES as readonly string[]).includes(m.type)) {
    return { refusal: { status: 'rejected', reason: `unknown mutation type "${printable(m.type)}"; update the app` } };
  }
  const parsed = payloadSchemas['sale.record'].safeParse(m.payload);
  if (!parsed.success) return { refusal: { status: 'rejected', reason: `invalid sale: ${describeZodError(parsed.error).message}` } };
  const { sale } = parsed.data;
  if (sale.deviceId !== deviceId) {
    return { refusal: { status: 'rejected', reason: `sale ${sale.receiptNo} belongs to device ${sale.deviceId}, not ${deviceId}` } };
  }
  return { payload: parsed.data };
}

const stockKey = (outletId: string, productId: string): string => `${outletId}\u0000${productId}`;

export function applyPush(
  tx: SqlTx,
  dialect: 'sqlite' | 'postgres',
  deviceId: string,
  sorted: readonly MutationEnvelope[],
  now: () => number,
): Promise<PushResponse> {
  return new PushBatch(tx, dialect, deviceId, now).run(sorted);
}

class PushBatch {
  /** Ids already stored, or stored by this batch: mutation id -> seq; the rest by kind. */
  private readonly mutationIds = new Map<string, number>();
  private readonly taken = new Map<IdKind, Set<string>>([
    ['sale', new Set()],
    ['line', new Set()],
    ['payment', new Set()],
    ['stock event', new Set()],
  ]);
  private readonly hashes = new Map<MutationEnvelope, string>();
  /** This device's stored mutations by seq: read for replays, added to by this batch. */
  private readonly stored = new Map<number, Stored>();
  private readonly outlets = new Set<string>();
  private readonly prices = new Map<string, number>();
  /** Stock level per outlet and product as of this point in the batch. */
  private readonly levels = new Map<string, number>();
  private readonly moves = new Map<string, { outletId: string; productId: string; delta: number }>();
  private readonly rows = {
    sales: [] as SqlValue[][],
    lines: [] as SqlValue[][],
    payments: [] as SqlValue[][],
    events: [] as SqlValue[][],
    mutations: [] as SqlValue[][],
  };

  constructor(
    private readonly tx: SqlTx,
    private readonly dialect: 'sqlite' | 'postgres',
    private readonly deviceId: string,
    private readonly now: () => number,
  ) {}

  async run(sorted: readonly MutationEnvelope[]): Promise<PushResponse> {
    const { tx, deviceId } = this;
    await tx.run('INSERT INTO devices (id, outlet_id, last_seq, created_at) VALUES (?, NULL, 0, ?) ON CONFLICT (id) DO NOTHING', [
      deviceId,
      this.now(),
    ]);
    // The same device pushing to two servers at once: the second waits here
    // until the first commits, then sees its seqs as replays.
    const [device] = await tx.all(
      this.dialect === 'postgres' ? 'SELECT last_seq FROM devices WHERE id = ? FOR UPDATE' : 'SELECT last_seq FROM devices WHERE id = ?',
      [deviceId],
    );
    const first = num(device?.last_seq);
    const replays = sorted.filter((m) => m.seq <= first);
    const fresh = sorted.filter((m) => m.seq > first);
    // CPU work before the catalog lock, so other servers wait on it as briefly as possible.
    const parsed = new Map(fresh.map((m) => [m, parse(m, deviceId)]));
    for (const m of sorted) this.hashes.set(m, mutationHash(m));
    await this.readStored(replays.map((m) => m.seq));
    if (fresh.length > 0) {
      // From here no other server can store a sale or change a price or a
      // level before this transaction commits: what is read next stays true.
      await lockCatalog(tx, this.dialect);
      await this.readCatalog(fresh, parsed);
    }

    let lastSeq = first;
    const results: MutationResult[] = [];
    let gap: PushResponse['gap'] = null;
    for (const m of sorted) {
      const outcome = this.applyOne(m, lastSeq, parsed.get(m));
      if ('expectedSeq' in outcome) {
        gap = { expectedSeq: outcome.expectedSeq };
        break;
      }
      results.push(outcome);
      // Every mutation at lastSeq + 1 is stored, whatever its status.
      if (m.seq === lastSeq + 1) lastSeq = m.seq;
    }
    await this.write();
    if (lastSeq !== first) await tx.run('UPDATE devices SET last_seq = ? WHERE id = ?', [lastSeq, deviceId]);
    return { lastSeq, results, gap };
  }

  private async readStored(seqs: readonly number[]): Promise<void> {
    const rows = await selectIn(this.tx, 'SELECT seq, id, payload_hash, status, reason FROM mutations WHERE device_id = ? AND seq IN', seqs, [
      this.deviceId,
    ]);
    for (const r of rows) {
      this.stored.set(num(r.seq), {
        id: str(r.id),
        hash: str(r.payload_hash),
        status: str(r.status) as MutationStatus,
        reason: r.reason === null ? null : str(r.reason),
      });
    }
  }

  /** One query per kind for the whole batch: taken ids, outlets, prices, levels. */
  private async readCatalog(fresh: readonly MutationEnvelope[], parsed: ReadonlyMap<MutationEnvelope, Parsed>): Promise<void> {
    const { tx } = this;
    const payloads = [...parsed.values()].flatMap((p) => ('payload' in p ? [p.payload] : []));
    for (const r of await selectIn(tx, 'SELECT id, seq FROM mutations WHERE id IN', fresh.map((m) => m.id))) {
      this.mutationIds.set(str(r.id), num(r.seq));
    }
    if (payloads.length === 0) return;
    const ids: [IdKind, string, string[]][] = [
      ['sale', 'sales', payloads.map((p) => p.sale.id)],
      ['line', 'sale_lines', payloads.flatMap((p) => p.sale.lines.map((l) => l.id))],
      ['payment', 'payments', payloads.flatMap((p) => p.sale.payments.map((x) => x.id))],
      ['stock event', 'stock_events', payloads.flatMap((p) => p.stockEvents.map((e) => e.id))],
    ];
    for (const [kind, table, values] of ids) {
      for (const r of await selectIn(tx, `SELECT id FROM ${table} WHERE id IN`, values)) this.taken.get(kind)?.add(str(r.id));
    }
    for (const r of await selectIn(tx, 'SELECT id FROM outlets WHERE id IN', payloads.map((p) => p.sale.outletId))) this.outlets.add(str(r.id));
    const productIds = payloads.flatMap((p) => p.sale.lines.map((l) => l.productId));
    for (const r of await selectIn(tx, 'SELECT id, price FROM products WHERE id IN', productIds)) this.prices.set(str(r.id), num(r.price));
    const byOutlet = new Map<string, Set<string>>();
    for (const p of payloads) {
      for (const e of p.stockEvents) byOutlet.set(e.outletId, (byOutlet.get(e.outletId) ?? new Set()).add(e.productId));
    }
    for (const [outletId, products] of byOutlet) {
      for (const p of products) this.levels.set(stockKey(outletId, p), 0);
      const rows = await selectIn(tx, 'SELECT product_id, level FROM stock_levels WHERE outlet_id = ? AND product_id IN', products, [outletId]);
      for (const r of rows) this.levels.set(stockKey(outletId, str(r.product_id)), num(r.level));
    }
  }

  /** `parsed` is there for every mutation above the device's last seq when the batch began; a replay needs none. */
  private applyOne(m: MutationEnvelope, lastSeq: number, parsed: Parsed | undefined): MutationResult | { expectedSeq: number } {
    const hash = this.hashes.get(m) ?? mutationHash(m);
    const result = (status: MutationStatus, reason: string | null, replay = false): MutationResult => ({
      seq: m.seq,
      id: m.id,
      status,
      reason,
      replay,
    });
    // A mutation refused as a conflict is stored under this id, as its own id is taken.
    const refusedId = `${m.id}#${this.deviceId}#${m.seq}`;
    if (m.seq <= lastSeq) {
      const stored = this.stored.get(m.seq);
      if (!stored) return result('conflict', `seq ${m.seq} is below this device's last seq ${lastSeq} but was never stored`);
      if ((stored.id !== m.id && stored.id !== refusedId) || stored.hash !== hash) {
        return result('conflict', `seq ${m.seq} was already used by another mutation; this one was not applied`);
      }
      return result(stored.status, stored.reason, true);
    }
    if (m.seq > lastSeq + 1) return { expectedSeq: lastSeq + 1 };

    const receivedAt = this.now();
    const { status, reason } = this.decide(m, parsed ?? parse(m, this.deviceId), receivedAt);
    // Refused mutations still take their seq: the device's queue moves on and
    // the refusal is stored, so a replay gets the same answer.
    const storedId = status === 'conflict' ? refusedId : m.id;
    this.rows.mutations.push([this.deviceId, m.seq, storedId, printable(m.type), hash, status, reason, m.deviceTime, receivedAt]);
    this.stored.set(m.seq, { id: storedId, hash, status, reason });
    this.mutationIds.set(storedId, m.seq);
    return result(status, reason);
  }

  /**
   * What becomes of a new mutation, in this order: a reused mutation id, an
   * unknown type, an invalid payload, another device's sale, a sale already
   * stored, a reused line/payment/event id; otherwise it is recorded.
   */
  private decide(m: MutationEnvelope, parsed: Parsed, receivedAt: number): Decision {
    const sameId = this.mutationIds.get(m.id);
    if (sameId !== undefined) return { status: 'conflict', reason: `mutation id ${m.id} was already used as seq ${sameId}; not applied again` };
    if ('refusal' in parsed) return parsed.refusal;
    const { sale, stockEvents } = parsed.payload;
    if (this.taken.get('sale')?.has(sale.id)) return { status: 'duplicate', reason: `sale ${sale.receiptNo} is already stored` };

    // Ids made on the device must be new. A reused one would make an insert
    // throw, fail the whole push and block every mutation queued behind it.
    const groups: [IdKind, string[]][] = [
      ['line', sale.lines.map((l) => l.id)],
      ['payment', sale.payments.map((p) => p.id)],
      ['stock event', stockEvents.map((e) => e.id)],
    ];
    for (const [what, ids] of groups) {
      const seen = new Set<string>();
      for (const id of ids) {
        if (seen.has(id)) return { status: 'rejected', reason: `sale ${sale.receiptNo}: ${what} id ${id} appears twice in this sale` };
        seen.add(id);
        if (this.taken.get(what)?.has(id)) return { status: 'rejected', reason: `sale ${sale.receiptNo}: ${what} id ${id} is already used by another sale; not recorded` };
      }
    }
    for (const [what, ids] of groups) for (const id of ids) this.taken.get(what)?.add(id);
    this.taken.get('sale')?.add(sale.id);
    return this.recordSale(m.seq, parsed.payload, receivedAt);
  }

  /**
   * Rule 10: the money was taken, so a sale is recorded even when something
   * about it is off; what is off becomes a flag for a supervisor.
   */
  private recordSale(seq: number, { sale, stockEvents }: SaleRecordPayload, receivedAt: number): Decision {
    const { deviceId, rows } = this;
    const flags: string[] = [];
    if (!this.outlets.has(sale.outletId)) flags.push(`unknown outlet ${sale.outletId}`);
    for (const line of sale.lines) {
      const price = this.prices.get(line.productId);
      if (price === undefined) flags.push(`unknown product ${line.productId} (${line.name})`);
      else if (price !== line.unitPrice) flags.push(`${line.name}: sold at ${line.unitPrice}, catalog price ${price}`);
    }
    // Two lines of one product move one level, and are flagged once.
    const mine = new Map<string, { outletId: string; productId: string; delta: number }>();
    for (const e of stockEvents) {
      const key = stockKey(e.outletId, e.productId);
      const move = mine.get(key) ?? { outletId: e.outletId, productId: e.productId, delta: 0 };
      move.delta += e.delta;
      mine.set(key, move);
      rows.events.push([e.id, e.productId, e.outletId, deviceId, e.delta, e.reason, e.saleId, receivedAt]);
    }
    for (const [key, mv] of mine) {
      const level = (this.levels.get(key) ?? 0) + mv.delta;
      this.levels.set(key, level);
      const total = this.moves.get(key) ?? { outletId: mv.outletId, productId: mv.productId, delta: 0 };
      total.delta += mv.delta;
      this.moves.set(key, total);
      // Rule 13: two booths may both sell the last piece offline; both sales stand.
      if (level < 0) flags.push(`stock of ${mv.productId} at ${mv.outletId} is now ${level}`);
    }
    rows.sales.push([
      sale.id,
      deviceId,
      seq,
      sale.outletId,
      sale.receiptNo,
      sale.businessDate,
      sale.total,
      sale.createdAt,
      receivedAt,
      JSON.stringify(flags),
      JSON.stringify(sale),
    ]);
    for (const l of sale.lines) rows.lines.push([l.id, sale.id, l.productId, l.producerId, l.qty, l.unitPrice, l.net, l.tax]);
    for (const p of sale.payments) rows.payments.push([p.id, sale.id, p.method, p.amount, p.reference]);
    return flags.length > 0 ? { status: 'flagged', reason: flags.join('; ') } : { status: 'applied', reason: null };
  }

  /** Sales before their lines and payments (foreign keys); one version for the batch, as its rows commit together. */
  private async write(): Promise<void> {
    const { tx, rows } = this;
    await insertAll(
      tx,
      'INSERT INTO sales (id, device_id, device_seq, outlet_id, receipt_no, business_date, total, created_at, received_at, flags, body)',
      rows.sales,
    );
    await insertAll(tx, 'INSERT INTO sale_lines (id, sale_id, product_id, producer_id, qty, unit_price, net, tax)', rows.lines);
    await insertAll(tx, 'INSERT INTO payments (id, sale_id, method, amount, reference)', rows.payments);
    await insertAll(tx, 'INSERT INTO stock_events (id, product_id, outlet_id, device_id, delta, reason, sale_id, received_at)', rows.events);
    if (this.moves.size > 0) {
      const version = await bumpVersion(tx);
      await insertAll(
        tx,
        'INSERT INTO stock_levels (outlet_id, product_id, level, version)',
        [...this.moves.values()].map((mv) => [mv.outletId, mv.productId, mv.delta, version]),
        ' ON CONFLICT (outlet_id, product_id) DO UPDATE SET level = stock_levels.level + excluded.level, version = excluded.version',
      );
    }
    await insertAll(
      tx,
      'INSERT INTO mutations (device_id, seq, id, type, payload_hash, status, reason, device_time, received_at)',
      rows.mutations,
    );
  }
}

/** PostgreSQL text cannot hold U+0000; a type is only ever shown, so it is shown escaped. */
function printable(text: string): string {
  return text.replaceAll('\u0000', '\\u0000');
}
