// Shifts as a supervisor reads them: each shift of an outlet, open or closed,
// its Z as the device made it beside what the server counts from the sales,
// returns and movements it holds for the shift, and every flag on the shift's
// rows (a forged or stale Z, a late sale, Kas Keluar without a PIN).
import type { PaymentMethod } from '../../domain/payment.ts';
import type { Sale } from '../../domain/sale.ts';
import { shiftFigures, type ShiftMovement, type ShiftReturn } from '../../domain/shift.ts';
import { storedFlags, type Flag } from '../../protocol/flags.ts';
import type { ShiftClosePayload } from '../../protocol/schemas.ts';
import type { ShiftList, ShiftRow } from '../../protocol/shift.ts';
import { num, str } from '../store/db.ts';
import { selectIn } from '../store/sql.ts';
import type { Store } from '../store/store.ts';

const totalsOf = (f: ReturnType<typeof shiftFigures>): ShiftRow['server']['totals'] => ({
  salesCount: f.salesCount,
  gross: f.gross,
  discounts: f.discounts,
  tax: f.tax,
  rounding: f.rounding,
  net: f.net,
  voids: f.voids,
  refunds: f.refunds,
  cashIn: f.cashIn,
  cashOut: f.cashOut,
});

/** The latest shifts of an outlet (all outlets when null), newest first. */
export async function listShifts(store: Store, q: { outletId: string | null; limit: number }): Promise<ShiftList> {
  return store.db.tx(async (tx) => {
    const rows = await tx.all(
      `SELECT id, outlet_id, drawer_id, device_id, opened_by, opened_at, business_date, opening_float, flags FROM shifts
        ${q.outletId === null ? '' : 'WHERE outlet_id = ?'} ORDER BY opened_at DESC, id DESC LIMIT ${String(q.limit)}`,
      q.outletId === null ? [] : [q.outletId],
    );
    const ids = rows.map((r) => str(r.id));
    const activity = new Map<string, { sales: Sale[]; returns: ShiftReturn[]; movements: ShiftMovement[] }>(ids.map((id) => [id, { sales: [], returns: [], movements: [] }]));
    const flags = new Map<string, Flag[]>(rows.map((r) => [str(r.id), storedFlags(str(r.flags))]));
    const add = (shiftId: string, json: unknown) => flags.get(shiftId)?.push(...storedFlags(str(json)));
    for (const r of await selectIn(tx, 'SELECT shift_id, body, flags FROM sales WHERE shift_id IN', ids)) {
      activity.get(str(r.shift_id))?.sales.push(JSON.parse(str(r.body)) as Sale);
      add(str(r.shift_id), r.flags);
    }
    for (const r of await selectIn(tx, 'SELECT id, shift_id, kind, method, amount, flags FROM sale_returns WHERE shift_id IN', ids)) {
      activity.get(str(r.shift_id))?.returns.push({ id: str(r.id), kind: str(r.kind) as 'void' | 'refund', method: str(r.method) as PaymentMethod, amount: num(r.amount) });
      add(str(r.shift_id), r.flags);
    }
    for (const r of await selectIn(tx, 'SELECT id, shift_id, direction, amount, reason, flags FROM cash_movements WHERE shift_id IN', ids)) {
      activity.get(str(r.shift_id))?.movements.push({ id: str(r.id), direction: str(r.direction) as 'in' | 'out', amount: num(r.amount), reason: str(r.reason) });
      add(str(r.shift_id), r.flags);
    }
    const closes = new Map<string, { body: ShiftClosePayload; approverId: string | null }>();
    for (const r of await selectIn(tx, 'SELECT shift_id, body, approver_id, flags FROM shift_closes WHERE shift_id IN', ids)) {
      closes.set(str(r.shift_id), { body: JSON.parse(str(r.body)) as ShiftClosePayload, approverId: r.approver_id === null ? null : str(r.approver_id) });
      add(str(r.shift_id), r.flags);
    }
    const shifts: ShiftRow[] = rows.map((r) => {
      const id = str(r.id);
      const server = shiftFigures(num(r.opening_float), activity.get(id) ?? { sales: [], returns: [], movements: [] });
      const close = closes.get(id);
      return {
        id,
        outletId: str(r.outlet_id),
        drawerId: str(r.drawer_id),
        deviceId: str(r.device_id),
        openedBy: str(r.opened_by),
        openedAt: num(r.opened_at),
        businessDate: str(r.business_date),
        openingFloat: num(r.opening_float),
        closed: close
          ? {
              zNo: close.body.zNo,
              closedBy: close.body.closedBy,
              approverId: close.approverId,
              closedAt: close.body.closedAt,
              counted: close.body.counted,
              expected: close.body.expected,
              totals: close.body.totals,
              note: close.body.note,
            }
          : null,
        server: { expected: server.expected, totals: totalsOf(server) },
        flags: flags.get(id) ?? [],
      };
    });
    return { shifts };
  });
}
