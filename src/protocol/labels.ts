// The wire of the label screen and of product photos: the "Label perlu
// dicetak" list, the label data of chosen products, the product search that
// chooses them, and a photo upload. Parsed by the server's routes and the
// admin pages alike.
import { z } from 'zod';
import { LABEL_REASONS } from '../domain/labels.ts';
import { id, nonNegRupiah, text } from './common.ts';

const epochMs = z.number().int().min(0);

export const labelReasonSchema = z.enum(LABEL_REASONS);

/** What a label prints of a product, as the server holds it now. */
export const labelProductSchema = z.object({
  productId: id,
  sku: text().min(1).max(64),
  barcode: text().max(14).nullable(),
  name: text().min(1).max(200),
  category: text().max(100),
  price: nonNegRupiah,
  unit: text().max(20),
  active: z.boolean(),
  producerId: id,
  /** The producer's name; its id when the producer is missing. */
  producerName: text().max(200),
  imageUrl: text().max(300).nullable(),
});

export const pendingLabelSchema = labelProductSchema.extend({
  reason: labelReasonSchema,
  /** When it was put on the list (the latest reason wins). */
  queuedAt: epochMs,
});

export const pendingLabelListSchema = z.object({ labels: z.array(pendingLabelSchema) });

/** A print run names at most this many products (the list, or a choice). */
export const MAX_LABEL_PRODUCTS = 500;

const productIdsSchema = z.array(id).min(1).max(MAX_LABEL_PRODUCTS);

export const markLabelsPrintedRequestSchema = z.object({
  productIds: productIdsSchema,
  /** Taken off without printing ("Lewati": the shelf label is still right, or the product is not on display); audited as skipped. */
  skipped: z.boolean().optional(),
});
export const markLabelsPrintedResponseSchema = z.object({
  /** The products taken off the list; those not on it are left out. */
  removed: z.array(id),
});

export const labelDataRequestSchema = z.object({ productIds: productIdsSchema });
export const labelDataResponseSchema = z.object({
  products: z.array(labelProductSchema),
  /** Ids no product has. */
  missing: z.array(id),
});

export const labelSearchQuerySchema = z.object({
  q: text().max(100).describe('Words of the name, or the start of a SKU or barcode.'),
  limit: z.coerce.number().int().min(1).max(100).optional().describe('At most this many products (default 30).'),
});
export const labelSearchResponseSchema = z.object({ products: z.array(labelProductSchema) });

// ------------------------------------------------------------------ photos

/**
 * A photo as the device made it: at most 320 px a side, WebP, usually 10 to
 * 40 KB. 200 KB leaves room for a detailed cloth and refuses a camera file
 * sent without resizing, which would cost every tablet that much per product.
 */
export const PHOTO_MAX_BYTES = 200 * 1024;
/** The longest side the device resizes a photo to. */
export const PHOTO_MAX_SIDE = 320;

export const photoUploadRequestSchema = z.object({
  /** The WebP file's bytes, base64 (JSON carries it through the same parsing and limits as every other body). */
  webpBase64: z
    .string()
    .max(Math.ceil(PHOTO_MAX_BYTES / 3) * 4 + 4)
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64'),
});

export const photoUploadResponseSchema = z.object({
  productId: id,
  /** Versioned: a new photo gets a new URL, so the old one may be cached for ever. */
  imageUrl: text().max(300),
  bytes: z.number().int().min(1),
  width: z.number().int().min(1),
  height: z.number().int().min(1),
});

export const photoRemoveResponseSchema = z.object({
  productId: id,
  /** The product shows its coloured tile again. */
  imageUrl: z.null(),
});

export type LabelProduct = z.infer<typeof labelProductSchema>;
export type PendingLabel = z.infer<typeof pendingLabelSchema>;
export type LabelDataResponse = z.infer<typeof labelDataResponseSchema>;
export type PhotoUploadResponse = z.infer<typeof photoUploadResponseSchema>;
