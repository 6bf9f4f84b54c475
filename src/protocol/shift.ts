// Shifts on the wire: the figures a Z report carries, per payment method,
// and the rows the supervisor's shift list reads (GET /api/shifts).
import { z } from 'zod';
import { DENOMINATION_KEYS, MAX_PIECES, type DenominationKey } from '../domain/cash-count.ts';
import { CASH_REASON_DIRECTIONS } from '../domain/cash-reasons.ts';
import { flagSchema } from './flags.ts';
import { id, nonNegRupiah, rupiah, text } from './common.ts';
import { reasonCode } from './stock.ts';

export const perMethodSchema = z.object({ cash: rupiah, qris: rupiah, card: rupiah, transfer: rupiah });
export const countedSchema = z.object({ cash: nonNegRupiah, qris: nonNegRupiah, card: nonNegRupiah, transfer: nonNegRupiah });

export const denominationCountsSchema = z.partialRecord(
  z.enum(DENOMINATION_KEYS as [DenominationKey, ...DenominationKey[]]),
  z.number().int().min(0).max(MAX_PIECES),
);

/** What the X and Z reports print besides expected and counted (domain/shift.ts ShiftFigures). */
export const shiftTotalsSchema = z.object({
  salesCount: z.number().int().min(0),
  gross: rupiah,
  discounts: rupiah,
  tax: rupiah,
  rounding: rupiah,
  net: rupiah,
  voids: z.object({ count: z.number().int().min(0), amount: rupiah }),
  refunds: z.object({ count: z.number().int().min(0), amount: rupiah }),
  cashIn: rupiah,
  cashOut: rupiah,
});

/** A Kas Masuk / Kas Keluar as the supervisor reads it under its shift. */
export const shiftMovementRowSchema = z.object({
  id,
  direction: z.enum(['in', 'out']),
  amount: rupiah,
  reason: text().max(40),
  note: text().max(500),
  by: id,
  approverId: id.nullable(),
  createdAt: z.number().int(),
  flags: z.array(flagSchema),
});
export type ShiftMovementRow = z.infer<typeof shiftMovementRowSchema>;

/** A shift as the supervisor's list shows it: the device's Z next to what the server counts from the rows it holds. */
export const shiftRowSchema = z.object({
  id,
  outletId: id,
  drawerId: id,
  deviceId: id,
  openedBy: id,
  openedAt: z.number().int(),
  businessDate: text().max(10),
  openingFloat: rupiah,
  closed: z.null().or(
    z.object({
      zNo: z.number().int(),
      closedBy: id,
      approverId: id.nullable(),
      closedAt: z.number().int(),
      counted: perMethodSchema,
      expected: perMethodSchema,
      totals: shiftTotalsSchema,
      note: text().max(500),
    }),
  ),
  /** Expected per method from the sales, returns and movements the server holds for this shift (and, for a shared drawer's merged Z, for every shift it merged). */
  server: z.object({ expected: perMethodSchema, totals: shiftTotalsSchema }),
  /** A shared drawer's shift ended by its close slip: when, and the lead's shift whose Z merged it (null until the lead's close arrives). */
  endedBySlip: z.object({ closedAt: z.number().int(), mergedInto: id.nullable() }).nullable().default(null),
  /** The shifts whose slips this shift's Z merged (a shared drawer's lead). */
  mergedShiftIds: z.array(id).default([]),
  flags: z.array(flagSchema),
  /** Kas Masuk / Kas Keluar of the shift as the server holds them, oldest first, each with its own flags. */
  movements: z.array(shiftMovementRowSchema).default([]),
});
export type ShiftRow = z.infer<typeof shiftRowSchema>;
export const shiftListSchema = z.object({
  shifts: z.array(shiftRowSchema),
  /** Names of the people the shifts name (who opened, closed, moved cash or approved), by user id. */
  people: z.record(id, text().max(200)).default({}),
});
export type ShiftList = z.infer<typeof shiftListSchema>;

/** Which shifts the list holds: all, still open, closed, closed with a Selisih on any method, or with any flag. */
export const SHIFT_FILTERS = ['all', 'open', 'closed', 'selisih', 'flagged'] as const;
export type ShiftFilter = (typeof SHIFT_FILTERS)[number];
const businessDay = text().regex(/^\d{4}-\d{2}-\d{2}$/, 'a business date is YYYY-MM-DD');
export const shiftQuerySchema = z.object({
  outletId: id.optional(),
  state: z.enum(SHIFT_FILTERS).default('all'),
  /** Business dates, both ends included (a from after to is refused). */
  from: businessDay.optional(),
  to: businessDay.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/** A reason for Kas Masuk / Kas Keluar as an admin keeps it: Bahasa and English labels, the direction it is offered for. */
export const cashReasonSchema = z.object({
  code: reasonCode,
  label: text().max(80),
  /** Empty when the admin gave no English label: English readers see the Bahasa one. */
  labelEn: text().max(80),
  direction: z.enum(CASH_REASON_DIRECTIONS),
  builtin: z.boolean(),
  active: z.boolean(),
});
export type CashReason = z.infer<typeof cashReasonSchema>;
export const cashReasonListSchema = z.object({ reasons: z.array(cashReasonSchema) });

const reasonLabelText = text().trim().min(1, 'give the reason a label in Bahasa Indonesia').max(80);
/** An edit: everything but the code (what movements name, so it never changes). */
export const cashReasonWriteSchema = z.object({
  label: reasonLabelText,
  labelEn: text().trim().max(80).default(''),
  direction: z.enum(CASH_REASON_DIRECTIONS),
  active: z.boolean().default(true),
});
export type CashReasonWrite = z.infer<typeof cashReasonWriteSchema>;
export const cashReasonCreateSchema = cashReasonWriteSchema.extend({ code: reasonCode });
export type CashReasonCreate = z.infer<typeof cashReasonCreateSchema>;

/** A shared drawer's close slip (domain/shift-slip.ts), as its tablet sends it and as the lead's merge carries it. */
export const shiftSlipSchema = z.object({
  shiftId: id,
  deviceId: id,
  outletId: id,
  businessDate: text().regex(/^\d{4}-\d{2}-\d{2}$/),
  openingFloat: nonNegRupiah,
  expected: perMethodSchema,
  totals: shiftTotalsSchema,
  movementCount: z.number().int().min(0),
  lastZ: z.number().int().min(0).max(1_000_000),
});
export type ShiftSlipWire = z.infer<typeof shiftSlipSchema>;
