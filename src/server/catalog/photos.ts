// Product photos: the small WebP a device made, checked (a WebP by its bytes,
// within the size limit), stored, and named on the product by a versioned
// URL; the catalog version moves so every device pulls the new URL. The URL
// names the exact bytes, so the photo is served to be cached for ever.
import { createHash } from 'node:crypto';
import { webpInfo } from '../../domain/webp.ts';
import { PHOTO_MAX_BYTES, type PhotoUploadResponse } from '../../protocol/labels.ts';
import { ROUTE_TABLE } from '../../protocol/routes.ts';
import { appendAudit } from '../accounts/audit.ts';
import { Refusal } from '../refusal.ts';
import { num, optStr, str } from '../store/db.ts';
import { bumpVersion } from '../store/sql.ts';
import type { Store } from '../store/store.ts';
import type { LabelAct } from './labels.ts';
import { auditNote } from '../../protocol/audit-notes.ts';

/** A photo's URL: the product and the first 16 hex digits of its SHA-256. */
export function photoUrl(productId: string, hash: string): string {
  return ROUTE_TABLE.productPhoto.path.replace(':productId', encodeURIComponent(productId)).replace(':version', hash);
}

/** Larger than this in pixels is a camera file the device did not resize. */
export const PHOTO_MAX_PIXELS_SIDE = 1024;

/** Decodes and checks an upload before any transaction opens; a Refusal says what is wrong. */
export function checkedPhoto(webpBase64: string): { bytes: Buffer; width: number; height: number; hash: string } {
  const bytes = Buffer.from(webpBase64, 'base64');
  if (bytes.length > PHOTO_MAX_BYTES) throw new Refusal('invalid', 'photo-too-large', `the photo is ${Math.ceil(bytes.length / 1024)} KB; at most ${PHOTO_MAX_BYTES / 1024} KB (resize it to 320 px first)`, 'webpBase64');
  const info = webpInfo(bytes);
  if (info === null) throw new Refusal('invalid', 'photo-not-webp', 'the photo is not a WebP file (its first bytes are not RIFF....WEBP with an image chunk)', 'webpBase64');
  if (info.width > PHOTO_MAX_PIXELS_SIDE || info.height > PHOTO_MAX_PIXELS_SIDE) {
    throw new Refusal('invalid', 'photo-too-large', `the photo is ${info.width} x ${info.height} px; at most ${PHOTO_MAX_PIXELS_SIDE} px a side`, 'webpBase64');
  }
  return { bytes, width: info.width, height: info.height, hash: createHash('sha256').update(bytes).digest('hex').slice(0, 16) };
}

export async function savePhoto(store: Store, productId: string, webpBase64: string, act: LabelAct): Promise<PhotoUploadResponse> {
  const photo = checkedPhoto(webpBase64);
  const imageUrl = photoUrl(productId, photo.hash);
  return store.db.tx(async (tx) => {
    const [product] = await tx.all('SELECT sku, image_url FROM products WHERE id = ?', [productId]);
    if (!product) throw new Refusal('not-found', 'not-found', `no product has id ${productId}`, 'productId');
    await tx.run(
      `INSERT INTO product_photos (product_id, hash, bytes, width, height, data_base64, uploaded_by, uploaded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (product_id) DO UPDATE SET hash = excluded.hash, bytes = excluded.bytes, width = excluded.width, height = excluded.height,
         data_base64 = excluded.data_base64, uploaded_by = excluded.uploaded_by, uploaded_at = excluded.uploaded_at`,
      [productId, photo.hash, photo.bytes.length, photo.width, photo.height, photo.bytes.toString('base64'), act.actorId, act.at],
    );
    const before = optStr(product.image_url);
    if (before !== imageUrl) {
      const v = await bumpVersion(tx);
      await tx.run('UPDATE products SET image_url = ?, version = ? WHERE id = ?', [imageUrl, v, productId]);
    }
    await appendAudit(tx, {
      at: act.at,
      action: 'product.photo',
      actorId: act.actorId,
      outletId: act.outletId,
      subject: productId,
      detail: `photo of ${str(product.sku)} set (${photo.width} x ${photo.height} px, ${photo.bytes.length} bytes); before: ${before ?? 'none'}; after: ${imageUrl}`,
      note: auditNote('product.photo-set', { sku: str(product.sku), width: photo.width, height: photo.height, bytes: photo.bytes.length }),
    });
    return { productId, imageUrl, bytes: photo.bytes.length, width: photo.width, height: photo.height };
  });
}

/** Takes the photo off the product (its image URL becomes null, devices pull that); audited when there was one. */
export async function removePhoto(store: Store, productId: string, act: LabelAct): Promise<{ productId: string; imageUrl: null }> {
  return store.db.tx(async (tx) => {
    const [product] = await tx.all('SELECT sku, image_url FROM products WHERE id = ?', [productId]);
    if (!product) throw new Refusal('not-found', 'not-found', `no product has id ${productId}`, 'productId');
    const before = optStr(product.image_url);
    await tx.run('DELETE FROM product_photos WHERE product_id = ?', [productId]);
    if (before !== null) {
      const v = await bumpVersion(tx);
      await tx.run('UPDATE products SET image_url = NULL, version = ? WHERE id = ?', [v, productId]);
      await appendAudit(tx, {
        at: act.at,
        action: 'product.photo',
        actorId: act.actorId,
        outletId: act.outletId,
        subject: productId,
        detail: `photo of ${str(product.sku)} removed; before: ${before}; after: none`,
        note: auditNote('product.photo-removed', { sku: str(product.sku) }),
      });
    }
    return { productId, imageUrl: null };
  });
}

/** The photo stored under `hash`, or null: an old URL names bytes that are gone. */
export async function readPhoto(store: Store, productId: string, hash: string): Promise<{ bytes: Buffer; hash: string } | null> {
  const [row] = await store.db.tx((tx) => tx.all('SELECT hash, bytes, data_base64 FROM product_photos WHERE product_id = ? AND hash = ?', [productId, hash]));
  if (!row) return null;
  const bytes = Buffer.from(str(row.data_base64), 'base64');
  if (bytes.length !== num(row.bytes)) throw new Error(`photo of ${productId} is damaged in the database`);
  return { bytes, hash: str(row.hash) };
}
