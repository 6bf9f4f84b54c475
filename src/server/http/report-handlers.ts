// Routes of the reports (issue 16). Supervisors and admins (access 'staff');
// a supervisor reads their own outlet, an admin any or all.
import type { FastifyRequest } from 'fastify';
import type { ROUTE_TABLE } from '../../protocol/routes.ts';
import { reportCsv, salesReport, slowProductsReport, stockValueReport, type ReportCaller } from '../reports/reports.ts';
import type { Store } from '../store/store.ts';
import { principalOf } from './guard.ts';
import { CsvAnswer, type RouteHandlers } from './routes.ts';

function callerOf(req: FastifyRequest): ReportCaller {
  const p = principalOf(req);
  if (p.kind !== 'session') throw new Error('a staff route was reached without a session');
  return { outletScope: p.user.role === 'admin' ? null : p.user.outletId };
}

export function reportHandlers(store: Store) {
  return {
    salesReport: async ({ query, req }) => {
      const report = await salesReport(store, query, callerOf(req));
      return query.format === 'csv' ? new CsvAnswer(reportCsv(report)) : report;
    },
    slowProductsReport: ({ query, req }) => slowProductsReport(store, query, callerOf(req)),
    stockValueReport: ({ query, req }) => stockValueReport(store, query.outlet, callerOf(req)),
  } satisfies Partial<RouteHandlers<typeof ROUTE_TABLE>>;
}
