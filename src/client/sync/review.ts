// The supervisor's review list comes from the server, live: it is about what
// every device has sent, which no single device holds. It needs a supervisor's
// or admin's management session (issue 5), sent like every management call.
import { reviewResponseSchema, type ReviewResponse } from '../../protocol/schemas.ts';
import { REVIEW_ROUTE } from '../../protocol/routes.ts';
import { getWithSession } from './admin-api.ts';

export function fetchReview(): Promise<ReviewResponse> {
  return getWithSession(REVIEW_ROUTE, reviewResponseSchema);
}
