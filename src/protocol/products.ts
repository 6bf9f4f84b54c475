// The wire of product administration (/api/admin/products): what the admin
// form sends, what the list answers, and the import's answer. Parsed by the
// server's routes and by the admin pages alike.
import { z } from 'zod';
import { PRODUCT_LIMITS, PRODUCT_TAXES } from '../domain/product-rules.ts';
import { id, nonNegRupiah, productSchema, text } from './common.ts';

const epochMs = z.number().int().min(0);
const tax = z.enum(PRODUCT_TAXES);
/** Shape only; the domain's rules (check digit, SKU shape) answer product-invalid with the field, so a form can show it beside the field. */
const barcode = text().max(20).nullable();

export const productCreateSchema = z.object({
  name: text().max(PRODUCT_LIMITS.name + 50),
  sku: text().max(PRODUCT_LIMITS.sku + 50),
  barcode: barcode.default(null),
  category: text().max(PRODUCT_LIMITS.category + 50),
  producerId: id,
  price: z.number().int(),
  cost: z.number().int().nullable().default(null),
  unit: text().max(PRODUCT_LIMITS.unit + 20).default('pcs'),
  tax: tax.default('ppn'),
  active: z.boolean().default(true),
  /** Absent: the producer's own terms (producers.consignment). */
  consigned: z.boolean().optional(),
  story: text().max(PRODUCT_LIMITS.story + 100).nullable().default(null),
  storyOnReceipt: z.boolean().default(false),
});
export type ProductCreate = z.output<typeof productCreateSchema>;

/** Only the fields sent change; `imageUrl` is not among them (photos have their own route). */
export const productPatchSchema = z
  .object({
    name: text().max(PRODUCT_LIMITS.name + 50),
    sku: text().max(PRODUCT_LIMITS.sku + 50),
    barcode,
    category: text().max(PRODUCT_LIMITS.category + 50),
    producerId: id,
    price: z.number().int(),
    cost: z.number().int().nullable(),
    unit: text().max(PRODUCT_LIMITS.unit + 20),
    tax,
    active: z.boolean(),
    consigned: z.boolean(),
    story: text().max(PRODUCT_LIMITS.story + 100).nullable(),
    storyOnReceipt: z.boolean(),
  })
  .partial();
export type ProductPatch = z.output<typeof productPatchSchema>;

export const adminProductSchema = productSchema.extend({
  cost: nonNegRupiah.nullable(),
  tax,
  consigned: z.boolean(),
  story: text().nullable(),
  storyOnReceipt: z.boolean(),
  producerName: text(),
  /** Stock at the outlet the list was asked for; null when none was asked or none is recorded. */
  stock: z.number().int().nullable(),
  updatedAt: epochMs.nullable(),
});
export type AdminProduct = z.infer<typeof adminProductSchema>;

export const PRODUCT_SORTS = ['name', 'sku', 'price', 'category', 'updated', 'stock'] as const;
export type ProductSort = (typeof PRODUCT_SORTS)[number];
export const PRODUCT_PAGE_MAX = 200;

const flag = z.enum(['true', 'false']).transform((v) => v === 'true');

export const productListQuerySchema = z.object({
  q: text().max(100).optional().describe('Words in the name, SKU or barcode.'),
  category: text().max(100).optional(),
  producerId: id.optional(),
  active: z.enum(['true', 'false', 'all']).default('all'),
  outletId: id.optional().describe('Stock at this outlet.'),
  stockBelow: z.coerce.number().int().min(-1_000_000).max(1_000_000).optional().describe('Products held at outletId below this level.'),
  sort: z.enum(PRODUCT_SORTS).default('name'),
  dir: z.enum(['asc', 'desc']).default('asc'),
  limit: z.coerce.number().int().min(1).max(PRODUCT_PAGE_MAX).default(50),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
});
export type ProductListQuery = z.output<typeof productListQuerySchema>;

export const productListSchema = z.object({
  products: z.array(adminProductSchema),
  /** How many match the filters in all; the page is `offset` .. `offset + products.length`. */
  total: z.number().int().min(0),
  categories: z.array(text()),
  /** For the form's and the filters' pickers: every producer and outlet, by name. */
  producers: z.array(z.object({ id, name: text(), consignment: z.boolean() })),
  outlets: z.array(z.object({ id, name: text() })),
});
export type ProductList = z.infer<typeof productListSchema>;

export const productSavedSchema = z.object({
  product: adminProductSchema,
  /** Ids whose price this change moved: they go on the "Label perlu dicetak" list. */
  priceChanged: z.array(id),
});
export type ProductSaved = z.infer<typeof productSavedSchema>;

export const barcodeResponseSchema = z.object({ barcode: text().regex(/^2\d{12}$/) });

export const productParamsSchema = z.object({ productId: z.string().min(1).max(64) });

export const importQuerySchema = z.object({
  dryRun: flag.default(true).describe('true: check only; false: apply, all rows or none.'),
  outletId: id.optional().describe('Opening stock of new products goes to this outlet; without it the stock column is ignored.'),
  createProducers: flag.default(false).describe('Create unknown producers (UMKM, consigned) instead of refusing the row.'),
});

export const importErrorSchema = z.object({
  /** The spreadsheet's row number (the header is row 1). */
  row: z.number().int().min(1),
  /** The header of the column at fault as the file wrote it (or the import's own name); null for the whole row or file. */
  column: text().nullable(),
  message: text(),
  code: text(),
});
export type ImportError = z.infer<typeof importErrorSchema>;

export const importResponseSchema = z.object({
  rows: z.number().int().min(0),
  created: z.number().int().min(0),
  updated: z.number().int().min(0),
  unchanged: z.number().int().min(0),
  errors: z.array(importErrorSchema),
  /** Said once for the whole file: ignored columns, the stock column without an outlet, producers created. */
  notes: z.array(text()),
  /** false for a dry run, and for a run refused because of errors: nothing was written. */
  applied: z.boolean(),
  priceChanged: z.array(id),
});
export type ImportResponse = z.infer<typeof importResponseSchema>;

export const exportQuerySchema = z.object({
  outletId: id.optional().describe('Adds a Stok column for this outlet.'),
});

export const CSV_MEDIA_TYPE = 'text/csv';
export const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

