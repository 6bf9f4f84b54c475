// stock.adjust: units added or taken out at the device's outlet with a reason
// (rusak, hilang, ...) and a note; above the limits with a supervisor's PIN.
import { z } from 'zod';
import { MAX_LINE_QTY } from '../../domain/stock.ts';
import { approvalSchema, id, text } from '../common.ts';
import { docLines, reasonCode } from '../stock.ts';
import { declareMutation } from './declare.ts';

export const stockAdjustPayloadSchema = z.object({
  id,
  outletId: id,
  reason: reasonCode,
  note: text().max(500),
  by: id,
  createdAt: z.number().int().min(0),
  lines: docLines(
    z.object({
      stockEventId: id,
      productId: id,
      delta: z
        .number()
        .int()
        .min(-MAX_LINE_QTY)
        .max(MAX_LINE_QTY)
        .refine((d) => d !== 0, 'an adjustment line moves at least one unit'),
    }),
  ).min(1),
  /** The supervisor's PIN, when the adjustment is over the limits (domain/stock.ts adjustOverLimit). */
  approval: approvalSchema.nullable(),
});

export const stockAdjust = declareMutation({ type: 'stock.adjust', payload: stockAdjustPayloadSchema, refusedAs: 'invalid stock adjustment' });
export type StockAdjustPayload = z.infer<typeof stockAdjustPayloadSchema>;
