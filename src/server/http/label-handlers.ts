// Routes of the label screen and of product photos: the "Label perlu
// dicetak" list, label data, the product search that chooses labels, a photo
// upload (supervisors and admins) and the photo itself (open, cached for ever).
import type { FastifyRequest } from 'fastify';
import type { ROUTE_TABLE } from '../../protocol/routes.ts';
import { labelData, markLabelsPrinted, pendingLabels, searchLabelProducts, type LabelAct } from '../catalog/labels.ts';
import { readPhoto, removePhoto, savePhoto } from '../catalog/photos.ts';
import type { Store } from '../store/store.ts';
import { principalOf } from './guard.ts';
import { HttpError } from './http-error.ts';
import type { RouteHandlers } from './routes.ts';
import { IMMUTABLE_PUBLIC } from './security.ts';

function actOf(req: FastifyRequest, now: () => number): LabelAct {
  const p = principalOf(req);
  // The table lets only sessions of supervisors and admins in; a device never gets here.
  if (p.kind !== 'session') throw new HttpError(403, 'forbidden', 'labels and photos are managed from a supervisor\'s or admin\'s session');
  return { at: now(), actorId: p.user.id, outletId: p.user.outletId };
}

export function labelHandlers(store: Store, now: () => number) {
  return {
    listPendingLabels: async () => ({ labels: await pendingLabels(store) }),

    markLabelsPrinted: async ({ body, req }) => ({ removed: await markLabelsPrinted(store, body.productIds, actOf(req, now), body.skipped === true) }),

    labelData: async ({ body }) => labelData(store, body.productIds),

    searchLabelProducts: async ({ query }) => ({ products: await searchLabelProducts(store, query.q, query.limit ?? 30) }),

    uploadProductPhoto: async ({ params, body, req }) => savePhoto(store, params.productId, body.webpBase64, actOf(req, now)),

    removeProductPhoto: async ({ params, req }) => removePhoto(store, params.productId, actOf(req, now)),

    productPhoto: async ({ params, req, reply }) => {
      const photo = await readPhoto(store, params.productId, params.version);
      if (photo === null) throw new HttpError(404, 'not-found', `product ${params.productId} has no photo of version ${params.version}; pull the catalog for its current URL`);
      const etag = `"${photo.hash}"`;
      void reply.type('image/webp').header('cache-control', IMMUTABLE_PUBLIC).header('etag', etag);
      if (req.headers['if-none-match'] === etag) {
        void reply.code(304);
        return new Uint8Array(0);
      }
      return photo.bytes;
    },
  } satisfies Partial<RouteHandlers<typeof ROUTE_TABLE>>;
}
