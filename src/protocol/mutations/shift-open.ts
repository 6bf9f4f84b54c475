// shift.open: Mulai Shift on one drawer with its Kas Awal.
import { z } from 'zod';
import { id, nonNegRupiah, text } from '../common.ts';
import { declareMutation } from './declare.ts';

export const shiftOpenPayloadSchema = z.object({
  id,
  outletId: id,
  /** The drawer the cash sits in: the device's own unless a booth shares one. */
  drawerId: id,
  openedBy: id,
  openedAt: z.number().int().min(0),
  businessDate: text().regex(/^\d{4}-\d{2}-\d{2}$/),
  openingFloat: nonNegRupiah,
  /** The last close of this drawer and the cash it counted, as shown when opening; null for a drawer's first shift. */
  previous: z.object({ shiftId: id, counted: nonNegRupiah }).nullable(),
});

export const shiftOpen = declareMutation({ type: 'shift.open', payload: shiftOpenPayloadSchema, refusedAs: 'invalid shift opening' });
export type ShiftOpenPayload = z.infer<typeof shiftOpenPayloadSchema>;
