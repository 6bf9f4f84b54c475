// Producer settlement on the wire: a settlement with its items (by sold line
// and return, never a lump), its split, and the PNBP deposit of a Lapas.
import { z } from 'zod';
import { id, rupiah, text } from './common.ts';

const date = text().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/);

export const settlementItemSchema = z.object({
  id,
  kind: z.enum(['sale', 'return', 'correction']),
  lineId: id.nullable(),
  saleId: id.nullable(),
  returnId: id.nullable(),
  receiptNo: text().max(40).nullable(),
  outletId: id.nullable(),
  saleDate: date,
  date,
  name: text().max(200),
  qty: z.number().int(),
  unitPrice: rupiah,
  amount: rupiah,
  cost: rupiah.nullable(),
  note: text().max(500).nullable(),
});

export const splitSchema = z.object({
  kind: z.enum(['umkm', 'lapas']),
  gross: rupiah,
  fee: rupiah,
  payable: rupiah,
  hpp: rupiah.optional(),
  premi: rupiah.optional(),
  pnbp: rupiah.optional(),
  modal: rupiah.optional(),
});

const paymentMethod = z.enum(['transfer', 'cash', 'ewallet']);

export const settlementSchema = z.object({
  id,
  producerId: id,
  producerName: text(),
  producerKind: z.enum(['lapas', 'umkm']),
  lapas: text().nullable(),
  contactPhone: text(),
  from: date,
  to: date,
  state: z.enum(['draft', 'approved', 'paid']),
  items: z.array(settlementItemSchema),
  split: splitSchema,
  problems: z.array(z.object({ code: z.enum(['cost-unknown', 'no-levy-rule']), lineIds: z.array(id) })),
  createdBy: text(),
  createdAt: z.number().int(),
  approvedBy: text().nullable(),
  approvedAt: z.number().int().nullable(),
  costDecision: text().nullable(),
  paid: z.object({ method: paymentMethod, reference: text(), date, by: text(), at: z.number().int() }).nullable(),
});

/**
 * A link the producer opens without an account: read-only, that statement
 * only, until it expires or an admin revokes it. The token itself is shown
 * once, when made; the server keeps its hash.
 */
export const statementLinkSchema = z.object({
  id,
  createdBy: text(),
  createdAt: z.number().int(),
  expiresAt: z.number().int(),
  revokedAt: z.number().int().nullable(),
  /** How often the statement was opened through it, and when last. */
  opens: z.number().int().min(0),
  lastOpenedAt: z.number().int().nullable(),
});

/** The settlement with its share links (the statement screen's answer). */
export const settlementWithLinksSchema = settlementSchema.extend({ links: z.array(statementLinkSchema) });

export const settlementListSchema = z.object({
  settlements: z.array(settlementSchema.omit({ items: true })),
});

/** Days a share link stays open: a month for the producer to read, print and keep the statement. */
export const STATEMENT_LINK_DAYS = 30;

/** Where the producer opens a statement; the token is the rest of the path. */
export { STATEMENT_PAGE_PREFIX } from './statement-page.ts';

/** A share token: 32 random bytes, base64url. */
export const statementTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'not a statement link');

export const madeLinkSchema = z.object({
  link: statementLinkSchema,
  /** Shown once: the server keeps only its hash. */
  token: statementTokenSchema,
  /** The page path to open, STATEMENT_PAGE_PREFIX + token. */
  path: text(),
});

/** What the producer's page gets: that statement, the store's heading, and when the link stops working. */
export const sharedStatementSchema = z.object({
  settlement: settlementSchema,
  store: z.object({ name: text(), address: text() }),
  expiresAt: z.number().int(),
});

export const owedSchema = z.object({
  producers: z.array(
    z.object({
      producerId: id,
      name: text(),
      kind: z.enum(['lapas', 'umkm']),
      lapas: text().nullable(),
      unsettledLines: z.number().int(),
      unsettled: rupiah,
      approvedUnpaid: rupiah,
      paidThisYear: rupiah,
    }),
  ),
});

export const createSettlementSchema = z.object({ producerId: id, from: date, to: date });
export const correctionSchema = z.object({ name: text().min(1).max(200), amount: rupiah, note: text().min(1).max(500) });
/** `costDecision`: why lines of unknown HPP are settled with HPP 0 (needed when there are such lines). */
export const approveSchema = z.object({ costDecision: text().max(500).nullable() });
export const paySchema = z.object({ method: paymentMethod, reference: text().min(1).max(100), date });

export const pnbpQuerySchema = z.object({ lapas: text().min(1).max(200), from: date, to: date });
export const pnbpWriteSchema = pnbpQuerySchema.extend({
  kodeBilling: text().max(15),
  billingExpires: date.nullable(),
  kodeAkun: text().max(20),
  ntpn: text().max(16),
  paidDate: date.nullable(),
});
export const pnbpSchema = pnbpWriteSchema.extend({
  amount: rupiah,
  settlements: z.array(z.object({ id, producerName: text(), from: date, to: date, pnbp: rupiah })),
  updatedBy: text().nullable(),
});
export const premiQuerySchema = z.object({ producerId: id, from: date, to: date });

export type SettlementItemWire = z.infer<typeof settlementItemSchema>;
export type Settlement = z.infer<typeof settlementSchema>;
export type SettlementWithLinks = z.infer<typeof settlementWithLinksSchema>;
export type StatementLink = z.infer<typeof statementLinkSchema>;
export type MadeLink = z.infer<typeof madeLinkSchema>;
export type SharedStatement = z.infer<typeof sharedStatementSchema>;
export type SettlementSummary = z.infer<typeof settlementListSchema>['settlements'][number];
export type Owed = z.infer<typeof owedSchema>['producers'][number];
export type PnbpRecord = z.infer<typeof pnbpSchema>;
export type PnbpWrite = z.infer<typeof pnbpWriteSchema>;
export type PayRequest = z.infer<typeof paySchema>;
