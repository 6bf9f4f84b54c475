// Catalog on the device: what a pull brought down, searchable by word prefix
// through a multi-entry index.
import { matchesQuery, queryWords, searchWords, type Product } from '../../domain/catalog.ts';
import type { PullResponse } from '../../protocol/schemas.ts';
import type { KasirDb } from './database.ts';
import type { ProductRow } from './schema.ts';

export interface ProductHit extends Product {
  producerName: string;
  stock: number | null;
}

/**
 * Stores a pull and its version in one transaction (rule 12), and retires
 * the stock deltas the new server levels already include.
 */
export async function applyPull(db: KasirDb, pull: PullResponse, ackedEventIds: readonly string[]): Promise<void> {
  await db.transaction('rw', [db.products, db.producers, db.outlets, db.stockLevels, db.stockEvents, db.settings], async () => {
    if (pull.full) {
      await db.products.clear();
      await db.producers.clear();
      await db.outlets.clear();
      await db.stockLevels.clear();
    }
    await db.producers.bulkPut(pull.producers);
    await db.outlets.bulkPut(pull.outlets);
    const names = new Map((await db.producers.toArray()).map((p) => [p.id, p.name]));
    await db.products.bulkPut(pull.products.map((p) => ({ ...p, words: searchWords(p, names.get(p.producerId) ?? '') })));
    await db.stockLevels.bulkPut(pull.stock);
    if (ackedEventIds.length > 0) {
      await db.stockEvents.where('id').anyOf([...ackedEventIds]).modify({ state: 'applied' });
    }
    await db.settings.put({ key: 'pullVersion', value: pull.version });
  });
}

async function withDetails(db: KasirDb, rows: ProductRow[], outletId: string): Promise<ProductHit[]> {
  const producers = new Map((await db.producers.bulkGet([...new Set(rows.map((r) => r.producerId))])).flatMap((p) => (p ? [[p.id, p.name] as const] : [])));
  const levels = await db.stockLevels.bulkGet(rows.map((r) => [outletId, r.id] as [string, string]));
  const pending = await db.stockEvents.where('productId').anyOf(rows.map((r) => r.id)).filter((e) => e.state !== 'applied' && e.outletId === outletId).toArray();
  const delta = new Map<string, number>();
  for (const e of pending) delta.set(e.productId, (delta.get(e.productId) ?? 0) + e.delta);
  return rows.map(({ words: _words, ...p }, i) => {
    const lvl = levels[i];
    return {
      ...p,
      producerName: producers.get(p.producerId) ?? '',
      // Rule 13: what the server last said, less what this device sold since.
      stock: lvl ? lvl.level + (delta.get(p.id) ?? 0) : null,
    };
  });
}

export interface SearchOptions {
  category?: string | null;
  limit?: number;
}

export async function searchProducts(db: KasirDb, query: string, outletId: string, opts: SearchOptions = {}): Promise<ProductHit[]> {
  const words = queryWords(query);
  const limit = opts.limit ?? 60;
  const category = opts.category ?? null;
  let rows: ProductRow[];
  if (words.length === 0) {
    rows = category
      ? await db.products.where('category').equals(category).filter((p) => p.active).limit(limit).toArray()
      : await db.products.orderBy('sku').filter((p) => p.active).limit(limit).toArray();
    rows.sort((a, b) => a.name.localeCompare(b.name, 'id'));
  } else {
    // The longest word narrows the index scan most; the others are checked in memory.
    const lead = [...words].sort((a, b) => b.length - a.length)[0] ?? '';
    rows = await db.products
      .where('words')
      .startsWith(lead)
      .distinct()
      .filter((p) => p.active && (category === null || p.category === category) && matchesQuery(p.words, words))
      .limit(limit)
      .toArray();
    rows.sort((a, b) => rank(a, words) - rank(b, words) || a.name.localeCompare(b.name, 'id'));
  }
  return withDetails(db, rows, outletId);
}

export async function listCategories(db: KasirDb): Promise<string[]> {
  return (await db.products.orderBy('category').uniqueKeys()).map(String);
}

/** Lower is better: an exact code first, then names that start with the query. */
function rank(p: ProductRow, words: readonly string[]): number {
  const q = words.join(' ');
  if (p.barcode === q || p.sku.toLowerCase() === q) return 0;
  if (p.name.toLowerCase().startsWith(q)) return 1;
  return 2;
}

export async function findByCode(db: KasirDb, code: string, outletId: string): Promise<ProductHit | null> {
  const trimmed = code.trim();
  const row = (await db.products.where('barcode').equals(trimmed).first()) ?? (await db.products.where('sku').equalsIgnoreCase(trimmed).first());
  if (!row) return null;
  const [hit] = await withDetails(db, [row], outletId);
  return hit ?? null;
}

export async function productCount(db: KasirDb): Promise<number> {
  return db.products.count();
}

export async function listOutlets(db: KasirDb) {
  return db.outlets.orderBy('id').toArray();
}
