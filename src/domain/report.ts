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

export interface DerivedFigures {
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
  net: number;
  cost: number;
  grossProfit: number | null;
  marginBp: number | null;
  uncostedLines: number;
  uncostedSales: number;
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
