// The reports a store manager opens every morning (issue 16), read from the
// rollups (rollup.ts), never from the sale lines: a summary or breakdown
// over years reads each key's yearly rows, not its days. Products and
// categories are as sold (each line keeps its name and its product's category
// then, docs/decisions.md); a producer is the one the line was sold for,
// named as the catalog names it now, and its Lapas too.
import { addSums, deriveFigures, periodCover, ZERO_SUMS, type ReportSums } from '../../domain/report.ts';
import { AUTH_ERROR_CODES as E } from '../../protocol/auth.ts';
import type { ReportBreakdown, ReportQuery, ReportRow, SalesReport, SlowProduct, SlowProductsReport, StockValueReport, StockValueRow } from '../../protocol/reports.ts';
import { Refusal } from '../refusal.ts';
import { num, optNum, optStr, str, type Row, type SqlTx, type SqlValue } from '../store/db.ts';
import { selectIn } from '../store/sql.ts';
import type { Store } from '../store/store.ts';

/** The outlets a report covers: those asked (each must exist and be the caller's), else all the caller may read. */
async function coveredOutlets(tx: SqlTx, asked: readonly string[] | undefined, scope: string | null): Promise<{ id: string; name: string }[]> {
  const all = (await tx.all('SELECT id, name FROM outlets ORDER BY name, id')).map((r) => ({ id: str(r.id), name: str(r.name) }));
  if (asked === undefined) return scope === null ? all : all.filter((o) => o.id === scope);
  for (const id of asked) {
    if (scope !== null && id !== scope) throw new Refusal('forbidden', E.wrongOutlet, `this session reads outlet ${scope} only, not ${id}`, 'outlet', { own: scope, asked: id });
    if (!all.some((o) => o.id === id)) throw new Refusal('invalid', E.unknownOutlet, `no outlet has the id ${id}`, 'outlet', { outletId: id });
  }
  return all.filter((o) => asked.includes(o.id));
}

/** Rollup columns summed as ReportSums fields; '0' where the rollup has no such figure. */
const SALES_SUMS = {
  transactions: 'sales',
  qty: 'items',
  gross: 'gross',
  discount: 'discount',
  tax: 'tax',
  total: 'total',
  rounding: 'rounding',
  refunds: 'refunds',
  refundAmount: 'refund_amount',
  voids: 'voids',
  voidAmount: 'void_amount',
  returnedQty: '0',
  returnedAmount: '0',
  cost: 'cost',
  costedSales: 'costed_sales',
  uncostedLines: 'uncosted_lines',
  uncostedSales: 'uncosted_sales',
  returnedCost: 'returned_cost',
  returnedCostedSales: 'returned_costed_sales',
  returnedUncostedSales: 'returned_uncosted_sales',
} as const satisfies Record<keyof ReportSums, string>;

const PRODUCT_SUMS = {
  transactions: 'lines',
  qty: 'qty',
  gross: 'gross',
  discount: 'discount',
  tax: 'tax',
  total: 'net',
  rounding: '0',
  refunds: '0',
  refundAmount: '0',
  voids: '0',
  voidAmount: '0',
  returnedQty: 'returned_qty',
  returnedAmount: 'returned_amount',
  cost: 'cost',
  costedSales: 'costed_sales',
  uncostedLines: 'uncosted_lines',
  uncostedSales: 'uncosted_sales',
  returnedCost: 'returned_cost',
  returnedCostedSales: 'returned_costed_sales',
  returnedUncostedSales: 'returned_uncosted_sales',
} as const satisfies Record<keyof ReportSums, string>;

/** In a method row, `refunds` counts the refunds and voids paid back through it. */
const METHOD_SUMS = {
  ...Object.fromEntries(Object.keys(ZERO_SUMS).map((k) => [k, '0'])),
  transactions: 'sales',
  total: 'amount',
  refunds: 'returns',
  returnedAmount: 'returned_amount',
} as Record<keyof ReportSums, string>;

const FIELDS = Object.keys(ZERO_SUMS) as (keyof ReportSums)[];

const selectSums = (cols: Record<keyof ReportSums, string>): string => FIELDS.map((f) => (cols[f] === '0' ? `0 AS ${f}` : `SUM(${cols[f]}) AS ${f}`)).join(', ');

function sumsOf(r: Row): ReportSums {
  const out = { ...ZERO_SUMS };
  // Unquoted aliases come back lower-cased from PostgreSQL.
  for (const f of FIELDS) {
    const v = r[f] ?? r[f.toLowerCase()];
    out[f] = v === null || v === undefined ? 0 : num(v);
  }
  return out;
}

interface Grouped {
  key: string;
  sums: ReportSums;
}

type RollupName = 'report_sales' | 'report_sales_hour' | 'report_sales_cashier' | 'report_products' | 'report_methods';

/**
 * One rollup summed per `group` (a column, or none for the total) over the
 * period and outlets: the whole years and months of the period from their
 * own rows, the days at its ends from theirs (domain/report.ts periodCover).
 * `daily` reads day rows only, for a breakdown by day.
 */
async function sumRollup(
  tx: SqlTx,
  table: RollupName,
  cols: Record<keyof ReportSums, string>,
  group: string | null,
  q: { from: string; to: string },
  outletIds: readonly string[] | null,
  daily = false,
): Promise<Grouped[]> {
  if (outletIds !== null && outletIds.length === 0) return [];
  const raw = [...new Set(Object.values(cols).filter((c) => c !== '0'))];
  const { sql: union, params } = coverRows(table, `${group === null ? '' : `${group} AS k, `}${raw.join(', ')}`, q, outletIds, daily);
  const sql = `SELECT ${group === null ? '' : 'k, '}${selectSums(cols)} FROM (${union}) x${group === null ? '' : ' GROUP BY k'}`;
  const rows = await tx.all(sql, params);
  return rows.map((r) => ({ key: group === null ? '' : String(r.k), sums: sumsOf(r) }));
}

/** The rows of `table` that cover the period (domain/report.ts periodCover), with the columns `select` names, as one UNION ALL. */
function coverRows(table: RollupName, select: string, q: { from: string; to: string }, outletIds: readonly string[] | null, daily: boolean): { sql: string; params: SqlValue[] } {
  const cover = daily ? { years: [], months: [], days: [[q.from, q.to] as [string, string]] } : periodCover(q.from, q.to);
  const outletWhere = outletIds === null ? '' : ` AND outlet_id IN (${outletIds.map(() => '?').join(', ')})`;
  const inner = `SELECT ${select} FROM ${table} WHERE `;
  const parts: string[] = [];
  const params: SqlValue[] = [];
  const part = (where: string, values: readonly SqlValue[]): void => {
    parts.push(`${inner}${where}${outletWhere}`);
    params.push(...values, ...(outletIds ?? []));
  };
  if (cover.years.length > 0) part(`grain = 'y' AND period IN (${cover.years.map(() => '?').join(', ')})`, cover.years);
  if (cover.months.length > 0) part(`grain = 'm' AND period IN (${cover.months.map(() => '?').join(', ')})`, cover.months);
  for (const [a, b] of cover.days) part("grain = 'd' AND period >= ? AND period <= ?", [a, b]);
  return { sql: parts.join(' UNION ALL '), params };
}

/**
 * The name each product was last sold under in the period: the pieces of a
 * cover never overlap, so the greatest period (a year '2025', a month
 * '2026-01', a day '2026-02-03') is the latest; two names in one piece (a
 * rename within a year read from its yearly row) go to the one sold most.
 */
async function namesAsSold(tx: SqlTx, q: { from: string; to: string }, outletIds: readonly string[] | null): Promise<Map<string, string>> {
  if (outletIds !== null && outletIds.length === 0) return new Map();
  const { sql: union, params } = coverRows('report_products', 'product_id, name, period, lines', q, outletIds, false);
  const rows = await tx.all(`SELECT product_id, name, MAX(period) AS last, SUM(lines) AS n FROM (${union}) x GROUP BY product_id, name`, params);
  const best = new Map<string, { name: string; last: string; n: number }>();
  for (const r of rows) {
    const cand = { name: str(r.name), last: str(r.last), n: num(r.n) };
    const id = str(r.product_id);
    const was = best.get(id);
    if (!was || cand.last > was.last || (cand.last === was.last && (cand.n > was.n || (cand.n === was.n && cand.name < was.name)))) best.set(id, cand);
  }
  return new Map([...best].map(([id, b]) => [id, b.name]));
}

function rowOf(key: string, label: string, sums: ReportSums): ReportRow {
  return { key, label, ...deriveFigures(sums) };
}

/** Rows merged by a key their source does not group by (category, Lapas), with the label of each. */
function regroup(rows: readonly Grouped[], keyOf: (k: string) => string): Grouped[] {
  const out = new Map<string, ReportSums>();
  for (const r of rows) {
    const k = keyOf(r.key);
    out.set(k, addSums(out.get(k) ?? ZERO_SUMS, r.sums));
  }
  return [...out].map(([key, sums]) => ({ key, sums }));
}

const byNet = (a: ReportRow, b: ReportRow): number => b.net - a.net || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

async function labelsOf(tx: SqlTx, table: 'products' | 'producers' | 'users', ids: readonly string[]): Promise<Map<string, Row>> {
  const out = new Map<string, Row>();
  for (const r of await selectIn(tx, `SELECT * FROM ${table} WHERE id IN`, ids)) out.set(str(r.id), r);
  return out;
}

async function breakdown(tx: SqlTx, by: ReportBreakdown, q: ReportQuery, outletIds: readonly string[] | null, outletNames: ReadonlyMap<string, string>): Promise<ReportRow[]> {
  switch (by) {
    case 'day':
      return (await sumRollup(tx, 'report_sales', SALES_SUMS, 'period', q, outletIds, true)).map((g) => rowOf(g.key, g.key, g.sums)).sort((a, b) => (a.key < b.key ? -1 : 1));
    case 'hour':
      return (await sumRollup(tx, 'report_sales_hour', SALES_SUMS, 'hour', q, outletIds))
        .map((g) => rowOf(String(Number(g.key)), `${String(Number(g.key)).padStart(2, '0')}.00`, g.sums))
        .sort((a, b) => Number(a.key) - Number(b.key));
    case 'outlet':
      return (await sumRollup(tx, 'report_sales', SALES_SUMS, 'outlet_id', q, outletIds)).map((g) => rowOf(g.key, outletNames.get(g.key) ?? g.key, g.sums)).sort(byNet);
    case 'cashier': {
      const grouped = await sumRollup(tx, 'report_sales_cashier', SALES_SUMS, 'cashier_id', q, outletIds);
      const users = await labelsOf(tx, 'users', grouped.map((g) => g.key).filter((k) => k !== ''));
      return grouped.map((g) => rowOf(g.key, optStr(users.get(g.key)?.name) ?? g.key, g.sums)).sort(byNet);
    }
    case 'method':
      return (await sumRollup(tx, 'report_methods', METHOD_SUMS, 'method', q, outletIds)).map((g) => rowOf(g.key, g.key, g.sums)).sort(byNet);
    case 'product': {
      // By what was sold: the name the product had when it sold, not today's.
      const grouped = await sumRollup(tx, 'report_products', PRODUCT_SUMS, 'product_id', q, outletIds);
      const names = await namesAsSold(tx, q, outletIds);
      return grouped.map((g) => rowOf(g.key, names.get(g.key) ?? g.key, g.sums)).sort(byNet);
    }
    case 'category':
      // The category the product was in when it sold: a product moved since counts where it was.
      return (await sumRollup(tx, 'report_products', PRODUCT_SUMS, 'category', q, outletIds)).map((g) => rowOf(g.key, g.key, g.sums)).sort(byNet);
    case 'producer':
    case 'lapas': {
      const grouped = await sumRollup(tx, 'report_products', PRODUCT_SUMS, 'producer_id', q, outletIds);
      const producers = await labelsOf(tx, 'producers', grouped.map((g) => g.key));
      if (by === 'producer') return grouped.map((g) => rowOf(g.key, optStr(producers.get(g.key)?.name) ?? g.key, g.sums)).sort(byNet);
      // An UMKM (or a producer the server does not hold) has no Lapas: its row's key is ''.
      return regroup(grouped, (id) => {
        const p = producers.get(id);
        // A workshop whose Lapas was never entered stands for its own Lapas.
        return p && str(p.kind) === 'lapas' ? optStr(p.lapas) || str(p.name) : '';
      })
        .map((g) => rowOf(g.key, g.key, g.sums))
        .sort(byNet);
    }
  }
}

export interface ReportCaller {
  /** The one outlet a supervisor reads; null for an admin (all). */
  outletScope: string | null;
}

export async function salesReport(store: Store, q: ReportQuery, caller: ReportCaller): Promise<SalesReport> {
  return store.db.tx(async (tx) => {
    const outlets = await coveredOutlets(tx, q.outlet, caller.outletScope);
    // An admin over every outlet reads the rollups whole: sales of an outlet no longer in the list still count.
    const outletIds = q.outlet === undefined && caller.outletScope === null ? null : outlets.map((o) => o.id);
    const [total] = await sumRollup(tx, 'report_sales', SALES_SUMS, null, q, outletIds);
    const methods = (await sumRollup(tx, 'report_methods', METHOD_SUMS, 'method', q, outletIds)).map((g) => rowOf(g.key, g.key, g.sums)).sort(byNet);
    const rows = await breakdown(tx, q.by, q, outletIds, new Map(outlets.map((o) => [o.id, o.name])));
    return { from: q.from, to: q.to, by: q.by, outlets, summary: deriveFigures(total?.sums ?? ZERO_SUMS), methods, rows };
  });
}

const CSV_COLUMNS = [
  ['key', (r: ReportRow) => r.key],
  ['label', (r: ReportRow) => r.label],
  ['transactions', (r: ReportRow) => r.transactions],
  ['qty', (r: ReportRow) => r.qty],
  ['gross', (r: ReportRow) => r.gross],
  ['discount', (r: ReportRow) => r.discount],
  ['tax', (r: ReportRow) => r.tax],
  ['total', (r: ReportRow) => r.total],
  ['rounding', (r: ReportRow) => r.rounding],
  ['refunds', (r: ReportRow) => r.refunds],
  ['refund_amount', (r: ReportRow) => r.refundAmount],
  ['voids', (r: ReportRow) => r.voids],
  ['void_amount', (r: ReportRow) => r.voidAmount],
  ['returned_qty', (r: ReportRow) => r.returnedQty],
  ['net', (r: ReportRow) => r.net],
  ['cost', (r: ReportRow) => r.cost],
  ['gross_profit', (r: ReportRow) => r.grossProfit],
  ['margin_bp', (r: ReportRow) => r.marginBp],
  ['uncosted_lines', (r: ReportRow) => r.uncostedLines],
  ['uncosted_sales', (r: ReportRow) => r.uncostedSales],
] as const;

function csvCell(v: string | number | null): string {
  if (v === null) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** RFC 4180: a header line, comma separated, CRLF line ends; an empty cell where a figure has no value (no HPP). */
export function reportCsv(report: SalesReport): string {
  const lines = [CSV_COLUMNS.map(([h]) => h).join(',')];
  for (const r of report.rows) lines.push(CSV_COLUMNS.map(([, get]) => csvCell(get(r))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/**
 * The slowest products: every product sold in the period at the outlets
 * (from the rollups), and every active one with stock on hand there that
 * sold nothing, which a list of sales alone can never show.
 */
export async function slowProductsReport(store: Store, q: { from: string; to: string; outlet?: string[] | undefined; limit: number }, caller: ReportCaller): Promise<SlowProductsReport> {
  return store.db.tx(async (tx) => {
    const outlets = await coveredOutlets(tx, q.outlet, caller.outletScope);
    const outletIds = q.outlet === undefined && caller.outletScope === null ? null : outlets.map((o) => o.id);
    const sold = await sumRollup(tx, 'report_products', PRODUCT_SUMS, 'product_id', q, outletIds);
    const names = await namesAsSold(tx, q, outletIds);
    const held = new Map<string, number>();
    if (outletIds === null || outletIds.length > 0) {
      const where = outletIds === null ? '' : ` AND outlet_id IN (${outletIds.map(() => '?').join(', ')})`;
      for (const r of await tx.all(`SELECT product_id, SUM(level) AS units FROM stock_levels WHERE level > 0${where} GROUP BY product_id`, outletIds ?? [])) held.set(str(r.product_id), num(r.units));
    }
    const products = new Map<string, Row>();
    for (const r of await tx.all('SELECT id, name, price, cost, active FROM products')) products.set(str(r.id), r);
    const rows: SlowProduct[] = [];
    const soldIds = new Set<string>();
    for (const g of sold) {
      soldIds.add(g.key);
      const f = deriveFigures(g.sums);
      rows.push(slowRow(g.key, names.get(g.key) ?? optStr(products.get(g.key)?.name) ?? g.key, f.qty - f.returnedQty, f.net, held.get(g.key) ?? 0, products.get(g.key)));
    }
    for (const [id, p] of products) {
      if (soldIds.has(id) || num(p.active) !== 1) continue;
      const units = held.get(id) ?? 0;
      if (units > 0) rows.push(slowRow(id, str(p.name), 0, 0, units, p));
    }
    rows.sort((a, b) => a.sold - b.sold || b.stock - a.stock || a.net - b.net || a.name.localeCompare(b.name) || (a.productId < b.productId ? -1 : 1));
    return { from: q.from, to: q.to, outlets, rows: rows.slice(0, q.limit) };
  });
}

function slowRow(productId: string, name: string, sold: number, net: number, stock: number, p: Row | undefined): SlowProduct {
  const cost = p === undefined ? null : optNum(p.cost);
  return { productId, name, sold, net, stock, stockCostValue: cost === null ? null : cost * stock, stockRetailValue: p === undefined ? 0 : num(p.price) * stock };
}

/** Stock on hand per outlet and producer, valued at HPP (where known) and at the selling price. */
export async function stockValueReport(store: Store, asked: readonly string[] | undefined, caller: ReportCaller): Promise<StockValueReport> {
  return store.db.tx(async (tx) => {
    const outlets = await coveredOutlets(tx, asked, caller.outletScope);
    if (outlets.length === 0) return { outlets, rows: [] };
    const ids = outlets.map((o) => o.id);
    const rows = await tx.all(
      `SELECT l.outlet_id, p.producer_id, COUNT(*) AS products, SUM(l.level) AS units,
              SUM(CASE WHEN p.cost IS NULL THEN 0 ELSE l.level * p.cost END) AS cost_value,
              SUM(l.level * p.price) AS retail_value,
              SUM(CASE WHEN p.cost IS NULL THEN 1 ELSE 0 END) AS uncosted_products,
              SUM(CASE WHEN p.cost IS NULL THEN l.level ELSE 0 END) AS uncosted_units
         FROM stock_levels l JOIN products p ON p.id = l.product_id
        WHERE l.level > 0 AND l.outlet_id IN (${ids.map(() => '?').join(', ')})
        GROUP BY l.outlet_id, p.producer_id`,
      ids,
    );
    const producers = await labelsOf(tx, 'producers', rows.map((r) => str(r.producer_id)));
    const names = new Map(outlets.map((o) => [o.id, o.name]));
    const out: StockValueRow[] = rows.map((r) => ({
      outletId: str(r.outlet_id),
      outletName: names.get(str(r.outlet_id)) ?? str(r.outlet_id),
      producerId: str(r.producer_id),
      producerName: optStr(producers.get(str(r.producer_id))?.name) ?? str(r.producer_id),
      products: num(r.products),
      units: num(r.units),
      costValue: num(r.cost_value),
      retailValue: num(r.retail_value),
      uncostedProducts: num(r.uncosted_products),
      uncostedUnits: num(r.uncosted_units),
    }));
    out.sort((a, b) => a.outletName.localeCompare(b.outletName) || b.costValue - a.costValue || a.producerName.localeCompare(b.producerName));
    return { outlets, rows: out };
  });
}
