// transfer.send: a transfer document made and sent at its source outlet; its
// lines leave as in transit (transfer_out) until the destination receives them.
import { z } from 'zod';
import { id, text } from '../common.ts';
import { docLines, qtyLineSchema } from '../stock.ts';
import { declareMutation } from './declare.ts';

export const transferSendPayloadSchema = z
  .object({
    /** The transfer's id: the destination receives against it. */
    id,
    fromOutletId: id,
    toOutletId: id,
    note: text().max(500),
    by: id,
    createdAt: z.number().int().min(0),
    lines: docLines(qtyLineSchema).min(1),
  })
  .refine((p) => p.fromOutletId !== p.toOutletId, { path: ['toOutletId'], message: 'a transfer goes to another outlet' });

export const transferSend = declareMutation({ type: 'transfer.send', payload: transferSendPayloadSchema, refusedAs: 'invalid transfer' });
export type TransferSendPayload = z.infer<typeof transferSendPayloadSchema>;
