// Rule 9 for one push request, inside one transaction: every decision is made
// in memory from what was read up front (this device's seq, which ids are
// taken, prices, outlets, stock levels), then all rows are written set-at-a-
// time. A batch of 100 sales is a dozen statements and one commit, not 1,000
// statements and 100 commits. Each mutation is still all-or-nothing, since
// the whole batch is: nothing is acknowledged before the commit.
import {
  type MutationResult,
  type MutationStatus,
  type PushResponse,
  type CartVoidPayload,
  type SaleRecordPayload,
  type SaleVoidPayload,
  type StockEvent,
} from '../../protocol/schemas.ts';
import { addReturned, listPriceOf, returnedSoFar, type Returned } from '../../domain/approval.ts';
import type { Sale } from '../../domain/sale.ts';
import { loadRoleHistory, outletDiscountLimits } from './accounts.ts';
import { checkCartVoid, checkReturn, checkSale, userIdsOf, type AccountContext, type Finding, type PriorReturns } from './accountability.ts';
import { appendAudit, type AuditInput } from './audit.ts';
import { num, str, type SqlTx, type SqlValue } from './db.ts';
import { printable, type Decision, type Parsed, type PreparedMutation } from './prepare.ts';
import { bumpVersion, insertAll, lockCatalog, selectIn } from './sql.ts';

interface Stored {
  id: string;
  hash: string;
  status: MutationStatus;
  reason: string | null;
}
type IdKind = 'sale' | 'line' | 'payment' | 'stock event' | 'return';

const stockKey = (outletId: string, productId: string): string => `${outletId}\u0000${productId}`;

/**
 * Thrown (and so rolling the batch back) when a batch that trusted its ids
 * found one already stored: Store.push runs it again with trustIds false.
 */
export class IdsTaken extends Error {
  override name = 'IdsTaken';

  constructor() {
    super('an id in this push is already stored; deciding the batch again from what is stored');
  }
}

/**
 * `trustIds`: skip the reads that look for each sale, line, payment, stock
 * event, return and mutation id among the stored ones, and let the inserts
 * tell (ON CONFLICT DO NOTHING, then count). Ids are UUIDv7 made on the
 * device, so a taken one is a resent or corrupt mutation: rare, and then
 * the batch is decided again the careful way (IdsTaken).
 */
export function applyPush(
  tx: SqlTx,
  dialect: 'sqlite' | 'postgres',
  deviceId: string,
  sorted: readonly PreparedMutation[],
  now: () => number,
  trustIds = false,
): Promise<PushResponse> {
  return new PushBatch(tx, dialect, deviceId, now, trustIds).run(sorted);
}

class PushBatch {
  /** Ids already stored, or stored by this batch: mutation id -> seq; the rest by kind. */
  private readonly mutationIds = new Map<string, number>();
  private readonly taken = new Map<IdKind, Set<string>>([
    ['sale', new Set()],
    ['line', new Set()],
    ['payment', new Set()],
    ['stock event', new Set()],
    ['return', new Set()],
  ]);
  /** This device's stored mutations by seq: read for replays, added to by this batch. */
  private readonly stored = new Map<number, Stored>();
  private readonly outlets = new Set<string>();
  private readonly prices = new Map<string, number>();
  /** Stock level per outlet and product as of this point in the batch. */
  private readonly levels = new Map<string, number>();
  private readonly moves = new Map<string, { outletId: string; productId: string; delta: number }>();
  /** Role history of every user the batch names, and outlets' discount limits (sync rule 10, second look). */
  private accounts: AccountContext = { roles: new Map(), limits: new Map() };
  /** The outlet the device was enrolled at (its latest registration); null for a device never enrolled. */
  private enrolledOutlet: string | null = null;
  /** Sales a void or refund names, from the database or from earlier in this batch. */
  private readonly returnedSales = new Map<string, Sale>();
  /** What earlier voids and refunds already took back, per sale. */
  private readonly priorReturns = new Map<string, Returned>();
  private readonly audits: AuditInput[] = [];
  private readonly rows = {
    returns: [] as SqlValue[][],
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
    private readonly trustIds: boolean,
  ) {}

  async run(sorted: readonly PreparedMutation[]): Promise<PushResponse> {
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
    // Parsing and hashing were done before the transaction (prepare.ts), so
    // other servers wait on the catalog lock as briefly as possible.
    await this.readStored(replays.map((m) => m.seq));
    if (fresh.length > 0) {
      // From here no other server can store a sale or change a price or a
      // level before this transaction commits: what is read next stays true.
      await lockCatalog(tx, this.dialect);
      await this.readCatalog(fresh);
    }

    let lastSeq = first;
    const results: MutationResult[] = [];
    let gap: PushResponse['gap'] = null;
    for (const m of sorted) {
      const outcome = this.applyOne(m, lastSeq);
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
  private async readCatalog(fresh: readonly PreparedMutation[]): Promise<void> {
    const { tx } = this;
    const all = fresh.map((m) => m.parsed);
    const payloads = all.flatMap((p) => ('payload' in p ? [p.payload] : []));
    const rets = all.flatMap((p) => ('ret' in p ? [p.ret] : []));
    const carts = all.flatMap((p) => ('cartVoid' in p ? [p.cartVoid] : []));
    if (!this.trustIds) {
      for (const r of await selectIn(tx, 'SELECT id, seq FROM mutations WHERE id IN', fresh.map((m) => m.id))) {
        this.mutationIds.set(str(r.id), num(r.seq));
      }
    }
    if (payloads.length === 0 && rets.length === 0 && carts.length === 0) return;
    await this.readAccounts([...payloads, ...rets, ...carts], [...payloads.map((p) => p.sale.outletId)]);
    await this.readReturned(rets);
    const ids: [IdKind, string, string[]][] = this.trustIds ? [] : [
      ['sale', 'sales', payloads.map((p) => p.sale.id)],
      ['line', 'sale_lines', payloads.flatMap((p) => p.sale.lines.map((l) => l.id))],
      ['payment', 'payments', payloads.flatMap((p) => p.sale.payments.map((x) => x.id))],
      ['stock event', 'stock_events', [...payloads, ...rets].flatMap((p) => p.stockEvents.map((e) => e.id))],
      ['return', 'sale_returns', rets.map((r) => r.id)],
    ];
    for (const [kind, table, values] of ids) {
      for (const r of await selectIn(tx, `SELECT id FROM ${table} WHERE id IN`, values)) this.taken.get(kind)?.add(str(r.id));
    }
    for (const r of await selectIn(tx, 'SELECT id FROM outlets WHERE id IN', payloads.map((p) => p.sale.outletId))) this.outlets.add(str(r.id));
    const productIds = payloads.flatMap((p) => p.sale.lines.map((l) => l.productId));
    for (const r of await selectIn(tx, 'SELECT id, price FROM products WHERE id IN', productIds)) this.prices.set(str(r.id), num(r.price));
    const byOutlet = new Map<string, Set<string>>();
    for (const p of [...payloads, ...rets]) {
      for (const e of p.stockEvents) byOutlet.set(e.outletId, (byOutlet.get(e.outletId) ?? new Set()).add(e.productId));
    }
    for (const [outletId, products] of byOutlet) {
      for (const p of products) this.levels.set(stockKey(outletId, p), 0);
      const rows = await selectIn(tx, 'SELECT product_id, level FROM stock_levels WHERE outlet_id = ? AND product_id IN', products, [outletId]);
      for (const r of rows) this.levels.set(stockKey(outletId, str(r.product_id)), num(r.level));
    }
  }

  /** Role history of the people the batch names (one query), and the discount limits of its outlets. */
  private async readAccounts(payloads: readonly (SaleRecordPayload | SaleVoidPayload | CartVoidPayload)[], outletIds: readonly string[]): Promise<void> {
    const userIds = new Set(payloads.flatMap(userIdsOf));
    this.accounts = {
      roles: userIds.size > 0 ? await loadRoleHistory(this.tx, userIds) : new Map(),
      limits: outletIds.length > 0 ? await outletDiscountLimits(this.tx, new Set(outletIds)) : new Map(),
    };
    // Latest registration, revoked or not: an admin may import a revoked device's file.
    const [reg] = await this.tx.all('SELECT outlet_id FROM device_registrations WHERE device_id = ? ORDER BY created_at DESC LIMIT 1', [this.deviceId]);
    this.enrolledOutlet = reg ? str(reg.outlet_id) : null;
  }

  /** The sales voids and refunds name, and what earlier ones already took back. */
  private async readReturned(rets: readonly SaleVoidPayload[]): Promise<void> {
    if (rets.length === 0) return;
    const saleIds = [...new Set(rets.map((r) => r.saleId))];
    for (const r of await selectIn(this.tx, 'SELECT id, body FROM sales WHERE id IN', saleIds)) this.returnedSales.set(str(r.id), JSON.parse(str(r.body)) as Sale);
    for (const r of await selectIn(this.tx, 'SELECT sale_id, body FROM sale_returns WHERE sale_id IN', saleIds)) {
      this.addPrior(JSON.parse(str(r.body)) as SaleVoidPayload);
    }
  }

  private addPrior(ret: SaleVoidPayload): void {
    this.priorReturns.set(ret.saleId, addReturned(this.priorReturns.get(ret.saleId) ?? returnedSoFar([]), ret));
  }

  private applyOne(m: PreparedMutation, lastSeq: number): MutationResult | { expectedSeq: number } {
    const { hash } = m;
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
    const { status, reason } = this.decide(m, m.parsed, receivedAt);
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
  private decide(m: PreparedMutation, parsed: Parsed, receivedAt: number): Decision {
    const sameId = this.mutationIds.get(m.id);
    if (sameId !== undefined) return { status: 'conflict', reason: `mutation id ${m.id} was already used as seq ${sameId}; not applied again` };
    if ('refusal' in parsed) return parsed.refusal;
    if ('ret' in parsed) return this.decideReturn(m.seq, parsed.ret, receivedAt);
    if ('cartVoid' in parsed) return this.recordCartVoid(parsed.cartVoid, receivedAt);
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

  private decideReturn(seq: number, ret: SaleVoidPayload, receivedAt: number): Decision {
    if (this.taken.get('return')?.has(ret.id)) return { status: 'duplicate', reason: `return ${ret.id} is already stored` };
    const seen = new Set<string>();
    for (const e of ret.stockEvents) {
      if (seen.has(e.id) || this.taken.get('stock event')?.has(e.id)) return { status: 'rejected', reason: `return ${ret.id}: stock event id ${e.id} is already used; not recorded` };
      seen.add(e.id);
    }
    for (const id of seen) this.taken.get('stock event')?.add(id);
    this.taken.get('return')?.add(ret.id);
    return this.recordReturn(seq, ret, receivedAt);
  }

  /**
   * A void or refund is recorded like a sale (the money went back, the goods
   * came back): whatever is off about it, or about the people on it, is a
   * flag for a supervisor, never a reason to drop it.
   */
  private recordReturn(seq: number, ret: SaleVoidPayload, receivedAt: number): Decision {
    const sale = this.returnedSales.get(ret.saleId) ?? null;
    const prior: PriorReturns = this.priorReturns.get(ret.saleId) ?? { qty: new Map(), amount: 0 };
    const found = checkReturn(ret, this.deviceId, sale, prior, this.accounts);
    if (this.enrolledOutlet !== null && ret.outletId !== this.enrolledOutlet) {
      found.flags.push(`${ret.kind} at outlet ${ret.outletId}, but this device is enrolled at ${this.enrolledOutlet}`);
    }
    this.moveStock(ret.stockEvents, receivedAt, found.flags);
    this.addPrior(ret);
    this.keepAudits(found, receivedAt);
    this.rows.returns.push([
      ret.id,
      ret.saleId,
      this.deviceId,
      seq,
      ret.outletId,
      ret.kind,
      ret.amount,
      ret.method,
      ret.by,
      ret.approval.approverId,
      ret.businessDate,
      ret.createdAt,
      receivedAt,
      JSON.stringify(found.flags),
      JSON.stringify(ret),
    ]);
    return found.flags.length > 0 ? { status: 'flagged', reason: found.flags.join('; ') } : { status: 'applied', reason: null };
  }

  /** Lines cleared from an unfinished sale: nothing to store but the evidence, in the audit log. */
  private recordCartVoid(cart: CartVoidPayload, receivedAt: number): Decision {
    const found = checkCartVoid(cart, this.deviceId, this.accounts);
    this.keepAudits(found, receivedAt);
    return found.flags.length > 0 ? { status: 'flagged', reason: found.flags.join('; ') } : { status: 'applied', reason: null };
  }

  private keepAudits(found: Finding, at: number): void {
    for (const a of found.audits) this.audits.push({ ...a, at });
  }

  /** Moves levels by these events as of this point in the batch; a level below zero is flagged (rule 13). */
  private moveStock(events: readonly StockEvent[], receivedAt: number, flags: string[]): void {
    // Two lines of one product move one level, and are flagged once.
    const mine = new Map<string, { outletId: string; productId: string; delta: number }>();
    for (const e of events) {
      const key = stockKey(e.outletId, e.productId);
      const move = mine.get(key) ?? { outletId: e.outletId, productId: e.productId, delta: 0 };
      move.delta += e.delta;
      mine.set(key, move);
      this.rows.events.push([e.id, e.productId, e.outletId, this.deviceId, e.delta, e.reason, e.saleId, receivedAt]);
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
      // An overridden price is judged by its approval (checkSale); the
      // catalog is compared with the price the device's catalog showed.
      else if (price !== listPriceOf(line)) flags.push(`${line.name}: sold at ${listPriceOf(line)}, catalog price ${price}`);
    }
    if (this.enrolledOutlet !== null && sale.outletId !== this.enrolledOutlet) {
      flags.push(`sold at outlet ${sale.outletId}, but this device is enrolled at ${this.enrolledOutlet}`);
    }
    const found = checkSale(sale, this.accounts);
    flags.push(...found.flags);
    this.keepAudits(found, receivedAt);
    this.moveStock(stockEvents, receivedAt, flags);
    this.returnedSales.set(sale.id, sale);
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
    // Trusting the ids, a row the table already holds is skipped rather than
    // failing the batch, and the count says so: the batch is then undone and
    // decided again from what is stored (IdsTaken).
    const tail = this.trustIds ? ' ON CONFLICT DO NOTHING' : '';
    const insert = async (head: string, values: readonly SqlValue[][]): Promise<void> => {
      const written = await insertAll(tx, head, values, tail);
      if (written !== values.length) throw new IdsTaken();
    };
    await insert(
      'INSERT INTO sales (id, device_id, device_seq, outlet_id, receipt_no, business_date, total, created_at, received_at, flags, body)',
      rows.sales,
    );
    await insert('INSERT INTO sale_lines (id, sale_id, product_id, producer_id, qty, unit_price, net, tax)', rows.lines);
    await insert('INSERT INTO payments (id, sale_id, method, amount, reference)', rows.payments);
    await insert('INSERT INTO stock_events (id, product_id, outlet_id, device_id, delta, reason, sale_id, received_at)', rows.events);
    if (this.moves.size > 0) {
      const version = await bumpVersion(tx);
      await insertAll(
        tx,
        'INSERT INTO stock_levels (outlet_id, product_id, level, version)',
        [...this.moves.values()].map((mv) => [mv.outletId, mv.productId, mv.delta, version]),
        ' ON CONFLICT (outlet_id, product_id) DO UPDATE SET level = stock_levels.level + excluded.level, version = excluded.version',
      );
    }
    await insert(
      `INSERT INTO sale_returns (id, sale_id, device_id, device_seq, outlet_id, kind, amount, method, by_user, approver_id,
         business_date, created_at, received_at, flags, body)`,
      rows.returns,
    );
    await insert('INSERT INTO mutations (device_id, seq, id, type, payload_hash, status, reason, device_time, received_at)', rows.mutations);
    // Few: only acts with an approval or a problem with the people on them.
    for (const a of this.audits) await appendAudit(tx, a);
  }
}
