// shift.slip: a tablet of a shared drawer ends its shift with a close slip
// instead of a count; the lead tablet counts the drawer for all (shift.merge).
// The server recounts the slip from the acts it holds for the shift.
import { z } from 'zod';
import { id, text } from '../common.ts';
import { shiftSlipSchema } from '../shift.ts';
import { declareMutation } from './declare.ts';

export const shiftSlipPayloadSchema = z.object({
  id,
  /** The shared drawer the slip's cash went into. */
  drawerId: id,
  slip: shiftSlipSchema,
  closedBy: id,
  closedAt: z.number().int().min(0),
  note: text().max(500),
});

export const shiftSlip = declareMutation({ type: 'shift.slip', payload: shiftSlipPayloadSchema, refusedAs: 'invalid close slip' });
export type ShiftSlipPayload = z.infer<typeof shiftSlipPayloadSchema>;
