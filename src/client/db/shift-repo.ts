// Shifts of this device's drawer: Mulai Shift, Kas Masuk / Kas Keluar, the X
// report and Tutup Kasir. Each act is one transaction with its outbox row
// (sync rule 2). A shift's acts are the mutations queued after its opening
// that name it, so the X and Z reports count exactly what the server gets.
import type { Approval } from '../../domain/approval.ts';
import { uuidv7 } from '../../domain/id.ts';
import { BUILTIN_CASH_REASONS, movementNeedsApproval, nextZNumber, selisih, selisihOverThreshold, shiftBusinessDate, shiftFigures, type PerMethod, type ShiftActivity, type ShiftFigures } from '../../domain/shift.ts';
import { countedCash, countProblems, type DenominationCounts } from '../../domain/cash-count.ts';
import type { CashMovePayload, PayloadOf, ShiftClosePayload, ShiftMergePayload, ShiftOpenPayload, ShiftSlipPayload } from '../../protocol/schemas.ts';
import type { DrawerMode } from '../../domain/outlet-settings.ts';
import { mergeSlips, slipRefusal, slipTotalsOf, type ShiftSlip, type SlipRefusal } from '../../domain/shift-slip.ts';
import { offeredFor } from '../../domain/cash-reasons.ts';
import type { KasirDb } from './database.ts';
import { queueMutation } from './outbox-repo.ts';
import { currentShift } from './shift-current.ts';
import type { CashMovementRow, CashReasonRow, ShiftRow } from './schema.ts';

export { currentShift };

export class ShiftError extends Error {
  override name = 'ShiftError';
  constructor(
    readonly code: 'no-shift' | 'already-open' | 'closed' | 'count-invalid' | 'amount-invalid' | 'needs-approval' | 'not-enrolled' | 'not-shared',
    message: string,
  ) {
    super(message);
  }
}

interface Person {
  id: string;
  name: string;
}

/**
 * Each tablet keeps its own drawer (the default): the drawer is the device.
 * An outlet that shares one drawer among its tablets names it by its own id,
 * so every tablet of the booth opens its shifts on the same drawer.
 */
async function drawerOf(db: KasirDb, mode: DrawerMode = 'own'): Promise<{ drawerId: string; outletId: string; deviceId: string }> {
  const device = await db.device.get('self');
  if (!device?.outletId) throw new ShiftError('not-enrolled', 'this device is not enrolled at an outlet');
  return { drawerId: mode === 'shared' ? device.outletId : device.deviceId, outletId: device.outletId, deviceId: device.deviceId };
}

/** The drawer's closed shifts, newest Z first. */
export async function closedShifts(db: KasirDb, drawerId: string): Promise<ShiftRow[]> {
  const rows = await db.shifts.where('[drawerId+state]').equals([drawerId, 'closed']).toArray();
  return rows.sort((a, b) => (b.close?.zNo ?? 0) - (a.close?.zNo ?? 0));
}

/** What Mulai Shift shows: the last close of this drawer and the cash it counted (a shared drawer's, when this tablet counted it). */
export async function previousClose(db: KasirDb, mode: DrawerMode = 'own'): Promise<ShiftRow | null> {
  const device = await db.device.get('self');
  if (!device) return null;
  const drawerId = mode === 'shared' && device.outletId ? device.outletId : device.deviceId;
  return (await closedShifts(db, drawerId)).find((s) => s.close !== null) ?? null;
}

export interface StartShiftInput {
  by: Person;
  openingFloat: number;
  dayCutoffMinutes: number;
  /** The outlet's drawer mode: a shared drawer's shift is opened on the outlet's drawer. */
  drawerMode?: DrawerMode;
  now?: number;
}

export async function startShift(db: KasirDb, input: StartShiftInput): Promise<ShiftRow> {
  const now = input.now ?? Date.now();
  if (!Number.isSafeInteger(input.openingFloat) || input.openingFloat < 0) throw new ShiftError('amount-invalid', 'the opening float is a whole rupiah amount, 0 or more');
  return db.transaction('rw', [db.device, db.outbox, db.shifts], async () => {
    const { drawerId, outletId } = await drawerOf(db, input.drawerMode);
    if (await currentShift(db)) throw new ShiftError('already-open', 'a shift is already open on this drawer');
    const last = (await closedShifts(db, drawerId)).find((s) => s.close !== null);
    const payload: ShiftOpenPayload = {
      id: uuidv7(now),
      outletId,
      drawerId,
      openedBy: input.by.id,
      openedAt: now,
      businessDate: shiftBusinessDate(now, input.dayCutoffMinutes),
      openingFloat: input.openingFloat,
      previous: last?.close ? { shiftId: last.id, counted: last.close.counted.cash } : null,
    };
    const queued = await queueMutation(db, 'shift.open', payload, { id: payload.id, deviceTime: now });
    const row: ShiftRow = {
      id: payload.id,
      outletId,
      drawerId,
      openedBy: input.by.id,
      openedByName: input.by.name,
      openedAt: now,
      businessDate: payload.businessDate,
      openingFloat: payload.openingFloat,
      openSeq: queued.seq,
      previous: payload.previous,
      state: 'open',
      close: null,
      closedByName: null,
      approverName: null,
    };
    await db.shifts.add(row);
    return row;
  });
}

export interface MoveCashInput {
  direction: 'in' | 'out';
  amount: number;
  reason: string;
  note: string;
  by: Person;
  approval: Approval | null;
  cashOutLimit: number;
  now?: number;
}

/** Kas Masuk / Kas Keluar in the open shift; Kas Keluar above the limit only with a supervisor's approval. */
export async function moveCash(db: KasirDb, input: MoveCashInput): Promise<CashMovementRow> {
  const now = input.now ?? Date.now();
  if (!Number.isSafeInteger(input.amount) || input.amount <= 0) throw new ShiftError('amount-invalid', 'an amount is whole rupiah above 0');
  if (movementNeedsApproval(input, input.cashOutLimit) && input.approval === null) throw new ShiftError('needs-approval', 'cash out above the limit needs a supervisor');
  return db.transaction('rw', [db.device, db.outbox, db.shifts, db.cashMovements], async () => {
    const shift = await currentShift(db);
    if (!shift) throw new ShiftError('no-shift', 'no shift is open on this drawer');
    const payload: CashMovePayload = {
      id: uuidv7(now),
      shiftId: shift.id,
      outletId: shift.outletId,
      direction: input.direction,
      amount: input.amount,
      reason: input.reason,
      note: input.note.trim(),
      by: input.by.id,
      createdAt: now,
      approval: input.approval,
    };
    await queueMutation(db, 'cash.move', payload, { id: payload.id, deviceTime: now });
    const row: CashMovementRow = { ...payload, byName: input.by.name };
    await db.cashMovements.add(row);
    return row;
  });
}

/**
 * The acts of a shift: every sale, return and movement queued after its
 * opening that names it. The outbox keeps acknowledged rows (sync rule 5),
 * so a shift synced long ago still counts the same.
 */
export async function shiftActivity(db: KasirDb, shift: Pick<ShiftRow, 'id' | 'openSeq'>): Promise<ShiftActivity> {
  const rows = await db.outbox.where('seq').above(shift.openSeq).toArray();
  const out: { sales: ShiftActivity['sales'][number][]; returns: ShiftActivity['returns'][number][]; movements: ShiftActivity['movements'][number][] } = { sales: [], returns: [], movements: [] };
  for (const r of rows) {
    if (r.type === 'sale.record') {
      const { sale } = r.payload as PayloadOf<'sale.record'>;
      if (sale.shiftId === shift.id) out.sales.push(sale);
    } else if (r.type === 'sale.void') {
      const p = r.payload as PayloadOf<'sale.void'>;
      if (p.shiftId === shift.id) out.returns.push({ id: p.id, kind: p.kind, method: p.method, amount: p.amount });
    } else if (r.type === 'cash.move') {
      const p = r.payload as PayloadOf<'cash.move'>;
      if (p.shiftId === shift.id) out.movements.push({ id: p.id, direction: p.direction, amount: p.amount, reason: p.reason });
    }
  }
  return out;
}

/** The X report: what the drawer should hold now; nothing closes. */
export async function shiftReport(db: KasirDb, shift: ShiftRow): Promise<ShiftFigures> {
  return shiftFigures(shift.openingFloat, await shiftActivity(db, shift));
}

export interface CloseShiftInput {
  shiftId: string;
  by: Person;
  denominations: DenominationCounts;
  /** Typed from the terminal and the bank; cash comes from the denominations. */
  nonCash: Omit<PerMethod, 'cash'>;
  note: string;
  approval: Approval | null;
  approverName: string | null;
  selisihThreshold: number;
  now?: number;
}

/**
 * Tutup Kasir: the Z, numbered after the drawer's last. A closed shift is
 * never reopened: closing it again is refused. The expected figures are
 * computed inside the transaction, so a sale saved a moment before counts.
 */
export async function closeShift(db: KasirDb, input: CloseShiftInput): Promise<ShiftRow> {
  const now = input.now ?? Date.now();
  if (countProblems(input.denominations).length > 0) throw new ShiftError('count-invalid', 'a count is a whole number of notes or coins');
  for (const v of Object.values(input.nonCash)) if (!Number.isSafeInteger(v) || v < 0) throw new ShiftError('amount-invalid', 'a total is whole rupiah, 0 or more');
  return db.transaction('rw', [db.device, db.outbox, db.shifts], async () => {
    const shift = await db.shifts.get(input.shiftId);
    if (!shift) throw new ShiftError('no-shift', 'the shift is not on this device');
    if (shift.state === 'closed') throw new ShiftError('closed', 'this shift is closed; a Z is never reopened');
    const figures = shiftFigures(shift.openingFloat, await shiftActivity(db, shift));
    const counted: PerMethod = { cash: countedCash(input.denominations), ...input.nonCash };
    if (selisihOverThreshold(selisih(counted, figures.expected), input.selisihThreshold).length > 0 && input.approval === null) {
      throw new ShiftError('needs-approval', 'a difference above the threshold needs a supervisor');
    }
    const zNo = nextZNumber((await closedShifts(db, shift.drawerId)).map((s) => s.close?.zNo ?? 0));
    const payload: ShiftClosePayload = {
      id: uuidv7(now),
      shiftId: shift.id,
      outletId: shift.outletId,
      drawerId: shift.drawerId,
      zNo,
      closedBy: input.by.id,
      closedAt: now,
      denominations: input.denominations,
      counted,
      expected: figures.expected,
      totals: {
        salesCount: figures.salesCount,
        gross: figures.gross,
        discounts: figures.discounts,
        tax: figures.tax,
        rounding: figures.rounding,
        net: figures.net,
        voids: figures.voids,
        refunds: figures.refunds,
        cashIn: figures.cashIn,
        cashOut: figures.cashOut,
      },
      note: input.note.trim(),
      approval: input.approval,
    };
    await queueMutation(db, 'shift.close', payload, { id: payload.id, deviceTime: now });
    const closed: ShiftRow = { ...shift, state: 'closed', close: payload, closedByName: input.by.name, approverName: input.approverName };
    await db.shifts.put(closed);
    return closed;
  });
}

/** A shift's Kas Masuk / Kas Keluar, oldest first. */
export async function movementsOf(db: KasirDb, shiftId: string): Promise<CashMovementRow[]> {
  return (await db.cashMovements.where('shiftId').equals(shiftId).toArray()).sort((a, b) => a.createdAt - b.createdAt);
}

/**
 * The reasons offered for a direction, as the admin keeps them: the pulled
 * list once a pull brought one (an admin may have turned a built-in reason
 * off); before any pull, the built-in ones every server starts with.
 */
export async function cashReasons(db: KasirDb, direction: 'in' | 'out'): Promise<CashReasonRow[]> {
  const pulled = await db.cashReasons.toArray();
  const known: CashReasonRow[] =
    pulled.length > 0 ? pulled : BUILTIN_CASH_REASONS.map((b) => ({ code: b.code, label: b.label, labelEn: b.labelEn, direction: b.direction, builtin: true, active: true }));
  return offeredFor(known, direction).sort((a, b) => Number(b.builtin) - Number(a.builtin) || a.label.localeCompare(b.label, 'id'));
}

// ------------------------------------------------------- a shared drawer

/** The highest Z of a drawer this device knows of (its own closes of it). */
async function lastZ(db: KasirDb, drawerId: string): Promise<number> {
  return (await closedShifts(db, drawerId)).reduce((a, s) => Math.max(a, s.close?.zNo ?? 0), 0);
}

/** This tablet's slip of its open shift on a shared drawer: its figures as of now. */
async function slipOf(db: KasirDb, shift: ShiftRow): Promise<ShiftSlip> {
  const device = await db.device.get('self');
  if (!device) throw new ShiftError('not-enrolled', 'this device is not enrolled at an outlet');
  const activity = await shiftActivity(db, shift);
  const f = shiftFigures(shift.openingFloat, activity);
  return {
    shiftId: shift.id,
    deviceId: device.deviceId,
    outletId: shift.outletId,
    businessDate: shift.businessDate,
    openingFloat: shift.openingFloat,
    expected: f.expected,
    totals: slipTotalsOf(f),
    movementCount: new Set(activity.movements.map((m) => m.id)).size,
    lastZ: await lastZ(db, shift.drawerId),
  };
}

function sharedShift(shift: ShiftRow | undefined): ShiftRow {
  if (!shift) throw new ShiftError('no-shift', 'the shift is not on this device');
  if (shift.state === 'closed') throw new ShiftError('closed', 'this shift is closed; a Z is never reopened');
  if (shift.drawerId !== shift.outletId) throw new ShiftError('not-shared', 'this shift is on the tablet’s own drawer');
  return shift;
}

/**
 * Tutup Kasir of a tablet that is not the lead of a shared drawer: the shift
 * ends with a close slip (no count here; the lead counts the drawer once for
 * all), queued like any act so the server recounts it.
 */
export async function endWithSlip(db: KasirDb, input: { shiftId: string; by: Person; note: string; now?: number }): Promise<ShiftRow> {
  const now = input.now ?? Date.now();
  return db.transaction('rw', [db.device, db.outbox, db.shifts], async () => {
    const shift = sharedShift(await db.shifts.get(input.shiftId));
    const slip = await slipOf(db, shift);
    const payload: ShiftSlipPayload = { id: uuidv7(now), drawerId: shift.drawerId, slip, closedBy: input.by.id, closedAt: now, note: input.note.trim() };
    await queueMutation(db, 'shift.slip', payload, { id: payload.id, deviceTime: now });
    const ended: ShiftRow = { ...shift, state: 'closed', close: null, closedByName: input.by.name, approverName: null, slip };
    await db.shifts.put(ended);
    return ended;
  });
}

/** Shifts whose slips this device merged before: a slip is counted in one close only. */
async function mergedBefore(db: KasirDb, drawerId: string): Promise<Set<string>> {
  const out = new Set<string>();
  for (const s of await closedShifts(db, drawerId)) for (const slip of s.merge?.slips ?? []) out.add(slip.shiftId);
  return out;
}

/**
 * Whether the lead may add a scanned slip: of this outlet and business day,
 * not its own shift, not already in the list nor merged in an earlier close.
 */
export async function checkSlip(db: KasirDb, shift: ShiftRow, slip: ShiftSlip, added: readonly ShiftSlip[]): Promise<SlipRefusal | null> {
  const merged = await mergedBefore(db, shift.drawerId);
  for (const s of added) merged.add(s.shiftId);
  return slipRefusal(slip, { outletId: shift.outletId, businessDate: shift.businessDate, shiftId: shift.id, merged });
}

/** What the shared drawer should hold: this tablet's slip as of now merged with those scanned. */
export async function sharedExpected(db: KasirDb, shift: ShiftRow, slips: readonly ShiftSlip[]): Promise<PerMethod> {
  return mergeSlips([await slipOf(db, shift), ...slips]).expected;
}

export interface CloseSharedInput extends Omit<CloseShiftInput, 'shiftId'> {
  shiftId: string;
  /** The other tablets' slips, scanned or typed. */
  slips: readonly ShiftSlip[];
}

/**
 * The lead's Tutup Kasir of a shared drawer: its own slip and the scanned
 * ones merged, the drawer counted once, one Z numbered after the highest
 * this tablet or any slip knows of. Every slip is checked again here, so a
 * slip of another day or one merged before cannot slip in.
 */
export async function closeSharedDrawer(db: KasirDb, input: CloseSharedInput): Promise<ShiftRow> {
  const now = input.now ?? Date.now();
  if (countProblems(input.denominations).length > 0) throw new ShiftError('count-invalid', 'a count is a whole number of notes or coins');
  for (const v of Object.values(input.nonCash)) if (!Number.isSafeInteger(v) || v < 0) throw new ShiftError('amount-invalid', 'a total is whole rupiah, 0 or more');
  return db.transaction('rw', [db.device, db.outbox, db.shifts], async () => {
    const shift = sharedShift(await db.shifts.get(input.shiftId));
    const added: ShiftSlip[] = [];
    for (const s of input.slips) {
      const refusal = await checkSlip(db, shift, s, added);
      if (refusal) throw new SlipRefused(refusal);
      added.push(s);
    }
    const slips = [await slipOf(db, shift), ...added];
    const merged = mergeSlips(slips);
    const counted: PerMethod = { cash: countedCash(input.denominations), ...input.nonCash };
    if (selisihOverThreshold(selisih(counted, merged.expected), input.selisihThreshold).length > 0 && input.approval === null) {
      throw new ShiftError('needs-approval', 'a difference above the threshold needs a supervisor');
    }
    const zNo = Math.max(await lastZ(db, shift.drawerId), merged.lastZ) + 1;
    const payload: ShiftMergePayload = {
      id: uuidv7(now),
      shiftId: shift.id,
      outletId: shift.outletId,
      drawerId: shift.drawerId,
      businessDate: shift.businessDate,
      zNo,
      closedBy: input.by.id,
      closedAt: now,
      slips,
      denominations: input.denominations,
      counted,
      expected: merged.expected,
      totals: merged.totals,
      note: input.note.trim(),
      approval: input.approval,
    };
    await queueMutation(db, 'shift.merge', payload, { id: payload.id, deviceTime: now });
    const { slips: _carried, businessDate: _day, ...close } = payload;
    const closed: ShiftRow = { ...shift, state: 'closed', close, closedByName: input.by.name, approverName: input.approverName, merge: { slips, openingFloat: merged.openingFloat } };
    await db.shifts.put(closed);
    return closed;
  });
}

/** A scanned slip the lead may not add, with why. */
export class SlipRefused extends Error {
  override name = 'SlipRefused';
  constructor(readonly refusal: SlipRefusal) {
    super(refusal.code);
  }
}
