// stock.adjust: units added or taken out with a reason. Over the limits it
// needs a supervisor's approval; a missing or forged one is flagged, the
// adjustment still stands (the batik is damaged either way).
import { adjustOverLimit } from '../../../domain/stock.ts';
import { adjustLimitsOf } from '../../../domain/outlet-settings.ts';
import { makeFlag, type Flag } from '../../../protocol/flags.ts';
import type { StockAdjustPayload } from '../../../protocol/schemas.ts';
import { approvalFindings, approvalPeople, type Finding } from '../accountability.ts';
import { verdict, type MutationHandler } from '../handler.ts';
import { actorRefusal, evt, moveWithDoc, refused, takenEvent, unknownProduct } from './stock-common.ts';
import { auditNote } from '../../../protocol/audit-notes.ts';

const events = (p: StockAdjustPayload, withDelta = true) => p.lines.map((l) => evt(l.stockEventId, l.productId, p.outletId, withDelta ? l.delta : 0, 'adjust'));

export const stockAdjustHandler: MutationHandler<StockAdjustPayload> = {
  needs(p, n) {
    n.ids('adjustment', [p.id]);
    n.ids(
      'stock event',
      p.lines.map((l) => l.stockEventId),
    );
    n.people([p.by, ...approvalPeople(p.approval ? [p.approval] : [])]);
    n.outlets([p.outletId]);
    n.products(p.lines.map((l) => l.productId));
    n.stock(events(p, false));
    n.adjustReasons();
  },

  decide(batch, p, { seq, receivedAt }) {
    if (batch.isTaken('adjustment', p.id)) return { status: 'duplicate', reason: `adjustment ${p.id} is already stored` };
    const why =
      actorRefusal(batch, p.by, p.createdAt, p.outletId) ??
      (batch.reasonActive(p.reason) ? null : `"${p.reason}" is not an adjustment reason the server knows`) ??
      unknownProduct(batch, p.lines) ??
      takenEvent(
        batch,
        p.lines.map((l) => l.stockEventId),
      );
    if (why !== null) return refused(why);
    batch.take('adjustment', [p.id]);
    const found: Finding = { flags: [], audits: [] };
    const subject = `adjustment ${p.id}`;
    // The server's prices, not the device's: the limit is the server's to hold.
    const over = adjustOverLimit(p.lines, (id) => batch.priceOf(id), adjustLimitsOf(batch.settingsOf(p.outletId)));
    if (p.approval !== null) approvalFindings(batch.accounts, [p.approval], p.outletId, batch.deviceId, subject, found);
    if (over.length > 0 && (p.approval === null || p.approval.kind !== 'stock-adjust')) found.flags.push(makeFlag('approval-missing', { approval: 'stock-adjust', lineId: null }));
    const flags: Flag[] = [...found.flags];
    moveWithDoc(batch, events(p), { kind: 'adjustment', id: p.id, by: p.by, why: p.reason, note: p.note === '' ? null : p.note }, receivedAt, flags, p.createdAt);
    batch.stage('stock_adjustments', [
      p.id,
      p.outletId,
      p.reason,
      p.note,
      p.by,
      p.approval?.approverId ?? null,
      batch.deviceId,
      seq,
      p.createdAt,
      receivedAt,
      JSON.stringify(flags),
      JSON.stringify(p),
    ]);
    const moved = p.lines.map((l) => `${l.productId} ${l.delta > 0 ? '+' : ''}${l.delta}`).join(', ');
    found.audits.push({
      action: 'stock.adjust',
      actorId: p.by,
      deviceId: batch.deviceId,
      outletId: p.outletId,
      subject,
      detail: `${p.reason}: ${moved}${p.approval ? `, approved by ${p.approval.approverId}` : ''}${p.note ? ` (${p.note})` : ''}`,
      note: auditNote('stock.adjusted', { reason: p.reason, lines: p.lines.length, units: p.lines.reduce((s, l) => s + l.delta, 0), approverId: p.approval?.approverId ?? null, note: p.note }),
    });
    batch.keepAudits(found, receivedAt);
    return verdict(flags);
  },
};
