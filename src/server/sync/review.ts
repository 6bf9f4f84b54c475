// What was stored, read back: a device's or an outlet's sales, and what a
// supervisor must look at (flagged sales and returns, stock below zero).
import type { Sale } from '../../domain/sale.ts';
import type { FlaggedStockDoc, FlagSubjectRef, NegativeStock, ResolvedFlag, ReviewResponse, SaleVoidPayload, ServerReturn, ServerSale } from '../../protocol/schemas.ts';
import { storedFlags } from '../../protocol/flags.ts';
import { num, str, type Row, type SqlTx } from '../store/db.ts';
import type { Store } from '../store/store.ts';
import { flaggedMovements } from '../shifts/shifts.ts';
import { DISPUTED_SALE_IDS, disputeFlagsOf, qrisForReview } from './receipts.ts';

function serverSale(r: Row): ServerSale {
  return {
    sale: JSON.parse(str(r.body)) as Sale,
    deviceSeq: num(r.device_seq),
    receivedAt: num(r.received_at),
    flags: storedFlags(str(r.flags)),
  };
}

/** `outletId` narrows the list to one outlet's sales (a supervisor sees their own outlet only). */
export async function listSales(store: Store, filter: { deviceId?: string | undefined; outletId?: string | null | undefined; limit?: number }): Promise<ServerSale[]> {
  const limit = Math.min(filter.limit ?? 500, 5000);
  const where: string[] = [];
  const params: (string | number)[] = [];
  if (filter.deviceId) {
    where.push('device_id = ?');
    params.push(filter.deviceId);
  }
  if (filter.outletId) {
    where.push('outlet_id = ?');
    params.push(filter.outletId);
  }
  const order = filter.deviceId ? 'device_seq' : 'received_at, device_id, device_seq';
  const rows = await store.db.all(`SELECT * FROM sales${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY ${order} LIMIT ?`, [
    ...params,
    limit,
  ]);
  return rows.map(serverSale);
}

/** A flag is open while no resolution names its subject. */
const UNRESOLVED = (kind: 'sale' | 'return', alias: string): string =>
  ` AND NOT EXISTS (SELECT 1 FROM flag_resolutions r WHERE r.subject_kind = '${kind}' AND r.subject_id = ${alias}.id)`;

/**
 * A level below zero is open until a resolution comes after the last event
 * that moved it: accepting -3 does not hide the -5 a later sale makes.
 */
const STOCK_UNRESOLVED = ` AND NOT EXISTS (SELECT 1 FROM flag_resolutions r WHERE r.subject_kind = 'stock' AND r.outlet_id = s.outlet_id AND r.subject_id = s.product_id
    AND r.received_at >= (SELECT MAX(e.received_at) FROM stock_events e WHERE e.outlet_id = s.outlet_id AND e.product_id = s.product_id))`;

function subjectOf(kind: string, subjectId: string): FlagSubjectRef {
  switch (kind) {
    case 'sale':
      return { kind: 'sale', saleId: subjectId };
    case 'return':
      return { kind: 'return', returnId: subjectId };
    case 'stock':
      return { kind: 'stock', productId: subjectId };
    case 'stock-doc': {
      const [doc, ...rest] = subjectId.split(':');
      const docId = rest.join(':');
      if (doc === 'transfer' || doc === 'adjustment' || doc === 'count') return { kind: 'stock-doc', doc, docId };
      throw new Error(`flag_resolutions holds a stock document ${subjectId} of a kind this server does not know`);
    }
    default:
      throw new Error(`flag_resolutions holds a subject of kind ${kind}, which this server does not know`);
  }
}

/** The products a document's lines name, once each: what a resolution may count. */
function productsOf(body: unknown): string[] {
  const b = JSON.parse(str(body)) as { lines?: { productId: string }[]; differences?: { productId: string }[] };
  return [...new Set([...(b.lines ?? []), ...(b.differences ?? [])].map((l) => l.productId))];
}

/** Flagged stock documents stay on the review this long; what they flag is in the stock history for good. */
export const FLAGGED_STOCK_DAYS = 30;

async function flaggedStockDocs(tx: SqlTx, outletId: string | null, now: number): Promise<FlaggedStockDoc[]> {
  const since = now - FLAGGED_STOCK_DAYS * 86_400_000;
  const one = outletId === null ? [] : [outletId];
  // Open while no resolution names the document (flag_resolutions.subject_id is `kind:id`, stock/stock-docs.ts).
  const open = (kind: string, idExpr: string) => ` AND NOT EXISTS (SELECT 1 FROM flag_resolutions fr WHERE fr.subject_kind = 'stock-doc' AND fr.subject_id = '${kind}:' || ${idExpr})`;
  const transfers = await tx.all(
    `SELECT r.transfer_id AS id, r.outlet_id, t.from_outlet_id, r.by_user, r.received_at, r.flags, r.body FROM transfer_receipts r JOIN transfers t ON t.id = r.transfer_id
     WHERE r.flags <> '[]' AND r.received_at >= ?${outletId === null ? '' : ' AND (r.outlet_id = ? OR t.from_outlet_id = ?)'}${open('transfer', 'r.transfer_id')} ORDER BY r.received_at DESC LIMIT 200`,
    [since, ...one, ...one],
  );
  const others = async (table: 'stock_adjustments' | 'stock_counts', kind: 'adjustment' | 'count') =>
    tx.all(
      `SELECT x.id, x.outlet_id, x.by_user, x.received_at, x.flags, x.body FROM ${table} x WHERE x.flags <> '[]' AND x.received_at >= ?${outletId === null ? '' : ' AND x.outlet_id = ?'}${open(kind, 'x.id')} ORDER BY x.received_at DESC LIMIT 200`,
      [since, ...one],
    );
  const doc = (kind: FlaggedStockDoc['kind'], r: Row): FlaggedStockDoc => ({
    kind,
    id: str(r.id),
    outletId: str(r.outlet_id),
    fromOutletId: r.from_outlet_id === undefined ? null : str(r.from_outlet_id),
    by: str(r.by_user),
    receivedAt: num(r.received_at),
    flags: storedFlags(str(r.flags)),
    products: productsOf(r.body),
  });
  return [
    ...transfers.map((r) => doc('transfer', r)),
    ...(await others('stock_adjustments', 'adjustment')).map((r) => doc('adjustment', r)),
    ...(await others('stock_counts', 'count')).map((r) => doc('count', r)),
  ].sort((a, b) => b.receivedAt - a.receivedAt);
}

/** How many resolved flags the list shows: the newest, enough for a shift's look back. */
const RESOLVED_SHOWN = 200;

/**
 * What a supervisor must look at: flagged sales and returns not yet
 * resolved (oldest first), every level below zero not resolved since it
 * last moved, and the newest resolved flags; one outlet's only when
 * `outletId` is given.
 */
export async function review(store: Store, limit = 500, outletId: string | null = null): Promise<ReviewResponse> {
  return store.db.tx(async (tx) => {
    const outlet = outletId === null ? '' : ' AND outlet_id = ?';
    const only = outletId === null ? [] : [outletId];
    const cap = Math.min(limit, 5000);
    const stored = await tx.all(`SELECT * FROM sales x WHERE flags <> '[]'${outlet}${UNRESOLVED('sale', 'x')} ORDER BY received_at, device_id, device_seq LIMIT ?`, [
      ...only,
      cap,
    ]);
    // Apart, so the flagged-sales partial index still serves the query above: sales clean when stored whose QRIS was disputed since.
    const disputed = await tx.all(
      `SELECT x.* FROM sales x WHERE x.flags = '[]' AND x.id IN (${DISPUTED_SALE_IDS})${outlet}${UNRESOLVED('sale', 'x')} ORDER BY received_at, device_id, device_seq LIMIT ?`,
      [...only, cap],
    );
    const order = (r: Row): [number, string, number] => [num(r.received_at), str(r.device_id), num(r.device_seq)];
    const flagged = [...stored, ...disputed]
      .sort((a, b) => {
        const [x, y] = [order(a), order(b)];
        return x[0] - y[0] || (x[1] < y[1] ? -1 : x[1] > y[1] ? 1 : 0) || x[2] - y[2];
      })
      .slice(0, cap);
    const negative = await tx.all(
      `SELECT s.outlet_id, o.name AS outlet_name, s.product_id, p.name AS product_name, s.level
       FROM stock_levels s LEFT JOIN outlets o ON o.id = s.outlet_id LEFT JOIN products p ON p.id = s.product_id
       WHERE s.level < 0${outletId === null ? '' : ' AND s.outlet_id = ?'}${STOCK_UNRESOLVED} ORDER BY s.outlet_id, s.product_id`,
      only,
    );
    const returns = await tx.all(`SELECT * FROM sale_returns x WHERE flags <> '[]'${outlet}${UNRESOLVED('return', 'x')} ORDER BY received_at, device_id, device_seq LIMIT ?`, [
      ...only,
      cap,
    ]);
    const resolved = await tx.all(
      `SELECT r.*, u.name AS by_name, sa.receipt_no, p.name AS product_name, sr.kind AS return_kind
       FROM flag_resolutions r
       LEFT JOIN users u ON u.id = r.by_user
       LEFT JOIN sales sa ON r.subject_kind = 'sale' AND sa.id = r.subject_id
       LEFT JOIN sale_returns sr ON r.subject_kind = 'return' AND sr.id = r.subject_id
       LEFT JOIN products p ON r.subject_kind = 'stock' AND p.id = r.subject_id
       ${outletId === null ? '' : 'WHERE r.outlet_id = ?'} ORDER BY r.received_at DESC, r.id DESC LIMIT ?`,
      [...only, Math.min(cap, RESOLVED_SHOWN)],
    );
    const flaggedStock = await flaggedStockDocs(tx, outletId, store.now());
    const flaggedCash = await flaggedMovements(tx, outletId, store.now() - FLAGGED_STOCK_DAYS * 86_400_000);
    const disputes = await disputeFlagsOf(
      tx,
      flagged.map((r) => str(r.id)),
    );
    return {
      flaggedStock,
      flaggedCash,
      qrisPayments: await qrisForReview(tx, outletId, cap),
      flaggedReturns: returns.map(
        (r): ServerReturn => ({
          ret: JSON.parse(str(r.body)) as SaleVoidPayload,
          deviceId: str(r.device_id),
          deviceSeq: num(r.device_seq),
          receivedAt: num(r.received_at),
          flags: storedFlags(str(r.flags)),
        }),
      ),
      flaggedSales: flagged.map((r) => {
        const s = serverSale(r);
        return { ...s, flags: [...s.flags, ...(disputes.get(s.sale.id) ?? [])] };
      }),
      negativeStock: negative.map(
        (r): NegativeStock => ({
          outletId: str(r.outlet_id),
          outletName: r.outlet_name === null ? null : str(r.outlet_name),
          productId: str(r.product_id),
          productName: r.product_name === null ? null : str(r.product_name),
          level: num(r.level),
        }),
      ),
      resolved: resolved.map((r): ResolvedFlag => {
        const label = r.receipt_no ?? r.product_name ?? r.return_kind ?? null;
        return {
          id: str(r.id),
          outletId: str(r.outlet_id),
          subject: subjectOf(str(r.subject_kind), str(r.subject_id)),
          label: label === null ? null : str(label),
          action: str(r.action) as ResolvedFlag['action'],
          note: str(r.note),
          by: str(r.by_user),
          byName: r.by_name === null ? null : str(r.by_name),
          createdAt: num(r.created_at),
          receivedAt: num(r.received_at),
          counted: r.counted === null ? null : num(r.counted),
          delta: r.delta === null ? null : num(r.delta),
        };
      }),
    };
  });
}
