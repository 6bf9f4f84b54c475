// The reports as the back office calls them: the answers parsed with the
// shared schemas, failures as the ManagementError every admin page words.
import type { ReportBreakdown } from '../../protocol/reports.ts';
import { salesReportSchema, slowProductsReportSchema, stockValueReportSchema, type SalesReport, type SlowProductsReport, type StockValueReport } from '../../protocol/reports.ts';
import { REPORT_ROUTES } from '../../protocol/route-paths.ts';
import { callWithSession } from './admin-api.ts';

export interface SalesReportRequest {
  from: string;
  to: string;
  /** Empty: every outlet the caller may read. */
  outlets: readonly string[];
  by: ReportBreakdown;
}

export function fetchSalesReport(r: SalesReportRequest): Promise<SalesReport> {
  const q = new URLSearchParams({ from: r.from, to: r.to, by: r.by });
  if (r.outlets.length > 0) q.set('outlet', r.outlets.join(','));
  return callWithSession('GET', `${REPORT_ROUTES.sales}?${q.toString()}`, salesReportSchema);
}

export function fetchStockValue(outlets: readonly string[]): Promise<StockValueReport> {
  const q = outlets.length > 0 ? `?outlet=${encodeURIComponent(outlets.join(','))}` : '';
  return callWithSession('GET', `${REPORT_ROUTES.stock}${q}`, stockValueReportSchema);
}

/** The slowest products of the period, never-sold stock among them. */
export function fetchSlowProducts(r: { from: string; to: string; outlets: readonly string[]; limit?: number }): Promise<SlowProductsReport> {
  const q = new URLSearchParams({ from: r.from, to: r.to, limit: String(r.limit ?? 10) });
  if (r.outlets.length > 0) q.set('outlet', r.outlets.join(','));
  return callWithSession('GET', `${REPORT_ROUTES.slow}?${q.toString()}`, slowProductsReportSchema);
}
