// The cash reasons' routes (issue 15), spread into ROUTE_TABLE (routes.ts) so
// they are declared, registered and documented like the rest.
import { z } from 'zod';
import type { RouteTable } from './routes.ts';
import { cashReasonCreateSchema, cashReasonListSchema, cashReasonSchema, cashReasonWriteSchema } from './shift.ts';

const AUTH_ERRORS = [401, 403] as const;
const JSON_ERRORS = [400, 413, 415] as const;

export const SHIFT_ROUTE_TABLE = {
  listCashReasons: {
    method: 'GET',
    path: '/api/cash-reasons',
    access: 'staff',
    summary: 'The reasons Kas Masuk / Kas Keluar may give, offered or not: the built-in ones and those an admin added, each with its Bahasa and English label and direction',
    description: 'Devices get the same list with their pull (`cashReasons` on the first page).',
    response: { description: 'Reasons, built-in first', schema: cashReasonListSchema, component: 'CashReasonList' },
    errors: AUTH_ERRORS,
  },
  createCashReason: {
    method: 'POST',
    path: '/api/admin/cash-reasons',
    access: 'admin',
    summary: 'Adds a reason for Kas Masuk / Kas Keluar; devices offer it after their next pull. Audited',
    description: 'A code already taken is refused (409). Each direction keeps at least one offered reason.',
    body: { schema: cashReasonCreateSchema, component: 'CashReasonCreate' },
    response: { description: 'The reason as saved', schema: cashReasonSchema, component: 'CashReason' },
    errors: [...JSON_ERRORS, ...AUTH_ERRORS, 409],
  },
  updateCashReason: {
    method: 'PATCH',
    path: '/api/admin/cash-reasons/:code',
    access: 'admin',
    summary: 'Changes a reason’s labels, direction, or whether it is offered; audited with before and after',
    description:
      'A reason is taken off the list (active false), never deleted: movements name it. A movement made offline with a reason taken off since still lands. Refused (409) when it would leave Kas Masuk or Kas Keluar without an offered reason.',
    params: z.object({ code: z.string().min(1).max(40) }),
    body: { schema: cashReasonWriteSchema, component: 'CashReasonWrite' },
    response: { description: 'The reason after the change', schema: cashReasonSchema, component: 'CashReason' },
    errors: [...JSON_ERRORS, ...AUTH_ERRORS, 404, 409],
  },
} as const satisfies RouteTable;
