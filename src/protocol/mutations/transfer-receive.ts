// transfer.receive: the destination scanned what arrived of a transfer; what
// differs from what was sent is flagged per line and per producer.
import { z } from 'zod';
import { id, text } from '../common.ts';
import { docLines, qtyLineSchema } from '../stock.ts';
import { declareMutation } from './declare.ts';

export const transferReceivePayloadSchema = z.object({
  /** The receipt's own id. */
  id,
  transferId: id,
  /** The destination, where the device receiving is. */
  outletId: id,
  note: text().max(500),
  by: id,
  createdAt: z.number().int().min(0),
  /** Empty when nothing arrived: that too is a difference to flag. */
  lines: docLines(qtyLineSchema),
});

export const transferReceive = declareMutation({ type: 'transfer.receive', payload: transferReceivePayloadSchema, refusedAs: 'invalid transfer receipt' });
export type TransferReceivePayload = z.infer<typeof transferReceivePayloadSchema>;
