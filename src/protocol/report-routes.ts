// The reports' routes (issue 16), spread into ROUTE_TABLE (routes.ts) so they
// are declared, registered and documented like the rest.
import type { RouteTable } from './routes.ts';
import { reportQuerySchema, salesReportSchema, slowProductsQuerySchema, slowProductsReportSchema, stockValueQuerySchema, stockValueReportSchema } from './reports.ts';

const AUTH_ERRORS = [401, 403] as const;

export const REPORT_ROUTE_TABLE = {
  salesReport: {
    method: 'GET',
    path: '/api/reports/sales',
    access: 'staff',
    summary: 'Sales over business days: the summary (transactions, gross, discounts, PPN, rounding, refunds and voids, net, HPP, gross profit and margin), per payment method, and one breakdown',
    description:
      "Days are WITA business days by each outlet's cutoff, as the sale's device dated it; a refund or void counts on its own day and the sale stays on the day it was sold. Money is integer rupiah. HPP is each line's as it was when the sale arrived; `uncostedLines` counts lines without one (never taken as zero). A supervisor reads their own outlet (another is refused with wrong-outlet); an admin any or all. `format=csv` answers the breakdown's rows as CSV (`text/csv`).",
    query: reportQuerySchema,
    response: { description: 'The summary, methods and rows', schema: salesReportSchema, component: 'SalesReport', csv: { filename: 'laporan-penjualan.csv' } },
    errors: [400, ...AUTH_ERRORS],
  },
  slowProductsReport: {
    method: 'GET',
    path: '/api/reports/slow-products',
    access: 'staff',
    summary: 'The slowest products of a period: those that sold least, and active products with stock on hand that sold nothing, with their stock and its value',
    description: 'Sold is units sold less units given back in the period at the outlets asked; stock is what those outlets hold now. A supervisor reads their own outlet; an admin any or all.',
    query: slowProductsQuerySchema,
    response: { description: 'Slowest first', schema: slowProductsReportSchema, component: 'SlowProductsReport' },
    errors: [400, ...AUTH_ERRORS],
  },
  stockValueReport: {
    method: 'GET',
    path: '/api/reports/stock',
    access: 'staff',
    summary: 'Stock on hand and its value (at HPP and at selling price) per outlet and producer',
    description: 'Levels above zero count; products without an HPP are counted apart. A supervisor reads their own outlet; an admin any or all.',
    query: stockValueQuerySchema,
    response: { description: 'Rows per outlet and producer', schema: stockValueReportSchema, component: 'StockValueReport' },
    errors: [400, ...AUTH_ERRORS],
  },
} as const satisfies RouteTable;
