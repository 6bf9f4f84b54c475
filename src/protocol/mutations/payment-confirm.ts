// payment.confirm: a QRIS payment saved "menunggu konfirmasi" checked against
// the merchant's mutasi: confirmed with the mutasi's reference, or disputed
// (not there), which puts its sale in front of a supervisor.
import { z } from 'zod';
import { id, text } from '../common.ts';
import { declareMutation } from './declare.ts';

export const paymentConfirmPayloadSchema = z
  .object({
    id,
    saleId: id,
    paymentId: id,
    outletId: id,
    outcome: z.enum(['confirmed', 'disputed']),
    /** The reference the mutasi shows for the money; required to confirm. */
    reference: text().max(100).nullable(),
    note: text().max(500),
    /** The user who checked the mutasi. */
    by: id,
    createdAt: z.number().int().min(0),
  })
  .superRefine((p, ctx) => {
    if (p.outcome === 'confirmed' && (p.reference === null || p.reference.trim() === '')) {
      ctx.addIssue({ code: 'custom', path: ['reference'], message: "a confirmation names the reference in the merchant's mutasi" });
    }
  });

export const paymentConfirm = declareMutation({ type: 'payment.confirm', payload: paymentConfirmPayloadSchema, refusedAs: 'invalid payment confirmation' });
export type PaymentConfirmPayload = z.infer<typeof paymentConfirmPayloadSchema>;
