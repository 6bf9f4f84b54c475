// The wire of the reports (issue 16): sales over a period of WITA business
// days, summed and broken down, and stock on hand with its value. Money is
// integer rupiah; a figure that needs HPP says how much had none.
import { z } from 'zod';
import { businessDayStart } from '../domain/time.ts';
import { id, text } from './common.ts';

export const REPORT_BREAKDOWNS = ['day', 'hour', 'product', 'category', 'producer', 'lapas', 'outlet', 'cashier', 'method'] as const;
export type ReportBreakdown = (typeof REPORT_BREAKDOWNS)[number];

/** Twenty years of days: more than any store keeps, few enough that a typo in a year is caught. */
export const MAX_REPORT_DAYS = 366 * 20;
const DAY_MS = 86_400_000;

const businessDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a business day is written YYYY-MM-DD')
  .refine((s) => {
    try {
      businessDayStart(s);
      return true;
    } catch {
      return false;
    }
  }, 'no such date');

/** Outlets as `outlet=ID` or `outlet=ID1,ID2`; absent: every outlet the caller may read. */
const outletList = z
  .string()
  .max(2000)
  .transform((s) => [...new Set(s.split(',').map((x) => x.trim()).filter((x) => x !== ''))])
  .pipe(z.array(id).min(1, 'name at least one outlet id, or leave outlet out for all').max(50));

export const reportQuerySchema = z
  .object({
    from: businessDay.describe('First business day (WITA, by each outlet\'s cutoff), YYYY-MM-DD'),
    to: businessDay.describe('Last business day, YYYY-MM-DD (inclusive)'),
    outlet: outletList.optional().describe('An outlet id, or several separated by commas; all the caller may read when absent'),
    by: z.enum(REPORT_BREAKDOWNS).default('day').describe('The breakdown in `rows`'),
    format: z.enum(['json', 'csv']).default('json').describe('csv: the rows of the breakdown as RFC 4180 CSV (comma, UTF-8, a header line)'),
  })
  .superRefine((q, ctx) => {
    // Zod runs this even when a date failed its own check; that one is the refusal then.
    let days: number;
    try {
      days = (businessDayStart(q.to) - businessDayStart(q.from)) / DAY_MS;
    } catch {
      return;
    }
    if (days < 0) ctx.addIssue({ code: 'custom', path: ['to'], message: `the last day (${q.to}) is before the first (${q.from})` });
    else if (days >= MAX_REPORT_DAYS) ctx.addIssue({ code: 'custom', path: ['to'], message: `a report covers at most ${MAX_REPORT_DAYS} days` });
  });
export type ReportQuery = z.output<typeof reportQuerySchema>;

const rupiah = z.number().int();
const count = z.number().int().min(0);

/**
 * The figures of a summary or of one row. `net` is the money kept: sales
 * after discounts, plus cash rounding, less refunds and voids (on the day
 * they were made). HPP and gross profit count the lines whose HPP was known
 * when the sale arrived; `uncostedLines`/`uncostedSales` say how much had
 * none ("HPP belum diisi"), never counted as zero cost.
 */
export const reportFiguresSchema = z.object({
  /** Sales (lines, in a product, category, producer or Lapas row; sales paid with it, in a method row). */
  transactions: count,
  /** Units sold. */
  qty: z.number().int(),
  /** Price x quantity, before discounts. */
  gross: rupiah,
  discount: rupiah,
  /** PPN inside the sales. */
  tax: rupiah,
  /** Sales after discounts (PPN included); for a payment method, what it took (cash less change). */
  total: rupiah,
  rounding: rupiah,
  /** Refunds and voids made in the period (count), and units given back. */
  refunds: count,
  refundAmount: rupiah,
  voids: count,
  voidAmount: rupiah,
  returnedQty: z.number().int(),
  net: rupiah,
  /** HPP of the units sold less those given back, over lines with a known HPP. */
  cost: rupiah,
  /** Sales without PPN less HPP, over lines with a known HPP; null when no line had one. */
  grossProfit: rupiah.nullable(),
  /** Gross profit over those sales without PPN, in basis points (1234 = 12.34 %); null without sales with a known HPP. */
  marginBp: z.number().int().nullable(),
  /** Lines sold without a known HPP, and their sales without PPN. */
  uncostedLines: z.number().int(),
  uncostedSales: rupiah,
});
export type ReportFigures = z.infer<typeof reportFiguresSchema>;

export const reportRowSchema = reportFiguresSchema.extend({
  /** What the row is of: a date, an hour 0-23, a product, category, producer, Lapas, outlet, user id or method; '' for none. */
  key: text().max(200),
  /** The key in words (a name), as the server holds it now. */
  label: text().max(400),
});
export type ReportRow = z.infer<typeof reportRowSchema>;

export const salesReportSchema = z.object({
  from: businessDay,
  to: businessDay,
  by: z.enum(REPORT_BREAKDOWNS),
  outlets: z.array(z.object({ id, name: text() })),
  summary: reportFiguresSchema,
  /** Per payment method over the whole period: what it took and what went back through it. */
  methods: z.array(reportRowSchema),
  /** The breakdown, in its natural order (days, hours) or by net, largest first. */
  rows: z.array(reportRowSchema),
});
export type SalesReport = z.infer<typeof salesReportSchema>;

/** The slowest products over a period at the outlets asked: those that sold least, and those with stock that sold nothing. */
export const slowProductsQuerySchema = z
  .object({
    from: businessDay.describe('First business day, YYYY-MM-DD'),
    to: businessDay.describe('Last business day, YYYY-MM-DD (inclusive)'),
    outlet: outletList.optional().describe('An outlet id, or several separated by commas; all the caller may read when absent'),
    limit: z.coerce.number().int().min(1).max(500).default(10).describe('How many products, slowest first'),
  })
  .refine((q) => q.from <= q.to, { path: ['to'], message: 'the last day is before the first' });

export const slowProductSchema = z.object({
  productId: id,
  /** As it last sold in the period; the catalog's name for a product that sold nothing. */
  name: text(),
  /** Units sold less units given back in the period (0 for none). */
  sold: z.number().int(),
  /** Sales kept from it (net of its returns). */
  net: rupiah,
  /** Units on hand now at the outlets asked. */
  stock: count,
  /** Those units at HPP (null when the product has none) and at the selling price. */
  stockCostValue: rupiah.nullable(),
  stockRetailValue: rupiah,
});
export type SlowProduct = z.infer<typeof slowProductSchema>;

export const slowProductsReportSchema = z.object({
  from: businessDay,
  to: businessDay,
  outlets: z.array(z.object({ id, name: text() })),
  /** Slowest first: fewest sold, then the most stock held, then by name. */
  rows: z.array(slowProductSchema),
});
export type SlowProductsReport = z.infer<typeof slowProductsReportSchema>;

export const stockValueQuerySchema = z.object({
  outlet: outletList.optional().describe('An outlet id, or several separated by commas; all the caller may read when absent'),
});

export const stockValueRowSchema = z.object({
  outletId: id,
  outletName: text(),
  producerId: id,
  producerName: text(),
  /** Products held (a level above zero). */
  products: count,
  units: count,
  /** Units x HPP, over products with a known HPP. */
  costValue: rupiah,
  /** Units x selling price. */
  retailValue: rupiah,
  /** Products held with no HPP entered, and their units. */
  uncostedProducts: count,
  uncostedUnits: count,
});
export type StockValueRow = z.infer<typeof stockValueRowSchema>;

export const stockValueReportSchema = z.object({
  outlets: z.array(z.object({ id, name: text() })),
  rows: z.array(stockValueRowSchema),
});
export type StockValueReport = z.infer<typeof stockValueReportSchema>;
