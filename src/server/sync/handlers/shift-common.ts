// What the kinds that name a shift share: an act in a shift already closed
// by its Z is flagged and still counts in that shift (never in a "rescue"
// one: the device was in it when it acted). An act naming a shift whose
// opening has not arrived is not odd: a restored server, or another tablet of
// a shared drawer, sends acts in another order; it counts once the opening
// and the close come, and the close recounts from what is stored.
import { makeFlag, type Flag } from '../../../protocol/flags.ts';
import type { Batch } from '../handler.ts';

export function shiftFlags(batch: Batch, shiftId: string | undefined, act: 'sale' | 'return' | 'movement'): Flag[] {
  if (shiftId === undefined) return [];
  const shift = batch.shiftOf(shiftId);
  if (shift === null || shift.zNo === null) return [];
  return [makeFlag('shift-closed', { act, shiftId, zNo: shift.zNo })];
}
