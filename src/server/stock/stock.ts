// Stock as a supervisor reads it (levels per outlet and producer, every
// event with who, why and document, transfers in transit), the documents a
// pull brings a device, and the adjustment reasons an admin keeps.
import { isOpenTransfer, type TransferState } from '../../domain/stock.ts';
import type { AdjustReason, AdjustReasonInput, StockReport, TransferDoc } from '../../protocol/stock.ts';
import { appendAudit } from '../accounts/audit.ts';
import { Refusal } from '../refusal.ts';
import { num, optStr, str, type Row, type SqlTx } from '../store/db.ts';
import { bumpVersion } from '../store/sql.ts';
import type { Store } from '../store/store.ts';
import { auditNote } from '../../protocol/audit-notes.ts';

/** Received transfers stay on the pull this long, so the other tablets of the outlet learn they are done. */
export const RECEIVED_TRANSFER_DAYS = 7;

function transferOf(r: Row): TransferDoc {
  const body = JSON.parse(str(r.body)) as { lines: { productId: string; qty: number }[] };
  const receivedBody = r.receipt_body === null || r.receipt_body === undefined ? null : (JSON.parse(str(r.receipt_body)) as { lines: { productId: string; qty: number }[] });
  const state: TransferState = receivedBody === null ? 'sent' : num(r.differs) === 1 ? 'received-with-difference' : 'received';
  return {
    id: str(r.id),
    fromOutletId: str(r.from_outlet_id),
    toOutletId: str(r.to_outlet_id),
    state,
    note: str(r.note),
    sentBy: str(r.sent_by),
    sentAt: num(r.created_at),
    lines: body.lines,
    received: receivedBody === null ? null : { by: str(r.receipt_by), at: num(r.receipt_created_at), lines: receivedBody.lines },
  };
}

const TRANSFER_SELECT = `SELECT t.*, r.body AS receipt_body, r.by_user AS receipt_by, r.created_at AS receipt_created_at, r.differs
  FROM transfers t LEFT JOIN transfer_receipts r ON r.transfer_id = t.id`;

/**
 * The transfers a device of `outletId` needs: those in transit from or to it
 * (the destination receives them offline once pulled), and those received
 * lately, so its other tablets see them closed. All outlets when null.
 */
export async function transfersFor(tx: SqlTx, outletId: string | null, now: number): Promise<TransferDoc[]> {
  const since = now - RECEIVED_TRANSFER_DAYS * 86_400_000;
  const where = outletId === null ? '' : ' AND (t.from_outlet_id = ? OR t.to_outlet_id = ?)';
  const rows = await tx.all(`${TRANSFER_SELECT} WHERE (r.id IS NULL OR r.received_at >= ?)${where} ORDER BY t.received_at, t.id LIMIT 500`, [
    since,
    ...(outletId === null ? [] : [outletId, outletId]),
  ]);
  return rows.map(transferOf);
}

function reasonOf(r: Row): AdjustReason {
  return { code: str(r.code), label: str(r.label), builtin: num(r.builtin) === 1, active: num(r.active) === 1 };
}

/** The reasons changed after catalog version `since` (all of them from 0: the built-in ones are version 0). */
export async function adjustReasons(tx: SqlTx, since = -1): Promise<AdjustReason[]> {
  return (await tx.all('SELECT * FROM adjust_reasons WHERE version > ? ORDER BY builtin DESC, code', [since])).map(reasonOf);
}

export function listAdjustReasons(store: Store): Promise<AdjustReason[]> {
  return store.db.tx((tx) => adjustReasons(tx));
}

/** Adds a reason or changes one's label or whether it is offered; a built-in reason is always offered. Audited. */
export function saveAdjustReason(store: Store, input: AdjustReasonInput, actorId: string, at: number): Promise<AdjustReason> {
  return store.db.tx(async (tx) => {
    const [before] = await tx.all('SELECT * FROM adjust_reasons WHERE code = ?', [input.code]);
    const old = before ? reasonOf(before) : null;
    if (old?.builtin === true && !input.active) throw new Refusal('invalid', 'invalid-request', `"${input.code}" is a built-in reason; it stays offered`, 'active');
    const version = await bumpVersion(tx);
    if (old === null) {
      await tx.run('INSERT INTO adjust_reasons (code, label, builtin, active, created_at, version) VALUES (?, ?, 0, ?, ?, ?)', [input.code, input.label, input.active ? 1 : 0, at, version]);
    } else {
      await tx.run('UPDATE adjust_reasons SET label = ?, active = ?, version = ? WHERE code = ?', [input.label, input.active ? 1 : 0, version, input.code]);
    }
    const after: AdjustReason = { code: input.code, label: input.label, builtin: old?.builtin ?? false, active: input.active };
    const words = (r: AdjustReason | null) => (r === null ? 'none' : `${r.label}${r.active ? '' : ' (not offered)'}`);
    await appendAudit(tx, { at, action: 'adjust-reason.save', actorId, subject: `reason ${input.code}`, detail: `${words(old)} -> ${words(after)}`, note: auditNote('stock.reason-saved', { code: input.code, label: input.label, active: input.active, created: old === null }) });
    return after;
  });
}

export interface StockQuery {
  /** Null: every outlet (admins). */
  outletId: string | null;
  producerId?: string | undefined;
  productId?: string | undefined;
  limit: number;
}

/** Levels (with producer and price, so per-producer sums and values read from them), the latest events, and what is in transit. */
export function stockReport(store: Store, q: StockQuery): Promise<StockReport> {
  return store.db.tx(async (tx) => {
    const where: string[] = [];
    const params: (string | number)[] = [];
    if (q.outletId !== null) {
      where.push('s.outlet_id = ?');
      params.push(q.outletId);
    }
    if (q.producerId !== undefined) {
      where.push('p.producer_id = ?');
      params.push(q.producerId);
    }
    if (q.productId !== undefined) {
      where.push('s.product_id = ?');
      params.push(q.productId);
    }
    const cond = where.length > 0 ? ` WHERE ${where.join(' AND ')}` : '';
    const levels = await tx.all(
      `SELECT s.outlet_id, o.name AS outlet_name, s.product_id, p.name AS product_name, p.sku, p.category, p.producer_id, pr.name AS producer_name, s.level, p.price, p.cost
         FROM stock_levels s JOIN products p ON p.id = s.product_id JOIN outlets o ON o.id = s.outlet_id JOIN producers pr ON pr.id = p.producer_id${cond}
         ORDER BY o.name, pr.name, p.name LIMIT 5000`,
      params,
    );
    const evWhere = where.map((w) => w.replace('s.outlet_id', 'e.outlet_id').replace('s.product_id', 'e.product_id'));
    const evCond = evWhere.length > 0 ? ` WHERE ${evWhere.join(' AND ')}` : '';
    const history = await tx.all(
      `SELECT e.id, e.outlet_id, e.product_id, p.name AS product_name, e.delta, e.reason, e.received_at, e.sale_id,
              d.doc_kind, d.doc_id, d.by_user, d.why, d.note, u.name AS by_name, sa.receipt_no, sa.body AS sale_body, rc.note_no
         FROM stock_events e JOIN products p ON p.id = e.product_id
         LEFT JOIN stock_event_docs d ON d.event_id = e.id
         LEFT JOIN sales sa ON sa.id = e.sale_id
         LEFT JOIN users u ON u.id = d.by_user
         LEFT JOIN stock_receipts rc ON d.doc_kind = 'receipt' AND rc.id = d.doc_id${evCond}
         ORDER BY e.received_at DESC, e.id DESC LIMIT ?`,
      [...params, q.limit],
    );
    const transit = (await transfersFor(tx, q.outletId, 0)).filter((t) => isOpenTransfer(t.state));
    return {
      levels: levels.map((r) => ({
        outletId: str(r.outlet_id),
        outletName: str(r.outlet_name),
        productId: str(r.product_id),
        productName: str(r.product_name),
        sku: str(r.sku),
        category: str(r.category),
        producerId: str(r.producer_id),
        producerName: str(r.producer_name),
        level: num(r.level),
        price: num(r.price),
        cost: r.cost === null || r.cost === undefined ? null : num(r.cost),
      })),
      history: history.map((r) => {
        const saleId = optStr(r.sale_id);
        // A sale's event names its cashier from the sale itself.
        const cashier = r.sale_body ? ((JSON.parse(str(r.sale_body)) as { cashier?: string }).cashier ?? null) : null;
        const docKind = optStr(r.doc_kind) as StockReport['history'][number]['docKind'];
        const reason = str(r.reason) as StockReport['history'][number]['reason'];
        return {
          id: str(r.id),
          outletId: str(r.outlet_id),
          productId: str(r.product_id),
          productName: str(r.product_name),
          delta: num(r.delta),
          reason,
          why: optStr(r.why),
          note: optStr(r.note),
          byUser: optStr(r.by_user) ?? cashier,
          byName: optStr(r.by_name),
          docKind: docKind ?? (saleId !== null ? 'sale' : null),
          docId: optStr(r.doc_id) ?? saleId,
          docRef: optStr(r.note_no) ?? optStr(r.receipt_no),
          receivedAt: num(r.received_at),
        };
      }),
      inTransit: transit,
    };
  });
}
