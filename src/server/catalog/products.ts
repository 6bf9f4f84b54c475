// Product administration on the server: the list at 50,000 products, create
// and edit (never delete: a sold product stays, deactivated), in-store codes,
// and the import and export of the catalog. Each write is one transaction
// with its audit entries and a new catalog version, so devices get the
// change with their next pull (sync rule 12).
import { nextFreeInStoreEan13 } from '../../domain/ean13.ts';
import { columnOfHeader, EXPORT_HEADERS, IMPORT_COLUMNS, taxText, yesNoText, type ImportColumn } from '../../domain/import-cells.ts';
import { readProductSheet, type ImportValues, type SheetCell } from '../../domain/product-import.ts';
import { productProblems, tidyText, type ProductDraft, type ProductProblem, type ProductTax } from '../../domain/product-rules.ts';
import { uuidv7 } from '../../domain/id.ts';
import { PRODUCT_ERROR_CODES as P, AUTH_ERROR_CODES as E, GENERAL_ERROR_CODES as G, type ErrorParams } from '../../protocol/errors.ts';
import type { AdminProduct, ImportError, ImportResponse, ProductCreate, ProductList, ProductListQuery, ProductPatch, ProductSaved } from '../../protocol/products.ts';
import { appendAudit } from '../accounts/audit.ts';
import { Refusal } from '../refusal.ts';
import { num, optNum, optStr, str, type Row, type SqlTx, type SqlValue } from '../store/db.ts';
import { bumpVersion, insertAll } from '../store/sql.ts';
import { importWords, noteWords, type ImportLang, type ImportNote, type ImportProblem } from './import-words.ts';
import { auditNote, type AuditNote } from '../../protocol/audit-notes.ts';
import { queueLabels } from './labels.ts';

/** Who acts: the signed-in supervisor or admin, and the outlet a supervisor belongs to (null for an admin: every outlet). */
export interface ProductAct {
  at: number;
  actorId: string;
  /** The one outlet this person may read stock of or set stock at; null: any. */
  outletScope: string | null;
}

/** In-store codes this server prints start with 20 (21-29 stay free for other in-store schemes, e.g. weighed goods). */
export const IN_STORE_PREFIX = '20';

// ----------------------------------------------------------------- labels

// ------------------------------------------------------------------- rows

const PRODUCT_SELECT = `SELECT p.id, p.sku, p.barcode, p.name, p.category, p.producer_id, p.price, p.unit, p.active, p.image_url,
  p.cost, p.tax, p.consigned, p.story, p.story_on_receipt, p.updated_at, pr.name AS producer_name, pr.consignment AS producer_consignment`;

function adminProductOf(r: Row, stock: number | null = null): AdminProduct {
  const consigned = optNum(r.consigned);
  return {
    id: str(r.id),
    sku: str(r.sku),
    barcode: optStr(r.barcode),
    name: str(r.name),
    category: str(r.category),
    producerId: str(r.producer_id),
    price: num(r.price),
    unit: str(r.unit),
    active: num(r.active) === 1,
    imageUrl: optStr(r.image_url),
    cost: optNum(r.cost),
    tax: str(r.tax) === 'exempt' ? 'exempt' : 'ppn',
    consigned: consigned === null ? num(r.producer_consignment) === 1 : consigned === 1,
    story: optStr(r.story),
    storyOnReceipt: num(r.story_on_receipt) === 1,
    producerName: str(r.producer_name),
    stock,
    updatedAt: optNum(r.updated_at),
  };
}

async function productById(tx: SqlTx, id: string): Promise<AdminProduct | null> {
  const [r] = await tx.all(`${PRODUCT_SELECT} FROM products p JOIN producers pr ON pr.id = p.producer_id WHERE p.id = ?`, [id]);
  return r ? adminProductOf(r) : null;
}

function refuseProblem(p: ProductProblem): never {
  const words: Record<ProductProblem['code'], string> = {
    required: `${p.field} is required`,
    'too-long': `${p.field} is too long`,
    'sku-shape': 'an SKU is letters, digits and - _ . / (no spaces)',
    'barcode-shape': 'a barcode is 8, 12, 13 or 14 digits',
    'barcode-check-digit': `the barcode's check digit is wrong${p.code === 'barcode-check-digit' ? `: the last digit should be ${p.expected}` : ''}`,
    'not-whole': `${p.field} must be whole rupiah`,
    negative: `${p.field} cannot be negative`,
    'over-limit': `${p.field} is above what one sale may total`,
  };
  const params: ErrorParams = p.code === 'too-long' || p.code === 'over-limit' ? { problem: p.code, max: p.max } : p.code === 'barcode-check-digit' ? { problem: p.code, expected: p.expected } : { problem: p.code };
  throw new Refusal('invalid', P.productInvalid, words[p.code], p.field, params);
}

async function requireProducer(tx: SqlTx, producerId: string): Promise<{ consignment: boolean }> {
  const [r] = await tx.all('SELECT consignment FROM producers WHERE id = ?', [producerId]);
  if (!r) throw new Refusal('invalid', P.unknownProducer, `no producer has the id "${producerId}"`, 'producerId', { producer: producerId });
  return { consignment: num(r.consignment) === 1 };
}

/** SKU and barcode are unique; a clash names the other product, so the admin knows which one to look at. */
async function requireUnique(tx: SqlTx, d: { sku: string; barcode: string | null }, self: string | null): Promise<void> {
  const [bySku] = await tx.all('SELECT id, name FROM products WHERE sku = ? AND id <> ?', [d.sku, self ?? '']);
  if (bySku) throw new Refusal('conflict', P.skuTaken, `SKU ${d.sku} is already used by "${str(bySku.name)}"`, 'sku', { name: str(bySku.name), sku: d.sku });
  if (d.barcode === null) return;
  const [byCode] = await tx.all('SELECT id, name, sku FROM products WHERE barcode = ? AND id <> ?', [d.barcode, self ?? '']);
  if (byCode) throw new Refusal('conflict', P.barcodeTaken, `barcode ${d.barcode} is already used by "${str(byCode.name)}" (SKU ${str(byCode.sku)})`, 'barcode', { name: str(byCode.name), barcode: d.barcode });
}

const tidyDraft = (d: ProductDraft): ProductDraft => ({
  ...d,
  name: tidyText(d.name),
  sku: tidyText(d.sku),
  barcode: d.barcode === null || d.barcode.trim() === '' ? null : d.barcode.trim(),
  category: tidyText(d.category),
  unit: tidyText(d.unit),
  story: d.story === null || d.story.trim() === '' ? null : d.story.trim(),
});

/** What the audit log keeps of a product: the fields an admin changes, never the photo (labels work owns it). */
function auditView(p: AdminProduct): Record<string, unknown> {
  return { name: p.name, sku: p.sku, barcode: p.barcode, category: p.category, producerId: p.producerId, price: p.price, cost: p.cost, unit: p.unit, tax: p.tax, active: p.active, consigned: p.consigned, story: p.story, storyOnReceipt: p.storyOnReceipt };
}

function createdNote(p: { name: string; sku: string; price: number }): AuditNote {
  return auditNote('product.created', { name: p.name, sku: p.sku, price: p.price });
}

function changedNote(p: { name: string; sku: string }, diff: { before: Record<string, unknown>; after: Record<string, unknown> }): AuditNote {
  const price = (v: unknown): number | null => (typeof v === 'number' ? v : null);
  const moved = 'price' in diff.after;
  return auditNote('product.changed', {
    name: p.name,
    sku: p.sku,
    fields: Object.keys(diff.after).join(','),
    priceFrom: moved ? price(diff.before.price) : null,
    priceTo: moved ? price(diff.after.price) : null,
  });
}

function changedFields(before: Record<string, unknown>, after: Record<string, unknown>): { before: Record<string, unknown>; after: Record<string, unknown> } {
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  for (const k of Object.keys(after)) {
    if (before[k] !== after[k]) {
      b[k] = before[k];
      a[k] = after[k];
    }
  }
  return { before: b, after: a };
}

// ------------------------------------------------------------------ write

export async function createProduct(tx: SqlTx, input: ProductCreate, act: ProductAct): Promise<ProductSaved> {
  const draft = tidyDraft({ name: input.name, sku: input.sku, barcode: input.barcode, category: input.category, producerId: input.producerId, price: input.price, cost: input.cost, unit: input.unit, tax: input.tax, story: input.story });
  const [problem] = productProblems(draft);
  if (problem) refuseProblem(problem);
  const producer = await requireProducer(tx, draft.producerId);
  await requireUnique(tx, draft, null);
  const v = await bumpVersion(tx);
  const id = `p-${uuidv7(act.at)}`;
  const consigned = input.consigned === undefined || input.consigned === producer.consignment ? null : input.consigned ? 1 : 0;
  await tx.run(
    `INSERT INTO products (id, sku, barcode, name, category, producer_id, price, unit, active, cost, tax, consigned, story, story_on_receipt, updated_at, version)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [id, draft.sku, draft.barcode, draft.name, draft.category, draft.producerId, draft.price, draft.unit, input.active ? 1 : 0, draft.cost, draft.tax, consigned, draft.story, input.storyOnReceipt ? 1 : 0, act.at, v],
  );
  const product = (await productById(tx, id)) as AdminProduct;
  await appendAudit(tx, {
    at: act.at,
    action: 'product.create',
    actorId: act.actorId,
    subject: id,
    detail: JSON.stringify({ after: auditView(product) }),
    note: createdNote(product),
  });
  // A new product has no label on the shelf yet.
  await queueLabels(tx, [id], 'new-product', act.at);
  return { product, priceChanged: [] };
}

/**
 * Changes only the fields sent. The photo (`image_url`) is never touched
 * here. A price change is answered in `priceChanged` and queued for labels.
 */
export async function updateProduct(tx: SqlTx, productId: string, patch: ProductPatch, act: ProductAct): Promise<ProductSaved> {
  const before = await productById(tx, productId);
  if (!before) throw new Refusal('not-found', E.notFound, `no product has the id "${productId}"`, 'productId');
  const draft = tidyDraft({
    name: patch.name ?? before.name,
    sku: patch.sku ?? before.sku,
    barcode: patch.barcode === undefined ? before.barcode : patch.barcode,
    category: patch.category ?? before.category,
    producerId: patch.producerId ?? before.producerId,
    price: patch.price ?? before.price,
    cost: patch.cost === undefined ? before.cost : patch.cost,
    unit: patch.unit ?? before.unit,
    tax: patch.tax ?? before.tax,
    story: patch.story === undefined ? before.story : patch.story,
  });
  const [problem] = productProblems(draft);
  if (problem) refuseProblem(problem);
  const producer = await requireProducer(tx, draft.producerId);
  await requireUnique(tx, draft, productId);
  const consignedWanted = patch.consigned ?? (patch.producerId !== undefined && patch.producerId !== before.producerId ? producer.consignment : before.consigned);
  const after = {
    ...auditView(before),
    ...draft,
    active: patch.active ?? before.active,
    consigned: consignedWanted,
    storyOnReceipt: patch.storyOnReceipt ?? before.storyOnReceipt,
  };
  const diff = changedFields(auditView(before), after);
  if (Object.keys(diff.after).length === 0) return { product: before, priceChanged: [] };
  const v = await bumpVersion(tx);
  await tx.run(
    `UPDATE products SET sku = ?, barcode = ?, name = ?, category = ?, producer_id = ?, price = ?, unit = ?, active = ?, cost = ?, tax = ?,
       consigned = ?, story = ?, story_on_receipt = ?, updated_at = ?, version = ? WHERE id = ?`,
    [draft.sku, draft.barcode, draft.name, draft.category, draft.producerId, draft.price, draft.unit, after.active ? 1 : 0, draft.cost, draft.tax, after.consigned === producer.consignment ? null : after.consigned ? 1 : 0, draft.story, after.storyOnReceipt ? 1 : 0, act.at, v, productId],
  );
  const priceChanged = draft.price !== before.price ? [productId] : [];
  await queueLabels(tx, priceChanged, 'price-changed', act.at);
  await appendAudit(tx, { at: act.at, action: 'product.update', actorId: act.actorId, subject: productId, detail: JSON.stringify(diff), note: changedNote(draft, diff) });
  return { product: (await productById(tx, productId)) as AdminProduct, priceChanged };
}

/**
 * The next free in-store EAN-13. The serial comes from a counter row bumped
 * in this transaction (so two admins pressing "Buat kode" together get two
 * codes), and codes already on a product (typed or imported) are skipped.
 */
export async function nextInStoreBarcode(tx: SqlTx): Promise<string> {
  const [row] = await tx.all("UPDATE counters SET value = value + 1 WHERE name = 'in-store-ean' RETURNING value");
  const from = num(row?.value);
  const taken = new Set((await tx.all("SELECT barcode FROM products WHERE barcode LIKE ? AND barcode >= ?", [`${IN_STORE_PREFIX}%`, `${IN_STORE_PREFIX}${String(from).padStart(10, '0')}`])).map((r) => str(r.barcode)));
  const next = nextFreeInStoreEan13(IN_STORE_PREFIX, from, (code) => taken.has(code));
  // Serials skipped over stay used, so the next press starts after this one.
  if (next.serial !== from) await tx.run("UPDATE counters SET value = ? WHERE name = 'in-store-ean'", [next.serial]);
  return next.code;
}

// ------------------------------------------------------------------- read

const SORT_COLUMN: Record<ProductListQuery['sort'], string> = {
  name: 'p.name',
  sku: 'p.sku',
  price: 'p.price',
  category: 'p.category',
  updated: 'p.updated_at',
  stock: 'COALESCE(s.level, 0)',
};

/** `%`, `_` and the escape itself match only themselves in a LIKE pattern. */
const likeEscape = (s: string): string => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * One page of the list, its total and the categories for the filter. Every
 * filter and sort is one of the migration's indexes or a short scan of the
 * name, SKU and barcode (a few ms at 50,000 rows on either engine).
 */
export async function listProducts(tx: SqlTx, q: ProductListQuery, act: ProductAct, dialect: 'sqlite' | 'postgres' = 'sqlite'): Promise<ProductList> {
  const outletId = q.outletId ?? act.outletScope;
  if (act.outletScope !== null && outletId !== act.outletScope) {
    throw new Refusal('forbidden', E.wrongOutlet, `this session belongs to outlet ${act.outletScope}, not ${outletId ?? ''}`, 'outletId', { own: act.outletScope, asked: outletId ?? '' });
  }
  const where: string[] = [];
  const params: SqlValue[] = [];
  const words = (q.q ?? '').toLowerCase().split(/\s+/).filter((w) => w.length > 0).slice(0, 8);
  // SQLite's LIKE ignores ASCII case already; PostgreSQL's ILIKE does. Either
  // way no LOWER() per row, which doubled the cost of a search at 50,000.
  const like = dialect === 'postgres' ? 'ILIKE' : 'LIKE';
  for (const w of words) {
    where.push(`(p.name ${like} ? ESCAPE '\\' OR p.sku ${like} ? ESCAPE '\\' OR p.barcode LIKE ? ESCAPE '\\')`);
    const pattern = `%${likeEscape(w)}%`;
    params.push(pattern, pattern, pattern);
  }
  if (q.category !== undefined) {
    where.push('p.category = ?');
    params.push(q.category);
  }
  if (q.producerId !== undefined) {
    where.push('p.producer_id = ?');
    params.push(q.producerId);
  }
  if (q.active !== 'all') {
    where.push('p.active = ?');
    params.push(q.active === 'true' ? 1 : 0);
  }
  const withStock = outletId !== null && outletId !== undefined;
  if (q.stockBelow !== undefined) {
    if (!withStock) throw new Refusal('invalid', G.invalidRequest, 'stockBelow needs an outletId: stock is per outlet', 'outletId');
    // Products the outlet holds (it has a level for them, 0 once sold out)
    // below the threshold; one a booth never received is not "running low"
    // there. Read from the (outlet, level) index, so a few ms at 50,000.
    where.push('p.id IN (SELECT product_id FROM stock_levels WHERE outlet_id = ? AND level < ?)');
    params.push(outletId, q.stockBelow);
  }
  if (q.sort === 'stock' && !withStock) throw new Refusal('invalid', G.invalidRequest, 'sorting by stock needs an outletId', 'outletId');
  const from = `FROM products p JOIN producers pr ON pr.id = p.producer_id${withStock ? ' LEFT JOIN stock_levels s ON s.product_id = p.id AND s.outlet_id = ?' : ''}`;
  const fromParams: SqlValue[] = withStock ? [outletId] : [];
  const whereSql = where.length > 0 ? ` WHERE ${where.join(' AND ')}` : '';
  const dir = q.dir === 'desc' ? 'DESC' : 'ASC';
  const rows = await tx.all(`${PRODUCT_SELECT}${withStock ? ', s.level AS stock_level' : ''} ${from}${whereSql} ORDER BY ${SORT_COLUMN[q.sort]} ${dir}, p.id ${dir} LIMIT ? OFFSET ?`, [
    ...fromParams,
    ...params,
    q.limit,
    q.offset,
  ]);
  const [count] = await tx.all(`SELECT COUNT(*) AS n FROM products p${whereSql}`, params);
  const categories = (await tx.all('SELECT DISTINCT category FROM products ORDER BY category')).map((r) => str(r.category));
  const producers = (await tx.all('SELECT id, name, consignment FROM producers ORDER BY name')).map((r) => ({ id: str(r.id), name: str(r.name), consignment: num(r.consignment) === 1 }));
  const outlets = (await tx.all('SELECT id, name FROM outlets ORDER BY name')).map((r) => ({ id: str(r.id), name: str(r.name) }));
  return { products: rows.map((r) => adminProductOf(r, withStock ? (optNum(r.stock_level) ?? 0) : null)), total: num(count?.n), categories, producers, outlets };
}

export async function getProduct(tx: SqlTx, productId: string): Promise<AdminProduct> {
  const p = await productById(tx, productId);
  if (!p) throw new Refusal('not-found', E.notFound, `no product has the id "${productId}"`, 'productId');
  return p;
}

// ----------------------------------------------------------------- import

export interface ImportOptions {
  dryRun: boolean;
  /** The outlet whose opening stock the stock column sets (new products only); null ignores the column. */
  outletId: string | null;
  createProducers: boolean;
  lang: ImportLang;
}

interface ExistingProduct {
  id: string;
  draft: ProductDraft;
  active: boolean;
  consigned: boolean;
  consignedRaw: number | null;
  storyOnReceipt: boolean;
}

interface PlannedRow {
  row: number;
  existing: ExistingProduct | null;
  id: string;
  draft: ProductDraft;
  active: boolean;
  consigned: boolean;
  storyOnReceipt: boolean;
  stock: number | null;
}

const FIELD_AS_IMPORT: Record<keyof ProductDraft, ImportColumn> = { sku: 'sku', name: 'name', barcode: 'barcode', category: 'category', producerId: 'producer', price: 'price', cost: 'cost', unit: 'unit', tax: 'tax', story: 'story' };

const slug = (name: string): string =>
  name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 40) || 'produsen';

/**
 * Reads, checks and (unless a dry run, or any row is wrong) applies a product
 * sheet, all in this one transaction: every row or none. Rows find their
 * product by SKU; an empty cell keeps the stored value; a row equal to the
 * stored product is `unchanged` and writes nothing.
 */
export async function importProducts(tx: SqlTx, cells: readonly (readonly SheetCell[])[], headers: { encoding: string | null }, opts: ImportOptions, act: ProductAct): Promise<ImportResponse> {
  const lang = opts.lang;
  const sheet = readProductSheet(cells);
  const errors: (ImportError & { order: number })[] = [];
  const headerText = new Map<ImportColumn, string>();
  const headerRow = cells.find((r) => r.some((c) => c !== null && String(c).trim() !== '')) ?? [];
  for (const h of headerRow) {
    const text = h === null ? '' : String(h).trim();
    const col = columnOfHeader(text);
    if (col && !headerText.has(col)) headerText.set(col, text);
  }
  const colName = (c: ImportColumn | null): string | null => (c === null ? null : (headerText.get(c) ?? EXPORT_HEADERS[c]));
  const fail = (row: number, column: ImportColumn | null, p: ImportProblem): void => {
    errors.push({ row, column: colName(column), message: importWords(p, lang), code: p.code === 'cell' || p.code === 'product' ? p.problem.code : p.code, order: IMPORT_COLUMNS.indexOf(column ?? 'sku') });
  };
  for (const p of sheet.problems) {
    if (p.column === null) fail(p.row, null, p.problem);
    else fail(p.row, p.column, { code: 'cell', problem: p.problem });
  }
  const notes: ImportNote[] = [];
  if (sheet.ignored.length > 0) notes.push({ code: 'ignored-columns', headers: sheet.ignored });
  if (headers.encoding === 'windows-1252') notes.push({ code: 'encoding', encoding: 'Windows-1252' });
  if (sheet.rows.length === 0 && sheet.problems.length === 0) fail(2, null, { code: 'empty' });

  if (opts.outletId !== null) {
    const [o] = await tx.all('SELECT id FROM outlets WHERE id = ?', [opts.outletId]);
    if (!o) throw new Refusal('invalid', E.unknownOutlet, `no outlet has the id "${opts.outletId}"`, 'outletId');
    if (act.outletScope !== null && act.outletScope !== opts.outletId) {
      throw new Refusal('forbidden', E.wrongOutlet, `this session belongs to outlet ${act.outletScope}, not ${opts.outletId}`, 'outletId', { own: act.outletScope, asked: opts.outletId });
    }
  }

  // The catalog as it is: 50,000 rows read once, then every row is decided in memory.
  const producers = await tx.all('SELECT id, name, consignment FROM producers');
  const producerById = new Map(producers.map((r) => [str(r.id), { id: str(r.id), consignment: num(r.consignment) === 1 }]));
  const producersByName = new Map<string, string[]>();
  for (const r of producers) {
    const key = str(r.name).trim().toLowerCase();
    producersByName.set(key, [...(producersByName.get(key) ?? []), str(r.id)]);
  }
  const stored = await tx.all('SELECT id, sku, barcode, name, category, producer_id, price, cost, unit, tax, active, consigned, story, story_on_receipt FROM products');
  const bySku = new Map<string, ExistingProduct>();
  const barcodeOwner = new Map<string, { sku: string; name: string }>();
  for (const r of stored) {
    const producerId = str(r.producer_id);
    const consignedRaw = optNum(r.consigned);
    const e: ExistingProduct = {
      id: str(r.id),
      draft: { sku: str(r.sku), name: str(r.name), barcode: optStr(r.barcode), category: str(r.category), producerId, price: num(r.price), cost: optNum(r.cost), unit: str(r.unit), tax: (str(r.tax) === 'exempt' ? 'exempt' : 'ppn') as ProductTax, story: optStr(r.story) },
      active: num(r.active) === 1,
      consigned: consignedRaw === null ? (producerById.get(producerId)?.consignment ?? false) : consignedRaw === 1,
      consignedRaw,
      storyOnReceipt: num(r.story_on_receipt) === 1,
    };
    bySku.set(e.draft.sku, e);
    if (e.draft.barcode !== null) barcodeOwner.set(e.draft.barcode, { sku: e.draft.sku, name: e.draft.name });
  }

  const newProducers = new Map<string, { id: string; name: string }>();
  const skuRow = new Map<string, number>();
  const barcodeRow = new Map<string, number>();
  const planned: PlannedRow[] = [];
  let stockWithoutOutlet = 0;
  let stockOfExisting = 0;

  const badCells = new Set(sheet.problems.map((p) => `${p.row}\u0000${p.column ?? ''}`));
  const cellBad = (row: number, col: ImportColumn): boolean => badCells.has(`${row}\u0000${col}`);
  const rowsWithBadCells = new Set(sheet.problems.map((p) => p.row));
  for (const { row, values } of sheet.rows) {
    const sku = values.sku?.trim() ?? '';
    if (sku === '') {
      fail(row, 'sku', { code: 'product', problem: { field: 'sku', code: 'required' } });
      continue;
    }
    const first = skuRow.get(sku);
    if (first !== undefined) {
      fail(row, 'sku', { code: 'duplicate-sku', firstRow: first });
      continue;
    }
    skuRow.set(sku, row);
    const existing = bySku.get(sku) ?? null;
    if (!existing) {
      // A cell already refused is not said again as missing.
      for (const col of ['name', 'category', 'producer', 'price'] as const) if (values[col] === undefined && !cellBad(row, col)) fail(row, col, { code: 'required-new', column: col });
      if (['name', 'category', 'producer', 'price'].some((c) => values[c as keyof ImportValues] === undefined)) continue;
    }
    let producerId = existing?.draft.producerId ?? '';
    let producerConsignment = existing ? (producerById.get(existing.draft.producerId)?.consignment ?? false) : false;
    if (values.producer !== undefined) {
      const typed = values.producer.trim();
      const byName = producersByName.get(typed.toLowerCase()) ?? [];
      if (producerById.has(typed)) producerId = typed;
      else if (byName.length === 1) producerId = byName[0] ?? '';
      else if (byName.length > 1) {
        fail(row, 'producer', { code: 'ambiguous-producer', producer: typed });
        continue;
      } else if (opts.createProducers) {
        const key = typed.toLowerCase();
        let made = newProducers.get(key);
        if (!made) {
          const taken = (id: string): boolean => producerById.has(id) || [...newProducers.values()].some((n) => n.id === id);
          let id = `pr-${slug(typed)}`;
          for (let n = 2; taken(id); n++) id = `pr-${slug(typed)}-${n}`;
          made = { id, name: typed };
          newProducers.set(key, made);
        }
        producerId = made.id;
        producerConsignment = true;
      } else {
        fail(row, 'producer', { code: 'unknown-producer', producer: typed });
        continue;
      }
      if (producerById.has(producerId)) producerConsignment = producerById.get(producerId)?.consignment ?? false;
    }
    const base: ProductDraft = existing?.draft ?? { sku, name: '', barcode: null, category: '', producerId, price: 0, cost: null, unit: 'pcs', tax: 'ppn', story: null };
    const draft = tidyDraft({
      ...base,
      sku,
      producerId,
      ...(values.name !== undefined ? { name: values.name } : {}),
      ...(values.barcode !== undefined ? { barcode: values.barcode } : {}),
      ...(values.category !== undefined ? { category: values.category } : {}),
      ...(values.price !== undefined ? { price: values.price } : {}),
      ...(values.cost !== undefined ? { cost: values.cost } : {}),
      ...(values.unit !== undefined ? { unit: values.unit } : {}),
      ...(values.tax !== undefined ? { tax: values.tax } : {}),
      ...(values.story !== undefined ? { story: values.story } : {}),
    });
    const problems = productProblems(draft);
    for (const p of problems) fail(row, FIELD_AS_IMPORT[p.field], { code: 'product', problem: p });
    if (problems.length > 0) continue;
    if (draft.barcode !== null) {
      const owner = barcodeOwner.get(draft.barcode);
      const inFile = barcodeRow.get(draft.barcode);
      if (owner && owner.sku !== sku) {
        fail(row, 'barcode', { code: 'barcode-taken', name: owner.name, sku: owner.sku });
        continue;
      }
      if (inFile !== undefined) {
        fail(row, 'barcode', { code: 'barcode-in-file', firstRow: inFile });
        continue;
      }
      barcodeRow.set(draft.barcode, row);
    }
    // Its other cells are still checked above, so one pass names every mistake of the row.
    if (rowsWithBadCells.has(row)) continue;
    let stock: number | null = null;
    if (values.stock !== undefined) {
      if (opts.outletId === null) stockWithoutOutlet++;
      else if (existing) stockOfExisting++;
      else stock = values.stock;
    }
    planned.push({
      row,
      existing,
      id: existing?.id ?? `p-${uuidv7(act.at)}`,
      draft,
      active: values.active ?? existing?.active ?? true,
      consigned: values.consigned ?? (existing && values.producer === undefined ? existing.consigned : producerConsignment),
      storyOnReceipt: values.storyOnReceipt ?? existing?.storyOnReceipt ?? false,
      stock,
    });
  }
  if (stockWithoutOutlet > 0) notes.push({ code: 'stock-without-outlet', rows: stockWithoutOutlet });
  if (stockOfExisting > 0 && opts.outletId !== null) notes.push({ code: 'stock-existing', rows: stockOfExisting, outletId: opts.outletId });
  if (newProducers.size > 0) notes.push({ code: 'producers-created', names: [...newProducers.values()].map((n) => n.name) });

  const view = (p: { draft: ProductDraft; active: boolean; consigned: boolean; storyOnReceipt: boolean }): Record<string, unknown> => ({ ...p.draft, active: p.active, consigned: p.consigned, storyOnReceipt: p.storyOnReceipt });
  const creates = planned.filter((p) => p.existing === null);
  const updates = planned.filter((p) => p.existing !== null && Object.keys(changedFields(view(p.existing), view(p)).after).length > 0);
  const unchanged = planned.length - creates.length - updates.length;
  const priceChanged = updates.filter((p) => p.existing !== null && p.existing.draft.price !== p.draft.price).map((p) => p.id);
  errors.sort((a, b) => a.row - b.row || a.order - b.order);
  const answer: ImportResponse = {
    rows: sheet.rows.length,
    created: creates.length,
    updated: updates.length,
    unchanged,
    errors: errors.map(({ order: _order, ...e }) => e),
    notes: notes.map((n) => noteWords(n, lang)),
    applied: false,
    priceChanged,
  };
  if (opts.dryRun || errors.length > 0 || (creates.length === 0 && updates.length === 0)) return answer;

  const v = await bumpVersion(tx);
  await insertAll(
    tx,
    'INSERT INTO producers (id, name, kind, receipt_line, consignment, version)',
    [...newProducers.values()].map((p) => [p.id, p.name, 'umkm', null, 1, v]),
  );
  for (const p of newProducers.values()) producerById.set(p.id, { id: p.id, consignment: true });
  const consignedColumn = (p: PlannedRow): number | null => (p.consigned === (producerById.get(p.draft.producerId)?.consignment ?? false) ? null : p.consigned ? 1 : 0);
  const rowOf = (p: PlannedRow): SqlValue[] => [p.id, p.draft.sku, p.draft.barcode, p.draft.name, p.draft.category, p.draft.producerId, p.draft.price, p.draft.unit, p.active ? 1 : 0, p.draft.cost, p.draft.tax, consignedColumn(p), p.draft.story, p.storyOnReceipt ? 1 : 0, act.at, v];
  const head = 'INSERT INTO products (id, sku, barcode, name, category, producer_id, price, unit, active, cost, tax, consigned, story, story_on_receipt, updated_at, version)';
  // A barcode moved from one row to another in the same file would clash
  // with the old row mid-statement: clear changed barcodes first.
  const movedBarcodes = updates.filter((p) => p.existing !== null && p.existing.draft.barcode !== p.draft.barcode).map((p) => p.id);
  for (let i = 0; i < movedBarcodes.length; i += 500) {
    const chunk = movedBarcodes.slice(i, i + 500);
    await tx.run(`UPDATE products SET barcode = NULL WHERE id IN (${chunk.map(() => '?').join(', ')})`, chunk);
  }
  await insertAll(tx, head, creates.map(rowOf));
  await insertAll(
    tx,
    head,
    updates.map(rowOf),
    ` ON CONFLICT (id) DO UPDATE SET sku = excluded.sku, barcode = excluded.barcode, name = excluded.name, category = excluded.category,
        producer_id = excluded.producer_id, price = excluded.price, unit = excluded.unit, active = excluded.active, cost = excluded.cost,
        tax = excluded.tax, consigned = excluded.consigned, story = excluded.story, story_on_receipt = excluded.story_on_receipt,
        updated_at = excluded.updated_at, version = excluded.version`,
  );
  if (opts.outletId !== null) {
    await insertAll(
      tx,
      'INSERT INTO stock_levels (outlet_id, product_id, level, version)',
      creates.filter((p) => p.stock !== null).map((p) => [opts.outletId, p.id, p.stock, v]),
      ' ON CONFLICT (outlet_id, product_id) DO NOTHING',
    );
  }
  await queueLabels(tx, creates.map((p) => p.id), 'new-product', act.at);
  await queueLabels(tx, priceChanged, 'price-changed', act.at);
  // One entry per product created or changed, with before and after, written set-at-a-time.
  const auditRows: SqlValue[][] = [
    ...creates.map((p) => [act.at, 'product.create', act.actorId, null, opts.outletId, p.id, JSON.stringify({ after: view(p), row: p.row }), JSON.stringify(createdNote(p.draft))]),
    ...updates.map((p) => {
      const diff = changedFields(view(p.existing as ExistingProduct), view(p));
      return [act.at, 'product.update', act.actorId, null, opts.outletId, p.id, JSON.stringify({ ...diff, row: p.row }), JSON.stringify(changedNote(p.draft, diff))];
    }),
  ];
  await insertAll(tx, 'INSERT INTO audit_log (at, action, actor_id, device_id, outlet_id, subject, detail, note)', auditRows);
  await appendAudit(tx, {
    at: act.at,
    action: 'product.import',
    actorId: act.actorId,
    outletId: opts.outletId,
    subject: null,
    detail: `import of ${sheet.rows.length} rows: ${creates.length} created, ${updates.length} updated, ${unchanged} unchanged${newProducers.size > 0 ? `; producers created: ${[...newProducers.values()].map((p) => p.name).join(', ')}` : ''}`,
    note: auditNote('product.imported', {
      rows: sheet.rows.length,
      created: creates.length,
      updated: updates.length,
      unchanged,
      producersCreated: [...newProducers.values()].map((p) => p.name).join(', '),
    }),
  });
  return { ...answer, applied: true };
}

// ----------------------------------------------------------------- export

/**
 * The whole catalog as a sheet with the import's own headers, so export, edit
 * and import again is a round trip. The stock column only with an outlet.
 */
export async function exportSheet(tx: SqlTx, outletId: string | null, act: ProductAct): Promise<(string | number | null)[][]> {
  if (act.outletScope !== null && outletId !== null && outletId !== act.outletScope) {
    throw new Refusal('forbidden', E.wrongOutlet, `this session belongs to outlet ${act.outletScope}, not ${outletId}`, 'outletId', { own: act.outletScope, asked: outletId });
  }
  const columns = IMPORT_COLUMNS.filter((c) => c !== 'stock' || outletId !== null);
  const rows = await tx.all(
    `${PRODUCT_SELECT}${outletId !== null ? ', s.level AS stock_level' : ''} FROM products p JOIN producers pr ON pr.id = p.producer_id${outletId !== null ? ' LEFT JOIN stock_levels s ON s.product_id = p.id AND s.outlet_id = ?' : ''} ORDER BY p.sku`,
    outletId !== null ? [outletId] : [],
  );
  const out: (string | number | null)[][] = [columns.map((c) => EXPORT_HEADERS[c])];
  for (const r of rows) {
    const p = adminProductOf(r, outletId !== null ? (optNum(r.stock_level) ?? 0) : null);
    const cell: Record<ImportColumn, string | number | null> = {
      sku: p.sku,
      name: p.name,
      barcode: p.barcode,
      category: p.category,
      // The producer's name reads better in a sheet; the import takes a name or an id.
      producer: p.producerName,
      price: p.price,
      cost: p.cost,
      unit: p.unit,
      tax: taxText(p.tax),
      active: yesNoText(p.active),
      consigned: yesNoText(p.consigned),
      story: p.story,
      storyOnReceipt: yesNoText(p.storyOnReceipt),
      stock: p.stock,
    };
    out.push(columns.map((c) => cell[c]));
  }
  return out;
}
