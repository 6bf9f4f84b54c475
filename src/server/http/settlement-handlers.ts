// Routes of producer settlement and the PNBP record; app.ts spreads this
// part of the handler map in with the rest. Each calls one service.
import type { FastifyRequest } from 'fastify';
import type { SETTLEMENT_ROUTE_TABLE } from '../../protocol/settlement-routes.ts';
import * as settlement from '../settlement/settlement.ts';
import type { Store } from '../store/store.ts';
import { principalOf } from './guard.ts';
import type { RouteHandlers } from './routes.ts';

function actOf(req: FastifyRequest, now: () => number): settlement.Act {
  const p = principalOf(req);
  if (p.kind !== 'session') throw new Error('a settlement route was reached without a session');
  return { actorId: p.user.id, at: now() };
}

export function settlementHandlers(store: Store, now: () => number): RouteHandlers<typeof SETTLEMENT_ROUTE_TABLE> {
  return {
    settlementOwed: () => settlement.owed(store, now()),
    listSettlements: ({ query }) => settlement.listSettlements(store, query.producerId ?? null),
    createSettlement: ({ body, req }) => settlement.createDraft(store, body, actOf(req, now)),
    getSettlement: ({ params }) => settlement.getSettlement(store, params.settlementId),
    correctSettlement: ({ params, body, req }) => settlement.addCorrection(store, params.settlementId, body, actOf(req, now)),
    approveSettlement: ({ params, body, req }) => settlement.approve(store, params.settlementId, body, actOf(req, now)),
    paySettlement: ({ params, body, req }) => settlement.pay(store, params.settlementId, body, actOf(req, now)),
    shareSettlement: ({ params, req }) => settlement.shareSettlement(store, params.settlementId, actOf(req, now)),
    revokeSettlementLinks: ({ params, req }) => settlement.revokeSettlementLinks(store, params.settlementId, actOf(req, now)),
    sharedStatement: ({ params }) => settlement.sharedStatement(store, params.token, now()),
    discardSettlement: ({ params, req }) => settlement.discard(store, params.settlementId, actOf(req, now)),
    premiCsv: ({ query }) => settlement.premiLedger(store, query, 'csv'),
    premiXlsx: ({ query }) => settlement.premiLedger(store, query, 'xlsx'),
    getPnbp: ({ query }) => settlement.getPnbp(store, query),
    savePnbp: ({ body, req }) => settlement.savePnbp(store, body, actOf(req, now)),
  };
}
