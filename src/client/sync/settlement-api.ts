// Producer settlement as the Penyelesaian screen calls it: every answer parsed
// with the shared schemas, failures as the ManagementError admin pages word.
import { z } from 'zod';
import { okResponseSchema } from '../../protocol/auth.ts';
import { SETTLEMENT_ROUTES as R } from '../../protocol/route-paths.ts';
import {
  owedSchema,
  pnbpSchema,
  settlementListSchema,
  settlementSchema,
  type Owed,
  type PayRequest,
  type PnbpRecord,
  type PnbpWrite,
  type Settlement,
  type SettlementSummary,
} from '../../protocol/settlement.ts';
import { callWithSession } from './admin-api.ts';

const at = (path: string, id: string): string => path.replace(':settlementId', encodeURIComponent(id));

export async function owedNow(): Promise<Owed[]> {
  return (await callWithSession('GET', R.owed, owedSchema)).producers;
}

export async function listSettlements(): Promise<SettlementSummary[]> {
  return (await callWithSession('GET', R.list, settlementListSchema)).settlements;
}

export function getSettlement(id: string): Promise<Settlement> {
  return callWithSession('GET', at(R.one, id), settlementSchema);
}

export function createSettlement(body: { producerId: string; from: string; to: string }): Promise<Settlement> {
  return callWithSession('POST', R.list, settlementSchema, { body });
}

export function addCorrection(id: string, body: { name: string; amount: number; note: string }): Promise<Settlement> {
  return callWithSession('POST', at(R.correct, id), settlementSchema, { body });
}

export function approveSettlement(id: string, costDecision: string | null): Promise<Settlement> {
  return callWithSession('POST', at(R.approve, id), settlementSchema, { body: { costDecision } });
}

export function paySettlement(id: string, body: PayRequest): Promise<Settlement> {
  return callWithSession('POST', at(R.pay, id), settlementSchema, { body });
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
