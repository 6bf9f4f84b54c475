// Producer settlement as the Penyelesaian screen calls it: every answer parsed
// with the shared schemas, failures as the ManagementError admin pages word.
import { z } from 'zod';
import { okResponseSchema } from '../../protocol/auth.ts';
import { SETTLEMENT_ROUTES as R } from '../../protocol/route-paths.ts';
import {
  owedSchema,
  pnbpSchema,
  madeLinkSchema,
  settlementListSchema,
  settlementWithLinksSchema,
  sharedStatementSchema,
  type MadeLink,
  type Owed,
  type PayRequest,
  type PnbpRecord,
  type PnbpWrite,
  type SettlementSummary,
  type SettlementWithLinks,
  type SharedStatement,
} from '../../protocol/settlement.ts';
import { NetClient, NetError } from '../net/http.ts';
import { callWithSession, failure } from './admin-api.ts';

const at = (path: string, id: string): string => path.replace(':settlementId', encodeURIComponent(id));

export async function owedNow(): Promise<Owed[]> {
  return (await callWithSession('GET', R.owed, owedSchema)).producers;
}

export async function listSettlements(): Promise<SettlementSummary[]> {
  return (await callWithSession('GET', R.list, settlementListSchema)).settlements;
}

export function getSettlement(id: string): Promise<SettlementWithLinks> {
  return callWithSession('GET', at(R.one, id), settlementWithLinksSchema);
}

export function createSettlement(body: { producerId: string; from: string; to: string }): Promise<SettlementWithLinks> {
  return callWithSession('POST', R.list, settlementWithLinksSchema, { body });
}

export function addCorrection(id: string, body: { name: string; amount: number; note: string }): Promise<SettlementWithLinks> {
  return callWithSession('POST', at(R.correct, id), settlementWithLinksSchema, { body });
}

export function approveSettlement(id: string, costDecision: string | null): Promise<SettlementWithLinks> {
  return callWithSession('POST', at(R.approve, id), settlementWithLinksSchema, { body: { costDecision } });
}

export function paySettlement(id: string, body: PayRequest): Promise<SettlementWithLinks> {
  return callWithSession('POST', at(R.pay, id), settlementWithLinksSchema, { body });
}

/** A share link for the producer; its token is in this answer only. */
export function shareSettlement(id: string): Promise<MadeLink> {
  return callWithSession('POST', at(R.share, id), madeLinkSchema, { body: {} });
}

export function revokeSettlementLinks(id: string): Promise<SettlementWithLinks> {
  return callWithSession('POST', at(R.revokeLinks, id), settlementWithLinksSchema, { body: {} });
}

/** What a share link opens: the statement, or why it does not (each worded on the producer's page). */
export type SharedAnswer = { kind: 'open'; shared: SharedStatement } | { kind: 'unknown' } | { kind: 'expired'; at: number | null } | { kind: 'revoked'; at: number | null };

const anonymous = new NetClient();

/** The producer's call: no session, no device, the token in the path is all it has. */
export async function openSharedStatement(token: string): Promise<SharedAnswer> {
  try {
    const { data } = await anonymous.call({ method: 'GET', path: R.shared.replace(':token', encodeURIComponent(token)), schema: sharedStatementSchema, credential: { kind: 'none' } });
    return { kind: 'open', shared: data };
  } catch (e) {
    if (!(e instanceof NetError)) throw e;
    const p = e.problem;
    if (p.kind === 'http') {
      const when = (v: unknown): number | null => (typeof v === 'number' ? v : null);
      if (p.code === 'statement-link-unknown') return { kind: 'unknown' };
      if (p.code === 'statement-link-expired') return { kind: 'expired', at: when(p.params.expiredAt) };
      if (p.code === 'statement-link-revoked') return { kind: 'revoked', at: when(p.params.revokedAt) };
    }
    throw failure(p, true);
  }
}

export async function discardSettlement(id: string): Promise<void> {
  await callWithSession('POST', at(R.discard, id), okResponseSchema);
}

export function getPnbp(q: { lapas: string; from: string; to: string }): Promise<PnbpRecord> {
  return callWithSession('GET', `${R.pnbp}?${new URLSearchParams(q).toString()}`, pnbpSchema);
}

export function savePnbp(body: PnbpWrite): Promise<PnbpRecord> {
  return callWithSession('POST', R.pnbp, pnbpSchema, { body });
}

const bytes = z.custom<Uint8Array>((v) => v instanceof Uint8Array);

export function premiLedger(format: 'csv' | 'xlsx', q: { producerId: string; from: string; to: string }): Promise<Uint8Array> {
  return callWithSession('GET', `${format === 'csv' ? R.premiCsv : R.premiXlsx}?${new URLSearchParams(q).toString()}`, bytes, { answer: 'bytes' });
}
