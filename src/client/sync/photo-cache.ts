// Product photos kept for offline: after each pull that finishes, the device
// fetches the photos of its products that it does not hold yet into the
// same cache the service worker answers them from (CacheFirst, vite.config.ts),
// up to a budget, and drops photos no product names any more (a photo
// replaced gets a new URL). A booth that synced once at the store shows
// every photo at the fair with no signal; a photo that is not there leaves
// the coloured tile (ui/ProductTile.tsx).
import { productPhotoUrls } from '../db/photo-repo.ts';
import type { KasirDb } from '../db/database.ts';

/** The service worker's runtime cache for photos; vite.config.ts names the same. */
export const PHOTO_CACHE = 'product-photos';
/** 25 MB: about 1,250 photos of 20 KB, and no more than a tenth of what a low-end tablet's browser grants a site. */
export const PHOTO_CACHE_BUDGET_BYTES = 25 * 1024 * 1024;
/** The service worker's own limit on entries (vite.config.ts, maxEntries). */
export const PHOTO_CACHE_MAX_ENTRIES = 2000;

/** Versioned photo URLs only: a seeded /images/*.svg is precached with the app already. */
const PHOTO_PATH = /^\/api\/products\/[^/]+\/image\/[0-9a-f]{16}$/;

function sizeOf(res: Response | undefined): number {
  const n = Number(res?.headers.get('content-length') ?? NaN);
  // Without a length the photo counts at the most the server accepts, so the budget is never overrun.
  return Number.isFinite(n) && n > 0 ? n : 200 * 1024;
}

export interface WarmResult {
  readonly added: number;
  readonly removed: number;
  readonly bytes: number;
}

export async function warmPhotoCache(db: KasirDb, budget = PHOTO_CACHE_BUDGET_BYTES): Promise<WarmResult | null> {
  if (typeof caches === 'undefined' || !globalThis.navigator?.onLine) return null;
  const wanted = (await productPhotoUrls(db)).filter((u) => PHOTO_PATH.test(u));
  const wantedSet = new Set(wanted);
  const cache = await caches.open(PHOTO_CACHE);
  let bytes = 0;
  let removed = 0;
  const held = new Set<string>();
  for (const req of await cache.keys()) {
    const path = new URL(req.url).pathname;
    if (!wantedSet.has(path)) {
      await cache.delete(req);
      removed++;
      continue;
    }
    held.add(path);
    bytes += sizeOf(await cache.match(req));
  }
  let added = 0;
  for (const url of wanted) {
    if (held.has(url)) continue;
    if (bytes >= budget || held.size + added >= PHOTO_CACHE_MAX_ENTRIES) break;
    try {
      await cache.add(url);
      bytes += sizeOf(await cache.match(url));
      added++;
    } catch {
      // A photo the server no longer has (or a dropped connection): the next pull tries again.
    }
  }
  return { added, removed, bytes };
}
