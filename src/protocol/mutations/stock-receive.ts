// stock.receive: goods from a producer arrive at the device's outlet, on the
// producer's consignment note.
import { z } from 'zod';
import { id, nonNegRupiah, text } from '../common.ts';
import { docLines, docQty } from '../stock.ts';
import { declareMutation } from './declare.ts';

export const stockReceivePayloadSchema = z.object({
  id,
  outletId: id,
  producerId: id,
  /** The producer's consignment note number (nota titipan), as written on the paper. */
  noteNo: text().trim().min(1).max(60),
  by: id,
  createdAt: z.number().int().min(0),
  lines: docLines(z.object({ stockEventId: id, productId: id, qty: docQty, unitCost: nonNegRupiah })).min(1),
});

export const stockReceive = declareMutation({ type: 'stock.receive', payload: stockReceivePayloadSchema, refusedAs: 'invalid stock receipt' });
export type StockReceivePayload = z.infer<typeof stockReceivePayloadSchema>;
