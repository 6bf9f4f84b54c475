// shift.close: Tutup Kasir. The server recounts the Z from the sales,
// returns and movements it holds for the shift; a Z whose expected figures
// are not those (forged, or made from acts the server never got) is stored
// as the device made it and flagged. A shift is closed once: a second Z is
// refused, so a closed Z is never reopened.
import { PAYMENT_METHODS } from '../../../domain/payment.ts';
import { selisih, selisihOverThreshold, shiftFigures } from '../../../domain/shift.ts';
import { auditNote } from '../../../protocol/audit-notes.ts';
import { makeFlag } from '../../../protocol/flags.ts';
import type { ShiftClosePayload } from '../../../protocol/schemas.ts';
import { actorCheck, approvalFindings, approvalPeople, type Finding } from '../accountability.ts';
import { verdict, type MutationHandler } from '../handler.ts';

export const shiftCloseHandler: MutationHandler<ShiftClosePayload> = {
  needs(p, n) {
    n.ids('shift close', [p.id]);
    n.people([p.closedBy, ...approvalPeople(p.approval ? [p.approval] : [])]);
    n.outlets([p.outletId]);
    n.shifts([p.shiftId], true);
    n.drawers([p.drawerId]);
  },

  decide(batch, p, { seq, receivedAt }) {
    if (batch.isTaken('shift close', p.id)) return { status: 'duplicate', reason: `Z ${p.id} is already stored` };
    const shift = batch.shiftOf(p.shiftId);
    if (shift !== null && shift.zNo !== null) {
      return { status: 'rejected', reason: `shift ${p.shiftId} was already closed by Z ${shift.zNo}; a closed shift is never reopened or closed again` };
    }
    batch.take('shift close', [p.id]);
    const found: Finding = { flags: [], audits: [] };
    const who = actorCheck(batch.accounts, p.closedBy, p.closedAt, p.outletId, 'user');
    if (who) found.flags.push(who);
    if (p.approval !== null) approvalFindings(batch.accounts, [p.approval], p.outletId, batch.deviceId, `Z ${p.zNo} of ${p.drawerId}`, found);
    if (batch.zNumbersOf(p.drawerId).has(p.zNo)) found.flags.push(makeFlag('z-number-repeated', { drawerId: p.drawerId, zNo: p.zNo }));
    if (shift === null) {
      found.flags.push(makeFlag('shift-unknown', { act: 'close', shiftId: p.shiftId }));
    } else {
      const server = shiftFigures(shift.openingFloat, shift.activity);
      if (server.salesCount !== p.totals.salesCount) found.flags.push(makeFlag('shift-figures-differ', { method: 'sales', stated: p.totals.salesCount, counted: server.salesCount }));
      for (const m of PAYMENT_METHODS) {
        if (server.expected[m] !== p.expected[m]) found.flags.push(makeFlag('shift-figures-differ', { method: m, stated: p.expected[m], counted: server.expected[m] }));
      }
      batch.rememberShift({ ...shift, zNo: p.zNo });
    }
    // Judged against the device's expected figures: those are what the cashier was shown and the supervisor approved.
    const diff = selisih(p.counted, p.expected);
    if (selisihOverThreshold(diff, batch.settingsOf(p.outletId).selisihThreshold).length > 0 && p.approval === null) {
      found.flags.push(makeFlag('approval-missing', { approval: 'shift-selisih', lineId: null }));
    }
    found.audits.push({
      action: 'shift.close',
      actorId: p.closedBy,
      deviceId: batch.deviceId,
      outletId: p.outletId,
      subject: `shift ${p.shiftId}`,
      detail: `Z ${p.zNo} of ${p.drawerId}: cash counted ${p.counted.cash}, expected ${p.expected.cash}${p.approval ? `, approved by ${p.approval.approverId}` : ''}`,
      note: auditNote('shift.closed', { zNo: p.zNo, drawerId: p.drawerId, counted: p.counted.cash, selisih: diff.cash, approverId: p.approval?.approverId ?? null }),
    });
    batch.keepAudits(found, receivedAt);
    batch.stage('shift_closes', [
      p.id,
      p.shiftId,
      p.outletId,
      p.drawerId,
      p.zNo,
      p.closedBy,
      p.approval?.approverId ?? null,
      batch.deviceId,
      seq,
      p.closedAt,
      receivedAt,
      JSON.stringify(found.flags),
      JSON.stringify(p),
    ]);
    return verdict(found.flags);
  },
};
