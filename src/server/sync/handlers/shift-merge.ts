// shift.merge: the lead tablet's Tutup Kasir of a shared drawer, with no
// server at the booth. The server re-checks the merge against what it
// holds: the sum against the slips, each slip against its shift's acts (or
// the copy its tablet sent), a slip already counted in another close, and a
// shift of the drawer's day that no slip brought. It is stored as the lead
// made it and flagged, never dropped. It closes the lead's own shift with a
// Z numbered per shared drawer; a closed Z is never reopened.
import { PAYMENT_METHODS } from '../../../domain/payment.ts';
import { selisih, selisihOverThreshold } from '../../../domain/shift.ts';
import { mergeSlips } from '../../../domain/shift-slip.ts';
import { auditNote } from '../../../protocol/audit-notes.ts';
import { makeFlag } from '../../../protocol/flags.ts';
import type { ShiftMergePayload } from '../../../protocol/schemas.ts';
import { actorCheck, approvalFindings, approvalPeople, type Finding } from '../accountability.ts';
import { verdict, type MergedSlipSeen, type MutationHandler } from '../handler.ts';
import { recountOf, slipDifferences } from './shift-common.ts';

export const shiftMergeHandler: MutationHandler<ShiftMergePayload> = {
  needs(p, n) {
    const ids = p.slips.map((s) => s.shiftId);
    n.ids('shift close', [p.id]);
    n.people([p.closedBy, ...approvalPeople(p.approval ? [p.approval] : [])]);
    n.outlets([p.outletId]);
    n.shifts(ids, true);
    n.drawers([p.drawerId]);
    n.slips(ids);
    n.drawerDay(p.drawerId, p.businessDate);
  },

  decide(batch, p, { seq, receivedAt }) {
    if (batch.isTaken('shift close', p.id)) return { status: 'duplicate', reason: `Z ${p.id} is already stored` };
    const lead = batch.shiftOf(p.shiftId);
    if (lead !== null && lead.zNo !== null) {
      return { status: 'rejected', reason: `shift ${p.shiftId} was already closed by Z ${lead.zNo}; a closed shift is never reopened or closed again` };
    }
    batch.take('shift close', [p.id]);
    const found: Finding = { flags: [], audits: [] };
    const who = actorCheck(batch.accounts, p.closedBy, p.closedAt, p.outletId, 'user');
    if (who) found.flags.push(who);
    if (p.approval !== null) approvalFindings(batch.accounts, [p.approval], p.outletId, batch.deviceId, `Z ${p.zNo} of ${p.drawerId}`, found);
    if (batch.zNumbersOf(p.drawerId).has(p.zNo)) found.flags.push(makeFlag('z-number-repeated', { drawerId: p.drawerId, zNo: p.zNo }));
    if (lead === null) found.flags.push(makeFlag('shift-unknown', { act: 'close', shiftId: p.shiftId }));

    // The merged figures are the sum of the slips the merge carries.
    const sum = mergeSlips(p.slips);
    if (sum.totals.salesCount !== p.totals.salesCount) found.flags.push(makeFlag('shift-figures-differ', { method: 'sales', stated: p.totals.salesCount, counted: sum.totals.salesCount }));
    for (const m of PAYMENT_METHODS) {
      if (sum.expected[m] !== p.expected[m]) found.flags.push(makeFlag('shift-figures-differ', { method: m, stated: p.expected[m], counted: sum.expected[m] }));
    }
    const merged: MergedSlipSeen[] = [];
    const named = new Set<string>();
    for (const slip of p.slips) {
      if (named.has(slip.shiftId)) continue;
      named.add(slip.shiftId);
      const before = batch.mergeOf(slip.shiftId);
      if (before !== null) found.flags.push(makeFlag('slip-merged-twice', { shiftId: slip.shiftId, zNo: before.zNo }));
      const shift = batch.shiftOf(slip.shiftId);
      const own = batch.slipOf(slip.shiftId);
      // A tablet sends its acts before its slip (in seq order), so only once its slip is here, or for the
      // lead's own shift, are the shift's acts all here to recount. Otherwise its slip, when it comes, is
      // recounted and compared with this copy (shift-slip.ts).
      if (shift !== null && (own !== null || slip.shiftId === p.shiftId)) found.flags.push(...slipDifferences(slip, recountOf(shift)));
      if (own !== null) found.flags.push(...slipDifferences(slip, { expected: own.expected, salesCount: own.totals.salesCount }));
      merged.push({ closeId: p.id, zNo: p.zNo, drawerId: p.drawerId, businessDate: p.businessDate, slip });
    }
    for (const shiftId of batch.shiftsOnDrawerDay(p.drawerId, p.businessDate)) {
      if (!named.has(shiftId) && batch.mergeOf(shiftId) === null) found.flags.push(makeFlag('slip-missing', { shiftId, zNo: p.zNo }));
    }
    if (lead !== null) batch.rememberShift({ ...lead, zNo: p.zNo });
    batch.rememberMerge(merged, { closeId: p.id, zNo: p.zNo, drawerId: p.drawerId, businessDate: p.businessDate });

    // Judged against the merged figures the lead showed: those are what the supervisor approved.
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
      detail: `Z ${p.zNo} of shared drawer ${p.drawerId} (${String(named.size)} slips): cash counted ${p.counted.cash}, expected ${p.expected.cash}${p.approval ? `, approved by ${p.approval.approverId}` : ''}`,
      note: auditNote('shift.closed', { zNo: p.zNo, drawerId: p.drawerId, counted: p.counted.cash, selisih: diff.cash, approverId: p.approval?.approverId ?? null }),
    });
    batch.keepAudits(found, receivedAt);
    batch.stage('shift_closes', [p.id, p.shiftId, p.outletId, p.drawerId, p.zNo, p.closedBy, p.approval?.approverId ?? null, batch.deviceId, seq, p.closedAt, receivedAt, JSON.stringify(found.flags), JSON.stringify(p)]);
    for (const m of merged) batch.stage('shift_merge_slips', [p.id, m.slip.shiftId, p.drawerId, p.businessDate, p.zNo, JSON.stringify(m.slip)]);
    return verdict(found.flags);
  },
};
