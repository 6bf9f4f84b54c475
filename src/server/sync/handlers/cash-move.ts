// cash.move: Kas Masuk / Kas Keluar. The cash moved either way, so it is
// recorded in its shift; Kas Keluar above the outlet's limit without a
// supervisor's approval, or with a forged one, is flagged.
import { reasonStanding } from '../../../domain/cash-reasons.ts';
import { movementNeedsApproval } from '../../../domain/shift.ts';
import { auditNote } from '../../../protocol/audit-notes.ts';
import { makeFlag } from '../../../protocol/flags.ts';
import type { CashMovePayload } from '../../../protocol/schemas.ts';
import { actorCheck, approvalFindings, approvalPeople, type Finding } from '../accountability.ts';
import { verdict, type MutationHandler } from '../handler.ts';
import { shiftFlags } from './shift-common.ts';

export const cashMoveHandler: MutationHandler<CashMovePayload> = {
  needs(p, n) {
    n.ids('cash movement', [p.id]);
    n.people([p.by, ...approvalPeople(p.approval ? [p.approval] : [])]);
    n.outlets([p.outletId]);
    n.shifts([p.shiftId]);
    n.cashReasons();
  },

  decide(batch, p, { seq, receivedAt }) {
    if (batch.isTaken('cash movement', p.id)) return { status: 'duplicate', reason: `cash movement ${p.id} is already stored` };
    batch.take('cash movement', [p.id]);
    const found: Finding = { flags: [], audits: [] };
    const who = actorCheck(batch.accounts, p.by, p.createdAt, p.outletId, 'user');
    if (who) found.flags.push(who);
    if (p.approval !== null) approvalFindings(batch.accounts, [p.approval], p.outletId, batch.deviceId, `cash movement ${p.id}`, found);
    // The server's limit, not the device's: the outlet's settings are the server's to hold.
    if (movementNeedsApproval(p, batch.settingsOf(p.outletId).cashOutLimit) && p.approval === null) found.flags.push(makeFlag('approval-missing', { approval: 'cash-out', lineId: null }));
    found.flags.push(...shiftFlags(batch, p.shiftId, 'movement'));
    // A reason taken off the list since the device pulled still lands as it is: the cashier picked
    // what was offered then. One the server never had is kept too (the money moved) and flagged.
    if (reasonStanding(batch.cashReasonOf(p.reason)) === 'unknown') found.flags.push(makeFlag('cash-reason-unknown', { direction: p.direction, reason: p.reason }));
    batch.addToShift(p.shiftId, { kind: 'movement', move: { id: p.id, direction: p.direction, amount: p.amount, reason: p.reason } });
    found.audits.push({
      action: p.direction === 'in' ? 'cash.in' : 'cash.out',
      actorId: p.by,
      deviceId: batch.deviceId,
      outletId: p.outletId,
      subject: `shift ${p.shiftId}`,
      detail: `${p.direction === 'in' ? 'kas masuk' : 'kas keluar'} ${p.amount}: ${p.reason}${p.note ? ` (${p.note})` : ''}`,
      note: auditNote('cash.moved', { direction: p.direction, amount: p.amount, reason: p.reason, note: p.note, approverId: p.approval?.approverId ?? null }),
    });
    batch.keepAudits(found, receivedAt);
    batch.stage('cash_movements', [
      p.id,
      p.shiftId,
      p.outletId,
      p.direction,
      p.amount,
      p.reason,
      p.note,
      p.by,
      p.approval?.approverId ?? null,
      batch.deviceId,
      seq,
      p.createdAt,
      receivedAt,
      JSON.stringify(found.flags),
      JSON.stringify(p),
    ]);
    return verdict(found.flags);
  },
};
