// flag.resolve: a supervisor closes a flag the server raised (a sale, a void
// or refund, a stock level below zero, a flagged stock document): accepted
// with a note, a price noted, or stock counted.
import { z } from 'zod';
import { actionsFor, MAX_COUNTED, needsNote, RESOLUTION_ACTIONS, STOCK_DOC_KINDS } from '../../domain/flag-resolution.ts';
import { id, text } from '../common.ts';
import { declareMutation } from './declare.ts';

export const flagSubjectSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('sale'), saleId: id }),
  z.object({ kind: z.literal('return'), returnId: id }),
  z.object({ kind: z.literal('stock'), productId: id }),
  /** A flagged stock document: for a transfer its id (not its receipt's). */
  z.object({ kind: z.literal('stock-doc'), doc: z.enum(STOCK_DOC_KINDS), docId: id }),
]);

export const flagResolvePayloadSchema = z
  .object({
    id,
    /** The outlet whose flag it is; for stock, the outlet whose level is counted. */
    outletId: id,
    subject: flagSubjectSchema,
    action: z.enum(RESOLUTION_ACTIONS),
    note: text().max(500),
    /** The supervisor or admin signed in on the device. */
    by: id,
    createdAt: z.number().int().min(0),
    /** stock-count only: what is on the shelf, and the id of the 'count' stock event it becomes (made on the device, sync rule 1). */
    count: z
      .object({
        counted: z.number().int().min(0).max(MAX_COUNTED),
        stockEventId: id,
        /** The product counted, for a stock document (a stock flag names it in its subject). */
        productId: id.optional(),
      })
      .nullable(),
  })
  .superRefine((p, ctx) => {
    if (!actionsFor(p.subject.kind).includes(p.action)) {
      ctx.addIssue({ code: 'custom', path: ['action'], message: `a ${p.subject.kind} flag cannot be resolved by "${p.action}"; use ${actionsFor(p.subject.kind).join(' or ')}` });
    }
    if (needsNote(p.action) && p.note.trim() === '') ctx.addIssue({ code: 'custom', path: ['note'], message: `"${p.action}" needs a note saying why` });
    if ((p.action === 'stock-count') !== (p.count !== null)) {
      ctx.addIssue({ code: 'custom', path: ['count'], message: 'a stock count, and only a stock count, carries the counted quantity' });
    }
    if (p.count !== null && (p.subject.kind === 'stock-doc') !== (p.count.productId !== undefined)) {
      ctx.addIssue({ code: 'custom', path: ['count', 'productId'], message: "a stock document's count names the product counted; a stock flag's names it in its subject" });
    }
  });

export const flagResolve = declareMutation({
  type: 'flag.resolve',
  payload: flagResolvePayloadSchema,
  refusedAs: 'invalid flag resolution',
});

export type FlagResolvePayload = z.infer<typeof flagResolvePayloadSchema>;
export type FlagSubjectRef = z.infer<typeof flagSubjectSchema>;
