// The supervisor's review list comes from the server, live: it is about what
// every device has sent, which no single device holds. Two ways in: a
// supervisor's or admin's management session (password), or this enrolled
// device's credential for the supervisor signed in on it by PIN, whom the
// server checks is one at the device's outlet now.
import { reviewResponseSchema, resolvedFlagSchema, type FlagResolvePayload, type ResolvedFlag, type ReviewResponse } from '../../protocol/schemas.ts';
import { RESOLVE_FLAG_ROUTE, REVIEW_ROUTE } from '../../protocol/route-paths.ts';
import { getDevice } from '../db/device-repo.ts';
import type { KasirDb } from '../db/database.ts';
import { isEnrolled } from '../db/auth-repo.ts';
import { NetClient, NetError } from '../net/http.ts';
import { ManagementError } from '../shared/services/management-session.ts';
import { failure, getWithSession, postWithSession } from './admin-api.ts';

const net = new NetClient();

export function fetchReview(): Promise<ReviewResponse> {
  return getWithSession(REVIEW_ROUTE, reviewResponseSchema);
}

/** The review of this device's outlet, for `userId`, the supervisor or admin signed in on it. */
export async function fetchReviewAsDevice(db: KasirDb, userId: string): Promise<ReviewResponse> {
  const device = await getDevice(db);
  if (!device || !isEnrolled(device)) throw new ManagementError('unauthenticated', 'this device is not enrolled');
  try {
    const answer = await net.call({
      method: 'GET',
      path: `${REVIEW_ROUTE}?${new URLSearchParams({ userId }).toString()}`,
      schema: reviewResponseSchema,
      credential: { kind: 'device', read: async () => (await getDevice(db))?.credential ?? '' },
    });
    return answer.data;
  } catch (e) {
    if (e instanceof NetError) throw failure(e.problem, false);
    throw e;
  }
}

/** A resolution sent online with the management session (no device to queue it on). */
export function resolveWithSession(payload: FlagResolvePayload): Promise<ResolvedFlag> {
  return postWithSession(RESOLVE_FLAG_ROUTE, resolvedFlagSchema, payload);
}
