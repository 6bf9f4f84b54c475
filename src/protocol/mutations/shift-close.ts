// shift.close: Tutup Kasir, the Z report. The counted cash is the sum of the
// count by denomination; the expected figures are the device's, which the
// server recomputes from the rows it holds and flags when they differ.
import { z } from 'zod';
import { countedCash } from '../../domain/cash-count.ts';
import { approvalSchema, id, text } from '../common.ts';
import { countedSchema, denominationCountsSchema, perMethodSchema, shiftTotalsSchema } from '../shift.ts';
import { declareMutation } from './declare.ts';

export const shiftClosePayloadSchema = z
  .object({
    id,
    shiftId: id,
    outletId: id,
    drawerId: id,
    /** Numbered per drawer, one after the drawer's last Z. */
    zNo: z.number().int().min(1).max(1_000_000),
    closedBy: id,
    closedAt: z.number().int().min(0),
    denominations: denominationCountsSchema,
    counted: countedSchema,
    expected: perMethodSchema,
    totals: shiftTotalsSchema,
    note: text().max(500),
    /** The supervisor's PIN when a Selisih exceeds the outlet's threshold. */
    approval: approvalSchema.nullable(),
  })
  .superRefine((p, ctx) => {
    const sum = countedCash(p.denominations);
    if (sum !== p.counted.cash) ctx.addIssue({ code: 'custom', path: ['counted', 'cash'], message: `counted cash ${p.counted.cash} is not the sum of the count by denomination (${sum})` });
    if (p.approval !== null && p.approval.kind !== 'shift-selisih') ctx.addIssue({ code: 'custom', path: ['approval', 'kind'], message: `a close is approved as "shift-selisih", not "${p.approval.kind}"` });
  });

export const shiftClose = declareMutation({ type: 'shift.close', payload: shiftClosePayloadSchema, refusedAs: 'invalid shift close' });
export type ShiftClosePayload = z.infer<typeof shiftClosePayloadSchema>;
