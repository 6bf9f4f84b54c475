// stock.receive: a producer's goods arrive at an outlet on their consignment
// note; each line is a 'receive' event and the note is kept with its costs.
import type { StockReceivePayload } from '../../../protocol/schemas.ts';
import type { MutationHandler } from '../handler.ts';
import { docRefusal, evt, incomingNeeds, moveWithDoc, refused } from './stock-common.ts';
import { auditNote } from '../../../protocol/audit-notes.ts';

const events = (p: StockReceivePayload) => p.lines.map((l) => evt(l.stockEventId, l.productId, p.outletId, l.qty, 'receive'));

export const stockReceiveHandler: MutationHandler<StockReceivePayload> = {
  needs(p, n) {
    incomingNeeds(n, 'stock receipt', p, 'receive');
  },

  decide(batch, p, { seq, receivedAt }) {
    if (batch.isTaken('stock receipt', p.id)) return { status: 'duplicate', reason: `stock receipt ${p.id} is already stored` };
    const why = docRefusal(batch, p);
    if (why !== null) return refused(why);
    // The note is one producer's: a line of another producer's product is a slip of the hand, not stock to take.
    const other = p.lines.find((l) => batch.productOf(l.productId)?.producerId !== p.producerId);
    if (other) return refused(`product ${other.productId} is not made by producer ${p.producerId}; receive it on its own producer's note`);
    batch.take('stock receipt', [p.id]);
    moveWithDoc(batch, events(p), { kind: 'receipt', id: p.id, by: p.by, why: null, note: p.noteNo }, receivedAt, [], p.createdAt);
    batch.stage('stock_receipts', [p.id, p.outletId, p.producerId, p.noteNo, p.by, batch.deviceId, seq, p.createdAt, receivedAt, '[]', JSON.stringify(p)]);
    const units = p.lines.reduce((s, l) => s + l.qty, 0);
    const cost = p.lines.reduce((s, l) => s + l.qty * l.unitCost, 0);
    batch.keepAudits(
      {
        flags: [],
        audits: [
          {
            action: 'stock.receive',
            actorId: p.by,
            deviceId: batch.deviceId,
            outletId: p.outletId,
            subject: `receipt ${p.id}`,
            detail: `note ${p.noteNo} from ${p.producerId}: ${p.lines.length} lines, ${units} units, cost ${cost}`,
            note: auditNote('stock.received', { noteNo: p.noteNo, producerId: p.producerId, lines: p.lines.length, units, cost }),
          },
        ],
      },
      receivedAt,
    );
    return { status: 'applied', reason: null };
  },
};
