// shift.slip: a tablet of a shared drawer ends its shift with a close slip.
// The slip is stored as the tablet made it and recounted from the acts the
// server holds for its shift; when the lead's close came first, the slip is
// compared with the copy it merged, or flagged as left out of it.
import { makeFlag, type Flag } from '../../../protocol/flags.ts';
import type { ShiftSlipPayload } from '../../../protocol/schemas.ts';
import { actorCheck } from '../accountability.ts';
import { verdict, type MutationHandler } from '../handler.ts';
import { recountOf, slipDifferences } from './shift-common.ts';

export const shiftSlipHandler: MutationHandler<ShiftSlipPayload> = {
  needs(p, n) {
    n.ids('shift slip', [p.id]);
    n.people([p.closedBy]);
    n.outlets([p.slip.outletId]);
    n.shifts([p.slip.shiftId], true);
    n.slips([p.slip.shiftId]);
    n.drawerDay(p.drawerId, p.slip.businessDate);
  },

  decide(batch, p, { seq, receivedAt }) {
    const { slip } = p;
    if (batch.isTaken('shift slip', p.id)) return { status: 'duplicate', reason: `slip ${p.id} is already stored` };
    if (batch.slipOf(slip.shiftId) !== null) return { status: 'rejected', reason: `shift ${slip.shiftId} already ended with a slip; a shift ends once` };
    const shift = batch.shiftOf(slip.shiftId);
    if (shift !== null && shift.zNo !== null && batch.mergeOf(slip.shiftId) === null) {
      return { status: 'rejected', reason: `shift ${slip.shiftId} was closed by Z ${shift.zNo}; a closed shift is never closed again` };
    }
    batch.take('shift slip', [p.id]);
    const flags: Flag[] = [];
    const who = actorCheck(batch.accounts, p.closedBy, p.closedAt, slip.outletId, 'user');
    if (who) flags.push(who);
    if (shift === null) flags.push(makeFlag('shift-unknown', { act: 'close', shiftId: slip.shiftId }));
    else flags.push(...slipDifferences(slip, recountOf(shift)));
    const merged = batch.mergeOf(slip.shiftId);
    if (merged !== null) {
      // The lead merged a copy of this slip: both must say the same.
      flags.push(...slipDifferences(merged.slip, { expected: slip.expected, salesCount: slip.totals.salesCount }));
    } else {
      const closes = batch.mergesOnDrawerDay(p.drawerId, slip.businessDate);
      for (const c of closes) flags.push(makeFlag('slip-missing', { shiftId: slip.shiftId, zNo: c.zNo }));
    }
    batch.rememberSlip(slip);
    batch.stage('shift_slips', [p.id, slip.shiftId, slip.outletId, p.drawerId, slip.businessDate, p.closedBy, batch.deviceId, seq, p.closedAt, receivedAt, JSON.stringify(flags), JSON.stringify(p)]);
    return verdict(flags);
  },
};
