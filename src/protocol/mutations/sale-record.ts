// sale.record: a finished sale and the stock its lines take.
import { z } from 'zod';
import { saleSchema, stockEventSchema } from '../common.ts';
import { declareMutation } from './declare.ts';

export const saleRecordPayloadSchema = z
  .object({ sale: saleSchema, stockEvents: z.array(stockEventSchema).max(1000) })
  .superRefine((p, ctx) => {
    // A sale moves stock by exactly its lines: one 'sale' event of -qty per
    // line at the sale's outlet. Anything else would move stock unseen.
    const expected = new Map<string, number>();
    for (const l of p.sale.lines) expected.set(l.productId, (expected.get(l.productId) ?? 0) - l.qty);
    const actual = new Map<string, number>();
    for (const [i, e] of p.stockEvents.entries()) {
      const at = ['stockEvents', i];
      if (e.saleId !== p.sale.id) ctx.addIssue({ code: 'custom', path: [...at, 'saleId'], message: `stock event ${e.id} does not belong to sale ${p.sale.id}` });
      if (e.reason !== 'sale') ctx.addIssue({ code: 'custom', path: [...at, 'reason'], message: `a sale's stock events must have reason "sale", not "${e.reason}"` });
      if (e.outletId !== p.sale.outletId) ctx.addIssue({ code: 'custom', path: [...at, 'outletId'], message: `stock event at ${e.outletId} but the sale is at ${p.sale.outletId}` });
      actual.set(e.productId, (actual.get(e.productId) ?? 0) + e.delta);
    }
    for (const productId of new Set([...expected.keys(), ...actual.keys()])) {
      if ((expected.get(productId) ?? 0) !== (actual.get(productId) ?? 0)) {
        ctx.addIssue({ code: 'custom', path: ['stockEvents'], message: `stock events move ${productId} by ${actual.get(productId) ?? 0}, the lines sell ${-(expected.get(productId) ?? 0)}` });
      }
    }
  });

export const saleRecord = declareMutation({
  type: 'sale.record',
  payload: saleRecordPayloadSchema,
  refusedAs: 'invalid sale',
});

export type SaleRecordPayload = z.infer<typeof saleRecordPayloadSchema>;
