// The "Label perlu dicetak" list and the label data behind the label screen.
// A product goes on the list when its shelf label is out of date (a new
// product, a price change); it leaves when a supervisor marks its labels
// printed, which is audited. The list is the store's, not an outlet's: a
// price is the same at every outlet, so is its label.
import type { LabelReason } from '../../domain/labels.ts';
import type { LabelProduct, PendingLabel } from '../../protocol/labels.ts';
import { appendAudit } from '../accounts/audit.ts';
import { num, optStr, str, type Row, type SqlTx } from '../store/db.ts';
import { selectIn } from '../store/sql.ts';
import type { Store } from '../store/store.ts';
import { auditNote } from '../../protocol/audit-notes.ts';

/** Who acts, and when (server clock). */
export interface LabelAct {
  at: number;
  actorId: string;
  outletId: string | null;
}

const PRODUCT_COLUMNS = `p.id AS product_id, p.sku, p.barcode, p.name, p.category, p.price, p.unit, p.active,
  p.producer_id, p.image_url, pr.name AS producer_name`;

function labelProductOf(r: Row): LabelProduct {
  return {
    productId: str(r.product_id),
    sku: str(r.sku),
    barcode: optStr(r.barcode),
    name: str(r.name),
    category: str(r.category),
    price: num(r.price),
    unit: str(r.unit),
    // SQLite answers 0/1, PostgreSQL an integer too (the column is INTEGER on both).
    active: num(r.active) !== 0,
    producerId: str(r.producer_id),
    producerName: optStr(r.producer_name) ?? str(r.producer_id),
    imageUrl: optStr(r.image_url),
  };
}

/**
 * Puts products on the list, in the caller's transaction (a price change and
 * its place on the list commit together). Ids of no product are skipped. A
 * product already waiting keeps "new-product" (its first label was never
 * printed, whatever changed since) and otherwise takes the newer reason and
 * time. Answers how many rows were written.
 */
export async function queueLabels(tx: SqlTx, productIds: readonly string[], reason: LabelReason, at: number = Date.now()): Promise<number> {
  let written = 0;
  const unique = [...new Set(productIds)];
  for (let i = 0; i < unique.length; i += 256) {
    const chunk = unique.slice(i, i + 256);
    written += await tx.run(
      `INSERT INTO label_queue (product_id, reason, queued_at)
       SELECT id, ?, ? FROM products WHERE id IN (${chunk.map(() => '?').join(', ')})
       ON CONFLICT (product_id) DO UPDATE SET
         reason = CASE WHEN label_queue.reason = 'new-product' THEN label_queue.reason ELSE excluded.reason END,
         queued_at = excluded.queued_at`,
      [reason, at, ...chunk],
    );
  }
  return written;
}

/** The most rows the list answers; a store with more waiting prints in batches anyway. */
export const PENDING_LIMIT = 2000;

export async function pendingLabels(store: Store): Promise<PendingLabel[]> {
  const rows = await store.db.tx((tx) =>
    tx.all(
      `SELECT ${PRODUCT_COLUMNS}, q.reason, q.queued_at FROM label_queue q
       JOIN products p ON p.id = q.product_id LEFT JOIN producers pr ON pr.id = p.producer_id
       ORDER BY q.queued_at DESC, p.name, p.id LIMIT ?`,
      [PENDING_LIMIT],
    ),
  );
  return rows.map((r) => ({ ...labelProductOf(r), reason: str(r.reason) as LabelReason, queuedAt: num(r.queued_at) }));
}

/**
 * Takes products off the list because their labels were printed, one audit
 * entry each (what was waiting and why), in one transaction. Products not on
 * the list are left out of the answer: marking twice changes nothing.
 */
export function markLabelsPrinted(store: Store, productIds: readonly string[], act: LabelAct, skipped = false): Promise<string[]> {
  return store.db.tx(async (tx) => {
    const waiting = await selectIn(tx, `SELECT q.product_id, q.reason, q.queued_at, p.sku, p.name, p.price FROM label_queue q JOIN products p ON p.id = q.product_id WHERE q.product_id IN`, productIds);
    const removed: string[] = [];
    for (const r of waiting.sort((a, b) => str(a.product_id).localeCompare(str(b.product_id)))) {
      const productId = str(r.product_id);
      if ((await tx.run('DELETE FROM label_queue WHERE product_id = ?', [productId])) === 0) continue;
      removed.push(productId);
      const what = { name: str(r.name), sku: str(r.sku), price: num(r.price) };
      await appendAudit(tx, {
        at: act.at,
        action: skipped ? 'label.skipped' : 'label.printed',
        actorId: act.actorId,
        outletId: act.outletId,
        subject: productId,
        detail: `label of ${str(r.sku)} "${str(r.name)}" at Rp ${num(r.price)} ${skipped ? 'skipped without printing' : 'marked printed'}; before: on the list since ${new Date(num(r.queued_at)).toISOString()} (${str(r.reason)}); after: off the list`,
        note: skipped ? auditNote('label.skipped', { ...what, reason: str(r.reason) }) : auditNote('label.printed', what),
      });
    }
    return removed;
  });
}

/** Label data of chosen products, in the order asked, and the ids no product has. */
export async function labelData(store: Store, productIds: readonly string[]): Promise<{ products: LabelProduct[]; missing: string[] }> {
  const rows = await store.db.tx((tx) => selectIn(tx, `SELECT ${PRODUCT_COLUMNS} FROM products p LEFT JOIN producers pr ON pr.id = p.producer_id WHERE p.id IN`, productIds));
  const byId = new Map(rows.map((r) => [str(r.product_id), labelProductOf(r)]));
  const unique = [...new Set(productIds)];
  return {
    products: unique.flatMap((id) => {
      const p = byId.get(id);
      return p ? [p] : [];
    }),
    missing: unique.filter((id) => !byId.has(id)),
  };
}

/** `%` and `_` typed by a person are letters, not wildcards. */
function likeEscaped(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * Products to choose labels for: a barcode or SKU as typed (a scan) first,
 * then SKUs and barcodes starting with it, then names containing every word.
 * Active products before inactive ones.
 */
export async function searchLabelProducts(store: Store, q: string, limit = 30): Promise<LabelProduct[]> {
  const query = q.trim().toLowerCase();
  if (query === '') return [];
  const words = query.split(/\s+/u).slice(0, 6);
  const prefix = `${likeEscaped(query)}%`;
  const nameMatch = words.map(() => "LOWER(p.name) LIKE ? ESCAPE '\\'").join(' AND ');
  const rows = await store.db.tx((tx) =>
    tx.all(
      `SELECT ${PRODUCT_COLUMNS},
         CASE WHEN LOWER(p.sku) = ? OR p.barcode = ? THEN 0 WHEN LOWER(p.sku) LIKE ? ESCAPE '\\' OR p.barcode LIKE ? ESCAPE '\\' THEN 1 ELSE 2 END AS rank
       FROM products p LEFT JOIN producers pr ON pr.id = p.producer_id
       WHERE LOWER(p.sku) LIKE ? ESCAPE '\\' OR p.barcode LIKE ? ESCAPE '\\' OR (${nameMatch})
       ORDER BY rank, p.active DESC, p.name, p.id LIMIT ?`,
      [query, query, prefix, prefix, prefix, prefix, ...words.map((w) => `%${likeEscaped(w)}%`), limit],
    ),
  );
  return rows.map(labelProductOf);
}
