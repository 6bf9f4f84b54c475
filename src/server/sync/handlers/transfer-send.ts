// transfer.send: the lines leave the source outlet as in transit
// ('transfer_out'); the document waits for the destination to receive it.
import { transferNext } from '../../../domain/stock.ts';
import type { Flag } from '../../../protocol/flags.ts';
import type { TransferSendPayload } from '../../../protocol/schemas.ts';
import { verdict, type MutationHandler } from '../handler.ts';
import { actorRefusal, evt, moveWithDoc, refused, takenEvent, unknownProduct } from './stock-common.ts';
import { auditNote } from '../../../protocol/audit-notes.ts';

const events = (p: TransferSendPayload, withQty = true) => p.lines.map((l) => evt(l.stockEventId, l.productId, p.fromOutletId, withQty ? -l.qty : 0, 'transfer_out'));

export const transferSendHandler: MutationHandler<TransferSendPayload> = {
  needs(p, n) {
    n.ids('transfer', [p.id]);
    n.ids(
      'stock event',
      p.lines.map((l) => l.stockEventId),
    );
    n.people([p.by]);
    n.outlets([p.fromOutletId, p.toOutletId]);
    n.products(p.lines.map((l) => l.productId));
    n.stock(events(p, false));
  },

  decide(batch, p, { seq, receivedAt }) {
    if (batch.isTaken('transfer', p.id)) return { status: 'duplicate', reason: `transfer ${p.id} is already stored` };
    const why =
      actorRefusal(batch, p.by, p.createdAt, p.fromOutletId) ??
      (batch.outletKnown(p.toOutletId) ? null : `outlet ${p.toOutletId} is not on the server`) ??
      unknownProduct(batch, p.lines) ??
      takenEvent(
        batch,
        p.lines.map((l) => l.stockEventId),
      );
    if (why !== null) return refused(why);
    const next = transferNext('draft', { kind: 'send' });
    if ('refusal' in next) return refused(next.refusal);
    batch.take('transfer', [p.id]);
    batch.rememberTransfer(p.id, { fromOutletId: p.fromOutletId, toOutletId: p.toOutletId, lines: p.lines, receiptId: null });
    const flags: Flag[] = [];
    moveWithDoc(batch, events(p), { kind: 'transfer', id: p.id, by: p.by, why: null, note: p.note === '' ? null : p.note }, receivedAt, flags, p.createdAt);
    const body = { lines: p.lines.map((l) => ({ productId: l.productId, qty: l.qty })) };
    batch.stage('transfers', [p.id, p.fromOutletId, p.toOutletId, p.note, p.by, batch.deviceId, seq, p.createdAt, receivedAt, JSON.stringify(flags), JSON.stringify(body)]);
    const units = p.lines.reduce((s, l) => s + l.qty, 0);
    batch.keepAudits(
      {
        flags: [],
        audits: [
          {
            action: 'transfer.send',
            actorId: p.by,
            deviceId: batch.deviceId,
            outletId: p.fromOutletId,
            subject: `transfer ${p.id}`,
            detail: `to ${p.toOutletId}: ${p.lines.length} lines, ${units} units`,
            note: auditNote('transfer.sent', { toOutletId: p.toOutletId, lines: p.lines.length, units }),
          },
        ],
      },
      receivedAt,
    );
    return verdict(flags);
  },
};
