// shift.open: Mulai Shift. The Kas Awal is in the drawer whatever the server
// thinks of the people, so an opening is recorded and what is off flagged.
import { makeFlag, type Flag } from '../../../protocol/flags.ts';
import type { ShiftOpenPayload } from '../../../protocol/schemas.ts';
import { actorCheck } from '../accountability.ts';
import { verdict, type MutationHandler } from '../handler.ts';

export const shiftOpenHandler: MutationHandler<ShiftOpenPayload> = {
  needs(p, n) {
    n.ids('shift', [p.id]);
    n.people([p.openedBy]);
    n.outlets([p.outletId]);
  },

  decide(batch, p, { seq, receivedAt }) {
    if (batch.isTaken('shift', p.id)) return { status: 'duplicate', reason: `shift ${p.id} is already stored` };
    batch.take('shift', [p.id]);
    const flags: Flag[] = [];
    if (!batch.outletKnown(p.outletId)) flags.push(makeFlag('outlet-unknown', { outletId: p.outletId }));
    const who = actorCheck(batch.accounts, p.openedBy, p.openedAt, p.outletId, 'cashier');
    if (who) flags.push(who);
    const enrolled = batch.enrolledElsewhere(p.outletId);
    if (enrolled !== null) flags.push(makeFlag('outside-enrolment', { act: 'sale', outletId: p.outletId, enrolledAt: enrolled }));
    batch.rememberShift({ id: p.id, outletId: p.outletId, drawerId: p.drawerId, openingFloat: p.openingFloat, zNo: null, businessDate: p.businessDate });
    batch.stage('shifts', [p.id, p.outletId, p.drawerId, p.openedBy, p.openingFloat, p.businessDate, batch.deviceId, seq, p.openedAt, receivedAt, JSON.stringify(flags), JSON.stringify(p)]);
    return verdict(flags);
  },
};
