// Which product photos this device should hold for offline: the image URLs
// of the products it pulled (the photo cache in sync/photo-cache.ts reads them).
import type { KasirDb } from './database.ts';

/** Every distinct image URL of the device's products, active ones first. */
export async function productPhotoUrls(db: KasirDb): Promise<string[]> {
  const active: string[] = [];
  const inactive: string[] = [];
  await db.products.each((p) => {
    if (p.imageUrl) (p.active ? active : inactive).push(p.imageUrl);
  });
  return [...new Set([...active, ...inactive])];
}
