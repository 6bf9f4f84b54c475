// sale.void: a finished sale voided (the same day) or refunded (later).
import { z } from 'zod';
import { approvalSchema, id, nonNegRupiah, paymentMethodSchema, stockEventSchema, text } from '../common.ts';
import { declareMutation } from './declare.ts';

/**
 * A sale undone (void: the whole sale, the same business day) or goods taken
 * back (refund: some or all lines, later), with a supervisor's approval. The
 * money goes back by `method`; the goods go back into stock by the events.
 */
export const saleVoidPayloadSchema = z
  .object({
    id,
    saleId: id,
    outletId: id,
    kind: z.enum(['void', 'refund']),
    lines: z.array(z.object({ lineId: id, qty: z.number().int().min(1).max(100_000) })).min(1).max(1000),
    amount: nonNegRupiah,
    method: paymentMethodSchema,
    reason: text().min(1).max(500),
    /** The user who gave the money back. */
    by: id,
    createdAt: z.number().int().min(0),
    businessDate: text().regex(/^\d{4}-\d{2}-\d{2}$/),
    /** The shift whose drawer paid the money back; absent on returns queued before shifts existed. */
    shiftId: id.optional(),
    approval: approvalSchema,
    stockEvents: z.array(stockEventSchema).max(1000),
  })
  .superRefine((p, ctx) => {
    const want = p.kind === 'void' ? 'void-sale' : 'refund';
    if (p.approval.kind !== want) ctx.addIssue({ code: 'custom', path: ['approval', 'kind'], message: `a ${p.kind} needs a "${want}" approval, not "${p.approval.kind}"` });
    for (const [i, e] of p.stockEvents.entries()) {
      const at = ['stockEvents', i];
      if (e.reason !== 'return') ctx.addIssue({ code: 'custom', path: [...at, 'reason'], message: `goods taken back move stock with reason "return", not "${e.reason}"` });
      if (e.delta <= 0) ctx.addIssue({ code: 'custom', path: [...at, 'delta'], message: 'goods taken back add to stock: delta must be above zero' });
      if (e.saleId !== p.saleId) ctx.addIssue({ code: 'custom', path: [...at, 'saleId'], message: `stock event ${e.id} does not belong to sale ${p.saleId}` });
      if (e.outletId !== p.outletId) ctx.addIssue({ code: 'custom', path: [...at, 'outletId'], message: `stock event at ${e.outletId} but the return is at ${p.outletId}` });
    }
  });

export const saleVoid = declareMutation({
  type: 'sale.void',
  payload: saleVoidPayloadSchema,
  refusedAs: 'invalid void or refund',
});

export type SaleVoidPayload = z.infer<typeof saleVoidPayloadSchema>;
