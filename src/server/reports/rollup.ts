// The reports' rollups: what one sale, void or refund adds to the sums per
// WITA business day, month and year (migrations.ts, REPORT_ROLLUPS). A push adds them in the
// transaction that stores the sale (sync/batch.ts), so a late offline sale
// lands on its own day and a report is never behind what is stored;
// `rebuildRollups` makes them again from the stored rows with the same
// functions, after the migration or to repair them.
import type { Sale } from '../../domain/sale.ts';
import { witaParts } from '../../domain/time.ts';
import type { SaleVoidPayload } from '../../protocol/schemas.ts';
import { num, optNum, optStr, str, type Row, type SqlTx, type SqlValue } from '../store/db.ts';
import { insertAll, lockCatalog, selectIn } from '../store/sql.ts';

const SALES_SUMS = [
  'sales',
  'items',
  'gross',
  'discount',
  'tax',
  'total',
  'rounding',
  'cost',
  'costed_sales',
  'uncosted_lines',
  'uncosted_sales',
  'refunds',
  'refund_amount',
  'voids',
  'void_amount',
  'returned_cost',
  'returned_costed_sales',
  'returned_uncosted_sales',
] as const;

/** Each rollup's key (after grain and period) and its sums, as the migration made them. */
export const ROLLUPS = {
  report_sales: { key: ['grain', 'period', 'outlet_id'], sums: SALES_SUMS },
  report_sales_hour: { key: ['grain', 'period', 'outlet_id', 'hour'], sums: SALES_SUMS },
  report_sales_cashier: { key: ['grain', 'period', 'outlet_id', 'cashier_id'], sums: SALES_SUMS },
  report_products: {
    key: ['grain', 'period', 'outlet_id', 'product_id', 'producer_id', 'category', 'name'],
    sums: [
      'lines',
      'qty',
      'gross',
      'discount',
      'net',
      'tax',
      'cost',
      'costed_sales',
      'uncosted_lines',
      'uncosted_sales',
      'returned_qty',
      'returned_amount',
      'returned_cost',
      'returned_costed_sales',
      'returned_uncosted_sales',
    ],
  },
  report_methods: { key: ['grain', 'period', 'outlet_id', 'method'], sums: ['sales', 'amount', 'returns', 'returned_amount'] },
} as const;

/** A day, its month and its year: every figure is added at the three grains, so a long period reads few rows. */
export const GRAINS = [
  ['d', (date: string): string => date],
  ['m', (date: string): string => date.slice(0, 7)],
  ['y', (date: string): string => date.slice(0, 4)],
] as const;

export type RollupTable = keyof typeof ROLLUPS;
export type RollupKey<T extends RollupTable> = Readonly<Record<Exclude<(typeof ROLLUPS)[T]['key'][number], 'grain' | 'period'>, string | number>>;
export type RollupSums<T extends RollupTable> = Partial<Record<(typeof ROLLUPS)[T]['sums'][number], number>>;

function negated<S extends Partial<Record<string, number>>>(sums: S): S {
  const out: Partial<Record<string, number>> = {};
  for (const [k, v] of Object.entries(sums)) if (v !== undefined) out[k] = -v;
  // The same keys as given, each negated.
  return out as S;
}

/**
 * A sale line as it was sold, frozen at ingest: the HPP per unit (null when
 * the product had none), the name it was sold under and its product's
 * category then. Reports go by these, not by today's catalog.
 */
export interface LineAsSold {
  cost: number | null;
  name: string;
  category: string;
}

/** What a line was sold as; null when the line is not known (then its product's id stands for its name). */
export type LineFacts = (lineId: string) => LineAsSold | null;

/**
 * Sums gathered in memory and written with one upsert per table, adding to
 * what is stored: two sales of one day in a batch become one row, as
 * PostgreSQL refuses a multi-row upsert that names a key twice.
 */
export class Rollups {
  private readonly rows = new Map<RollupTable, Map<string, { key: (string | number)[]; sums: number[] }>>();

  /** Adds `sums` under `key` on business day `date`, at each grain. */
  add<T extends RollupTable>(table: T, date: string, key: RollupKey<T>, sums: RollupSums<T>): void {
    for (const [grain, periodOf] of GRAINS) this.addOne(table, { grain, period: periodOf(date), ...key }, sums);
  }

  private addOne<T extends RollupTable>(table: T, key: Readonly<Record<string, string | number>>, sums: RollupSums<T>): void {
    const spec: { readonly key: readonly string[]; readonly sums: readonly string[] } = ROLLUPS[table];
    // The types above tie each table to its own columns; here any table's are read by name.
    const keyOf = key;
    const sumOf = sums as Readonly<Record<string, number | undefined>>;
    const keyValues = spec.key.map((k) => keyOf[k] ?? '');
    const id = keyValues.join('\u0000');
    let byKey = this.rows.get(table);
    if (!byKey) this.rows.set(table, (byKey = new Map()));
    let row = byKey.get(id);
    if (!row) byKey.set(id, (row = { key: keyValues, sums: spec.sums.map(() => 0) }));
    const target = row.sums;
    spec.sums.forEach((s, i) => {
      const v = sumOf[s];
      if (v !== undefined) target[i] = (target[i] ?? 0) + v;
    });
  }

  get empty(): boolean {
    return this.rows.size === 0;
  }

  async write(tx: SqlTx): Promise<void> {
    for (const [table, byKey] of this.rows) {
      const { key, sums } = ROLLUPS[table];
      const set = sums.map((s) => `${s} = ${table}.${s} + excluded.${s}`).join(', ');
      const values: SqlValue[][] = [...byKey.values()].map((r) => [...r.key, ...r.sums]);
      await insertAll(tx, `INSERT INTO ${table} (${[...key, ...sums].join(', ')})`, values, ` ON CONFLICT (${key.join(', ')}) DO UPDATE SET ${set}`);
    }
    this.rows.clear();
  }
}

/**
 * The WITA hour of the day an instant fell in (the device's clock, as the
 * receipt shows it). A clock past any calendar date (the wire allows it) is
 * counted at hour 0 rather than failing the push that stores the sale.
 */
function hourOf(epochMs: number): number {
  try {
    return witaParts(epochMs).hour;
  } catch {
    return 0;
  }
}

/** What a stored sale adds: its day, hour and cashier; each line by product; each payment method (cash less the change). */
export function addSale(r: Rollups, sale: Sale, factsOf: LineFacts): void {
  const date = sale.businessDate;
  const outlet = { outlet_id: sale.outletId };
  let items = 0;
  let cost = 0;
  let costed = 0;
  let uncostedLines = 0;
  let uncosted = 0;
  for (const l of sale.lines) {
    const facts = factsOf(l.id);
    const unit = facts?.cost ?? null;
    const exTax = l.net - l.tax;
    const lineCost = unit === null ? 0 : unit * l.qty;
    items += l.qty;
    if (unit === null) {
      uncostedLines += 1;
      uncosted += exTax;
    } else {
      cost += lineCost;
      costed += exTax;
    }
    r.add(
      'report_products',
      date,
      { ...outlet, product_id: l.productId, producer_id: l.producerId, category: facts?.category ?? '', name: facts?.name || l.name },
      {
        lines: 1,
        qty: l.qty,
        gross: l.unitPrice * l.qty,
        discount: l.lineDiscount + l.orderDiscountShare,
        net: l.net,
        tax: l.tax,
        cost: lineCost,
        costed_sales: unit === null ? 0 : exTax,
        uncosted_lines: unit === null ? 1 : 0,
        uncosted_sales: unit === null ? exTax : 0,
      },
    );
  }
  const sums = {
    sales: 1,
    items,
    gross: sale.subtotal,
    discount: sale.lineDiscounts + sale.orderDiscountAmount,
    tax: sale.tax,
    total: sale.total,
    rounding: sale.rounding,
    cost,
    costed_sales: costed,
    uncosted_lines: uncostedLines,
    uncosted_sales: uncosted,
  };
  r.add('report_sales', date, outlet, sums);
  r.add('report_sales_hour', date, { ...outlet, hour: hourOf(sale.createdAt) }, sums);
  r.add('report_sales_cashier', date, { ...outlet, cashier_id: sale.cashierId ?? '' }, sums);
  const byMethod = new Map<string, number>();
  for (const p of sale.payments) byMethod.set(p.method, (byMethod.get(p.method) ?? 0) + p.amount);
  // Change goes back from the cash drawer (domain/payment.ts): what cash kept is tendered less change.
  if (sale.change > 0) byMethod.set('cash', (byMethod.get('cash') ?? 0) - sale.change);
  for (const [method, amount] of byMethod) r.add('report_methods', date, { ...outlet, method }, { sales: 1, amount });
}

/** A returned line's share of the money back, and the tax inside it. */
interface ReturnedShare {
  productId: string;
  name: string;
  producerId: string;
  lineId: string;
  qty: number;
  amount: number;
  tax: number;
}

/**
 * The money back spread over the lines returned, as domain/approval.ts's
 * refundAmount spreads it (each line's net pro rata), with what is left by
 * rounding (or the rounding of a whole void) on the last line, so the
 * products' returned amounts add up to the return. Null when the sale is not
 * held or a line is not on it: then only the day and method know the money.
 */
export function returnShares(ret: Pick<SaleVoidPayload, 'lines' | 'amount'>, sale: Sale | null): ReturnedShare[] | null {
  if (sale === null || ret.lines.length === 0) return null;
  const shares: ReturnedShare[] = [];
  for (const r of ret.lines) {
    const line = sale.lines.find((l) => l.id === r.lineId);
    if (!line || line.qty <= 0) return null;
    shares.push({
      productId: line.productId,
      name: line.name,
      producerId: line.producerId,
      lineId: line.id,
      qty: r.qty,
      amount: Math.round((line.net * r.qty) / line.qty),
      tax: Math.round((line.tax * r.qty) / line.qty),
    });
  }
  const last = shares[shares.length - 1];
  if (last) last.amount += ret.amount - shares.reduce((a, s) => a + s.amount, 0);
  return shares;
}

/**
 * What a stored void or refund adds, on its own business day (the sale it
 * names keeps its day as sold). `sign` -1 takes back what it added.
 */
export function addReturn(r: Rollups, ret: SaleVoidPayload, sale: Sale | null, factsOf: LineFacts, sign: 1 | -1 = 1): void {
  const date = ret.businessDate;
  const outlet = { outlet_id: ret.outletId };
  const add = <T extends RollupTable>(table: T, key: RollupKey<T>, sums: RollupSums<T>): void => r.add(table, date, key, sign === 1 ? sums : negated(sums));
  const shares = returnShares(ret, sale);
  let cost = 0;
  let costed = 0;
  let uncosted = shares === null ? ret.amount : 0;
  for (const s of shares ?? []) {
    const facts = factsOf(s.lineId);
    const unit = facts?.cost ?? null;
    const exTax = s.amount - s.tax;
    if (unit === null) uncosted += exTax;
    else {
      cost += unit * s.qty;
      costed += exTax;
    }
    add(
      'report_products',
      { ...outlet, product_id: s.productId, producer_id: s.producerId, category: facts?.category ?? '', name: facts?.name || s.name },
      {
        returned_qty: s.qty,
        returned_amount: s.amount,
        returned_cost: unit === null ? 0 : unit * s.qty,
        returned_costed_sales: unit === null ? 0 : exTax,
        returned_uncosted_sales: unit === null ? exTax : 0,
      },
    );
  }
  const isVoid = ret.kind === 'void';
  const sums = {
    refunds: isVoid ? 0 : 1,
    refund_amount: isVoid ? 0 : ret.amount,
    voids: isVoid ? 1 : 0,
    void_amount: isVoid ? ret.amount : 0,
    returned_cost: cost,
    returned_costed_sales: costed,
    returned_uncosted_sales: uncosted,
  };
  add('report_sales', outlet, sums);
  add('report_sales_hour', { ...outlet, hour: hourOf(ret.createdAt) }, sums);
  add('report_sales_cashier', { ...outlet, cashier_id: ret.by }, sums);
  add('report_methods', { ...outlet, method: ret.method }, { returns: 1, returned_amount: ret.amount });
}

/**
 * A void or refund stored before its sale (made on another device while the
 * sale's was offline), once the sale lands: what it put on its day without
 * the sale's lines (all as money without HPP) is taken back and added again
 * with them, so the product, category and producer rows are right at once,
 * as a rebuild would make them.
 */
export function attachReturn(r: Rollups, ret: SaleVoidPayload, sale: Sale, factsOf: LineFacts): void {
  addReturn(r, ret, null, factsOf, -1);
  addReturn(r, ret, sale, factsOf);
}

const PAGE = 1000;

/** The stored lines named, as they were sold (sale_lines keeps it). */
export async function linesAsSold(tx: SqlTx, lineIds: readonly string[]): Promise<Map<string, LineAsSold>> {
  const out = new Map<string, LineAsSold>();
  for (const row of await selectIn(tx, 'SELECT id, cost, name, category FROM sale_lines WHERE id IN', lineIds)) out.set(str(row.id), lineAsSoldOf(row));
  return out;
}

export function lineAsSoldOf(row: Row): LineAsSold {
  // Both are set on every line (the migration filled the older ones); '' rather than a failed rebuild if one is not.
  return { cost: optNum(row.cost), name: optStr(row.name) ?? '', category: optStr(row.category) ?? '' };
}

/**
 * The rollups made again from every stored sale and return, in pages by id
 * (each page's lines and sales read by key). Runs in the caller's
 * transaction, so a report never sees them half made.
 */
export async function rebuildRollups(tx: SqlTx): Promise<{ sales: number; returns: number }> {
  for (const table of Object.keys(ROLLUPS)) await tx.run(`DELETE FROM ${table}`);
  const r = new Rollups();
  let sales = 0;
  for (let after = ''; ; ) {
    const rows = await tx.all('SELECT id, body FROM sales WHERE id > ? ORDER BY id LIMIT ?', [after, PAGE]);
    if (rows.length === 0) break;
    const bodies = rows.map((row) => JSON.parse(str(row.body)) as Sale);
    const facts = await linesAsSold(tx, bodies.flatMap((s) => s.lines.map((l) => l.id)));
    for (const sale of bodies) addSale(r, sale, (id) => facts.get(id) ?? null);
    await r.write(tx);
    sales += rows.length;
    after = str(rows[rows.length - 1]?.id);
  }
  let returns = 0;
  for (let after = ''; ; ) {
    const rows = await tx.all('SELECT id, body FROM sale_returns WHERE id > ? ORDER BY id LIMIT ?', [after, PAGE]);
    if (rows.length === 0) break;
    const bodies = rows.map((row) => JSON.parse(str(row.body)) as SaleVoidPayload);
    const salesById = new Map<string, Sale>();
    for (const row of await selectIn(tx, 'SELECT id, body FROM sales WHERE id IN', bodies.map((b) => b.saleId))) salesById.set(str(row.id), JSON.parse(str(row.body)) as Sale);
    const facts = await linesAsSold(tx, bodies.flatMap((b) => b.lines.map((l) => l.lineId)));
    for (const ret of bodies) addReturn(r, ret, salesById.get(ret.saleId) ?? null, (id) => facts.get(id) ?? null);
    await r.write(tx);
    returns += rows.length;
    after = str(rows[rows.length - 1]?.id);
  }
  await tx.run("UPDATE counters SET value = 0 WHERE name = 'report-rollups-stale'");
  return { sales, returns };
}

/**
 * After the migration that made them (or a repair that marked them stale):
 * rebuilt once, before the server answers. On PostgreSQL the counter row is
 * locked, so a second process starting at once waits and then finds them
 * built, and the catalog lock keeps pushes (which add to the rollups) out
 * until they are.
 */
export async function rebuildRollupsIfStale(tx: SqlTx, dialect: 'sqlite' | 'postgres'): Promise<boolean> {
  const [row] = await tx.all(`SELECT value FROM counters WHERE name = 'report-rollups-stale'${dialect === 'postgres' ? ' FOR UPDATE' : ''}`);
  if (!row || num(row.value) === 0) return false;
  await lockCatalog(tx, dialect);
  await rebuildRollups(tx);
  return true;
}
