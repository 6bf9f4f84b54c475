// Shifts as a supervisor reads them: each shift of an outlet, open or closed,
// its Z as the device made it beside what the server counts from the sales,
// returns and movements it holds for the shift, and every flag on the shift's
// rows (a forged or stale Z, a late sale, Kas Keluar without a PIN).
import type { PaymentMethod } from '../../domain/payment.ts';
import type { Sale } from '../../domain/sale.ts';
import { shiftFigures, type ShiftFigures, type ShiftMovement, type ShiftReturn } from '../../domain/shift.ts';
import { mergeSlips, slipTotalsOf } from '../../domain/shift-slip.ts';
import { storedFlags, type Flag } from '../../protocol/flags.ts';
import type { FlaggedCashMove, ShiftClosePayload } from '../../protocol/schemas.ts';
import type { ShiftFilter, ShiftList, ShiftMovementRow, ShiftRow } from '../../protocol/shift.ts';
import { num, optStr, str, type Row, type SqlTx } from '../store/db.ts';
import { selectIn } from '../store/sql.ts';
import type { Store } from '../store/store.ts';


const serverFiguresOf = (f: ShiftFigures): ShiftRow['server'] => ({ expected: f.expected, totals: slipTotalsOf(f) });

/** A shared drawer's Z as the server counts it: the lead's shift and every shift whose slip it merged, each once (domain/shift-slip.ts). */
function serverFiguresOfMerge(shifts: readonly { shiftId: string; figures: ShiftFigures }[]): ShiftRow['server'] {
  const m = mergeSlips(
    shifts.map(({ shiftId, figures }) => ({ shiftId, deviceId: '', outletId: '', businessDate: '', openingFloat: 0, expected: figures.expected, totals: slipTotalsOf(figures), movementCount: 0, lastZ: 0 })),
  );
  return { expected: m.expected, totals: m.totals };
}

/** A Z with any method counted otherwise than it expected. */
function hasSelisih(z: ShiftRow['closed']): boolean {
  if (z === null) return false;
  return (['cash', 'qris', 'card', 'transfer'] as const).some((m) => z.counted[m] !== z.expected[m]);
}

/** Shifts read when a filter is applied after the recount (Selisih, flagged): the newest this many of the range. */
const RECOUNT_WINDOW = 2000;

export interface ShiftQuery {
  /** All outlets when null. */
  outletId: string | null;
  limit: number;
  /** All when absent. */
  state?: ShiftFilter;
  /** Business dates, both ends included; no bound when absent or null. */
  from?: string | null;
  to?: string | null;
}

/** The latest shifts of an outlet (all outlets when null), newest first, as `q` filters them. */
export async function listShifts(store: Store, query: ShiftQuery): Promise<ShiftList> {
  const q = { ...query, state: query.state ?? 'all', from: query.from ?? null, to: query.to ?? null };
  return store.db.tx(async (tx) => {
    const where: string[] = [];
    const params: (string | number)[] = [];
    if (q.outletId !== null) {
      where.push('s.outlet_id = ?');
      params.push(q.outletId);
    }
    if (q.from !== null) {
      where.push('s.business_date >= ?');
      params.push(q.from);
    }
    if (q.to !== null) {
      where.push('s.business_date <= ?');
      params.push(q.to);
    }
    // A shift of a shared drawer ended by its close slip is over too, though the Z is the lead's.
    if (q.state === 'open') where.push('NOT EXISTS (SELECT 1 FROM shift_closes c WHERE c.shift_id = s.id) AND NOT EXISTS (SELECT 1 FROM shift_slips l WHERE l.shift_id = s.id)');
    if (q.state === 'closed') where.push('(EXISTS (SELECT 1 FROM shift_closes c WHERE c.shift_id = s.id) OR EXISTS (SELECT 1 FROM shift_slips l WHERE l.shift_id = s.id))');
    if (q.state === 'selisih') where.push('EXISTS (SELECT 1 FROM shift_closes c WHERE c.shift_id = s.id)');
    // Selisih and flags are known only after the recount: read a wider window, filter, then cut to the limit.
    const read = q.state === 'selisih' || q.state === 'flagged' ? RECOUNT_WINDOW : q.limit;
    const rows = await tx.all(
      `SELECT s.id, s.outlet_id, s.drawer_id, s.device_id, s.opened_by, s.opened_at, s.business_date, s.opening_float, s.flags FROM shifts s
        ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY s.opened_at DESC, s.id DESC LIMIT ${String(read)}`,
      params,
    );
    const listed = rows.map((r) => str(r.id));
    // A lead's Z on a shared drawer counts the shifts whose slips it merged: the server recounts those too.
    const mergedInto = new Map<string, string>();
    const mergedOf = new Map<string, string[]>(listed.map((id) => [id, []]));
    for (const r of await selectIn(tx, 'SELECT c.shift_id AS lead, m.shift_id AS slip FROM shift_merge_slips m JOIN shift_closes c ON c.id = m.close_id WHERE c.shift_id IN', listed)) {
      mergedOf.get(str(r.lead))?.push(str(r.slip));
    }
    for (const r of await selectIn(tx, 'SELECT c.shift_id AS lead, m.shift_id AS slip FROM shift_merge_slips m JOIN shift_closes c ON c.id = m.close_id WHERE m.shift_id IN', listed)) {
      mergedInto.set(str(r.slip), str(r.lead));
    }
    const slipEnded = new Map<string, number>();
    for (const r of await selectIn(tx, 'SELECT shift_id, closed_at FROM shift_slips WHERE shift_id IN', listed)) slipEnded.set(str(r.shift_id), num(r.closed_at));
    const extra = [...new Set([...mergedOf.values()].flat())].filter((id) => !mergedOf.has(id));
    const floats = new Map<string, number>(rows.map((r) => [str(r.id), num(r.opening_float)]));
    for (const r of await selectIn(tx, 'SELECT id, opening_float FROM shifts WHERE id IN', extra)) floats.set(str(r.id), num(r.opening_float));
    const ids = [...listed, ...extra];
    const activity = new Map<string, { sales: Sale[]; returns: ShiftReturn[]; movements: ShiftMovement[] }>(ids.map((id) => [id, { sales: [], returns: [], movements: [] }]));
    const moves = new Map<string, ShiftMovementRow[]>(ids.map((id) => [id, []]));
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
    for (const r of await selectIn(tx, 'SELECT id, shift_id, direction, amount, reason, note, by_user, approver_id, created_at, flags FROM cash_movements WHERE shift_id IN', ids)) {
      const m = movementRowOf(r);
      activity.get(str(r.shift_id))?.movements.push({ id: m.id, direction: m.direction, amount: m.amount, reason: m.reason });
      moves.get(str(r.shift_id))?.push(m);
      add(str(r.shift_id), r.flags);
    }
    const closes = new Map<string, { body: ShiftClosePayload; approverId: string | null }>();
    for (const r of await selectIn(tx, 'SELECT shift_id, body, approver_id, flags FROM shift_closes WHERE shift_id IN', ids)) {
      closes.set(str(r.shift_id), { body: JSON.parse(str(r.body)) as ShiftClosePayload, approverId: r.approver_id === null ? null : str(r.approver_id) });
      add(str(r.shift_id), r.flags);
    }
    const figuresOf = (id: string) => shiftFigures(floats.get(id) ?? 0, activity.get(id) ?? { sales: [], returns: [], movements: [] });
    const all: ShiftRow[] = rows.map((r) => {
      const id = str(r.id);
      const merged = mergedOf.get(id) ?? [];
      const server = merged.length === 0 ? serverFiguresOf(figuresOf(id)) : serverFiguresOfMerge([id, ...merged].map((m) => ({ shiftId: m, figures: figuresOf(m) })));
      const close = closes.get(id);
      const slipAt = slipEnded.get(id);
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
        server,
        endedBySlip: slipAt === undefined ? null : { closedAt: slipAt, mergedInto: mergedInto.get(id) ?? null },
        mergedShiftIds: merged,
        flags: flags.get(id) ?? [],
        movements: (moves.get(id) ?? []).sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1)),
      };
    });
    const shifts = all.filter((s) => (q.state === 'selisih' ? hasSelisih(s.closed) : q.state === 'flagged' ? s.flags.length > 0 : true)).slice(0, q.limit);
    return { shifts, people: await peopleOf(tx, shifts) };
  });
}

function movementRowOf(r: Row): ShiftMovementRow {
  return {
    id: str(r.id),
    direction: str(r.direction) as 'in' | 'out',
    amount: num(r.amount),
    reason: str(r.reason),
    note: str(r.note),
    by: str(r.by_user),
    approverId: optStr(r.approver_id),
    createdAt: num(r.created_at),
    flags: storedFlags(str(r.flags)),
  };
}

/** The names of everyone the shifts name, so the screen shows people, not ids. */
async function peopleOf(tx: SqlTx, shifts: readonly ShiftRow[]): Promise<Record<string, string>> {
  const ids = new Set<string>();
  for (const s of shifts) {
    ids.add(s.openedBy);
    if (s.closed) {
      ids.add(s.closed.closedBy);
      if (s.closed.approverId !== null) ids.add(s.closed.approverId);
    }
    for (const m of s.movements) {
      ids.add(m.by);
      if (m.approverId !== null) ids.add(m.approverId);
    }
  }
  const out: Record<string, string> = {};
  for (const r of await selectIn(tx, 'SELECT id, name FROM users WHERE id IN', [...ids])) out[str(r.id)] = str(r.name);
  return out;
}

/** Kas Masuk / Kas Keluar the server flagged in the last `days`, newest first: the review lists them. */
export async function flaggedMovements(tx: SqlTx, outletId: string | null, since: number): Promise<FlaggedCashMove[]> {
  const rows = await tx.all(
    `SELECT id, shift_id, outlet_id, direction, amount, reason, note, by_user, approver_id, created_at, received_at, flags FROM cash_movements
      WHERE flags <> '[]' AND received_at >= ?${outletId === null ? '' : ' AND outlet_id = ?'} ORDER BY received_at DESC, id LIMIT 200`,
    outletId === null ? [since] : [since, outletId],
  );
  return rows.map((r) => ({ ...movementRowOf(r), shiftId: str(r.shift_id), outletId: str(r.outlet_id), receivedAt: num(r.received_at) }));
}
