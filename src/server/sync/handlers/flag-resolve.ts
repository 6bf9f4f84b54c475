// flag.resolve: a supervisor closes a flag from a device. Unlike a sale,
// nothing here is money already taken, so what does not hold (a cashier, a
// subject of another outlet or not on the server) is refused, not flagged.
import { countDelta, stockDocRefusal } from '../../../domain/flag-resolution.ts';
import { stockDocSubjectId } from '../../stock/stock-docs.ts';
import type { FlagResolvePayload, StockEvent } from '../../../protocol/schemas.ts';
import { mayResolveAt } from '../accountability.ts';
import type { Batch, Decision, MutationHandler } from '../handler.ts';
import { auditNote } from '../../../protocol/audit-notes.ts';
import { pushProblem, type PushProblem } from '../../../protocol/push-problems.ts';

/** The id a resolution's subject is stored under, by its kind. */
export function subjectId(p: FlagResolvePayload): string {
  switch (p.subject.kind) {
    case 'sale':
      return p.subject.saleId;
    case 'return':
      return p.subject.returnId;
    case 'stock':
      return p.subject.productId;
    case 'stock-doc':
      return stockDocSubjectId(p.subject.doc, p.subject.docId);
  }
}

/** The product a count counts: a stock flag's own, or the one a stock document's resolution names. */
export function countedProduct(p: FlagResolvePayload): string | null {
  if (p.count === null) return null;
  if (p.subject.kind === 'stock') return p.subject.productId;
  if (p.subject.kind === 'stock-doc') return p.count.productId ?? null;
  return null;
}

/** The 'count' event a stock count becomes, before its delta is known. */
function countEvent(p: FlagResolvePayload, delta: number): StockEvent[] {
  const productId = countedProduct(p);
  if (p.count === null || productId === null) return [];
  return [{ id: p.count.stockEventId, productId, outletId: p.outletId, delta, reason: 'count', saleId: null }];
}

const refused = (reason: string, problem: PushProblem): Decision => ({ status: 'rejected', reason, problem });

/** Why the subject cannot be resolved at this outlet, or null. */
function subjectRefusal(batch: Batch, p: FlagResolvePayload): Decision | null {
  const asked = p.outletId;
  switch (p.subject.kind) {
    case 'sale': {
      const sale = batch.saleOf(p.subject.saleId);
      const ref = sale?.receiptNo ?? p.subject.saleId;
      if (sale === null) return refused(`sale ${ref} is not on the server; nothing to resolve`, pushProblem('subject-missing', { what: 'sale', ref }));
      if (sale.outletId === asked) return null;
      return refused(`sale ${ref} was made at ${sale.outletId}, not ${asked}`, pushProblem('subject-other-outlet', { what: 'sale', ref, outletId: sale.outletId, asked }));
    }
    case 'return': {
      const ret = batch.returnOf(p.subject.returnId);
      const ref = p.subject.returnId;
      if (ret === null) return refused(`return ${ref} is not on the server; nothing to resolve`, pushProblem('subject-missing', { what: 'return', ref }));
      if (ret.outletId === asked) return null;
      return refused(`return ${ref} was made at ${ret.outletId}, not ${asked}`, pushProblem('subject-other-outlet', { what: 'return', ref, outletId: ret.outletId, asked }));
    }
    case 'stock':
      return null;
    case 'stock-doc': {
      const ref = `${p.subject.doc} ${p.subject.docId}`;
      const doc = batch.stockDocOf(p.subject.doc, p.subject.docId);
      if (doc === null) return refused(`${ref} is not on the server; nothing to resolve`, pushProblem('subject-missing', { what: 'stock-doc', ref }));
      const why = stockDocRefusal(doc, asked, countedProduct(p));
      if (why === 'not-flagged') return refused(`${ref} carries no flag; nothing to resolve`, pushProblem('subject-missing', { what: 'stock-doc', ref }));
      if (why === 'other-outlet') return refused(`${ref} is ${doc.outletIds.join(' and ')}'s, not ${asked}'s`, pushProblem('subject-other-outlet', { what: 'stock-doc', ref, outletId: doc.outletIds[0] ?? '', asked }));
      if (why === 'product-not-on-doc') return refused(`${ref} did not move product ${countedProduct(p) ?? ''}; count a product on the document`, pushProblem('invalid-payload', { field: 'count.productId' }));
      return null;
    }
  }
}

export const flagResolveHandler: MutationHandler<FlagResolvePayload> = {
  needs(p, n) {
    n.ids('resolution', [p.id]);
    n.people([p.by]);
    n.outlets([p.outletId]);
    if (p.subject.kind === 'sale') n.sales([p.subject.saleId]);
    if (p.subject.kind === 'return') n.returns([p.subject.returnId]);
    if (p.subject.kind === 'stock-doc') n.stockDocs([{ kind: p.subject.doc, id: p.subject.docId }]);
    if (p.count !== null) {
      n.ids('stock event', [p.count.stockEventId]);
      n.stock(countEvent(p, 0));
    }
  },

  decide(batch, p, { seq, receivedAt }) {
    if (batch.isTaken('resolution', p.id)) {
      return { status: 'duplicate', reason: `resolution ${p.id} is already stored`, problem: pushProblem('already-stored', { what: 'resolution', ref: p.id }) };
    }
    if (!mayResolveAt(batch.accounts, p.by, p.createdAt, p.outletId)) {
      return refused(
        `${p.by} was not a supervisor or admin of outlet ${p.outletId} at that time; only they resolve flags`,
        pushProblem('not-a-reviewer', { userId: p.by, outletId: p.outletId }),
      );
    }
    const enrolled = batch.enrolledElsewhere(p.outletId);
    if (enrolled !== null) {
      return refused(
        `this device is enrolled at ${enrolled}; it resolves that outlet's flags only, not ${p.outletId}'s`,
        pushProblem('resolve-other-outlet', { enrolled, asked: p.outletId }),
      );
    }
    const wrong = subjectRefusal(batch, p);
    if (wrong !== null) return wrong;

    let counted: number | null = null;
    let delta: number | null = null;
    const productId = countedProduct(p);
    if (p.count !== null && productId !== null) {
      if (batch.isTaken('stock event', p.count.stockEventId)) {
        return refused(`stock event id ${p.count.stockEventId} is already used; the count was not recorded`, pushProblem('id-taken', { ref: p.id, id: p.count.stockEventId }));
      }
      batch.take('stock event', [p.count.stockEventId]);
      counted = p.count.counted;
      // The level as the server holds it now, not as the device saw it: sales
      // that reached the server since the count was typed are on the shelf's side too.
      delta = countDelta(batch.levelOf(p.outletId, productId), counted);
      batch.moveStock(countEvent(p, delta), receivedAt, [], null);
      batch.markCounted(p.outletId, [{ productId, countedAt: p.createdAt }], { id: p.id, by: p.by });
    }
    batch.take('resolution', [p.id]);
    const subject = subjectId(p);
    batch.stage('flag_resolutions', [
      p.id,
      p.outletId,
      p.subject.kind,
      subject,
      p.action,
      p.note,
      p.by,
      batch.deviceId,
      seq,
      p.createdAt,
      receivedAt,
      counted,
      delta,
      p.count?.stockEventId ?? null,
    ]);
    batch.keepAudits(
      {
        flags: [],
        audits: [
          {
            action: 'flag.resolve',
            actorId: p.by,
            deviceId: batch.deviceId,
            outletId: p.outletId,
            subject: `${p.subject.kind} ${subject}`,
            detail: resolutionDetail(p.action, p.note, counted, delta),
            note: auditNote('flag.resolved', { action: p.action, counted, delta, note: p.note }),
          },
        ],
      },
      receivedAt,
    );
    return { status: 'applied', reason: null };
  },
};

/** The audit log's words for a resolution. */
export function resolutionDetail(action: FlagResolvePayload['action'], note: string, counted: number | null, delta: number | null): string {
  const count = counted === null ? '' : ` counted ${counted} (stock moved by ${delta ?? 0})`;
  return `${action}${count}${note.trim() === '' ? '' : `: ${note}`}`;
}
