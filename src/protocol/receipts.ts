// A sale found by its receipt number (a customer back with the receipt), and
// the QRIS payments saved "menunggu konfirmasi" as a supervisor reviews them.
import { z } from 'zod';
import { id, nonNegRupiah, saleSchema, text } from './common.ts';
import { flagSchema } from './flags.ts';
import { saleVoidPayloadSchema } from './mutations/index.ts';

export const receiptLookupParamsSchema = z.object({ receiptNo: text().min(1).max(40) });

export const receiptMatchSchema = z.object({
  sale: saleSchema,
  receivedAt: z.number().int(),
  flags: z.array(flagSchema),
  /** Every void and refund the server holds of the sale, from any device, oldest first. */
  returns: z.array(saleVoidPayloadSchema),
});

/** Usually one sale; two devices whose ids end alike could have given the same number. */
export const receiptLookupResponseSchema = z.object({ sales: z.array(receiptMatchSchema) });
export type ReceiptMatch = z.infer<typeof receiptMatchSchema>;
export type ReceiptLookupResponse = z.infer<typeof receiptLookupResponseSchema>;

export const qrisConfirmationSchema = z.object({
  id,
  outcome: z.enum(['confirmed', 'disputed']),
  reference: text().max(100).nullable(),
  note: text().max(500),
  by: id,
  deviceId: id,
  createdAt: z.number().int(),
  receivedAt: z.number().int(),
});

/**
 * A QRIS payment not yet settled as confirmed: awaiting (no answer yet) or
 * disputed (any answer said so). A confirmation whose sale has not arrived
 * is listed too, with what it says; `receiptNo` and `amount` come with the sale.
 */
export const qrisReviewItemSchema = z.object({
  paymentId: id,
  saleId: id,
  outletId: id,
  receiptNo: text().max(40).nullable(),
  amount: nonNegRupiah.nullable(),
  state: z.enum(['awaiting', 'disputed']),
  /** When the sale reached the server; null while only a confirmation did. */
  saleReceivedAt: z.number().int().nullable(),
  confirmations: z.array(qrisConfirmationSchema),
});
export type QrisReviewItem = z.infer<typeof qrisReviewItemSchema>;
