// cart.void: lines cleared from a cart that never became a sale.
import { z } from 'zod';
import { approvalSchema, id, voidedLineSchema } from '../common.ts';
import { declareMutation } from './declare.ts';

/** Lines taken out of an unfinished sale that was then cleared: the evidence of a void that never became a sale. */
export const cartVoidPayloadSchema = z.object({
  id,
  outletId: id,
  by: id,
  createdAt: z.number().int().min(0),
  lines: z.array(voidedLineSchema).min(1).max(1000),
  // Empty when the outlet lets a cashier clear the open cart alone.
  approvals: z.array(approvalSchema).max(1000),
});

export const cartVoid = declareMutation({
  type: 'cart.void',
  payload: cartVoidPayloadSchema,
  refusedAs: 'invalid cart void',
});

export type CartVoidPayload = z.infer<typeof cartVoidPayloadSchema>;
