// Stock as the server holds it (levels at every outlet, the full history),
// read live like the review: with a management session, or with this
// device's credential for the supervisor signed in on it by PIN. What the
// device holds itself (its outlet's pulled levels, its own events) needs no network.
import { STOCK_ROUTES } from '../../protocol/route-paths.ts';
import { adjustReasonListSchema, adjustReasonSchema, stockReportSchema, type AdjustReason, type AdjustReasonInput, type StockReport } from '../../protocol/stock.ts';
import { isEnrolled } from '../db/auth-repo.ts';
import type { KasirDb } from '../db/database.ts';
import { getDevice } from '../db/device-repo.ts';
import { NetClient, NetError } from '../net/http.ts';
import { ManagementError } from '../shared/services/management-session.ts';
import { failure, getWithSession, postWithSession } from './admin-api.ts';

const net = new NetClient();

/** The stock report of this device's outlet, for `userId`, the supervisor or admin signed in on it. */
export async function fetchStockAsDevice(db: KasirDb, userId: string, productId?: string): Promise<StockReport> {
  const device = await getDevice(db);
  if (!device || !isEnrolled(device)) throw new ManagementError('unauthenticated', 'this device is not enrolled');
  const q = new URLSearchParams({ userId });
  if (productId !== undefined) q.set('productId', productId);
  try {
    const answer = await net.call({
      method: 'GET',
      path: `${STOCK_ROUTES.report}?${q.toString()}`,
      schema: stockReportSchema,
      credential: { kind: 'device', read: async () => (await getDevice(db))?.credential ?? '' },
    });
    return answer.data;
  } catch (e) {
    if (e instanceof NetError) throw failure(e.problem, false);
    throw e;
  }
}

/** The stock report with a management session: an admin's of every outlet (or `outletId`), a supervisor's of their own. */
export function fetchStockReport(q: { outletId?: string; productId?: string; limit?: number } = {}): Promise<StockReport> {
  const params = new URLSearchParams();
  if (q.outletId !== undefined) params.set('outletId', q.outletId);
  if (q.productId !== undefined) params.set('productId', q.productId);
  if (q.limit !== undefined) params.set('limit', String(q.limit));
  const query = params.toString();
  return getWithSession(`${STOCK_ROUTES.report}${query === '' ? '' : `?${query}`}`, stockReportSchema);
}

export async function fetchAdjustReasons(): Promise<AdjustReason[]> {
  return (await getWithSession(STOCK_ROUTES.reasons, adjustReasonListSchema)).reasons;
}

export function saveAdjustReason(input: AdjustReasonInput): Promise<AdjustReason> {
  return postWithSession(STOCK_ROUTES.saveReason, adjustReasonSchema, input);
}
