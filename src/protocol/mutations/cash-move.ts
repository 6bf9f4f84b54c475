// cash.move: Kas Masuk / Kas Keluar in an open shift, with a reason and a
// note; Kas Keluar above the outlet's limit with a supervisor's PIN.
import { z } from 'zod';
import { approvalSchema, id, rupiah, text } from '../common.ts';
import { reasonCode } from '../stock.ts';
import { declareMutation } from './declare.ts';

export const cashMovePayloadSchema = z
  .object({
    id,
    shiftId: id,
    outletId: id,
    direction: z.enum(['in', 'out']),
    amount: rupiah.min(1),
    reason: reasonCode,
    note: text().max(500),
    by: id,
    createdAt: z.number().int().min(0),
    approval: approvalSchema.nullable(),
  })
  .superRefine((p, ctx) => {
    if (p.approval !== null && p.approval.kind !== 'cash-out') ctx.addIssue({ code: 'custom', path: ['approval', 'kind'], message: `a cash movement is approved as "cash-out", not "${p.approval.kind}"` });
  });

export const cashMove = declareMutation({ type: 'cash.move', payload: cashMovePayloadSchema, refusedAs: 'invalid cash movement' });
export type CashMovePayload = z.infer<typeof cashMovePayloadSchema>;
