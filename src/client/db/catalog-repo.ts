// Catalog on the device: what a pull brought down, searchable by word prefix
// through a multi-entry index.
import { matchesQuery, queryWords, searchWords, type Product } from '../../domain/catalog.ts';
import { SearchIndex } from '../../domain/search-index.ts';
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
  await db.transaction('rw', [db.products, db.producers, db.outlets, db.stockLevels, db.stockEvents, db.settings, db.users], async () => {
    if (pull.full) {
      await db.products.clear();
      await db.producers.clear();
      await db.outlets.clear();
      await db.stockLevels.clear();
      await db.users.clear();
    }
    // Users come with the catalog, in the same transaction: a user the admin
    // deactivated is gone from this device as soon as the catalog is new.
    const [active, gone] = [pull.users.filter((u) => u.active), pull.users.filter((u) => !u.active)];
    if (gone.length > 0) await db.users.bulkDelete(gone.map((u) => u.id));
    await db.users.bulkPut(active);
    await db.producers.bulkPut(pull.producers);
    await db.outlets.bulkPut(pull.outlets);
    const names = new Map((await db.producers.toArray()).map((p) => [p.id, p.name]));
    await db.products.bulkPut(pull.products.map((p) => ({ ...p, words: searchWords(p, names.get(p.producerId) ?? '') })));
    await db.stockLevels.bulkPut(pull.stock);
    if (ackedEventIds.length > 0) {
      await db.stockEvents.where('id').anyOf([...ackedEventIds]).modify({ state: 'applied' });
    }
    await db.settings.put({ key: 'pullVersion', value: pull.version });
    await db.settings.put({ key: 'pullEpoch', value: pull.epoch });
    if (pull.full || pull.products.length > 0 || pull.producers.length > 0) {
      // Tells the in-memory search index to rebuild; stock-only pulls leave it be.
      await db.settings.put({ key: 'productsRevision', value: `${pull.version}:${Date.now()}` });
    }
  });
}

async function withDetails(db: KasirDb, rows: ProductRow[], outletId: string): Promise<ProductHit[]> {
  const wanted = new Set(rows.map((r) => r.id));
  // Three independent reads, issued together: a keystroke waits for the slowest, not the sum.
  const [producerRows, levels, pending] = await Promise.all([
    db.producers.bulkGet([...new Set(rows.map((r) => r.producerId))]),
    db.stockLevels.bulkGet(rows.map((r) => [outletId, r.id] as [string, string])),
    // Only unsynced events count, and there are few of them; applied ones pile up for months.
    db.stockEvents
      .where('state')
      .anyOf(['pending', 'acked'])
      .filter((e) => e.outletId === outletId && wanted.has(e.productId))
      .toArray(),
  ]);
  const producers = new Map(producerRows.flatMap((p) => (p ? [[p.id, p.name] as const] : [])));
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

/** The stock a product shows at the outlet (rule 13: the server's level less this device's unsynced events), null where never pulled. */
export async function stockOf(db: KasirDb, outletId: string, productIds: readonly string[]): Promise<Map<string, number | null>> {
  const ids = [...new Set(productIds)];
  const wanted = new Set(ids);
  const [levels, pending] = await Promise.all([
    db.stockLevels.bulkGet(ids.map((id) => [outletId, id] as [string, string])),
    db.stockEvents
      .where('state')
      .anyOf(['pending', 'acked'])
      .filter((e) => e.outletId === outletId && wanted.has(e.productId))
      .toArray(),
  ]);
  const delta = new Map<string, number>();
  for (const e of pending) delta.set(e.productId, (delta.get(e.productId) ?? 0) + e.delta);
  return new Map(ids.map((id, i) => [id, levels[i] ? levels[i].level + (delta.get(id) ?? 0) : null]));
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
    const ready = await readyIndex(db);
    if (ready?.index) {
      rows = ready.index.search({ words, category, limit }).flatMap((id) => {
        const row = ready.rows.get(id);
        return row ? [row] : [];
      });
    } else {
      rows = await cursorSearch(db, words, category, limit);
    }
    // Name order comes from the index; an exact code or a name that starts with the query goes first.
    rows.sort((a, b) => rank(a, words) - rank(b, words));
  }
  return withDetails(db, rows, outletId);
}

export async function listCategories(db: KasirDb): Promise<string[]> {
  return (await db.products.orderBy('category').uniqueKeys()).map(String);
}

interface IndexState {
  index: SearchIndex | null;
  /** The rows the index was built from: a search reads no product from IndexedDB. */
  rows: Map<string, ProductRow>;
  revision: unknown;
  building: Promise<SearchIndex> | null;
}
const indexes = new WeakMap<KasirDb, IndexState>();

/**
 * Builds (or rebuilds after a catalog pull) the in-memory index: one read of
 * every product, about a second for 50,000 on a desktop, done in the background.
 */
export function warmSearchIndex(db: KasirDb): Promise<SearchIndex> {
  let state = indexes.get(db);
  if (!state) indexes.set(db, (state = { index: null, rows: new Map(), revision: undefined, building: null }));
  const s = state;
  s.building ??= (async () => {
    try {
      const revision = (await db.settings.get('productsRevision'))?.value;
      const rows = await db.products.toArray();
      const index = SearchIndex.build(rows.map((p) => ({ id: p.id, name: p.name, words: p.words, category: p.category, active: p.active })));
      s.index = index;
      s.rows = new Map(rows.map((p) => [p.id, p]));
      s.revision = revision;
      return index;
    } finally {
      s.building = null;
    }
  })();
  return s.building;
}

/** The index when it matches the stored catalog; otherwise null, and a rebuild starts. */
async function readyIndex(db: KasirDb): Promise<IndexState | null> {
  const state = indexes.get(db);
  const revision = (await db.settings.get('productsRevision'))?.value;
  if (state?.index && state.revision === revision) return state;
  void warmSearchIndex(db).catch(() => undefined);
  return null;
}

/** Until the index is ready: scan the longest word's index range, checking the others in memory. */
async function cursorSearch(db: KasirDb, words: readonly string[], category: string | null, limit: number): Promise<ProductRow[]> {
  const lead = [...words].sort((a, b) => b.length - a.length)[0] ?? '';
  const rows = await db.products
    .where('words')
    .startsWith(lead)
    .distinct()
    .filter((p) => p.active && (category === null || p.category === category) && matchesQuery(p.words, words))
    .limit(limit)
    .toArray();
  return rows.sort((a, b) => a.name.localeCompare(b.name, 'id'));
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

/** An outlet as the last pull brought it; undefined when the id is null or unknown. */
export async function outletById(db: KasirDb, outletId: string | null | undefined) {
  return outletId ? db.outlets.get(outletId) : undefined;
}

/** The producers of these ids that the catalog holds, in the ids' order (undefined where unknown). */
export async function producersById(db: KasirDb, ids: readonly string[]) {
  return db.producers.bulkGet([...ids]);
}

/**
 * Changes whenever what a search shows could change (a pull, a sale's stock
 * event, a sync ack), and costs three cheap reads. Searches re-run on it
 * instead of running inside a live query, which on 50,000 products would
 * track thousands of keys on every keystroke.
 */
export async function catalogRevision(db: KasirDb): Promise<string> {
  const [version, events, acked] = await Promise.all([
    db.settings.get('pullVersion'),
    db.stockEvents.count(),
    db.stockEvents.where('state').equals('acked').count(),
  ]);
  return `${String(version?.value ?? 0)}:${events}:${acked}`;
}

/** What the device calls these products, outlets and people; ids it does not hold are left out (the caller shows the id). */
export interface CatalogNames {
  products: ReadonlyMap<string, string>;
  outlets: ReadonlyMap<string, string>;
  users: ReadonlyMap<string, string>;
}

export async function namesOf(db: KasirDb, ids: { products: readonly string[]; outlets: readonly string[]; users: readonly string[] }): Promise<CatalogNames> {
  const [products, outlets, users] = await Promise.all([db.products.bulkGet([...ids.products]), db.outlets.bulkGet([...ids.outlets]), db.users.bulkGet([...ids.users])]);
  const byId = (rows: readonly ({ id: string; name: string } | undefined)[]) => new Map(rows.flatMap((r) => (r ? [[r.id, r.name] as const] : [])));
  return { products: byId(products), outlets: byId(outlets), users: byId(users) };
}
