// What the report figures are made of, from the sums the server keeps per
// day (integer rupiah). Gross profit is over lines whose HPP is known, and
// those without one are counted apart: a missing HPP is never a zero cost.

export interface ReportSums {
  transactions: number;
  qty: number;
  gross: number;
  discount: number;
  tax: number;
  total: number;
  rounding: number;
  refunds: number;
  refundAmount: number;
  voids: number;
  voidAmount: number;
  returnedQty: number;
  /** Money given back that a breakdown by product cannot place (a row by product: its own returns). */
  returnedAmount: number;
  cost: number;
  costedSales: number;
  uncostedLines: number;
  uncostedSales: number;
  returnedCost: number;
  returnedCostedSales: number;
  returnedUncostedSales: number;
}

/** The sums passed through as counted, then what is worked out from them. */
export interface DerivedFigures
  extends Pick<
    ReportSums,
    'transactions' | 'qty' | 'gross' | 'discount' | 'tax' | 'total' | 'rounding' | 'refunds' | 'refundAmount' | 'voids' | 'voidAmount' | 'returnedQty' | 'uncostedLines' | 'uncostedSales'
  > {
  net: number;
  cost: number;
  grossProfit: number | null;
  marginBp: number | null;
}

export const ZERO_SUMS: ReportSums = {
  transactions: 0,
  qty: 0,
  gross: 0,
  discount: 0,
  tax: 0,
  total: 0,
  rounding: 0,
  refunds: 0,
  refundAmount: 0,
  voids: 0,
  voidAmount: 0,
  returnedQty: 0,
  returnedAmount: 0,
  cost: 0,
  costedSales: 0,
  uncostedLines: 0,
  uncostedSales: 0,
  returnedCost: 0,
  returnedCostedSales: 0,
  returnedUncostedSales: 0,
};

export function addSums(a: ReportSums, b: ReportSums): ReportSums {
  const out = { ...a };
  for (const k of Object.keys(out) as (keyof ReportSums)[]) out[k] = a[k] + b[k];
  return out;
}

/** Margin in basis points, rounded half away from zero; null without a base. */
export function marginBp(profit: number, base: number): number | null {
  if (base === 0) return null;
  const bp = (profit * 10_000) / base;
  return Math.sign(bp) * Math.round(Math.abs(bp));
}

/**
 * The figures people read. Net is the money kept: sales after discounts plus
 * rounding, less what went back (refunds, voids, or a product's own
 * returns). HPP and profit are of what was sold less what came back.
 */
export function deriveFigures(s: ReportSums): DerivedFigures {
  const back = s.refundAmount + s.voidAmount + s.returnedAmount;
  const costedSales = s.costedSales - s.returnedCostedSales;
  const cost = s.cost - s.returnedCost;
  // A day with only returns of lines that had an HPP has a (negative) profit too.
  const hasCosted = s.costedSales !== 0 || s.cost !== 0 || s.returnedCostedSales !== 0 || s.returnedCost !== 0;
  const profit = costedSales - cost;
  return {
    transactions: s.transactions,
    qty: s.qty,
    gross: s.gross,
    discount: s.discount,
    tax: s.tax,
    total: s.total,
    rounding: s.rounding,
    refunds: s.refunds,
    refundAmount: s.refundAmount,
    voids: s.voids,
    voidAmount: s.voidAmount,
    returnedQty: s.returnedQty,
    net: s.total + s.rounding - back,
    cost,
    grossProfit: hasCosted ? profit : null,
    marginBp: hasCosted ? marginBp(profit, costedSales) : null,
    uncostedLines: s.uncostedLines,
    uncostedSales: s.uncostedSales - s.returnedUncostedSales,
  };
}

/** The whole years, whole months and runs of days that exactly cover a period of business days. */
export interface PeriodCover {
  years: string[];
  months: string[];
  days: [string, string][];
}

const pad = (n: number, w: number): string => String(n).padStart(w, '0');

/** The day after `date` (YYYY-MM-DD), by the calendar. */
function nextDay(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  if (d < lastDayOf(y, m)) return `${pad(y, 4)}-${pad(m, 2)}-${pad(d + 1, 2)}`;
  return m < 12 ? `${pad(y, 4)}-${pad(m + 1, 2)}-01` : `${pad(y + 1, 4)}-01-01`;
}

function lastDayOf(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * `from`..`to` (inclusive, valid YYYY-MM-DD dates) as whole years where a
 * year lies inside, whole months where a month does, and days at the ends,
 * so a report over years reads a few rows of each rollup per key.
 */
export function periodCover(from: string, to: string): PeriodCover {
  const out: PeriodCover = { years: [], months: [], days: [] };
  let run: [string, string] | null = null;
  for (let cur = from; cur <= to; ) {
    const [y, m, d] = cur.split('-').map(Number) as [number, number, number];
    const yearEnd = `${pad(y, 4)}-12-31`;
    const monthEnd = `${pad(y, 4)}-${pad(m, 2)}-${pad(lastDayOf(y, m), 2)}`;
    if (d === 1 && (m === 1 ? yearEnd <= to : false)) {
      run = null;
      out.years.push(pad(y, 4));
      cur = nextDay(yearEnd);
    } else if (d === 1 && monthEnd <= to) {
      run = null;
      out.months.push(`${pad(y, 4)}-${pad(m, 2)}`);
      cur = nextDay(monthEnd);
    } else {
      if (run === null) out.days.push((run = [cur, cur]));
      else run[1] = cur;
      cur = nextDay(cur);
    }
  }
  return out;
}
