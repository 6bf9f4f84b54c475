// stock.count: a stock take (stock opname) approved by a supervisor. Each
// counted product carries when it was counted and what moved on the counting
// device after that (domain/stock.ts nettedCount); the server sets the level
// to the netted figure with a 'count' event.
import { z } from 'zod';
import { MAX_COUNTED } from '../../domain/flag-resolution.ts';
import { approvalSchema, id, text } from '../common.ts';
import { docLines } from '../stock.ts';
import { declareMutation } from './declare.ts';

export const countScopeSchema = z.discriminatedUnion('kind', [z.object({ kind: z.literal('full') }), z.object({ kind: z.literal('category'), category: text().min(1).max(100) })]);

export const stockCountPayloadSchema = z
  .object({
    /** The count's id. */
    id,
    outletId: id,
    scope: countScopeSchema,
    /** Who counted. */
    by: id,
    startedAt: z.number().int().min(0),
    createdAt: z.number().int().min(0),
    lines: docLines(
      z.object({
        stockEventId: id,
        productId: id,
        counted: z.number().int().min(0).max(MAX_COUNTED),
        countedAt: z.number().int().min(0),
        /** What moved on this device after `countedAt` until the count was approved (sales negative). */
        movedAfter: z.number().int().min(-MAX_COUNTED).max(MAX_COUNTED),
        /** The level the device showed when approving: the variance the supervisor saw. */
        expected: z.number().int().min(-MAX_COUNTED).max(MAX_COUNTED),
      }),
    ).min(1),
    approval: approvalSchema,
  })
  .superRefine((p, ctx) => {
    if (p.approval.kind !== 'stock-count') ctx.addIssue({ code: 'custom', path: ['approval', 'kind'], message: 'a count is approved as stock-count' });
    const seen = new Set<string>();
    p.lines.forEach((l, i) => {
      if (seen.has(l.productId)) ctx.addIssue({ code: 'custom', path: ['lines', i, 'productId'], message: 'a product is counted once per count' });
      seen.add(l.productId);
    });
  });

export const stockCount = declareMutation({ type: 'stock.count', payload: stockCountPayloadSchema, refusedAs: 'invalid stock count' });
export type StockCountPayload = z.infer<typeof stockCountPayloadSchema>;
