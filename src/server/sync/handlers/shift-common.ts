// What the kinds that name a shift share: an act in a shift already closed
// by its Z is flagged and still counts in that shift (never in a "rescue"
// one: the device was in it when it acted). An act naming a shift whose
// opening has not arrived is not odd: a restored server, or another tablet of
// a shared drawer, sends acts in another order; it counts once the opening
// and the close come, and the close recounts from what is stored.
import { PAYMENT_METHODS } from '../../../domain/payment.ts';
import { shiftFigures, type PerMethod } from '../../../domain/shift.ts';
import { makeFlag, type Flag } from '../../../protocol/flags.ts';
import type { ShiftSlipWire } from '../../../protocol/shift.ts';
import type { Batch, ShiftSeen } from '../handler.ts';

export function shiftFlags(batch: Batch, shiftId: string | undefined, act: 'sale' | 'return' | 'movement'): Flag[] {
  if (shiftId === undefined) return [];
  const shift = batch.shiftOf(shiftId);
  if (shift === null || shift.zNo === null) return [];
  return [makeFlag('shift-closed', { act, shiftId, zNo: shift.zNo })];
}

/**
 * Where a slip's figures are not `counted` (the server's recount of its
 * shift, or another copy of the slip): one flag per method, and the sales.
 */
export function slipDifferences(slip: ShiftSlipWire, counted: { expected: PerMethod; salesCount: number }): Flag[] {
  const out: Flag[] = [];
  if (slip.totals.salesCount !== counted.salesCount) out.push(makeFlag('slip-figures-differ', { shiftId: slip.shiftId, method: 'sales', stated: slip.totals.salesCount, counted: counted.salesCount }));
  for (const m of PAYMENT_METHODS) {
    if (slip.expected[m] !== counted.expected[m]) out.push(makeFlag('slip-figures-differ', { shiftId: slip.shiftId, method: m, stated: slip.expected[m], counted: counted.expected[m] }));
  }
  return out;
}

/** A shift's figures as the server counts them from the acts it holds. */
export function recountOf(shift: ShiftSeen): { expected: PerMethod; salesCount: number } {
  const f = shiftFigures(shift.openingFloat, shift.activity);
  return { expected: f.expected, salesCount: f.salesCount };
}
