// Catalog on the device: what a pull brought down, searchable by word prefix
// through the in-memory index built from it (domain/search-index.ts).
import { queryWords, searchWords, type Product } from '../../domain/catalog.ts';
import { SearchIndex, type IndexEntry } from '../../domain/search-index.ts';
import { loadDeviceWire } from '../../protocol/device-wire-loader.ts';
import type { PullAnswer, PullResponse } from '../../protocol/schemas.ts';
import type { KasirDb } from './database.ts';
import { afterSales } from './sales-first.ts';
import { storePulledStock } from './stock-pull.ts';
import { storePulledCashReasons } from './cash-reasons-repo.ts';
import type { ProductRow, StockLevelRow } from './schema.ts';

export interface ProductHit extends Product {
  producerName: string;
  stock: number | null;
}

/**
 * Where a paged pull stands on this device, saved after every page commits
 * (settings `pullProgress`), so a cut connection or a crash resumes at the
 * next page. `pullVersion` moves only when the last page is in: until then
 * the device never believes it has the catalog the pull brings.
 */
export interface PullProgress {
  cursor: string;
  /** The version and epoch the whole pull brings, from its first page. */
  version: number;
  epoch: number;
  full: boolean;
  /** Stamped on every row this pull writes; a full pull deletes rows without it at the end. */
  generation: number;
  /** Products written so far, of `total`. */
  done: number;
  total: number | null;
  /** Some page brought products or producers: the search index must be rebuilt at the end. */
  productsChanged: boolean;
  /**
   * A full pull that began on a device holding no products or levels: every
   * row it finds at the end is its own, so there is nothing of another
   * generation to look for. Absent from progress saved before this field.
   */
  fresh?: boolean;
}

export const PULL_PROGRESS_KEY = 'pullProgress';

/** The index entries of a full pull under way, page by page, while the pages arrive in this page's memory. */
const gathered = new WeakMap<KasirDb, { generation: number; byId: Map<string, IndexEntry> }>();

function entryOf(p: Product, producerNames: ReadonlyMap<string, string>): IndexEntry {
  return { id: p.id, name: p.name, words: searchWords(p, producerNames.get(p.producerId) ?? ''), category: p.category, active: p.active };
}
/**
 * Rows per write transaction. Products share no table with a checkout and
 * stock levels share only the stock events they retire, but Chromium
 * commits one database's transactions one after another (and the pull's
 * JavaScript shares the page's thread), so a checkout still waits for the
 * chunk being written: measured with 500 products a chunk, a checkout during
 * a 50,000-product pull took about a chunk's time. Small chunks keep that
 * wait to a few ms.
 */
export const PRODUCT_STEP = 100;
export const STOCK_STEP = 100;
const SCAN_STEP = 2000;

export async function loadPullProgress(db: KasirDb): Promise<PullProgress | null> {
  const row = await db.settings.get(PULL_PROGRESS_KEY);
  return (row?.value as PullProgress | undefined) ?? null;
}

/** A pull half done belongs to a catalog the device must no longer trust (a restored server): the next pull starts over. */
export async function forgetPullProgress(db: KasirDb): Promise<void> {
  await db.transaction('rw', db.settings, async () => {
    await db.settings.delete(PULL_PROGRESS_KEY);
    await db.settings.put({ key: 'pullVersion', value: 0 });
  });
}

export interface PageOptions {
  /** Stock events acknowledged before this page was asked for: the levels it brings include them. */
  ackedEventIds: readonly string[];
  /** The pull began in this sync round, so every acked event above was acked before it began. */
  startedNow: boolean;
}

/**
 * Stores one page of a pull (rule 12), each part in short transactions of
 * its own, then where the pull stands. On the last page it deletes what a
 * full pull did not bring and only then records the version: a crash at any
 * point leaves a device that asks for the same page again. Returns the
 * progress, or null when the pull is complete.
 */
export async function applyPullPage(db: KasirDb, page: PullResponse, before: PullProgress | null, opts: PageOptions): Promise<PullProgress | null> {
  let progress: PullProgress;
  if (page.first || !before) {
    // Counted before this pull writes a row; a pull started over by the server
    // (a first page again) finds the rows of its first attempt and cleans up.
    const fresh = page.full && (await db.products.count()) === 0 && (await db.stockLevels.count()) === 0;
    progress = {
      cursor: '',
      version: page.version,
      epoch: page.epoch,
      full: page.full,
      generation: Date.now() * 1000 + Math.floor(Math.random() * 1000),
      done: 0,
      total: page.total,
      productsChanged: page.full || page.products.length > 0 || page.producers.length > 0,
      fresh,
    };
    await storeHead(db, page);
    await storePulledStock(db, page.transfers, page.adjustReasons, page.full);
    await storePulledCashReasons(db, page.cashReasons);
  } else {
    progress = { ...before, productsChanged: before.productsChanged || page.products.length > 0 };
  }
  const gen = progress.generation;
  const acked = new Set(opts.ackedEventIds);
  for (let i = 0; i < page.stock.length; i += STOCK_STEP) {
    const chunk = page.stock.slice(i, i + STOCK_STEP);
    await afterSales();
    await db.transaction('rw', db.stockLevels, db.stockEvents, async () => {
      await db.stockLevels.bulkPut(chunk.map((s) => ({ ...s, generation: gen })));
      if (acked.size === 0) return;
      // Retired with the level that includes them, in the same commit, so the
      // screen never counts a sale twice or not at all (rule 13).
      const keys = new Set(chunk.map((s) => `${s.outletId}\u0000${s.productId}`));
      await db.stockEvents
        .where('id')
        .anyOf([...acked])
        .filter((e) => e.state === 'acked' && keys.has(`${e.outletId}\u0000${e.productId}`))
        .modify({ state: 'applied' });
    });
  }
  if (page.first || !before) {
    if (progress.full) gathered.set(db, { generation: gen, byId: new Map() });
    else gathered.delete(db);
  }
  // A full pull resumed after a reload has lost the pages before it: its index is rebuilt from IndexedDB.
  const gather = gathered.get(db)?.generation === gen ? gathered.get(db) : undefined;
  if (page.products.length > 0) {
    const names = new Map((await db.producers.toArray()).map((p) => [p.id, p.name]));
    for (let i = 0; i < page.products.length; i += PRODUCT_STEP) {
      const chunk = page.products.slice(i, i + PRODUCT_STEP);
      const rows: ProductRow[] = chunk.map((p) => ({ ...p, generation: gen }));
      if (gather) for (const p of chunk) gather.byId.set(p.id, entryOf(p, names));
      await afterSales();
      await db.transaction('rw', db.products, async () => {
        await db.products.bulkPut(rows);
      });
    }
  }
  progress.done += page.products.length;
  if (page.more && page.cursor !== null) {
    progress.cursor = page.cursor;
    await db.settings.put({ key: PULL_PROGRESS_KEY, value: progress });
    return progress;
  }
  // Reading back every row to find none stale cost a 50,000-product enrolment a second or two.
  if (progress.full && progress.fresh !== true) await dropOtherGenerations(db, gen);
  const revision = `${progress.version}:${Date.now()}`;
  await db.transaction('rw', db.settings, db.stockEvents, async () => {
    // An event acked before an interrupted pull resumed may have moved a level
    // this pull had already passed: it waits for the next pull.
    if (opts.startedNow && acked.size > 0) await db.stockEvents.where('id').anyOf([...acked]).filter((e) => e.state === 'acked').modify({ state: 'applied' });
    await db.settings.put({ key: 'pullVersion', value: progress.version });
    await db.settings.put({ key: 'pullEpoch', value: progress.epoch });
    await db.settings.delete(PULL_PROGRESS_KEY);
    if (progress.productsChanged) {
      // Tells the in-memory search index to rebuild; stock-only pulls leave it be.
      await db.settings.put({ key: 'productsRevision', value: revision });
    }
  });
  gathered.delete(db);
  // Every page of this full pull passed through here, so its products are the
  // whole catalog now: the index is built from them instead of reading
  // 50,000 rows back out of IndexedDB.
  if (gather && progress.productsChanged) void buildSearchIndex(db, async () => ({ revision, entries: [...gather.byId.values()] })).catch(() => undefined);
  return null;
}

/** The outlets, producers and users a first page carries: small, replaced at once on a full pull. */
async function storeHead(db: KasirDb, page: PullResponse): Promise<void> {
  await db.transaction('rw', db.producers, db.outlets, db.users, async () => {
    if (page.full) {
      await db.producers.clear();
      await db.outlets.clear();
      await db.users.clear();
    }
    // Users come with the catalog: a user the admin deactivated is gone from
    // this device with the first page of the next pull.
    const gone = page.users.filter((u) => !u.active);
    if (gone.length > 0) await db.users.bulkDelete(gone.map((u) => u.id));
    await db.users.bulkPut(page.users.filter((u) => u.active));
    await db.producers.bulkPut(page.producers);
    await db.outlets.bulkPut(page.outlets);
  });
}

/**
 * After the last page of a full pull: products and levels this pull did not
 * bring are gone from the server's catalog. Until now the old rows answered
 * searches, so there was never a moment with an empty catalog.
 */
async function dropOtherGenerations(db: KasirDb, gen: number): Promise<void> {
  let after: string | null = null;
  for (;;) {
    const rows: ProductRow[] = await (after === null ? db.products.orderBy(':id') : db.products.where(':id').above(after)).limit(SCAN_STEP).toArray();
    const last = rows[rows.length - 1];
    if (!last) break;
    after = last.id;
    const stale = rows.filter((r) => r.generation !== gen).map((r) => r.id);
    if (stale.length > 0) await db.products.bulkDelete(stale);
  }
  let afterKey: [string, string] | null = null;
  for (;;) {
    const rows: StockLevelRow[] = await (afterKey === null ? db.stockLevels.orderBy(':id') : db.stockLevels.where(':id').above(afterKey)).limit(SCAN_STEP).toArray();
    const last = rows[rows.length - 1];
    if (!last) break;
    afterKey = [last.outletId, last.productId];
    const stale = rows.filter((r) => r.generation !== gen).map((r): [string, string] => [r.outletId, r.productId]);
    if (stale.length > 0) await db.stockLevels.bulkDelete(stale);
  }
}

/** Stores one whole answer (a server before paging, a test's catalog) as a one-page pull. */
export async function applyPull(db: KasirDb, answer: PullAnswer, ackedEventIds: readonly string[]): Promise<void> {
  const page = (await loadDeviceWire()).pullResponseSchema.parse(answer);
  await applyPullPage(db, { ...page, first: true, more: false, cursor: null }, null, { ackedEventIds, startedNow: true });
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
  if (words.length === 0 && !category) {
    rows = await db.products.orderBy('sku').filter((p) => p.active).limit(limit).toArray();
    rows.sort((a, b) => a.name.localeCompare(b.name, 'id'));
  } else if (words.length === 0) {
    // A category's products come from the index (Dexie version 7 dropped the category index).
    const ready = (await readyIndex(db)) ?? (await builtIndex(db));
    const ids = ready.index ? ready.index.list({ category, limit }) : [];
    rows = ids.length === 0 ? [] : (await db.products.bulkGet(ids)).filter((r): r is ProductRow => r !== undefined);
  } else {
    // Until the index is ready (the first search after the app starts or a pull lands) the search waits for it:
    // building it reads the catalog once, about what a scan for a rare word would cost anyway.
    const ready = (await readyIndex(db)) ?? (await builtIndex(db));
    // The index keeps names and words only; the rows come from IndexedDB, a screenful at a time
    // (holding all 200,000 rows in memory beside the index took the page's heap to 240 MB).
    const ids = ready.index ? ready.index.search({ words, category, limit }) : [];
    rows = ids.length === 0 ? [] : (await db.products.bulkGet(ids)).filter((r): r is ProductRow => r !== undefined);
    // Name order comes from the index; an exact code or a name that starts with the query goes first.
    rows.sort((a, b) => rank(a, words) - rank(b, words));
  }
  return withDetails(db, rows, outletId);
}

export async function listCategories(db: KasirDb): Promise<string[]> {
  const ready = (await readyIndex(db)) ?? (await builtIndex(db));
  return ready.index ? ready.index.categories() : [];
}

interface IndexState {
  index: SearchIndex | null;
  revision: unknown;
  building: Promise<SearchIndex> | null;
}
const indexes = new WeakMap<KasirDb, IndexState>();

/**
 * Builds (or rebuilds after a catalog pull) the in-memory index: products
 * read in chunks and the index built in slices with pauses between them, so
 * no frame waits more than a few tens of ms even at 200,000 products.
 */
export function warmSearchIndex(db: KasirDb): Promise<SearchIndex> {
  return indexState(db).building ?? buildSearchIndex(db, async () => ({ revision: (await db.settings.get('productsRevision'))?.value, entries: await readIndexEntries(db) }));
}

function indexState(db: KasirDb): IndexState {
  let state = indexes.get(db);
  if (!state) indexes.set(db, (state = { index: null, revision: undefined, building: null }));
  return state;
}

/** Starts a build from these entries; it replaces any build under way (the last started is the one kept). */
function buildSearchIndex(db: KasirDb, source: () => Promise<{ revision: unknown; entries: IndexEntry[] }>): Promise<SearchIndex> {
  const s = indexState(db);
  let build: Promise<SearchIndex> | null = null;
  build = (async () => {
    try {
      const { revision, entries } = await source();
      const index = await SearchIndex.buildInSlices(entries);
      if (s.building === build) {
        s.index = index;
        s.revision = revision;
      }
      return index;
    } finally {
      if (s.building === build) s.building = null;
    }
  })();
  s.building = build;
  return build;
}

/** After a pull: rebuilds the index now if the catalog it was built from changed, so the next search finds it ready. */
export async function refreshSearchIndex(db: KasirDb): Promise<void> {
  if ((await readyIndex(db)) === null) await indexes.get(db)?.building;
}

/**
 * What the index needs of every product, one chunk per read (a single read of
 * 50,000 rows would clone them all in one task); each chunk's full rows are
 * dropped as soon as their entries are taken, so the heap never holds the
 * whole catalog's rows at once.
 */
async function readIndexEntries(db: KasirDb): Promise<IndexEntry[]> {
  const names = new Map((await db.producers.toArray()).map((p) => [p.id, p.name]));
  const out: IndexEntry[] = [];
  let after: string | null = null;
  for (;;) {
    const rows: ProductRow[] = await (after === null ? db.products.orderBy(':id') : db.products.where(':id').above(after)).limit(SCAN_STEP).toArray();
    const last = rows[rows.length - 1];
    if (!last) return out;
    for (const p of rows) out.push(entryOf(p, names));
    after = last.id;
  }
}

/** The index when it matches the stored catalog; otherwise null, and a rebuild starts. */
async function readyIndex(db: KasirDb): Promise<IndexState | null> {
  const state = indexes.get(db);
  const revision = (await db.settings.get('productsRevision'))?.value;
  if (state?.index && state.revision === revision) return state;
  void warmSearchIndex(db).catch(() => undefined);
  return null;
}

/** The index as the build running now (or a new one) leaves it. */
async function builtIndex(db: KasirDb): Promise<IndexState> {
  await warmSearchIndex(db);
  const state = indexState(db);
  // A build started after ours (a pull's last page) replaces it: wait for that one.
  while (state.building) await state.building;
  return state;
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

/**
 * What the search screen's product count and category list follow: the
 * catalog's revision (moves when a pull that brought products completes) and
 * how far a pull in progress is. Reads two settings rows only, so a live
 * query on it wakes once a page, not on each of a pull's hundreds of product
 * writes (each of which re-read all 50,000 category keys: 140 s to enrol).
 */
export async function catalogShape(db: KasirDb): Promise<{ revision: string; pulled: number | null }> {
  const [revision, progress] = await Promise.all([db.settings.get('productsRevision'), db.settings.get(PULL_PROGRESS_KEY)]);
  return { revision: String(revision?.value ?? ''), pulled: (progress?.value as PullProgress | undefined)?.done ?? null };
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

/** The stories to print under these products on a receipt: those ticked for it. */
export async function receiptStories(db: KasirDb, productIds: readonly string[]): Promise<Record<string, string>> {
  const products = await db.products.bulkGet([...new Set(productIds)]);
  return Object.fromEntries(products.flatMap((p) => (p?.storyOnReceipt && p.story ? [[p.id, p.story]] : [])));
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
