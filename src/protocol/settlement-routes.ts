// Producer settlement and the PNBP record, spread into ROUTE_TABLE
// (routes.ts). Admins only: what the store owes across every outlet
// (docs/decisions.md, "Settlement").
import { z } from 'zod';
import { okResponseSchema } from './auth.ts';
import type { RouteTable } from './routes.ts';
import {
  approveSchema,
  correctionSchema,
  createSettlementSchema,
  madeLinkSchema,
  owedSchema,
  paySchema,
  pnbpQuerySchema,
  pnbpSchema,
  pnbpWriteSchema,
  premiQuerySchema,
  settlementListSchema,
  settlementWithLinksSchema,
  sharedStatementSchema,
} from './settlement.ts';

const AUTH = [401, 403] as const;
const JSON_ERRORS = [400, 413, 415] as const;
const sid = z.object({ settlementId: z.string().min(1).max(64) });
const one = { description: 'The settlement, with its share links', schema: settlementWithLinksSchema, component: 'Settlement' } as const;
const fileBytes = z.custom<Uint8Array>((v) => v instanceof Uint8Array, 'a file');
const S = '/api/admin/settlements';

export const SETTLEMENT_ROUTE_TABLE = {
  settlementOwed: { method: 'GET', path: `${S}/owed`, access: 'admin', summary: 'Per producer: unsettled sales, approved unpaid, paid this year', response: { description: 'Producers', schema: owedSchema }, errors: AUTH },
  listSettlements: { method: 'GET', path: S, access: 'admin', summary: 'Settlements, newest first', query: z.object({ producerId: z.string().max(64).optional() }), response: { description: 'Settlements', schema: settlementListSchema }, errors: [400, ...AUTH] },
  createSettlement: { method: 'POST', path: S, access: 'admin', summary: 'A draft of every unsettled line up to the period end. Audited', body: { schema: createSettlementSchema, component: 'CreateSettlement' }, response: one, errors: [...JSON_ERRORS, ...AUTH, 404, 409] },
  getSettlement: { method: 'GET', path: `${S}/:settlementId`, access: 'admin', summary: 'A settlement with its lines and split', params: sid, response: one, errors: [...AUTH, 404] },
  correctSettlement: { method: 'POST', path: `${S}/:settlementId/corrections`, access: 'admin', summary: 'Adds a correction line to a draft. Audited', params: sid, body: { schema: correctionSchema, component: 'SettlementCorrection' }, response: one, errors: [...JSON_ERRORS, ...AUTH, 404, 409] },
  approveSettlement: { method: 'POST', path: `${S}/:settlementId/approve`, access: 'admin', summary: 'Approves a draft; it is frozen from then. Audited', params: sid, body: { schema: approveSchema, component: 'ApproveSettlement' }, response: one, errors: [...JSON_ERRORS, ...AUTH, 404, 409] },
  paySettlement: { method: 'POST', path: `${S}/:settlementId/pay`, access: 'admin', summary: 'Records the payment of an approved settlement. Audited', params: sid, body: { schema: paySchema, component: 'PaySettlement' }, response: one, errors: [...JSON_ERRORS, ...AUTH, 404, 409] },
  shareSettlement: {
    method: 'POST',
    path: `${S}/:settlementId/links`,
    access: 'admin',
    summary: 'A share link for the producer: read-only, this statement only, for 30 days. Approved or paid only. Audited',
    description: 'The token is in this answer only (the server keeps its SHA-256); the producer opens `/nota/<token>` without an account. A draft is refused (settlement-not-shareable).',
    params: sid,
    response: { description: 'The link and its token', schema: madeLinkSchema, component: 'MadeStatementLink' },
    errors: [...AUTH, 404, 409],
  },
  revokeSettlementLinks: { method: 'POST', path: `${S}/:settlementId/links/revoke`, access: 'admin', summary: "Revokes every live share link of the settlement: the producer's page answers 410 from then. Audited", params: sid, response: one, errors: [...AUTH, 404] },
  sharedStatement: {
    method: 'GET',
    path: '/api/statements/:token',
    access: 'open',
    summary: "The statement a share link opens: that settlement's lines, totals and split, and the store's name, nothing else",
    description: 'No credential: the token is the credential, and it reads this statement only. 404 statement-link-unknown for a token no link has; 410 statement-link-expired or statement-link-revoked (with the time in `params`).',
    params: z.object({ token: z.string().min(1).max(200) }),
    response: { description: 'The statement', schema: sharedStatementSchema, component: 'SharedStatement' },
    errors: [404, 410],
  },
  discardSettlement: { method: 'POST', path: `${S}/:settlementId/discard`, access: 'admin', summary: 'Discards a draft; its lines are unsettled again. Audited', params: sid, response: { description: 'Done', schema: okResponseSchema }, errors: [...AUTH, 404, 409] },
  premiCsv: { method: 'GET', path: `${S}/premi.csv`, access: 'admin', summary: "A workshop's premi ledger (CSV)", query: premiQuerySchema, response: { description: 'Ledger', schema: fileBytes, file: { contentType: 'text/csv; charset=utf-8', filename: 'premi.csv', binary: true } }, errors: [400, ...AUTH, 404] },
  premiXlsx: { method: 'GET', path: `${S}/premi.xlsx`, access: 'admin', summary: "A workshop's premi ledger (XLSX)", query: premiQuerySchema, response: { description: 'Ledger', schema: fileBytes, file: { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', filename: 'premi.xlsx', binary: true } }, errors: [400, ...AUTH, 404] },
  getPnbp: { method: 'GET', path: '/api/admin/pnbp', access: 'admin', summary: "A Lapas's PNBP for a period and its SIMPONI record", query: pnbpQuerySchema, response: { description: 'PNBP', schema: pnbpSchema, component: 'Pnbp' }, errors: [400, ...AUTH] },
  savePnbp: { method: 'POST', path: '/api/admin/pnbp', access: 'admin', summary: 'Saves the Kode Billing, expiry, Kode Akun and NTPN. Audited', body: { schema: pnbpWriteSchema, component: 'PnbpWrite' }, response: { description: 'PNBP', schema: pnbpSchema, component: 'Pnbp' }, errors: [...JSON_ERRORS, ...AUTH] },
} as const satisfies RouteTable;
