// What the stock kinds (receipts, adjustments, transfers, counts) share:
// who may make them, and how their events are recorded with their document
// so the history says who, why and which document.
import type { StockEvent } from '../../../protocol/schemas.ts';
import type { STOCK_DOC_KINDS } from '../../../protocol/stock.ts';
import { mayResolveAt } from '../accountability.ts';
import type { Batch, Decision } from '../handler.ts';

export const refused = (reason: string): Decision => ({ status: 'rejected', reason });

/**
 * Stock is moved by the outlet's supervisors and admins (the Stok screen is
 * theirs). What does not hold is refused, not flagged: unlike a sale, no
 * money was taken, and the device shows the refusal to the one who did it.
 */
export function actorRefusal(batch: Batch, by: string, at: number, outletId: string): string | null {
  if (!batch.outletKnown(outletId)) return `outlet ${outletId} is not on the server`;
  if (!mayResolveAt(batch.accounts, by, at, outletId)) return `${by} was not a supervisor or admin of outlet ${outletId} at that time; only they move stock`;
  const enrolled = batch.enrolledElsewhere(outletId);
  return enrolled === null ? null : `this device is enrolled at ${enrolled}; it moves that outlet's stock only, not ${outletId}'s`;
}

/** The first product of the lines the server does not hold, as a refusal. */
export function unknownProduct(batch: Batch, lines: readonly { productId: string }[]): string | null {
  const missing = lines.find((l) => batch.productOf(l.productId) === undefined);
  return missing ? `product ${missing.productId} is not in the catalog` : null;
}

/** A stock event id used twice, in the payload or already stored. */
export function takenEvent(batch: Batch, ids: readonly string[]): string | null {
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id) || batch.isTaken('stock event', id)) return `stock event id ${id} is already used`;
    seen.add(id);
  }
  return null;
}

export interface DocRef {
  kind: (typeof STOCK_DOC_KINDS)[number];
  id: string;
  by: string;
  why: string | null;
  note: string | null;
}

/** Moves the levels by the events and records, for each, its document. */
export function moveWithDoc(batch: Batch, events: readonly StockEvent[], doc: DocRef, receivedAt: number, flags: Parameters<Batch['moveStock']>[2]): void {
  batch.take(
    'stock event',
    events.map((e) => e.id),
  );
  batch.moveStock(events, receivedAt, flags);
  for (const e of events) batch.stage('stock_event_docs', [e.id, doc.kind, doc.id, doc.by, doc.why, doc.note]);
}

export const evt = (id: string, productId: string, outletId: string, delta: number, reason: StockEvent['reason']): StockEvent => ({ id, productId, outletId, delta, reason, saleId: null });
