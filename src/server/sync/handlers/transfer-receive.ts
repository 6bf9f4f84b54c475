// transfer.receive: what arrived of a transfer comes in ('transfer_in'); a
// line that differs from what was sent is flagged for a supervisor. One
// receipt per transfer: a second is refused, so stock never arrives twice.
import { transferDifferences, transferNext } from '../../../domain/stock.ts';
import { makeFlag, type Flag } from '../../../protocol/flags.ts';
import type { TransferReceivePayload } from '../../../protocol/schemas.ts';
import { verdict, type MutationHandler } from '../handler.ts';
import { docRefusal, evt, incomingNeeds, moveWithDoc, refused } from './stock-common.ts';
import { auditNote } from '../../../protocol/audit-notes.ts';

const events = (p: TransferReceivePayload) => p.lines.map((l) => evt(l.stockEventId, l.productId, p.outletId, l.qty, 'transfer_in'));

export const transferReceiveHandler: MutationHandler<TransferReceivePayload> = {
  needs(p, n) {
    incomingNeeds(n, 'transfer receipt', p, 'transfer_in');
    n.transfers([p.transferId]);
  },

  decide(batch, p, { seq, receivedAt }) {
    if (batch.isTaken('transfer receipt', p.id)) return { status: 'duplicate', reason: `transfer receipt ${p.id} is already stored` };
    const why = docRefusal(batch, p);
    if (why !== null) return refused(why);
    const t = batch.transferOf(p.transferId);
    if (t === null) return refused(`transfer ${p.transferId} is not on the server; it is received after it was sent`);
    if (t.toOutletId !== p.outletId) return refused(`transfer ${p.transferId} goes to ${t.toOutletId}, not ${p.outletId}`);
    const diffs = transferDifferences(t.lines, p.lines);
    const differs = diffs.some((d) => d.difference !== 0);
    const next = transferNext(t.receiptId === null ? 'sent' : 'received', { kind: 'receive', differs });
    if ('refusal' in next) return refused(`transfer ${p.transferId} was already received (${t.receiptId ?? '?'}); it is received once`);
    batch.take('transfer receipt', [p.id]);
    batch.rememberTransfer(p.transferId, { ...t, receiptId: p.id });
    const flags: Flag[] = diffs
      .filter((d) => d.difference !== 0)
      .map((d) => makeFlag('transfer-difference', { transferId: p.transferId, productId: d.productId, sent: d.sent, received: d.received }));
    moveWithDoc(batch, events(p), { kind: 'transfer', id: p.transferId, by: p.by, why: null, note: p.note === '' ? null : p.note }, receivedAt, flags, p.createdAt);
    const body = { lines: p.lines.map((l) => ({ productId: l.productId, qty: l.qty })), note: p.note, differences: diffs };
    batch.stage('transfer_receipts', [p.id, p.transferId, p.outletId, p.by, batch.deviceId, seq, p.createdAt, receivedAt, differs ? 1 : 0, JSON.stringify(flags), JSON.stringify(body)]);
    const units = p.lines.reduce((s, l) => s + l.qty, 0);
    batch.keepAudits(
      {
        flags: [],
        audits: [
          {
            action: 'transfer.receive',
            actorId: p.by,
            deviceId: batch.deviceId,
            outletId: p.outletId,
            subject: `transfer ${p.transferId}`,
            note: auditNote('transfer.received', { fromOutletId: t.fromOutletId, units, differs }),
            detail: `from ${t.fromOutletId}: ${units} units arrived${differs ? `, differs: ${diffs.filter((d) => d.difference !== 0).map((d) => `${d.productId} sent ${d.sent} got ${d.received}`).join(', ')}` : ''}`,
          },
        ],
      },
      receivedAt,
    );
    return verdict(flags);
  },
};
