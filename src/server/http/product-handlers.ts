// Routes of product administration (issue 14): the list, the form, in-store
// codes, import and export. Supervisors and admins (access 'staff'); a
// supervisor's stock is their own outlet's.
import type { FastifyRequest } from 'fastify';
import { XLSX_MEDIA_TYPE } from '../../protocol/products.ts';
import type { ROUTE_TABLE } from '../../protocol/routes.ts';
import { importLangOf } from '../catalog/import-words.ts';
import * as products from '../catalog/product-service.ts';
import type { ProductAct } from '../catalog/products.ts';
import type { Store } from '../store/store.ts';
import { principalOf } from './guard.ts';
import type { RouteHandlers } from './routes.ts';

function actOf(req: FastifyRequest, now: () => number): ProductAct {
  const p = principalOf(req);
  if (p.kind !== 'session') throw new Error('a staff route was reached without a session');
  return { at: now(), actorId: p.user.id, outletScope: p.user.role === 'admin' ? null : p.user.outletId };
}

export function productHandlers(store: Store, now: () => number) {
  return {
    listProducts: ({ query, req }) => products.productList(store, query, actOf(req, now)),
    createProduct: ({ body, req }) => products.addProduct(store, body, actOf(req, now)),
    getProduct: ({ params }) => products.productOne(store, params.productId),
    updateProduct: ({ params, body, req }) => products.changeProduct(store, params.productId, body, actOf(req, now)),
    nextProductBarcode: async () => ({ barcode: await products.nextBarcode(store) }),
    importProducts: ({ query, body, req }) =>
      products.importSheet(store, body, String(req.headers['content-type'] ?? '').startsWith(XLSX_MEDIA_TYPE) ? 'xlsx' : 'csv', {
        dryRun: query.dryRun,
        outletId: query.outletId ?? null,
        createProducers: query.createProducers,
        lang: importLangOf(req.headers['accept-language']),
      }, actOf(req, now)),
    exportProductsCsv: ({ query, req }) => products.exportFile(store, 'csv', query.outletId ?? null, actOf(req, now)),
    exportProductsXlsx: ({ query, req }) => products.exportFile(store, 'xlsx', query.outletId ?? null, actOf(req, now)),
  } satisfies Partial<RouteHandlers<typeof ROUTE_TABLE>>;
}
