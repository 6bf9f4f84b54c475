// What the stock kinds (receipts, adjustments, transfers, counts) share:
// who may make them, and how their events are recorded with their document
// so the history says who, why and which document.
import type { StockEvent } from '../../../protocol/schemas.ts';
import type { STOCK_DOC_KINDS } from '../../../protocol/stock.ts';
import { mayResolveAt } from '../accountability.ts';
import type { Batch, Decision, IdKind, Needs } from '../handler.ts';

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
/** `at` is when the document was made, or null for a count (Batch.moveStock). */
export function moveWithDoc(batch: Batch, events: readonly StockEvent[], doc: DocRef, receivedAt: number, flags: Parameters<Batch['moveStock']>[2], at: number | null): void {
  batch.take(
    'stock event',
    events.map((e) => e.id),
  );
  batch.moveStock(events, receivedAt, flags, at);
  for (const e of events) batch.stage('stock_event_docs', [e.id, doc.kind, doc.id, doc.by, doc.why, doc.note]);
}

export const evt = (id: string, productId: string, outletId: string, delta: number, reason: StockEvent['reason']): StockEvent => ({ id, productId, outletId, delta, reason, saleId: null });

/**
 * What a stock document whose lines arrive at an outlet reads before it is
 * decided: its own id and its events' ids, the person, the outlet, the
 * products and their levels. A receipt from a producer and a transfer's
 * receipt bring stock in the same way, so they say it once here.
 */
export function incomingNeeds(n: Needs, kind: IdKind, p: { id: string; by: string; outletId: string; lines: readonly { stockEventId: string; productId: string }[] }, reason: StockEvent['reason']): void {
  n.ids(kind, [p.id]);
  n.ids(
    'stock event',
    p.lines.map((l) => l.stockEventId),
  );
  n.people([p.by]);
  n.outlets([p.outletId]);
  n.products(p.lines.map((l) => l.productId));
  n.stock(p.lines.map((l) => evt(l.stockEventId, l.productId, p.outletId, 0, reason)));
}

/** Why a stock document cannot be taken at all: who made it, a product the server lacks, an event id used before. */
export function docRefusal(batch: Batch, p: { by: string; createdAt: number; outletId: string; lines: readonly { stockEventId: string; productId: string }[] }): string | null {
  return (
    actorRefusal(batch, p.by, p.createdAt, p.outletId) ??
    unknownProduct(batch, p.lines) ??
    takenEvent(
      batch,
      p.lines.map((l) => l.stockEventId),
    )
  );
}
