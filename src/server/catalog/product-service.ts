// What the HTTP layer asks of product administration, each one transaction
// (the route handlers never open one). Files are read before the
// transaction opens, so a 20,000-row sheet is parsed without holding locks.
import type { ImportResponse, ProductCreate, ProductList, ProductListQuery, ProductPatch, ProductSaved, AdminProduct } from '../../protocol/products.ts';
import { PRODUCT_ERROR_CODES as P } from '../../protocol/errors.ts';
import { Refusal } from '../refusal.ts';
import type { Store } from '../store/store.ts';
import { importWords, type ImportLang } from './import-words.ts';
import { readSheetFile, UnreadableFile, writeCsv, writeXlsx, type SheetFormat } from './product-files.ts';
import { createProduct, exportSheet, getProduct, importProducts, listProducts, nextInStoreBarcode, updateProduct, type ImportOptions, type ProductAct } from './products.ts';
import { BULK_ROWS } from './catalog.ts';

export function productList(store: Store, q: ProductListQuery, act: ProductAct): Promise<ProductList> {
  return store.db.tx((tx) => listProducts(tx, q, act, store.db.dialect));
}

export function productOne(store: Store, productId: string): Promise<AdminProduct> {
  return store.db.tx((tx) => getProduct(tx, productId));
}

export function addProduct(store: Store, input: ProductCreate, act: ProductAct): Promise<ProductSaved> {
  return store.db.tx((tx) => createProduct(tx, input, act));
}

export function changeProduct(store: Store, productId: string, patch: ProductPatch, act: ProductAct): Promise<ProductSaved> {
  return store.db.tx((tx) => updateProduct(tx, productId, patch, act));
}

export function nextBarcode(store: Store): Promise<string> {
  return store.db.tx((tx) => nextInStoreBarcode(tx));
}

export async function importSheet(store: Store, bytes: Uint8Array, format: SheetFormat, opts: ImportOptions, act: ProductAct): Promise<ImportResponse> {
  let read: Awaited<ReturnType<typeof readSheetFile>>;
  try {
    read = await readSheetFile(bytes, format);
  } catch (e) {
    if (!(e instanceof UnreadableFile)) throw e;
    throw new Refusal('invalid', P.importUnreadable, importWords({ code: 'unreadable', reason: e.message }, opts.lang satisfies ImportLang), null, { reason: e.message });
  }
  const result = await store.db.tx((tx) => importProducts(tx, read.cells, { encoding: read.encoding }, opts, act));
  if (result.applied && result.created + result.updated >= BULK_ROWS) await store.refreshStatistics(['products', 'stock_levels']);
  return result;
}

export async function exportFile(store: Store, format: SheetFormat, outletId: string | null, act: ProductAct): Promise<Buffer> {
  const rows = await store.db.tx((tx) => exportSheet(tx, outletId, act));
  return format === 'csv' ? writeCsv(rows) : writeXlsx(rows, 'Produk');
}
