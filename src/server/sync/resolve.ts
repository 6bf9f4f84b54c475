// Flags closed from the management pages, online, by a supervisor or admin
// signed in with a password. A device closes them with the 'flag.resolve'
// mutation instead (handlers/flag-resolve.ts); both write the same rows: the
// resolution, a 'count' stock event for a stock count, and an audit entry.
import { countDelta, stockDocRefusal } from '../../domain/flag-resolution.ts';
import { AUTH_ERROR_CODES as E, type SessionUser } from '../../protocol/auth.ts';
import type { FlagResolvePayload, ResolvedFlag } from '../../protocol/schemas.ts';
import { loadRoleHistory } from '../accounts/accounts.ts';
import { appendAudit } from '../accounts/audit.ts';
import { Refusal } from '../refusal.ts';
import { num, str, type SqlTx } from '../store/db.ts';
import { bumpVersion, lockCatalog } from '../store/sql.ts';
import type { Store } from '../store/store.ts';
import { mayResolveAt } from './accountability.ts';
import { STAGED } from './handler.ts';
import { countedProduct, resolutionDetail, subjectId } from './handlers/flag-resolve.ts';
import { readStockDoc } from '../stock/stock-docs.ts';
import { auditNote } from '../../protocol/audit-notes.ts';

/** What a stock event made outside any device names as its source. */
export const SESSION_SOURCE = 'management-session';

/** Whether `userId` is a supervisor or admin of `outletId` now: who may review and resolve there. */
export async function mayReview(tx: SqlTx, userId: string, outletId: string, now: number): Promise<boolean> {
  const roles = await loadRoleHistory(tx, [userId]);
  return mayResolveAt({ roles, limits: new Map() }, userId, now, outletId);
}

/** The subject's label (receipt number, product name, return kind), after checking it is this outlet's. */
async function subjectLabel(tx: SqlTx, p: FlagResolvePayload): Promise<string | null> {
  const s = p.subject;
  if (s.kind === 'stock') {
    const [row] = await tx.all('SELECT name FROM products WHERE id = ?', [s.productId]);
    return row ? str(row.name) : null;
  }
  if (s.kind === 'stock-doc') {
    const name = `${s.doc} ${s.docId}`;
    const doc = await readStockDoc(tx, s.doc, s.docId);
    if (doc === null) throw new Refusal('not-found', 'not-found', `${name} is not on the server; nothing to resolve`, 'subject');
    const why = stockDocRefusal(doc, p.outletId, countedProduct(p));
    if (why === 'not-flagged') throw new Refusal('invalid', 'invalid-request', `${name} carries no flag; nothing to resolve`, 'subject');
    if (why === 'other-outlet') throw new Refusal('invalid', 'invalid-request', `${name} is ${doc.outletIds.join(' and ')}'s, not ${p.outletId}'s`, 'outletId');
    if (why === 'product-not-on-doc') throw new Refusal('invalid', 'invalid-request', `${name} did not move product ${countedProduct(p) ?? ''}; count a product on the document`, 'count.productId');
    return null;
  }
  const [row] =
    s.kind === 'sale'
      ? await tx.all('SELECT outlet_id, receipt_no AS label FROM sales WHERE id = ?', [s.saleId])
      : await tx.all('SELECT outlet_id, kind AS label FROM sale_returns WHERE id = ?', [s.returnId]);
  const name = s.kind === 'sale' ? `sale ${s.saleId}` : `return ${s.returnId}`;
  if (!row) throw new Refusal('not-found', 'not-found', `${name} is not on the server; nothing to resolve`, 'subject');
  if (str(row.outlet_id) !== p.outletId) throw new Refusal('invalid', 'invalid-request', `${name} was made at ${str(row.outlet_id)}, not ${p.outletId}`, 'outletId');
  return str(row.label);
}

/**
 * Records one resolution by a signed-in supervisor or admin. Sending the same
 * resolution (same id, same content) again answers the stored one.
 */
export function resolveWithSession(store: Store, p: FlagResolvePayload, user: SessionUser, now: number): Promise<ResolvedFlag> {
  return store.db.tx(async (tx) => {
    if (p.by !== user.id) throw new Refusal('forbidden', E.forbidden, `a resolution names who resolved it: ${user.id}, the signed-in user, not ${p.by}`, 'by');
    if (!(await mayReview(tx, user.id, p.outletId, now))) {
      throw new Refusal('forbidden', E.wrongOutlet, `${user.name} is not a supervisor or admin of outlet ${p.outletId}; only they resolve its flags`, 'outletId');
    }
    await lockCatalog(tx, store.db.dialect);
    const [stored] = await tx.all('SELECT * FROM flag_resolutions WHERE id = ?', [p.id]);
    const label = await subjectLabel(tx, p);
    const base = { id: p.id, outletId: p.outletId, subject: p.subject, label, action: p.action, note: p.note, by: p.by, byName: user.name };
    if (stored) {
      if (str(stored.subject_id) !== subjectId(p) || str(stored.action) !== p.action || str(stored.note) !== p.note) {
        throw new Refusal('conflict', 'id-conflict', `resolution id ${p.id} is already used by another resolution`, 'id');
      }
      return {
        ...base,
        createdAt: num(stored.created_at),
        receivedAt: num(stored.received_at),
        counted: stored.counted === null ? null : num(stored.counted),
        delta: stored.delta === null ? null : num(stored.delta),
      };
    }
    let counted: number | null = null;
    let delta: number | null = null;
    const productId = countedProduct(p);
    if (p.count !== null && productId !== null) {
      const [taken] = await tx.all('SELECT 1 AS x FROM stock_events WHERE id = ?', [p.count.stockEventId]);
      if (taken) throw new Refusal('conflict', 'id-conflict', `stock event id ${p.count.stockEventId} is already used; the count was not recorded`, 'count.stockEventId');
      const [level] = await tx.all('SELECT level FROM stock_levels WHERE outlet_id = ? AND product_id = ?', [p.outletId, productId]);
      counted = p.count.counted;
      delta = countDelta(level ? num(level.level) : 0, counted);
      await tx.run(`${STAGED.stock_events} VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, [p.count.stockEventId, productId, p.outletId, SESSION_SOURCE, delta, 'count', null, now]);
      const version = await bumpVersion(tx);
      await tx.run(
        `INSERT INTO stock_levels (outlet_id, product_id, level, version) VALUES (?, ?, ?, ?)
         ON CONFLICT (outlet_id, product_id) DO UPDATE SET level = stock_levels.level + excluded.level, version = excluded.version`,
        [p.outletId, productId, delta, version],
      );
    }
    const subject = subjectId(p);
    await tx.run(`${STAGED.flag_resolutions} VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
      p.id,
      p.outletId,
      p.subject.kind,
      subject,
      p.action,
      p.note,
      p.by,
      null,
      null,
      p.createdAt,
      now,
      counted,
      delta,
      p.count?.stockEventId ?? null,
    ]);
    await appendAudit(tx, {
      at: now,
      action: 'flag.resolve',
      actorId: user.id,
      outletId: p.outletId,
      subject: `${p.subject.kind} ${subject}`,
      detail: resolutionDetail(p.action, p.note, counted, delta),
      note: auditNote('flag.resolved', { action: p.action, counted, delta, note: p.note }),
    });
    return { ...base, createdAt: p.createdAt, receivedAt: now, counted, delta };
  });
}
