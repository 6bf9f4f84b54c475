// Product administration as the admin pages call it: every answer parsed with
// the shared schemas, files sent and received as bytes, failures as the
// ManagementError every admin page words.
import { z } from 'zod';
import {
  barcodeResponseSchema,
  CSV_MEDIA_TYPE,
  importResponseSchema,
  productListSchema,
  productSavedSchema,
  XLSX_MEDIA_TYPE,
  type ImportResponse,
  type ProductCreate,
  type ProductList,
  type ProductListQuery,
  type ProductPatch,
  type ProductSaved,
} from '../../protocol/products.ts';
import { PRODUCT_ROUTES } from '../../protocol/route-paths.ts';
import { callWithSession } from './admin-api.ts';

/** The list's query as the route reads it; defaults left out. */
export function productListSearch(q: Partial<ProductListQuery>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== '') params.set(k, String(v));
  return params.toString();
}

export function listProducts(q: Partial<ProductListQuery>): Promise<ProductList> {
  const search = productListSearch(q);
  return callWithSession('GET', `${PRODUCT_ROUTES.list}${search ? `?${search}` : ''}`, productListSchema);
}

export function createProduct(input: Partial<ProductCreate> & Pick<ProductCreate, 'name' | 'sku' | 'category' | 'producerId' | 'price'>): Promise<ProductSaved> {
  return callWithSession('POST', PRODUCT_ROUTES.list, productSavedSchema, { body: input });
}

export function updateProduct(productId: string, patch: ProductPatch): Promise<ProductSaved> {
  return callWithSession('PATCH', PRODUCT_ROUTES.one.replace(':productId', encodeURIComponent(productId)), productSavedSchema, { body: patch });
}

export async function nextBarcode(): Promise<string> {
  return (await callWithSession('POST', PRODUCT_ROUTES.nextBarcode, barcodeResponseSchema)).barcode;
}

export interface ImportRequest {
  file: Blob;
  /** What the file is: by its name when the browser gives no type (Windows often gives none for .csv). */
  format: 'csv' | 'xlsx';
  dryRun: boolean;
  outletId: string | null;
  createProducers: boolean;
  lang: 'id' | 'en';
}

export function importProducts(r: ImportRequest): Promise<ImportResponse> {
  const q = new URLSearchParams({ dryRun: String(r.dryRun), createProducers: String(r.createProducers) });
  if (r.outletId !== null) q.set('outletId', r.outletId);
  return callWithSession('POST', `${PRODUCT_ROUTES.import}?${q.toString()}`, importResponseSchema, {
    raw: { data: r.file, contentType: r.format === 'xlsx' ? XLSX_MEDIA_TYPE : CSV_MEDIA_TYPE },
    headers: { 'accept-language': r.lang },
    // A 20,000-row sheet takes seconds on a small server.
  });
}

const bytes = z.custom<Uint8Array>((v) => v instanceof Uint8Array);

export function exportProducts(format: 'csv' | 'xlsx', outletId: string | null): Promise<Uint8Array> {
  const path = format === 'csv' ? PRODUCT_ROUTES.exportCsv : PRODUCT_ROUTES.exportXlsx;
  return callWithSession('GET', `${path}${outletId !== null ? `?outletId=${encodeURIComponent(outletId)}` : ''}`, bytes, { answer: 'bytes' });
}

export function formatOfFile(file: { name: string; type: string }): 'csv' | 'xlsx' {
  return file.type === XLSX_MEDIA_TYPE || /\.xlsx$/i.test(file.name) ? 'xlsx' : 'csv';
}
