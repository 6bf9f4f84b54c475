// Rule 9 for one push request, inside one transaction: every decision is made
// in memory from what was read up front (this device's seq, which ids are
// taken, prices, outlets, stock levels), then all rows are written set-at-a-
// time. A batch of 100 sales is a dozen statements and one commit, not 1,000
// statements and 100 commits. Each mutation is still all-or-nothing, since
// the whole batch is: nothing is acknowledged before the commit. What a kind
// of mutation reads and decides is its handler's (handlers/); this file knows
// no kind by name.
import { makeFlag, type Flag } from '../../protocol/flags.ts';
import type { MutationResult, MutationStatus, PushResponse, SaleVoidPayload, ShiftSlipPayload, StockEvent, TypedPayload } from '../../protocol/schemas.ts';
import type { ShiftSlipWire } from '../../protocol/shift.ts';
import { addReturned, returnedSoFar, type Returned } from '../../domain/approval.ts';
import type { Sale } from '../../domain/sale.ts';
import { inCount } from '../../domain/stock.ts';
import { uuidv7 } from '../../domain/id.ts';
import { IN_COUNT_WHY } from '../../protocol/stock.ts';
import { DEFAULT_OUTLET_SETTINGS, type OutletSettings } from '../../domain/outlet-settings.ts';
import type { PaymentMethod } from '../../domain/payment.ts';
import type { CashReasonLike } from '../../domain/cash-reasons.ts';
import { outletSettingsSchema } from '../../protocol/common.ts';
import { loadRoleHistory, outletDiscountLimits } from '../accounts/accounts.ts';
import type { AccountContext, Finding } from './accountability.ts';
import { appendAudit, type AuditInput } from '../accounts/audit.ts';
import { num, str, type SqlTx, type SqlValue } from '../store/db.ts';
import { linesAsSold, Rollups, type LineAsSold } from '../reports/rollup.ts';
import { bumpVersion, insertAll, lockCatalog, selectIn } from '../store/sql.ts';
import { ID_TABLES, SHIFT_TABLES, STAGED, STOCK_DOC_TABLES, type Batch, type CatalogRow, type MergedSlipSeen, type ShiftSeen, type TransferSeen, type Decision, type IdKind, type Needs, type Receipt, type StagedTable } from './handler.ts';
import { HANDLERS } from './handlers/index.ts';
import type { StockDocKind } from '../../domain/flag-resolution.ts';
import { readStockDoc, stockDocSubjectId, type StockDocSeen } from '../stock/stock-docs.ts';
import { printable, type PreparedMutation } from './prepare.ts';
import { pushProblem, pushProblemSchema, type PushProblem } from '../../protocol/push-problems.ts';

/** A stored problem; rows from before problems were kept have none, and answer with their reason alone. */
function storedProblem(raw: unknown): PushProblem | null {
  if (typeof raw !== 'string') return null;
  try {
    const parsed = pushProblemSchema.safeParse(JSON.parse(raw));
    // Written by this server from a PushProblem; the wire schema only widens the code to any string.
    return parsed.success ? (parsed.data as PushProblem) : null;
  } catch {
    return null;
  }
}

interface Stored {
  id: string;
  hash: string;
  status: MutationStatus;
  reason: string | null;
  problem: PushProblem | null;
}
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

/** What the mutations of a batch need read, gathered before any is decided. */
class Reads implements Needs {
  readonly idsByKind = new Map<IdKind, Set<string>>();
  readonly peopleIds = new Set<string>();
  readonly outletIds = new Set<string>();
  readonly productIds = new Set<string>();
  readonly stockByOutlet = new Map<string, Set<string>>();
  readonly saleIds = new Set<string>();
  readonly returnIds = new Set<string>();
  readonly arrivingSaleIds = new Set<string>();
  readonly transferIds = new Set<string>();
  wantsReasons = false;
  wantsCashReasons = false;
  readonly shiftIds = new Set<string>();
  readonly shiftActivity = new Set<string>();
  readonly drawerIds = new Set<string>();

  ids(kind: IdKind, ids: Iterable<string>): void {
    const set = this.idsByKind.get(kind) ?? new Set<string>();
    for (const id of ids) set.add(id);
    this.idsByKind.set(kind, set);
  }
  people(ids: Iterable<string>): void {
    for (const id of ids) this.peopleIds.add(id);
  }
  outlets(ids: Iterable<string>): void {
    for (const id of ids) this.outletIds.add(id);
  }
  products(ids: Iterable<string>): void {
    for (const id of ids) this.productIds.add(id);
  }
  stock(events: readonly StockEvent[]): void {
    for (const e of events) this.stockByOutlet.set(e.outletId, (this.stockByOutlet.get(e.outletId) ?? new Set()).add(e.productId));
  }
  sales(ids: Iterable<string>): void {
    for (const id of ids) this.saleIds.add(id);
  }
  returns(ids: Iterable<string>): void {
    for (const id of ids) this.returnIds.add(id);
  }
  returnsBefore(saleIds: Iterable<string>): void {
    for (const id of saleIds) this.arrivingSaleIds.add(id);
  }
  transfers(ids: Iterable<string>): void {
    for (const id of ids) this.transferIds.add(id);
  }
  adjustReasons(): void {
    this.wantsReasons = true;
  }
  readonly salesAfterReq = new Map<string, { products: Set<string>; since: number }>();
  salesAfter(outletId: string, productIds: Iterable<string>, since: number): void {
    const r = this.salesAfterReq.get(outletId) ?? { products: new Set<string>(), since };
    for (const id of productIds) r.products.add(id);
    r.since = Math.min(r.since, since);
    this.salesAfterReq.set(outletId, r);
  }
  readonly categories = new Set<string>();
  categoryProducts(category: string): void {
    this.categories.add(category);
  }
  readonly stockDocRefs = new Map<string, { kind: StockDocKind; id: string }>();
  stockDocs(refs: Iterable<{ kind: StockDocKind; id: string }>): void {
    for (const r of refs) this.stockDocRefs.set(stockDocSubjectId(r.kind, r.id), r);
  }
  cashReasons(): void {
    this.wantsCashReasons = true;
  }
  shifts(ids: Iterable<string>, activity = false): void {
    for (const id of ids) {
      this.shiftIds.add(id);
      if (activity) this.shiftActivity.add(id);
    }
  }
  drawers(ids: Iterable<string>): void {
    for (const id of ids) this.drawerIds.add(id);
  }
  readonly drawerDays = new Map<string, { drawerId: string; businessDate: string }>();
  readonly slipShiftIds = new Set<string>();
  drawerDay(drawerId: string, businessDate: string): void {
    this.drawerDays.set(dayKey(drawerId, businessDate), { drawerId, businessDate });
  }
  slips(shiftIds: Iterable<string>): void {
    for (const id of shiftIds) this.slipShiftIds.add(id);
  }
}

const dayKey = (drawerId: string, businessDate: string): string => `${drawerId}\u0000${businessDate}`;

/** `handler.needs` for one parsed mutation: the kind's own handler, picked by its type. */
function needsOf<K extends TypedPayload['type']>(p: TypedPayload<K>, n: Needs): void {
  HANDLERS[p.type].needs(p.payload, n);
}

function decideTyped<K extends TypedPayload['type']>(p: TypedPayload<K>, batch: Batch, at: Receipt): Decision {
  return HANDLERS[p.type].decide(batch, p.payload, at);
}

class PushBatch implements Batch {
  /** Ids already stored, or stored by this batch: mutation id -> seq; the rest by kind. */
  private readonly mutationIds = new Map<string, number>();
  private readonly taken = new Map<IdKind, Set<string>>();
  /** This device's stored mutations by seq: read for replays, added to by this batch. */
  private readonly stored = new Map<number, Stored>();
  private readonly outlets = new Set<string>();
  private readonly prices = new Map<string, number>();
  private readonly productRows = new Map<string, CatalogRow>();
  /** The lines of the sales the batch holds as they were sold (HPP, name, category frozen at their ingest). */
  private readonly soldLines = new Map<string, LineAsSold>();
  readonly rollups = new Rollups();
  private readonly transfersById = new Map<string, TransferSeen>();
  private readonly stockDocsByKey = new Map<string, StockDocSeen | null>();
  private readonly otherSales = new Map<string, { productId: string; delta: number; at: number }[]>();
  private readonly categoryIds = new Map<string, string[]>();
  private readonly activeReasons = new Set<string>();
  private readonly cashReasonsByCode = new Map<string, CashReasonLike>();
  /** Stock level per outlet and product as of this point in the batch. */
  private readonly levels = new Map<string, number>();
  private readonly moves = new Map<string, { outletId: string; productId: string; delta: number }>();
  /** The last count of each product at each outlet the batch moves (by stockKey), as read or made in this batch. */
  private readonly counted = new Map<string, { at: number; countId: string; by: string }>();
  /** Counts made in this batch, by stockKey, to be kept in stock_counted. */
  private readonly countedRows = new Map<string, SqlValue[]>();
  /** Role history of every user the batch names, and outlets' discount limits (sync rule 10, second look). */
  accounts: AccountContext = { roles: new Map(), limits: new Map() };
  /** The outlet the device was enrolled at (its latest registration); null for a device never enrolled. */
  private enrolledOutlet: string | null = null;
  /** Sales the batch names, from the database or from earlier in this batch. */
  private readonly sales = new Map<string, Sale>();
  /** What earlier voids and refunds already took back, per sale. */
  private readonly returned = new Map<string, Returned>();
  /** Voids and refunds stored or recorded before their sale, by the sale's id. */
  private readonly awaiting = new Map<string, SaleVoidPayload[]>();
  /** Voids and refunds by id: those a resolution names, and those recorded in this batch. */
  private readonly returnsById = new Map<string, { saleId: string; outletId: string }>();
  private readonly shifts = new Map<string, ShiftSeen>();
  /** The acts counted in each shift, by shift id, whether its opening is known yet or not (it may come later in the batch). */
  private readonly shiftActs = new Map<string, ShiftSeen['activity']>();
  private readonly zNumbers = new Map<string, Set<number>>();
  /** Shift ids opened on a drawer on a day, by dayKey. */
  private readonly dayShifts = new Map<string, Set<string>>();
  private readonly slipsByShift = new Map<string, ShiftSlipWire>();
  private readonly mergedByShift = new Map<string, MergedSlipSeen>();
  private readonly dayMerges = new Map<string, Map<string, number>>();
  private readonly outletSettings = new Map<string, OutletSettings>();
  private readonly audits: AuditInput[] = [];
  private readonly staged = new Map<StagedTable, SqlValue[][]>(Object.keys(STAGED).map((t) => [t as StagedTable, []]));
  private readonly mutationRows: SqlValue[][] = [];

  constructor(
    private readonly tx: SqlTx,
    private readonly dialect: 'sqlite' | 'postgres',
    readonly deviceId: string,
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
    const rows = await selectIn(this.tx, 'SELECT seq, id, payload_hash, status, reason, problem FROM mutations WHERE device_id = ? AND seq IN', seqs, [
      this.deviceId,
    ]);
    for (const r of rows) {
      this.stored.set(num(r.seq), {
        id: str(r.id),
        hash: str(r.payload_hash),
        status: str(r.status) as MutationStatus,
        reason: r.reason === null ? null : str(r.reason),
        problem: storedProblem(r.problem),
      });
    }
  }

  /** One query per table for the whole batch, whatever kinds it holds: taken ids, people, outlets, prices, levels, sales named. */
  private async readCatalog(fresh: readonly PreparedMutation[]): Promise<void> {
    const { tx } = this;
    if (!this.trustIds) {
      for (const r of await selectIn(tx, 'SELECT id, seq FROM mutations WHERE id IN', fresh.map((m) => m.id))) {
        this.mutationIds.set(str(r.id), num(r.seq));
      }
    }
    const parsed = fresh.flatMap((m) => ('refusal' in m.parsed ? [] : [m.parsed]));
    if (parsed.length === 0) return;
    const need = new Reads();
    for (const p of parsed) needsOf(p, need);
    await this.readAccounts(need);
    await this.readSales([...need.saleIds]);
    // Rare (a refund made elsewhere while the sale's device was offline), but the query is one per push and by index.
    for (const r of await selectIn(tx, 'SELECT body FROM sale_returns WHERE sale_id IN', [...need.arrivingSaleIds])) this.awaitSale(JSON.parse(str(r.body)) as SaleVoidPayload);
    for (const r of await selectIn(tx, 'SELECT id, sale_id, outlet_id FROM sale_returns WHERE id IN', [...need.returnIds])) {
      this.returnsById.set(str(r.id), { saleId: str(r.sale_id), outletId: str(r.outlet_id) });
    }
    if (!this.trustIds) {
      for (const [kind, ids] of need.idsByKind) {
        const taken = this.takenOf(kind);
        for (const r of await selectIn(tx, `SELECT id FROM ${ID_TABLES[kind]} WHERE id IN`, [...ids])) taken.add(str(r.id));
      }
    }
    for (const r of await selectIn(tx, 'SELECT id FROM outlets WHERE id IN', [...need.outletIds])) this.outlets.add(str(r.id));
    for (const r of await selectIn(tx, 'SELECT id, price, producer_id, category, cost, tax FROM products WHERE id IN', [...need.productIds])) {
      this.prices.set(str(r.id), num(r.price));
      this.productRows.set(str(r.id), {
        price: num(r.price),
        producerId: str(r.producer_id),
        category: str(r.category),
        cost: r.cost === null || r.cost === undefined ? null : num(r.cost),
        taxExempt: str(r.tax) === 'exempt',
      });
    }
    if (need.wantsReasons) for (const r of await tx.all('SELECT code FROM adjust_reasons WHERE active = 1')) this.activeReasons.add(str(r.code));
    if (need.wantsCashReasons) {
      for (const r of await tx.all('SELECT code, direction, active FROM cash_reasons')) {
        this.cashReasonsByCode.set(str(r.code), { code: str(r.code), direction: str(r.direction) as CashReasonLike['direction'], active: num(r.active) === 1 });
      }
    }
    // Read whether the ids are trusted or not: a second receipt of one transfer is a refusal, never a retry.
    const receipts = new Map<string, string>();
    for (const r of await selectIn(tx, 'SELECT id, transfer_id FROM transfer_receipts WHERE transfer_id IN', [...need.transferIds])) receipts.set(str(r.transfer_id), str(r.id));
    for (const r of await selectIn(tx, 'SELECT id, from_outlet_id, to_outlet_id, body FROM transfers WHERE id IN', [...need.transferIds])) {
      const body = JSON.parse(str(r.body)) as { lines: { productId: string; qty: number }[] };
      this.transfersById.set(str(r.id), {
        fromOutletId: str(r.from_outlet_id),
        toOutletId: str(r.to_outlet_id),
        lines: body.lines.map((l) => ({ productId: l.productId, qty: l.qty })),
        receiptId: receipts.get(str(r.id)) ?? null,
      });
    }
    await this.readShifts(need);
    await this.readSharedDrawers(need);
    await this.readOutletSettings(need);
    for (const [outletId, r] of need.salesAfterReq) {
      const rows = await selectIn(
        tx,
        `SELECT e.product_id, e.delta, s.created_at FROM stock_events e JOIN sales s ON s.id = e.sale_id
         WHERE e.outlet_id = ? AND e.reason = 'sale' AND e.device_id <> ? AND s.created_at > ? AND e.product_id IN`,
        [...r.products],
        [outletId, this.deviceId, r.since],
      );
      this.otherSales.set(outletId, rows.map((x) => ({ productId: str(x.product_id), delta: num(x.delta), at: num(x.created_at) })));
    }
    // A count by category is rare and names one: a scan of products by category (no index; a few ms at 50,000 products).
    for (const category of need.categories) {
      const rows = await tx.all('SELECT id FROM products WHERE category = ? AND active = 1 ORDER BY id', [category]);
      this.categoryIds.set(category, rows.map((r) => str(r.id)));
    }
    // A resolution names one document: read one by one, never more than a push's resolutions.
    for (const [key, ref] of need.stockDocRefs) this.stockDocsByKey.set(key, await readStockDoc(tx, ref.kind, ref.id));
    for (const [outletId, products] of need.stockByOutlet) {
      for (const p of products) this.levels.set(stockKey(outletId, p), 0);
      const rows = await selectIn(tx, 'SELECT product_id, level FROM stock_levels WHERE outlet_id = ? AND product_id IN', [...products], [outletId]);
      for (const r of rows) this.levels.set(stockKey(outletId, str(r.product_id)), num(r.level));
      const counts = await selectIn(tx, 'SELECT product_id, counted_at, count_id, by_user FROM stock_counted WHERE outlet_id = ? AND product_id IN', [...products], [outletId]);
      for (const r of counts) this.counted.set(stockKey(outletId, str(r.product_id)), { at: num(r.counted_at), countId: str(r.count_id), by: str(r.by_user) });
    }
  }

  /** The shifts named, with the acts they hold when a close will recount them; Z numbers of drawers; the outlets' settings. */
  /** Every kind that names an outlet may hold it to its settings (a Kas Keluar limit, an adjustment limit), not only the shifts' kinds. */
  private async readOutletSettings(need: Reads): Promise<void> {
    for (const r of await selectIn(this.tx, 'SELECT id, settings FROM outlets WHERE id IN', [...need.outletIds])) {
      const parsed = r.settings === null ? null : outletSettingsSchema.safeParse(JSON.parse(str(r.settings)));
      this.outletSettings.set(str(r.id), parsed?.success ? parsed.data : DEFAULT_OUTLET_SETTINGS);
    }
  }

  private async readShifts(need: Reads): Promise<void> {
    const { tx } = this;
    if (need.shiftIds.size === 0 && need.drawerIds.size === 0) return;
    for (const r of await selectIn(tx, 'SELECT id, outlet_id, drawer_id, opening_float, business_date FROM shifts WHERE id IN', [...need.shiftIds])) {
      this.shifts.set(str(r.id), {
        id: str(r.id),
        outletId: str(r.outlet_id),
        drawerId: str(r.drawer_id),
        openingFloat: num(r.opening_float),
        zNo: null,
        businessDate: str(r.business_date),
        activity: this.actsOf(str(r.id)),
      });
    }
    for (const r of await selectIn(tx, 'SELECT shift_id, z_no FROM shift_closes WHERE shift_id IN', [...need.shiftIds])) {
      const s = this.shifts.get(str(r.shift_id));
      if (s) s.zNo = num(r.z_no);
    }
    const recount = [...need.shiftActivity];
    for (const r of await selectIn(tx, 'SELECT shift_id, body FROM sales WHERE shift_id IN', recount)) this.actsOf(str(r.shift_id)).sales.push(JSON.parse(str(r.body)) as Sale);
    for (const r of await selectIn(tx, 'SELECT id, shift_id, kind, method, amount FROM sale_returns WHERE shift_id IN', recount)) {
      this.actsOf(str(r.shift_id)).returns.push({ id: str(r.id), kind: str(r.kind) as 'void' | 'refund', method: str(r.method) as PaymentMethod, amount: num(r.amount) });
    }
    for (const r of await selectIn(tx, 'SELECT id, shift_id, direction, amount, reason FROM cash_movements WHERE shift_id IN', recount)) {
      this.actsOf(str(r.shift_id)).movements.push({ id: str(r.id), direction: str(r.direction) as 'in' | 'out', amount: num(r.amount), reason: str(r.reason) });
    }
    for (const r of await selectIn(tx, 'SELECT drawer_id, z_no FROM shift_closes WHERE drawer_id IN', [...need.drawerIds])) this.zNumbersFor(str(r.drawer_id)).add(num(r.z_no));
  }

  /** A shared drawer's days: its shifts, slips and merges, so a close sees a slip missing or merged twice. */
  private async readSharedDrawers(need: Reads): Promise<void> {
    const { tx } = this;
    for (const { drawerId, businessDate } of need.drawerDays.values()) {
      const key = dayKey(drawerId, businessDate);
      const shifts = this.dayShiftsFor(key);
      for (const r of await tx.all('SELECT id FROM shifts WHERE drawer_id = ? AND business_date = ?', [drawerId, businessDate])) shifts.add(str(r.id));
      const merges = this.dayMergesFor(key);
      for (const r of await tx.all('SELECT close_id, shift_id, z_no, body FROM shift_merge_slips WHERE drawer_id = ? AND business_date = ?', [drawerId, businessDate])) {
        merges.set(str(r.close_id), num(r.z_no));
        this.mergedByShift.set(str(r.shift_id), { closeId: str(r.close_id), zNo: num(r.z_no), drawerId, businessDate, slip: JSON.parse(str(r.body)) as ShiftSlipWire });
      }
    }
    const ids = [...need.slipShiftIds];
    for (const r of await selectIn(tx, 'SELECT shift_id, body FROM shift_slips WHERE shift_id IN', ids)) this.slipsByShift.set(str(r.shift_id), (JSON.parse(str(r.body)) as ShiftSlipPayload).slip);
    for (const r of await selectIn(tx, 'SELECT close_id, shift_id, drawer_id, business_date, z_no, body FROM shift_merge_slips WHERE shift_id IN', ids)) {
      this.mergedByShift.set(str(r.shift_id), { closeId: str(r.close_id), zNo: num(r.z_no), drawerId: str(r.drawer_id), businessDate: str(r.business_date), slip: JSON.parse(str(r.body)) as ShiftSlipWire });
    }
  }

  private dayShiftsFor(key: string): Set<string> {
    let set = this.dayShifts.get(key);
    if (!set) this.dayShifts.set(key, (set = new Set()));
    return set;
  }

  private dayMergesFor(key: string): Map<string, number> {
    let map = this.dayMerges.get(key);
    if (!map) this.dayMerges.set(key, (map = new Map()));
    return map;
  }

  private actsOf(shiftId: string): ShiftSeen['activity'] {
    let acts = this.shiftActs.get(shiftId);
    if (!acts) this.shiftActs.set(shiftId, (acts = { sales: [], returns: [], movements: [] }));
    return acts;
  }

  private zNumbersFor(drawerId: string): Set<number> {
    let set = this.zNumbers.get(drawerId);
    if (!set) this.zNumbers.set(drawerId, (set = new Set()));
    return set;
  }

  /** Role history of the people the batch names (one query), and the discount limits of its outlets. */
  private async readAccounts(need: Reads): Promise<void> {
    this.accounts = {
      roles: need.peopleIds.size > 0 ? await loadRoleHistory(this.tx, need.peopleIds) : new Map(),
      limits: need.outletIds.size > 0 ? await outletDiscountLimits(this.tx, need.outletIds) : new Map(),
    };
    // Latest registration, revoked or not: an admin may import a revoked device's file.
    const [reg] = await this.tx.all('SELECT outlet_id FROM device_registrations WHERE device_id = ? ORDER BY created_at DESC LIMIT 1', [this.deviceId]);
    this.enrolledOutlet = reg ? str(reg.outlet_id) : null;
  }

  /** The sales voids and refunds name, and what earlier ones already took back. */
  private async readSales(saleIds: readonly string[]): Promise<void> {
    if (saleIds.length === 0) return;
    for (const r of await selectIn(this.tx, 'SELECT id, body FROM sales WHERE id IN', saleIds)) this.sales.set(str(r.id), JSON.parse(str(r.body)) as Sale);
    const lineIds = [...this.sales.values()].flatMap((s) => s.lines.map((l) => l.id));
    for (const [id, line] of await linesAsSold(this.tx, lineIds)) this.soldLines.set(id, line);
    for (const r of await selectIn(this.tx, 'SELECT sale_id, body FROM sale_returns WHERE sale_id IN', saleIds)) {
      this.rememberReturn(JSON.parse(str(r.body)) as { saleId: string; lines: { lineId: string; qty: number }[]; amount: number });
    }
  }

  // ------------------------------------------------- the batch, as handlers see it

  private takenOf(kind: IdKind): Set<string> {
    let set = this.taken.get(kind);
    if (!set) this.taken.set(kind, (set = new Set()));
    return set;
  }

  isTaken(kind: IdKind, id: string): boolean {
    return this.taken.get(kind)?.has(id) ?? false;
  }

  take(kind: IdKind, ids: Iterable<string>): void {
    const set = this.takenOf(kind);
    for (const id of ids) set.add(id);
  }

  outletKnown(outletId: string): boolean {
    return this.outlets.has(outletId);
  }

  priceOf(productId: string): number | undefined {
    return this.prices.get(productId);
  }

  saleOf(saleId: string): Sale | null {
    return this.sales.get(saleId) ?? null;
  }

  rememberSale(sale: Sale, lines: ReadonlyMap<string, LineAsSold>): void {
    this.sales.set(sale.id, sale);
    for (const [lineId, line] of lines) this.soldLines.set(lineId, line);
  }

  lineAsSold(lineId: string): LineAsSold | null {
    return this.soldLines.get(lineId) ?? null;
  }

  returnedOf(saleId: string): Returned {
    return this.returned.get(saleId) ?? returnedSoFar([]);
  }

  rememberReturn(ret: { id?: string; outletId?: string; saleId: string; lines: readonly { lineId: string; qty: number }[]; amount: number }): void {
    this.returned.set(ret.saleId, addReturned(this.returned.get(ret.saleId) ?? returnedSoFar([]), ret));
    if (ret.id !== undefined && ret.outletId !== undefined) this.returnsById.set(ret.id, { saleId: ret.saleId, outletId: ret.outletId });
  }

  returnsAwaiting(saleId: string): readonly SaleVoidPayload[] {
    return this.awaiting.get(saleId) ?? [];
  }

  awaitSale(ret: SaleVoidPayload): void {
    const list = this.awaiting.get(ret.saleId);
    if (list) list.push(ret);
    else this.awaiting.set(ret.saleId, [ret]);
  }

  returnOf(returnId: string): { saleId: string; outletId: string } | null {
    return this.returnsById.get(returnId) ?? null;
  }

  productsOfCategory(category: string): readonly string[] {
    return this.categoryIds.get(category) ?? [];
  }

  otherDevicesSoldAfter(outletId: string, productId: string, after: number): number {
    return (this.otherSales.get(outletId) ?? []).reduce((sum, s) => (s.productId === productId && s.at > after ? sum + s.delta : sum), 0);
  }

  stockDocOf(kind: StockDocKind, id: string): StockDocSeen | null {
    return this.stockDocsByKey.get(stockDocSubjectId(kind, id)) ?? null;
  }

  transferOf(transferId: string): TransferSeen | null {
    return this.transfersById.get(transferId) ?? null;
  }

  rememberTransfer(transferId: string, t: TransferSeen): void {
    this.transfersById.set(transferId, t);
  }

  reasonActive(code: string): boolean {
    return this.activeReasons.has(code);
  }

  cashReasonOf(code: string): CashReasonLike | undefined {
    return this.cashReasonsByCode.get(code);
  }

  productOf(productId: string): CatalogRow | undefined {
    return this.productRows.get(productId);
  }

  levelOf(outletId: string, productId: string): number {
    return this.levels.get(stockKey(outletId, productId)) ?? 0;
  }

  enrolledElsewhere(outletId: string): string | null {
    return this.enrolledOutlet !== null && outletId !== this.enrolledOutlet ? this.enrolledOutlet : null;
  }

  keepAudits(found: Finding, at: number): void {
    for (const a of found.audits) this.audits.push({ ...a, at });
  }

  shiftOf(shiftId: string): ShiftSeen | null {
    return this.shifts.get(shiftId) ?? null;
  }

  rememberShift(shift: Omit<ShiftSeen, 'activity'>): void {
    this.shifts.set(shift.id, { ...shift, activity: this.actsOf(shift.id) });
    if (shift.zNo !== null) this.zNumbersFor(shift.drawerId).add(shift.zNo);
    if (shift.businessDate !== undefined) this.dayShiftsFor(dayKey(shift.drawerId, shift.businessDate)).add(shift.id);
  }

  shiftsOnDrawerDay(drawerId: string, businessDate: string): ReadonlySet<string> {
    return this.dayShiftsFor(dayKey(drawerId, businessDate));
  }

  slipOf(shiftId: string): ShiftSlipWire | null {
    return this.slipsByShift.get(shiftId) ?? null;
  }

  rememberSlip(slip: ShiftSlipWire): void {
    this.slipsByShift.set(slip.shiftId, slip);
  }

  mergeOf(shiftId: string): MergedSlipSeen | null {
    return this.mergedByShift.get(shiftId) ?? null;
  }

  mergesOnDrawerDay(drawerId: string, businessDate: string): readonly { closeId: string; zNo: number }[] {
    return [...this.dayMergesFor(dayKey(drawerId, businessDate))].map(([closeId, zNo]) => ({ closeId, zNo }));
  }

  rememberMerge(merged: readonly MergedSlipSeen[], close: { closeId: string; zNo: number; drawerId: string; businessDate: string }): void {
    // The first close that counted a slip stays its merge: a second one is the one flagged.
    for (const m of merged) if (!this.mergedByShift.has(m.slip.shiftId)) this.mergedByShift.set(m.slip.shiftId, m);
    this.dayMergesFor(dayKey(close.drawerId, close.businessDate)).set(close.closeId, close.zNo);
  }

  addToShift(shiftId: string, act: Parameters<Batch['addToShift']>[1]): void {
    const a = this.actsOf(shiftId);
    if (act.kind === 'sale') a.sales.push(act.sale);
    else if (act.kind === 'return') a.returns.push(act.ret);
    else a.movements.push(act.move);
  }

  zNumbersOf(drawerId: string): ReadonlySet<number> {
    return this.zNumbersFor(drawerId);
  }

  settingsOf(outletId: string): OutletSettings {
    return this.outletSettings.get(outletId) ?? DEFAULT_OUTLET_SETTINGS;
  }

  stage(table: StagedTable, row: SqlValue[]): void {
    this.staged.get(table)?.push(row);
  }

  moveStock(events: readonly StockEvent[], receivedAt: number, flags: Flag[], at: number | null): void {
    // Two lines of one product move one level, and are flagged once.
    const mine = new Map<string, { outletId: string; productId: string; delta: number }>();
    for (const e of events) {
      const key = stockKey(e.outletId, e.productId);
      const move = mine.get(key) ?? { outletId: e.outletId, productId: e.productId, delta: 0 };
      move.delta += e.delta;
      mine.set(key, move);
      this.stage('stock_events', [e.id, e.productId, e.outletId, this.deviceId, e.delta, e.reason, e.saleId, receivedAt]);
    }
    for (const [key, mv] of mine) {
      const count = this.counted.get(key);
      if (at !== null && mv.delta !== 0 && count !== undefined && inCount(count.at, at)) {
        // The count saw the shelf after this move: the history keeps both, the level stays the count's.
        const id = `sc-${uuidv7(receivedAt)}`;
        this.stage('stock_events', [id, mv.productId, mv.outletId, this.deviceId, -mv.delta, 'count', null, receivedAt]);
        this.stage('stock_event_docs', [id, 'count', count.countId, count.by, IN_COUNT_WHY, null]);
        continue;
      }
      const level = (this.levels.get(key) ?? 0) + mv.delta;
      this.levels.set(key, level);
      const total = this.moves.get(key) ?? { outletId: mv.outletId, productId: mv.productId, delta: 0 };
      total.delta += mv.delta;
      this.moves.set(key, total);
      // Rule 13: two booths may both sell the last piece offline; both sales stand.
      if (level < 0) flags.push(makeFlag('stock-negative', { productId: mv.productId, outletId: mv.outletId, level }));
    }
  }

  markCounted(outletId: string, lines: readonly { productId: string; countedAt: number }[], count: { id: string; by: string }): void {
    for (const l of lines) {
      const key = stockKey(outletId, l.productId);
      const before = this.counted.get(key);
      // A count typed from an older tally never moves the mark back.
      if (before !== undefined && before.at >= l.countedAt) continue;
      this.counted.set(key, { at: l.countedAt, countId: count.id, by: count.by });
      this.countedRows.set(key, [outletId, l.productId, l.countedAt, count.id, count.by]);
    }
  }

  // ---------------------------------------------------------------- deciding

  private applyOne(m: PreparedMutation, lastSeq: number): MutationResult | { expectedSeq: number } {
    const { hash } = m;
    const result = (status: MutationStatus, reason: string | null, problem: PushProblem | null, replay = false): MutationResult => ({
      seq: m.seq,
      id: m.id,
      status,
      reason,
      problem,
      replay,
    });
    // A mutation refused as a conflict is stored under this id, as its own id is taken.
    const refusedId = `${m.id}#${this.deviceId}#${m.seq}`;
    if (m.seq <= lastSeq) {
      const stored = this.stored.get(m.seq);
      if (!stored) {
        return result('conflict', `seq ${m.seq} is below this device's last seq ${lastSeq} but was never stored`, pushProblem('seq-never-stored', { seq: m.seq, lastSeq }));
      }
      if ((stored.id !== m.id && stored.id !== refusedId) || stored.hash !== hash) {
        return result('conflict', `seq ${m.seq} was already used by another mutation; this one was not applied`, pushProblem('seq-reused', { seq: m.seq }));
      }
      return result(stored.status, stored.reason, stored.problem, true);
    }
    if (m.seq > lastSeq + 1) return { expectedSeq: lastSeq + 1 };

    const receivedAt = this.now();
    const { status, reason, problem = null } = this.decide(m, receivedAt);
    // Refused mutations still take their seq: the device's queue moves on and
    // the refusal is stored, so a replay gets the same answer.
    const storedId = status === 'conflict' ? refusedId : m.id;
    this.mutationRows.push([this.deviceId, m.seq, storedId, printable(m.type), hash, status, reason, problem === null ? null : JSON.stringify(problem), m.deviceTime, receivedAt]);
    this.stored.set(m.seq, { id: storedId, hash, status, reason, problem });
    this.mutationIds.set(storedId, m.seq);
    return result(status, reason, problem);
  }

  /**
   * What becomes of a new mutation, in this order: a reused mutation id, a
   * refusal known before the database (unknown type, invalid payload, another
   * device's sale); otherwise its kind's handler decides.
   */
  private decide(m: PreparedMutation, receivedAt: number): Decision {
    const sameId = this.mutationIds.get(m.id);
    if (sameId !== undefined) {
      return { status: 'conflict', reason: `mutation id ${m.id} was already used as seq ${sameId}; not applied again`, problem: pushProblem('mutation-id-reused', { seq: sameId }) };
    }
    if ('refusal' in m.parsed) return m.parsed.refusal;
    return decideTyped(m.parsed, this, { seq: m.seq, receivedAt });
  }

  /** Staged rows in foreign-key order; one version for the batch, as its rows commit together. */
  private async write(): Promise<void> {
    const { tx } = this;
    // Trusting the ids, a row the table already holds is skipped rather than
    // failing the batch, and the count says so: the batch is then undone and
    // decided again from what is stored (IdsTaken).
    const tail = this.trustIds ? ' ON CONFLICT DO NOTHING' : '';
    const insert = async (head: string, values: readonly SqlValue[][]): Promise<void> => {
      const written = await insertAll(tx, head, values, tail);
      if (written !== values.length) throw new IdsTaken();
    };
    for (const table of ['sales', 'sale_lines', 'payments', 'stock_events'] as const) await insert(STAGED[table], this.staged.get(table) ?? []);
    if (this.moves.size > 0) {
      const version = await bumpVersion(tx);
      await insertAll(
        tx,
        'INSERT INTO stock_levels (outlet_id, product_id, level, version)',
        [...this.moves.values()].map((mv) => [mv.outletId, mv.productId, mv.delta, version]),
        ' ON CONFLICT (outlet_id, product_id) DO UPDATE SET level = stock_levels.level + excluded.level, version = excluded.version',
      );
    }
    if (this.countedRows.size > 0) {
      await insertAll(
        tx,
        'INSERT INTO stock_counted (outlet_id, product_id, counted_at, count_id, by_user)',
        [...this.countedRows.values()],
        ' ON CONFLICT (outlet_id, product_id) DO UPDATE SET counted_at = excluded.counted_at, count_id = excluded.count_id, by_user = excluded.by_user WHERE excluded.counted_at > stock_counted.counted_at',
      );
    }
    await insert(STAGED.sale_returns, this.staged.get('sale_returns') ?? []);
    await insert(STAGED.flag_resolutions, this.staged.get('flag_resolutions') ?? []);
    // The reports' sums commit with the sales and returns they count.
    if (!this.rollups.empty) await this.rollups.write(tx);
    for (const table of STOCK_DOC_TABLES) await insert(STAGED[table], this.staged.get(table) ?? []);
    for (const table of ['payment_awaiting', 'payment_confirmations'] as const) await insert(STAGED[table], this.staged.get(table) ?? []);
    for (const table of SHIFT_TABLES) await insert(STAGED[table], this.staged.get(table) ?? []);
    await insert('INSERT INTO mutations (device_id, seq, id, type, payload_hash, status, reason, problem, device_time, received_at)', this.mutationRows);
    // Few: only acts with an approval or a problem with the people on them.
    for (const a of this.audits) await appendAudit(tx, a);
  }
}
