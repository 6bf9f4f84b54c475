// Sync rule 9 on the server: a device's mutations, in seq order, decided and
// stored in one transaction per request (batch.ts), and answered one by one.
import type { MutationEnvelope, MutationResult, PushResponse } from '../../protocol/schemas.ts';
import { num } from '../store/db.ts';
import type { Store } from '../store/store.ts';
import { applyPush, IdsTaken } from './batch.ts';
import { prepareMutation, type PreparedMutation } from './prepare.ts';

export async function lastSeq(store: Store, deviceId: string): Promise<number> {
  const [row] = await store.db.all('SELECT last_seq FROM devices WHERE id = ?', [deviceId]);
  return row ? num(row.last_seq) : 0;
}

/**
 * Rule 9. The batch is one transaction (batch.ts), so a sale is acknowledged
 * only once it is committed, and 100 sales cost one commit (one fsync)
 * instead of 100. A replay returns what was stored; a gap stops the batch
 * and names the seq to resend from.
 */
export function push(store: Store, deviceId: string, mutations: readonly MutationEnvelope[]): Promise<PushResponse> {
  return pushPrepared(
    store,
    deviceId,
    mutations.map((m) => prepareMutation(m, deviceId)),
  );
}

/** `push` for mutations already parsed and hashed (by a worker, for a big body: server/http/prepare-pool.ts). */
export async function pushPrepared(store: Store, deviceId: string, mutations: readonly PreparedMutation[]): Promise<PushResponse> {
  const sorted = [...mutations].sort((a, b) => a.seq - b.seq);
  if (sorted.length === 0) return { lastSeq: await lastSeq(store, deviceId), results: [], gap: null };
  const run = (batch: readonly PreparedMutation[], trustIds: boolean): Promise<PushResponse> =>
    store.db.tx((tx) => applyPush(tx, store.db.dialect, deviceId, batch, store.now, trustIds));
  // Ids trusted first (no reads for them); a taken one undoes that and the batch is decided from what is stored.
  const apply = (batch: readonly PreparedMutation[]): Promise<PushResponse> =>
    run(batch, true).catch((e: unknown) => {
      if (e instanceof IdsTaken) return run(batch, false);
      throw e;
    });
  try {
    return await apply(sorted);
  } catch (e) {
    if (sorted.length === 1) throw e;
  }
  // Something failed and rolled the whole batch back: an error nobody
  // foresaw, or a write racing another server. One transaction per mutation
  // keeps what comes before the failing one (a race now answers as a replay
  // or duplicate) and throws at the failing one itself.
  const results: MutationResult[] = [];
  let last: PushResponse = { lastSeq: 0, results, gap: null };
  for (const m of sorted) {
    last = await apply([m]);
    results.push(...last.results);
    if (last.gap) break;
  }
  return { lastSeq: last.lastSeq, results, gap: last.gap };
}
