// The label screen's and photo dialog's calls, with the management session,
// every answer parsed with the shared schemas (protocol/labels.ts).
import {
  photoRemoveResponseSchema,
  labelDataResponseSchema,
  labelSearchResponseSchema,
  markLabelsPrintedResponseSchema,
  pendingLabelListSchema,
  photoUploadResponseSchema,
  type LabelDataResponse,
  type LabelProduct,
  type PendingLabel,
  type PhotoUploadResponse,
} from '../../protocol/labels.ts';
import { LABEL_ROUTES } from '../../protocol/route-paths.ts';
import { getWithSession, postWithSession } from './admin-api.ts';

export async function pendingLabels(): Promise<PendingLabel[]> {
  return (await getWithSession(LABEL_ROUTES.pending, pendingLabelListSchema)).labels;
}

export async function searchLabelProducts(q: string, limit = 30): Promise<LabelProduct[]> {
  const query = new URLSearchParams({ q, limit: String(limit) });
  return (await getWithSession(`${LABEL_ROUTES.search}?${query.toString()}`, labelSearchResponseSchema)).products;
}

export function labelData(productIds: readonly string[]): Promise<LabelDataResponse> {
  return postWithSession(LABEL_ROUTES.data, labelDataResponseSchema, { productIds });
}

/** The products taken off the "Label perlu dicetak" list. */
export async function markLabelsPrinted(productIds: readonly string[], skipped = false): Promise<string[]> {
  return (await postWithSession(LABEL_ROUTES.printed, markLabelsPrintedResponseSchema, skipped ? { productIds, skipped } : { productIds })).removed;
}

export async function removeProductPhoto(productId: string): Promise<void> {
  await postWithSession(LABEL_ROUTES.removePhoto.replace(':productId', encodeURIComponent(productId)), photoRemoveResponseSchema, {});
}

export function uploadProductPhoto(productId: string, webpBase64: string): Promise<PhotoUploadResponse> {
  return postWithSession(LABEL_ROUTES.uploadPhoto.replace(':productId', encodeURIComponent(productId)), photoUploadResponseSchema, { webpBase64 });
}
