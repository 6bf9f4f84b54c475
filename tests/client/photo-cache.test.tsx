// Product photos for offline: after a pull the device fetches the photos it
// lacks into the service worker's cache, within its budget, and drops photos
// no product names; a photo that cannot load leaves the coloured tile.
import { fireEvent, render } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { KasirDb } from '../../src/client/db/database.ts';
import { PHOTO_CACHE, warmPhotoCache } from '../../src/client/sync/photo-cache.ts';
import { ProductTile } from '../../src/client/ui/ProductTile.tsx';
import { freshDb } from './harness.tsx';

/** A CacheStorage of one cache that "fetches" each URL as a photo of `size` bytes, or fails for URLs in `missing`. */
class FakeCache {
  readonly entries = new Map<string, Response>();
  readonly fetched: string[] = [];
  constructor(
    private readonly size: number,
    private readonly missing: ReadonlySet<string> = new Set(),
  ) {}
  private key(r: RequestInfo | URL): string {
    return new URL(typeof r === 'string' ? r : r instanceof URL ? r.href : r.url, 'http://kasir.test').pathname;
  }
  async keys(): Promise<Request[]> {
    return [...this.entries.keys()].map((k) => new Request(`http://kasir.test${k}`));
  }
  async match(r: RequestInfo | URL): Promise<Response | undefined> {
    return this.entries.get(this.key(r));
  }
  async delete(r: RequestInfo | URL): Promise<boolean> {
    return this.entries.delete(this.key(r));
  }
  async add(r: RequestInfo | URL): Promise<void> {
    const k = this.key(r);
    this.fetched.push(k);
    if (this.missing.has(k)) throw new TypeError('404');
    this.entries.set(k, new Response(new Uint8Array(this.size), { headers: { 'content-type': 'image/webp', 'content-length': String(this.size) } }));
  }
}

const url = (i: number): string => `/api/products/p-${i}/image/${i.toString(16).padStart(16, '0')}`;

let db: KasirDb;
beforeEach(async () => {
  db = await freshDb(true);
});
afterEach(() => {
  vi.unstubAllGlobals();
  db.close();
});

async function setPhotos(urls: readonly string[]): Promise<void> {
  const products = await db.products.toArray();
  await db.products.bulkPut(products.map((p, i) => ({ ...p, imageUrl: urls[i] ?? p.imageUrl })));
}

describe('photos kept for offline', () => {
  it("fetches the photos of the device's products it lacks, skips the app's own images, and drops photos no product names", async () => {
    const cache = new FakeCache(20_000);
    await cache.add('/api/products/p-old/image/ffffffffffffffff');
    cache.fetched.length = 0;
    vi.stubGlobal('caches', { open: async (name: string) => (name === PHOTO_CACHE ? cache : null) });
    await setPhotos([url(1), url(2), url(3)]);
    const result = await warmPhotoCache(db);
    expect(result).toEqual({ added: 3, removed: 1, bytes: 60_000 });
    expect(cache.fetched.sort()).toEqual([url(1), url(2), url(3)]);
    expect(await cache.match('/api/products/p-old/image/ffffffffffffffff')).toBeUndefined();
    // Again: nothing to fetch.
    cache.fetched.length = 0;
    expect(await warmPhotoCache(db)).toEqual({ added: 0, removed: 0, bytes: 60_000 });
    expect(cache.fetched).toEqual([]);
  });

  it('stops at the budget, and a photo that fails is tried again next time', async () => {
    const cache = new FakeCache(40_000, new Set([url(2)]));
    vi.stubGlobal('caches', { open: async () => cache });
    await setPhotos([url(1), url(2), url(3), url(4), url(5)]);
    const result = await warmPhotoCache(db, 100_000);
    // 40 KB each: the third one reaches the budget of 100 KB and the fetching stops there.
    expect(result).toMatchObject({ added: 3, bytes: 120_000 });
    expect(cache.fetched).toContain(url(2));
    expect(await cache.match(url(2))).toBeUndefined();
  });

  it('does nothing offline or where the browser has no Cache API', async () => {
    expect(await warmPhotoCache(db)).toBeNull();
    vi.stubGlobal('caches', { open: async () => new FakeCache(1) });
    vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false);
    expect(await warmPhotoCache(db)).toBeNull();
  });
});

describe('a photo in the counter grid', () => {
  it('falls back to the coloured tile with the initials when the photo cannot load', () => {
    const { container } = render(<ProductTile category="Kopi" name="Kopi Robusta Sembalun" imageUrl={url(7)} />);
    const img = container.querySelector('img');
    expect(img).toHaveAttribute('src', url(7));
    fireEvent.error(img as HTMLImageElement);
    expect(container.querySelector('img')).toBeNull();
    expect(container).toHaveTextContent('KR');
  });
});
