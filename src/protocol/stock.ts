// The wire of stock across outlets, besides the mutations themselves: the
// parts their payloads share, transfers as a pulled document, adjust
// reasons, and the levels and history a supervisor reads.
import { z } from 'zod';
import { MAX_DOC_LINES, MAX_LINE_QTY, REASON_CODE_PATTERN, TRANSFER_STATES } from '../domain/stock.ts';
import { id, nonNegRupiah, text } from './common.ts';

export const docQty = z.number().int().min(1).max(MAX_LINE_QTY);
export const docLines = <T extends z.ZodType>(line: T) => z.array(line).max(MAX_DOC_LINES);
export const reasonCode = text().regex(REASON_CODE_PATTERN, 'a reason code is 2-40 lower-case letters, digits or dashes');

/** A product and how many, with the id of the stock event it becomes (made on the device, sync rule 1). */
export const qtyLineSchema = z.object({ stockEventId: id, productId: id, qty: docQty });

/** A transfer as the pull brings it to both outlets: what left, and what arrived once received. */
export const transferDocSchema = z.object({
  id,
  fromOutletId: id,
  toOutletId: id,
  state: z.enum(TRANSFER_STATES),
  note: text().max(500),
  sentBy: id,
  sentAt: z.number().int().min(0),
  lines: z.array(z.object({ productId: id, qty: docQty })).max(MAX_DOC_LINES),
  received: z
    .object({ by: id, at: z.number().int().min(0), lines: z.array(z.object({ productId: id, qty: docQty })).max(MAX_DOC_LINES) })
    .nullable(),
});
export type TransferDoc = z.infer<typeof transferDocSchema>;

/** A reason an adjustment can give: the built-in ones and those an admin added. */
export const adjustReasonSchema = z.object({
  code: reasonCode,
  /** What people read; the built-in ones are worded by the device in its language. */
  label: text().min(1).max(80),
  builtin: z.boolean(),
  active: z.boolean(),
});
export type AdjustReason = z.infer<typeof adjustReasonSchema>;

export const adjustReasonInputSchema = z.object({ code: reasonCode, label: text().trim().min(1).max(80), active: z.boolean().default(true) });
export type AdjustReasonInput = z.infer<typeof adjustReasonInputSchema>;
export const adjustReasonListSchema = z.object({ reasons: z.array(adjustReasonSchema) });

export const STOCK_EVENT_REASONS = ['sale', 'return', 'receive', 'transfer', 'transfer_out', 'transfer_in', 'adjust', 'count'] as const;
export const STOCK_DOC_KINDS = ['sale', 'receipt', 'transfer', 'adjustment', 'count', 'resolution'] as const;
/**
 * The `why` of the 'count' event that takes back a move made before its
 * product was counted and received after the count (the count already saw it).
 */
export const IN_COUNT_WHY = 'in-count';

/** One product's level at one outlet, with its producer (levels per producer are these summed). */
export const stockLevelRowSchema = z.object({
  outletId: id,
  outletName: text().max(200),
  productId: id,
  productName: text().max(200),
  sku: text().max(64),
  category: text().max(100),
  producerId: id,
  producerName: text().max(200),
  level: z.number().int(),
  price: nonNegRupiah,
  /** HPP per unit; null when the product has none entered (its stock then has no value shown). */
  cost: nonNegRupiah.nullable().default(null),
});

/** One stock event with who, when, why and the document it belongs to. */
export const stockHistoryRowSchema = z.object({
  id,
  outletId: id,
  productId: id,
  productName: text().max(200),
  delta: z.number().int(),
  reason: z.enum(STOCK_EVENT_REASONS),
  /** An adjustment's reason code (rusak, hilang, ...), null for other events. */
  why: text().max(40).nullable(),
  note: text().max(500).nullable(),
  byUser: id.nullable(),
  byName: text().max(200).nullable(),
  docKind: z.enum(STOCK_DOC_KINDS).nullable(),
  docId: id.nullable(),
  /** The consignment note number, receipt number: what a person calls the document. */
  docRef: text().max(100).nullable(),
  receivedAt: z.number().int().min(0),
});

export const stockQuerySchema = z.object({
  outletId: id.optional(),
  userId: text().min(1).max(64).optional().describe("With a device's credential: the supervisor or admin signed in on it by PIN, as for the review."),
  producerId: id.optional(),
  productId: id.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

export const stockReportSchema = z.object({
  levels: z.array(stockLevelRowSchema),
  /** Transfers sent and not yet received, from or to the outlets asked: stock in transit belongs to neither level. */
  inTransit: z.array(transferDocSchema),
  history: z.array(stockHistoryRowSchema),
});
export type StockReport = z.infer<typeof stockReportSchema>;
export type StockLevelRowWire = z.infer<typeof stockLevelRowSchema>;
export type StockHistoryRow = z.infer<typeof stockHistoryRowSchema>;
