// Shifts on the wire: the figures a Z report carries, per payment method,
// and the rows the supervisor's shift list reads (GET /api/shifts).
import { z } from 'zod';
import { DENOMINATION_KEYS, MAX_PIECES, type DenominationKey } from '../domain/cash-count.ts';
import { flagSchema } from './flags.ts';
import { id, nonNegRupiah, rupiah, text } from './common.ts';

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
  /** Expected per method from the sales, returns and movements the server holds for this shift. */
  server: z.object({ expected: perMethodSchema, totals: shiftTotalsSchema }),
  flags: z.array(flagSchema),
});
export type ShiftRow = z.infer<typeof shiftRowSchema>;
export const shiftListSchema = z.object({ shifts: z.array(shiftRowSchema) });
export type ShiftList = z.infer<typeof shiftListSchema>;
export const shiftQuerySchema = z.object({ outletId: id.optional(), limit: z.coerce.number().int().min(1).max(500).default(100) });

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
