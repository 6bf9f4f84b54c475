// The Kas Masuk / Kas Keluar reasons as the admin page keeps them, through the
// one management call of admin-api.ts (session, schemas, ManagementError).
import { cashReasonPath, CASH_REASON_ROUTES } from '../../protocol/route-paths.ts';
import { cashReasonListSchema, cashReasonSchema, type CashReason, type CashReasonCreate, type CashReasonWrite } from '../../protocol/shift.ts';
import { call } from './admin-api.ts';

export async function listCashReasons(): Promise<CashReason[]> {
  return (await call('GET', CASH_REASON_ROUTES.list, cashReasonListSchema)).reasons;
}

export function createCashReason(body: CashReasonCreate): Promise<CashReason> {
  return call('POST', CASH_REASON_ROUTES.create, cashReasonSchema, { body });
}

export function updateCashReason(code: string, body: CashReasonWrite): Promise<CashReason> {
  return call('PATCH', cashReasonPath(code), cashReasonSchema, { body });
}
