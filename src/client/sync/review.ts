// The supervisor's review list comes from the server, live: it is about what
// every device has sent, which no single device holds.
import { errorResponseSchema, REVIEW_ROUTE, reviewResponseSchema, type ReviewResponse } from '../../protocol/schemas.ts';

export async function fetchReview(fetchFn: typeof fetch = (...a) => globalThis.fetch(...a)): Promise<ReviewResponse> {
  const res = await fetchFn(REVIEW_ROUTE);
  const body: unknown = await res.json().catch(() => undefined);
  if (!res.ok) {
    const err = errorResponseSchema.safeParse(body);
    throw new Error(err.success ? err.data.error.message : `HTTP ${res.status}`);
  }
  return reviewResponseSchema.parse(body);
}
