// shift.merge: the lead tablet's Tutup Kasir of a shared drawer. It carries
// every slip it merged (its own shift's among them), the one count by
// denomination, and the Z numbered per shared drawer. The server re-checks
// each slip against the shift it holds, and the sum against the slips.
import { z } from 'zod';
import { countedCash } from '../../domain/cash-count.ts';
import { approvalSchema, id, text } from '../common.ts';
import { countedSchema, denominationCountsSchema, perMethodSchema, shiftSlipSchema, shiftTotalsSchema } from '../shift.ts';
import { declareMutation } from './declare.ts';

export const shiftMergePayloadSchema = z
  .object({
    id,
    /** The lead tablet's own shift, which this close ends. */
    shiftId: id,
    outletId: id,
    drawerId: id,
    businessDate: text().regex(/^\d{4}-\d{2}-\d{2}$/),
    zNo: z.number().int().min(1).max(1_000_000),
    closedBy: id,
    closedAt: z.number().int().min(0),
    slips: z.array(shiftSlipSchema).min(1).max(50),
    denominations: denominationCountsSchema,
    counted: countedSchema,
    /** The merged expected figures as the lead showed them: the sum of the slips. */
    expected: perMethodSchema,
    totals: shiftTotalsSchema,
    note: text().max(500),
    approval: approvalSchema.nullable(),
  })
  .superRefine((p, ctx) => {
    const sum = countedCash(p.denominations);
    if (sum !== p.counted.cash) ctx.addIssue({ code: 'custom', path: ['counted', 'cash'], message: `counted cash ${p.counted.cash} is not the sum of the count by denomination (${sum})` });
    if (p.approval !== null && p.approval.kind !== 'shift-selisih') ctx.addIssue({ code: 'custom', path: ['approval', 'kind'], message: `a close is approved as "shift-selisih", not "${p.approval.kind}"` });
    if (!p.slips.some((s) => s.shiftId === p.shiftId)) ctx.addIssue({ code: 'custom', path: ['slips'], message: `the merge carries no slip of its own shift ${p.shiftId}` });
  });

export const shiftMerge = declareMutation({ type: 'shift.merge', payload: shiftMergePayloadSchema, refusedAs: 'invalid shared drawer close' });
export type ShiftMergePayload = z.infer<typeof shiftMergePayloadSchema>;
