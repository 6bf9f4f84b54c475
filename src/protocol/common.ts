// The building blocks of the wire: text and ids, money, the catalog, a sale
// and its parts, approvals, stock events. Mutation payloads (mutations/) and
// the sync envelopes (schemas.ts) are made of these.
import { z } from 'zod';
import { APPROVAL_KINDS, ROLES } from '../domain/approval.ts';
import { saleInconsistency, type Sale } from '../domain/sale.ts';
import { DEFAULT_CASH_OUT_LIMIT, DEFAULT_SELISIH_THRESHOLD } from '../domain/cash-count.ts';

/**
 * Every string on the wire refuses U+0000: PostgreSQL text columns cannot hold
 * it, and a push that fails with a server error is retried forever, blocking
 * that device's queue. Refused by the schema, the sale is rejected alone.
 */
export const text = () => z.string().refine((s) => !s.includes('\u0000'), 'must not contain the NUL character (U+0000)');

export const id = text().min(1).max(64);

/**
 * How deep a payload may nest. A real one is 5 levels (payload.sale.lines[0]
 * .discount); the server hashes payloads recursively, so a 10,000-level body
 * must be refused before that, with a 400 that says why, not a 500 that an
 * obedient device would resend forever.
 */
export const MAX_PAYLOAD_DEPTH = 32;

/** Whether `value` nests at most `limit` arrays or objects deep; iterative, so any depth is measured safely. */
export function nestsWithin(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop() as [unknown, number];
    if (typeof v !== 'object' || v === null) continue;
    if (depth + 1 > limit) return false;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, depth + 1]);
  }
  return true;
}
export const paymentMethodSchema = z.enum(['cash', 'qris', 'card', 'transfer']);
export const rupiah = z.number().int().min(-1_000_000_000_000).max(1_000_000_000_000);
export const nonNegRupiah = rupiah.min(0);

export const producerSchema = z.object({
  id,
  name: text().min(1).max(200),
  kind: z.enum(['lapas', 'umkm']),
  receiptLine: text().max(200).nullable(),
  consignment: z.boolean(),
});

const businessDay = text().regex(/^\d{4}-\d{2}-\d{2}$/);

/** The counter's settings an outlet carries from the server (domain/outlet-settings.ts checks their rules). */
export const outletSettingsSchema = z.object({
  receiptName: text().max(200),
  npwp: text().max(40),
  taxMode: z.enum(['none', 'ppn-included']),
  roundingStep: z.number().int().min(0).max(1000),
  qrisStatic: text().max(512),
  cartRemovalNeedsApproval: z.boolean(),
  largeLineQty: z.number().int().min(0).max(1_000_000),
  largeSaleTotal: z.number().int().min(0).max(1_000_000_000_000),
  receiptFooter: text().max(500),
  dayCutoff: text().regex(/^\d{2}:\d{2}$/),
  // Absent from settings saved before shifts: the defaults hold until an admin saves the outlet again.
  cashOutLimit: z.number().int().min(0).max(1_000_000_000_000).default(DEFAULT_CASH_OUT_LIMIT),
  selisihThreshold: z.number().int().min(0).max(1_000_000_000_000).default(DEFAULT_SELISIH_THRESHOLD),
  // Absent from settings saved before shared drawers: each tablet keeps its own.
  drawerMode: z.enum(['own', 'shared']).default('own'),
});

export const outletSchema = z.object({
  id,
  name: text().min(1).max(200),
  kind: z.enum(['store', 'booth', 'showroom']),
  address: text().max(500),
  discountLimitBp: z.number().int().min(0).max(10_000).optional(),
  // Absent from servers before the outlet administration; a device then keeps its own values (settings-repo.ts).
  active: z.boolean().optional(),
  startDate: businessDay.nullable().optional(),
  endDate: businessDay.nullable().optional(),
  homeOutletId: id.nullable().optional(),
  lapas: text().max(200).nullable().optional(),
  settings: outletSettingsSchema.optional(),
});

export const productSchema = z.object({
  id,
  sku: text().min(1).max(64),
  barcode: text().regex(/^\d{8,14}$/).nullable(),
  name: text().min(1).max(200),
  category: text().min(1).max(100),
  producerId: id,
  price: nonNegRupiah,
  unit: text().min(1).max(20),
  active: z.boolean(),
  // Same-origin paths only: the CSP allows images from 'self', and a tablet at
  // a fair must show them offline from its cache.
  imageUrl: z
    .string()
    .max(300)
    .regex(/^\/[A-Za-z0-9/_.-]+$/, 'an image path on this server, e.g. /images/cukli.svg')
    .nullable()
    .optional(),
  // Product administration (issue 14); optional, as rows and devices from before it lack them.
  tax: z.enum(['ppn', 'exempt']).optional(),
  consigned: z.boolean().optional(),
  story: text().max(1000).nullable().optional(),
  storyOnReceipt: z.boolean().optional(),
});

export const discountSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('percent'), bp: z.number().int().min(0).max(10_000) }),
  z.object({ kind: z.literal('amount'), amount: nonNegRupiah }),
]);

export const saleLineSchema = z.object({
  id,
  productId: id,
  producerId: id,
  name: text().min(1).max(200),
  sku: text().max(64),
  unitPrice: nonNegRupiah,
  qty: z.number().int().min(1).max(100_000),
  discount: discountSchema.nullable(),
  lineDiscount: nonNegRupiah,
  orderDiscountShare: nonNegRupiah,
  net: rupiah,
  tax: nonNegRupiah,
  listPrice: nonNegRupiah.optional(),
  /** The product is bebas PPN: the sale's PPN leaves this line out. Absent: taxable (every sale before exemptions). */
  taxExempt: z.literal(true).optional(),
});

export const salePaymentSchema = z.object({
  id,
  method: paymentMethodSchema,
  amount: nonNegRupiah,
  reference: text().max(100).nullable(),
  receivedBy: id.nullable().optional(),
  /** A QRIS payment saved as "menunggu konfirmasi"; absent on every payment seen arriving (and on every older sale). */
  awaitingConfirmation: z.literal(true).optional(),
});

export const roleSchema = z.enum(ROLES);

export const approvalSchema = z.object({
  id,
  kind: z.enum(APPROVAL_KINDS),
  approverId: id,
  requestedBy: id.nullable(),
  at: z.number().int().min(0),
  lineId: id.nullable(),
  detail: text().max(300),
});

export const voidedLineSchema = z.object({
  productId: id,
  name: text().min(1).max(200),
  qty: z.number().int().min(1).max(100_000),
  unitPrice: nonNegRupiah,
  at: z.number().int().min(0),
  approvalId: id.nullable(),
  by: id.optional(),
});

export const saleSchema = z
  .object({
    id,
    receiptNo: text().min(1).max(40),
    deviceId: id,
    outletId: id,
    cashier: text().max(100),
    cashierId: id.nullable().optional(),
    approvals: z.array(approvalSchema).max(1000).optional(),
    voidedLines: z.array(voidedLineSchema).max(1000).optional(),
    createdAt: z.number().int().min(0),
    businessDate: text().regex(/^\d{4}-\d{2}-\d{2}$/),
    /** The shift the device was in; absent on sales queued before shifts existed. */
    shiftId: id.optional(),
    lines: z.array(saleLineSchema).min(1).max(1000),
    orderDiscount: discountSchema.nullable(),
    subtotal: nonNegRupiah,
    lineDiscounts: nonNegRupiah,
    orderDiscountAmount: nonNegRupiah,
    taxMode: z.enum(['none', 'ppn-included']),
    tax: nonNegRupiah,
    total: nonNegRupiah,
    rounding: rupiah,
    payments: z.array(salePaymentSchema).min(1).max(20),
    change: nonNegRupiah,
    note: text().max(500),
  })
  .superRefine((sale, ctx) => {
    const problem = saleInconsistency(sale satisfies Sale);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

export const stockEventSchema = z.object({
  id,
  productId: id,
  outletId: id,
  delta: z.number().int().min(-1_000_000).max(1_000_000),
  // 'transfer' is from before transfers were documents; new ones say out or in.
  reason: z.enum(['sale', 'return', 'receive', 'transfer', 'count', 'transfer_out', 'transfer_in', 'adjust']),
  saleId: id.nullable(),
});
