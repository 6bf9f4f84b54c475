// stock.count: an approved stock take. Each counted product's level is set
// to the count netted by what moved after it was counted: on the counting
// device, and the outlet's sales on its other devices that the server holds
// ('count' events of the difference to the server's level now). A count by
// category is checked against the catalog: a product of another category,
// and those of the category left uncounted, are flagged (never zeroed).
import { countScopeFindings, countTarget } from '../../../domain/stock.ts';
import { makeFlag } from '../../../protocol/flags.ts';
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
    if (p.lines.length > 0) {
      n.salesAfter(
        p.outletId,
        p.lines.map((l) => l.productId),
        Math.min(...p.lines.map((l) => l.countedAt)),
      );
    }
    if (p.scope.kind === 'category') n.categoryProducts(p.scope.category);
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
    const moves = p.lines.map((l) => {
      const others = batch.otherDevicesSoldAfter(p.outletId, l.productId, l.countedAt);
      return { line: l, others, delta: countTarget(l.counted, l.movedAfter, others) - batch.levelOf(p.outletId, l.productId) };
    });
    const scope = countScopeFindings(
      p.scope,
      p.lines.map((l) => ({ productId: l.productId, category: batch.productOf(l.productId)?.category ?? null })),
      p.scope.kind === 'category' ? batch.productsOfCategory(p.scope.category) : [],
    );
    if (p.scope.kind === 'category') {
      const category = p.scope.category;
      for (const productId of scope.outOfScope) found.flags.push(makeFlag('count-out-of-scope', { productId, category }));
      if (scope.uncounted.length > 0) found.flags.push(makeFlag('count-uncounted', { category, uncounted: scope.uncounted.length }));
    }
    const events = moves.filter((m) => m.delta !== 0).map((m) => evt(m.line.stockEventId, m.line.productId, p.outletId, m.delta, 'count'));
    moveWithDoc(batch, events, { kind: 'count', id: p.id, by: p.by, why: null, note: null }, receivedAt, [], null);
    batch.markCounted(p.outletId, p.lines, { id: p.id, by: p.by });
    const body = { scope: p.scope, lines: moves.map((m) => ({ ...m.line, othersSoldAfter: m.others, serverDelta: m.delta })), uncounted: scope.uncounted };
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
