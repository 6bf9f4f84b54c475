// The wire, defined once. Client and server both parse with these schemas;
// types are inferred from them so neither end can drift.
import { z } from 'zod';
import { OUTBOX_EXPORT_FORMAT, OUTBOX_EXPORT_VERSION } from './versions.ts';
import { PIN_ALGORITHM } from '../domain/pin.ts';
import type { stockEventSchema} from './common.ts';
import { id, MAX_PAYLOAD_DEPTH, nestsWithin, outletSchema, producerSchema, productSchema, roleSchema, saleSchema, text } from './common.ts';
import { RESOLUTION_ACTIONS } from '../domain/flag-resolution.ts';
import { errorParamsSchema } from './errors.ts';
import { flagSchema } from './flags.ts';
import { pushProblemSchema } from './push-problems.ts';
import { adjustReasonSchema, transferDocSchema } from './stock.ts';
import { flagSubjectSchema, saleVoidPayloadSchema } from './mutations/index.ts';
import { qrisReviewItemSchema } from './receipts.ts';
import { cashReasonSchema, shiftMovementRowSchema } from './shift.ts';

export { OUTBOX_EXPORT_FORMAT, OUTBOX_EXPORT_VERSION, PROTOCOL_VERSION } from './versions.ts';

export {
  approvalSchema,
  discountSchema,
  id,
  outletSchema,
  producerSchema,
  productSchema,
  roleSchema,
  saleLineSchema,
  salePaymentSchema,
  saleSchema,
  stockEventSchema,
  text,
  voidedLineSchema,
} from './common.ts';

export {
  cartVoidPayloadSchema,
  flagResolvePayloadSchema,
  flagSubjectSchema,
  isMutationType,
  MUTATION_TYPES,
  MUTATIONS,
  parsePayload,
  payloadSchemas,
  saleRecordPayloadSchema,
  saleVoidPayloadSchema,
  type CartVoidPayload,
  type FlagResolvePayload,
  type FlagSubjectRef,
  type MutationType,
  type PayloadOf,
  type SaleRecordPayload,
  type SaleVoidPayload,
  type TypedPayload,
  stockAdjustPayloadSchema,
  stockCountPayloadSchema,
  stockReceivePayloadSchema,
  transferReceivePayloadSchema,
  transferSendPayloadSchema,
  type StockAdjustPayload,
  type StockCountPayload,
  type StockReceivePayload,
  type TransferReceivePayload,
  type TransferSendPayload,
  cashMovePayloadSchema,
  shiftClosePayloadSchema,
  shiftOpenPayloadSchema,
  shiftSlipPayloadSchema,
  shiftMergePayloadSchema,
  type CashMovePayload,
  type ShiftClosePayload,
  type ShiftOpenPayload,
  type ShiftSlipPayload,
  type ShiftMergePayload,
} from './mutations/index.ts';

/** The envelope is checked first; the payload is checked per mutation, so one bad one does not sink the batch. */
export const mutationEnvelopeSchema = z.object({
  seq: z.number().int().min(1),
  id,
  // Not text(): an odd type is refused per mutation by the server, not as a 400 for the batch.
  type: z.string().min(1).max(64),
  payload: z.unknown().refine((p) => nestsWithin(p, MAX_PAYLOAD_DEPTH), `nests deeper than ${MAX_PAYLOAD_DEPTH} levels; no mutation's payload does`),
  deviceTime: z.number().int().min(0),
});

export const pushRequestSchema = z.object({
  deviceId: id,
  protocolVersion: z.number().int(),
  mutations: z.array(mutationEnvelopeSchema).max(500),
});

/**
 * applied: stored as sent. flagged: stored, but a supervisor must look (the
 * money was taken). duplicate: that sale was already stored. rejected: not a
 * valid mutation, kept on the device for export. conflict: the seq or id was
 * already used by something else.
 */
export const mutationStatusSchema = z.enum(['applied', 'flagged', 'duplicate', 'rejected', 'conflict']);

export const mutationResultSchema = z.object({
  seq: z.number().int(),
  id,
  status: mutationStatusSchema,
  /** Why it was flagged, rejected or refused, in words a supervisor can act on. */
  reason: text().nullable(),
  /** The same as a code with parameters and the flags, for the device to word; null when applied (and from older servers). */
  problem: pushProblemSchema.nullable().default(null),
  /** True when the server had already stored this seq and answers from its record. */
  replay: z.boolean(),
});

export const pushResponseSchema = z.object({
  lastSeq: z.number().int().min(0),
  results: z.array(mutationResultSchema),
  /** Set when the batch skipped ahead of what the server holds: resend from here. */
  gap: z.object({ expectedSeq: z.number().int().min(1) }).nullable(),
});

/** The most rows a pull page may carry; a page is built in a few ms, so no other request waits on it. */
export const PULL_PAGE_MAX = 5000;
export const PULL_CURSOR_MAX = 512;

export const stockLevelSchema = z.object({
  productId: id,
  outletId: id,
  level: z.number().int(),
});

export const pullResponseSchema = z.object({
  version: z.number().int().min(0),
  /** Changes when the server's database may have gone back in time; send it back as `epoch`. */
  epoch: z.number().int().min(0).default(0),
  /** True when `since` was 0 or too old: the client replaces its catalog. */
  full: z.boolean(),
  producers: z.array(producerSchema),
  products: z.array(productSchema),
  outlets: z.array(outletSchema),
  stock: z.array(stockLevelSchema),
  /**
   * The users who may sign in on this device (its outlet's and every-outlet
   * admins) with their PIN hashes; on an incremental pull only those changed,
   * a deactivated one with active false. Absent from servers before accounts.
   */
  users: z.array(z.lazy(() => deviceUserSchema)).default([]),
  /**
   * A paged pull (a `limit` was asked): true on the page that starts a pull,
   * which carries the outlets, producers and users, and `total`. A server
   * before paging answers in one page, so the defaults read it as first and last.
   */
  first: z.boolean().default(true),
  /** More pages follow: ask again with `cursor`. `version` is stored only after the last page. */
  more: z.boolean().default(false),
  /** Opaque to the device; null on the last page. */
  cursor: text().max(PULL_CURSOR_MAX).nullable().default(null),
  /** On a first page, how many products the whole pull brings (for "Katalog 23.000 / 50.000"); null otherwise. */
  total: z.number().int().min(0).nullable().default(null),
  /** On a first page, whole: transfers in transit from or to the outlet, and those received in the last days. */
  transfers: z.array(transferDocSchema).default([]),
  /** On a first page, whole: the reasons an adjustment may give. */
  adjustReasons: z.array(adjustReasonSchema).default([]),
  /** On a first page: the Kas Masuk / Kas Keluar reasons changed since `since` (all of them on a full pull), offered or not. */
  cashReasons: z.array(cashReasonSchema).default([]),
});

export const errorResponseSchema = z.object({
  error: z.object({
    /** One of ERROR_CODES (protocol/errors.ts); a client words it in its reader's language. */
    code: text(),
    /** English, for API clients and logs. */
    message: text(),
    field: text().nullable(),
    /** What the code's words need (seconds to wait, a limit); absent from servers before codes had them. */
    params: errorParamsSchema.optional(),
  }),
});

export const serverSaleSchema = z.object({
  sale: saleSchema,
  deviceSeq: z.number().int(),
  receivedAt: z.number().int(),
  /** What a supervisor must look at, as kinds and parameters (protocol/flags.ts); each with English words. */
  flags: z.array(flagSchema),
});
export const salesListResponseSchema = z.object({ sales: z.array(serverSaleSchema) });

export type PushRequest = z.infer<typeof pushRequestSchema>;
export type PushResponse = z.infer<typeof pushResponseSchema>;
export type MutationEnvelope = z.infer<typeof mutationEnvelopeSchema>;
export type MutationResult = z.infer<typeof mutationResultSchema>;
export type MutationStatus = z.infer<typeof mutationStatusSchema>;
export type PullResponse = z.infer<typeof pullResponseSchema>;
/** A pull answer as the wire may carry it: a server before paging leaves out the page fields. */
export type PullAnswer = z.input<typeof pullResponseSchema>;
export type DeviceUser = z.infer<typeof deviceUserSchema>;
export type StockEvent = z.infer<typeof stockEventSchema>;
export type StockLevel = z.infer<typeof stockLevelSchema>;
export type ErrorResponse = z.infer<typeof errorResponseSchema>;
export type ServerSale = z.infer<typeof serverSaleSchema>;

/** "lines.0.qty: Too small" — names the field so a developer can fix the client. */
export function describeZodError(error: z.ZodError): { message: string; field: string | null } {
  const first = error.issues[0];
  if (!first) return { message: 'invalid request', field: null };
  const field = first.path.length > 0 ? first.path.map(String).join('.') : null;
  return { message: field ? `${field}: ${first.message}` : first.message, field };
}

// ------------------------------------------------------------------ review
// Appended after the first release of this file.
// What a supervisor must look at: sales stored with flags and stock below zero.

export const negativeStockSchema = z.object({
  outletId: id,
  /** Null when the outlet is not in the catalog (a sale flagged for an unknown outlet). */
  outletName: text().nullable(),
  productId: id,
  /** Null when the product is not in the catalog. */
  productName: text().nullable(),
  level: z.number().int().max(-1),
});

/** A void or refund as the server stored it. */
export const serverReturnSchema = z.object({
  ret: saleVoidPayloadSchema,
  deviceId: id,
  deviceSeq: z.number().int(),
  receivedAt: z.number().int(),
  /** What a supervisor must look at, as kinds and parameters (protocol/flags.ts); each with English words. */
  flags: z.array(flagSchema),
});

/** A flag a supervisor closed (flag.resolve): what it was about, who closed it, when and how. */
export const resolvedFlagSchema = z.object({
  id,
  outletId: id,
  subject: flagSubjectSchema,
  /** The subject in words a person knows it by: a receipt number, a product's name; null when the server does not hold it. */
  label: text().nullable(),
  action: z.enum(RESOLUTION_ACTIONS),
  note: text(),
  by: id,
  /** Null when the user is not known to the server (never expected; kept rather than dropped). */
  byName: text().nullable(),
  /** When the supervisor resolved it (device clock on a device) and when the server stored it. */
  createdAt: z.number().int(),
  receivedAt: z.number().int(),
  /** A stock count: what was counted, and the stock event it became (counted minus the level then). */
  counted: z.number().int().nullable(),
  delta: z.number().int().nullable(),
});

/** A stock document the server flagged (a transfer that arrived short, an adjustment over the limit without a PIN). */
export const flaggedStockDocSchema = z.object({
  kind: z.enum(['transfer', 'adjustment', 'count']),
  /** The transfer's id for a transfer (not its receipt's), else the document's. */
  id,
  outletId: id,
  /** A transfer's source; null for other documents. */
  fromOutletId: id.nullable(),
  by: id,
  receivedAt: z.number().int().min(0),
  flags: z.array(flagSchema),
  /** The products the document moved (a transfer: sent or received): what a resolution may count. */
  products: z.array(id).default([]),
});
export type FlaggedStockDoc = z.infer<typeof flaggedStockDocSchema>;

/** A Kas Masuk / Kas Keluar the server flagged (a reason it never knew, Kas Keluar over the limit without a PIN, a closed shift). */
export const flaggedCashMoveSchema = shiftMovementRowSchema.extend({ shiftId: id, outletId: id, receivedAt: z.number().int().min(0) });
export type FlaggedCashMove = z.infer<typeof flaggedCashMoveSchema>;

export const reviewResponseSchema = z.object({
  /** Oldest first, in the order the server received them; resolved ones are in `resolved` instead. */
  flaggedSales: z.array(serverSaleSchema),
  negativeStock: z.array(negativeStockSchema),
  /** Voids and refunds with something off (a forged approval, an amount the lines do not give); oldest first. */
  flaggedReturns: z.array(serverReturnSchema).default([]),
  /** Flags closed by a supervisor, newest first. */
  resolved: z.array(resolvedFlagSchema).default([]),
  /** Stock documents flagged in the last days (FLAGGED_STOCK_DAYS), newest first. */
  flaggedStock: z.array(flaggedStockDocSchema).default([]),
  /** QRIS payments saved "menunggu konfirmasi" and not confirmed: awaiting, or disputed; oldest first. */
  qrisPayments: z.array(qrisReviewItemSchema).default([]),
  /** Kas Masuk / Kas Keluar flagged in the last days (FLAGGED_STOCK_DAYS), newest first. */
  flaggedCash: z.array(flaggedCashMoveSchema).default([]),
});

export type NegativeStock = z.infer<typeof negativeStockSchema>;
export type ReviewResponse = z.infer<typeof reviewResponseSchema>;
export type ServerReturn = z.infer<typeof serverReturnSchema>;
export type ResolvedFlag = z.infer<typeof resolvedFlagSchema>;

/**
 * The file a device exports when its unsynced sales cannot reach the server
 * the usual way. The server's import route replays it through the same push
 * rules (seq per device, id and payload hash), so importing twice, or after
 * the device synced after all, stores nothing twice.
 */

export const outboxExportSchema = z
  .object({
    format: z.literal(OUTBOX_EXPORT_FORMAT),
    version: z.literal(OUTBOX_EXPORT_VERSION),
    deviceId: id,
    /** The wire version the payloads were written in, so the server knows how to read them. */
    protocolVersion: z.number().int(),
    /** Epoch ms on the device's clock; for people, never for ordering. */
    exportedAt: z.number().int().min(0),
    mutations: z.array(mutationEnvelopeSchema).max(100_000),
  })
  .superRefine((file, ctx) => {
    // Seq is the device's order and the server's dedup key: it must only go up.
    for (let i = 1; i < file.mutations.length; i++) {
      const prev = file.mutations[i - 1];
      const cur = file.mutations[i];
      if (prev && cur && cur.seq <= prev.seq) {
        ctx.addIssue({ code: 'custom', path: ['mutations', i, 'seq'], message: `seq ${cur.seq} follows ${prev.seq}; seqs must rise` });
      }
    }
    const ids = new Set<string>();
    for (const [i, m] of file.mutations.entries()) {
      if (ids.has(m.id)) ctx.addIssue({ code: 'custom', path: ['mutations', i, 'id'], message: `mutation id ${m.id} appears twice` });
      ids.add(m.id);
    }
  });

export type OutboxExport = z.infer<typeof outboxExportSchema>;

// --------------------------------------------------------- queries, docs
// Appended: the query strings the server reads, here so the OpenAPI document
// is generated from the very schemas the routes parse with. Descriptions are
// zod metadata, not comments, so they reach the document.

export const healthResponseSchema = z.object({
  ok: z.literal(true),
  protocolVersion: z.number().int(),
  /** Proved by a write on every call: a process that is up but cannot store a sale is not healthy (503 instead). */
  store: z.literal('writable'),
});

export const pullQuerySchema = z.object({
  since: z.coerce.number().int().min(0).default(0).describe('The catalog version the device holds; 0 (or a version too old) answers the full catalog.'),
  outletId: text().min(1).max(64).optional().describe("Only this outlet's stock levels; every outlet's when absent."),
  epoch: z.coerce.number().int().min(0).optional().describe('The epoch of the last pull; a different one (the database was restored) answers the full catalog.'),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(PULL_PAGE_MAX)
    .optional()
    .describe(`At most this many stock levels and products in this page (at most ${PULL_PAGE_MAX}); ask again with the answer's \`cursor\` while \`more\`. Absent: the whole pull in one answer, as before paging.`),
  cursor: text().min(1).max(PULL_CURSOR_MAX).optional().describe("The `cursor` of the previous page: the pull goes on where it stopped, with that page's `since` and epoch. With it, `since` is not read."),
});

export const salesQuerySchema = z.object({
  deviceId: text().min(1).max(64).optional().describe("Only this device's sales."),
  limit: z.coerce.number().int().min(1).max(5000).optional().describe('At most this many sales (default 500).'),
});

export const reviewQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(5000).optional().describe('At most this many flagged sales (default 500).'),
  userId: text().min(1).max(64).optional().describe("With a device's credential: the supervisor or admin signed in on it by PIN, who must be one at the device's outlet now. Not sent with a session."),
});

export type HealthResponse = z.infer<typeof healthResponseSchema>;

// ------------------------------------------------------------- accounts
// Appended with issue 5. The routes and bodies of enrolment, sign-in and
// administration are in auth.ts; the user as a device sees it is here
// because the pull carries it.

export const pinHashSchema = z.object({
  algorithm: z.literal(PIN_ALGORITHM),
  iterations: z.number().int().min(10_000).max(10_000_000),
  salt: text().regex(/^[A-Za-z0-9_-]{16,64}$/),
  hash: text().regex(/^[A-Za-z0-9_-]{32,128}$/),
});

export const deviceUserSchema = z.object({
  id,
  name: text().min(1).max(100),
  role: roleSchema,
  /** Null: every outlet (admins). */
  outletId: id.nullable(),
  /** Null: this user has no PIN yet and cannot sign in on a device. */
  pin: pinHashSchema.nullable(),
  active: z.boolean(),
});
