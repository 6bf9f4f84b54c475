// stock.count: an approved stock take. Each counted product's level is set
// to the count netted by what moved on the counting device after it was
// counted ('count' events of the difference to the server's level now).
import { countTarget } from '../../../domain/stock.ts';
import type { StockCountPayload } from '../../../protocol/schemas.ts';
import { approvalFindings, approvalPeople, type Finding } from '../accountability.ts';
import { verdict, type MutationHandler } from '../handler.ts';
import { docRefusal, evt, moveWithDoc, refused } from './stock-common.ts';
import { auditNote } from '../../../protocol/audit-notes.ts';

export const stockCountHandler: MutationHandler<StockCountPayload> = {
  needs(p, n) {
    n.ids('count', [p.id]);
    n.ids(
      'stock event',
      p.lines.map((l) => l.stockEventId),
    );
    n.people([p.by, ...approvalPeople([p.approval])]);
    n.outlets([p.outletId]);
    n.products(p.lines.map((l) => l.productId));
    n.stock(p.lines.map((l) => evt(l.stockEventId, l.productId, p.outletId, 0, 'count')));
  },

  decide(batch, p, { seq, receivedAt }) {
    if (batch.isTaken('count', p.id)) return { status: 'duplicate', reason: `count ${p.id} is already stored` };
    const why = docRefusal(batch, p);
    if (why !== null) return refused(why);
    batch.take('count', [p.id]);
    const subject = `count ${p.id}`;
    const found: Finding = { flags: [], audits: [] };
    approvalFindings(batch.accounts, [p.approval], p.outletId, batch.deviceId, subject, found);
    // The server's level as it stands, not the device's: every move the
    // device made before approving is earlier in its queue and so already in it.
    const moves = p.lines.map((l) => ({ line: l, delta: countTarget(l.counted, l.movedAfter) - batch.levelOf(p.outletId, l.productId) }));
    const events = moves.filter((m) => m.delta !== 0).map((m) => evt(m.line.stockEventId, m.line.productId, p.outletId, m.delta, 'count'));
    moveWithDoc(batch, events, { kind: 'count', id: p.id, by: p.by, why: null, note: null }, receivedAt, []);
    const body = { scope: p.scope, lines: moves.map((m) => ({ ...m.line, serverDelta: m.delta })) };
    batch.stage('stock_counts', [
      p.id,
      p.outletId,
      p.scope.kind === 'full' ? 'full' : `category:${p.scope.category}`,
      p.by,
      p.approval.approverId,
      batch.deviceId,
      seq,
      p.startedAt,
      p.createdAt,
      receivedAt,
      JSON.stringify(found.flags),
      JSON.stringify(body),
    ]);
    const changed = moves.filter((m) => m.delta !== 0);
    found.audits.push({
      action: 'stock.count',
      actorId: p.by,
      deviceId: batch.deviceId,
      outletId: p.outletId,
      subject,
      detail: `${p.lines.length} products counted, ${changed.length} changed${changed.length > 0 ? `: ${changed.map((m) => `${m.line.productId} ${m.delta > 0 ? '+' : ''}${m.delta}`).join(', ')}` : ''}; approved by ${p.approval.approverId}`,
      note: auditNote('stock.counted', { products: p.lines.length, changed: changed.length, approverId: p.approval.approverId }),
    });
    batch.keepAudits(found, receivedAt);
    return verdict(found.flags);
  },
};
