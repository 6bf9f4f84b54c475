// Routes of the outlet and producer administration; app.ts spreads this part
// of the handler map in with the rest. Each calls one service transaction.
import type { FastifyRequest } from 'fastify';
import type { CATALOG_ADMIN_ROUTE_TABLE } from '../../protocol/catalog-admin-routes.ts';
import * as catalogAdmin from '../catalog/catalog-admin.ts';
import type { Store } from '../store/store.ts';
import { principalOf } from './guard.ts';
import type { RouteHandlers } from './routes.ts';

function actorOf(req: FastifyRequest): string {
  const p = principalOf(req);
  if (p.kind !== 'session') throw new Error('an admin route was reached without a session');
  return p.user.id;
}

export function catalogAdminHandlers(store: Store, now: () => number): RouteHandlers<typeof CATALOG_ADMIN_ROUTE_TABLE> {
  return {
    listOutlets: async () => ({ outlets: await catalogAdmin.listOutlets(store) }),
    createOutlet: ({ body, req }) => catalogAdmin.createOutlet(store, body, actorOf(req), now()),
    updateOutlet: ({ params, body, req }) => catalogAdmin.updateOutlet(store, params.outletId, body, actorOf(req), now()),
    listProducers: async () => ({ producers: await catalogAdmin.listProducers(store) }),
    createProducer: ({ body, req }) => catalogAdmin.createProducer(store, body, actorOf(req), now()),
    updateProducer: ({ params, body, req }) => catalogAdmin.updateProducer(store, params.producerId, body, actorOf(req), now()),
  };
}
