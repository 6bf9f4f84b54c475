// flag.resolve: a supervisor closes a flag the server raised (a sale, a void
// or refund, a stock level below zero): accepted with a note, a price noted,
// or stock counted.
import { z } from 'zod';
import { actionsFor, MAX_COUNTED, needsNote, RESOLUTION_ACTIONS } from '../../domain/flag-resolution.ts';
import { id, text } from '../common.ts';
import { declareMutation } from './declare.ts';

export const flagSubjectSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('sale'), saleId: id }),
  z.object({ kind: z.literal('return'), returnId: id }),
  z.object({ kind: z.literal('stock'), productId: id }),
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
    count: z.object({ counted: z.number().int().min(0).max(MAX_COUNTED), stockEventId: id }).nullable(),
  })
  .superRefine((p, ctx) => {
    if (!actionsFor(p.subject.kind).includes(p.action)) {
      ctx.addIssue({ code: 'custom', path: ['action'], message: `a ${p.subject.kind} flag cannot be resolved by "${p.action}"; use ${actionsFor(p.subject.kind).join(' or ')}` });
    }
    if (needsNote(p.action) && p.note.trim() === '') ctx.addIssue({ code: 'custom', path: ['note'], message: `"${p.action}" needs a note saying why` });
    if ((p.action === 'stock-count') !== (p.count !== null)) {
      ctx.addIssue({ code: 'custom', path: ['count'], message: 'a stock count, and only a stock count, carries the counted quantity' });
    }
  });

export const flagResolve = declareMutation({
  type: 'flag.resolve',
  payload: flagResolvePayloadSchema,
  refusedAs: 'invalid flag resolution',
});

export type FlagResolvePayload = z.infer<typeof flagResolvePayloadSchema>;
export type FlagSubjectRef = z.infer<typeof flagSubjectSchema>;
