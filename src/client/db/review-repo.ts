// A supervisor's resolutions of the server's flags, made on this device: each
// is one 'flag.resolve' mutation in the outbox, so a resolution made with a
// weak network is kept and sent like a sale. Nothing else on the device
// changes: the flags themselves are the server's.
import { uuidv7 } from '../../domain/id.ts';
import type { ResolutionAction } from '../../domain/flag-resolution.ts';
import type { FlagResolvePayload, FlagSubjectRef } from '../../protocol/schemas.ts';
import type { KasirDb } from './database.ts';
import { queueMutation } from './outbox-repo.ts';
import type { OutboxStatus } from './schema.ts';

export interface ResolveInput {
  outletId: string;
  subject: FlagSubjectRef;
  action: ResolutionAction;
  note: string;
  /** The supervisor or admin signed in on this device. */
  by: string;
  /** stock-count only. */
  counted?: number | null;
  /** stock-count of a stock document: the product counted (a stock flag names it in its subject). */
  productId?: string | null;
  now?: number;
}

/** The payload of a resolution as both ends read it (ids made here, sync rule 1). */
export function resolutionPayload(input: ResolveInput): FlagResolvePayload {
  const now = input.now ?? Date.now();
  return {
    id: uuidv7(now),
    outletId: input.outletId,
    subject: input.subject,
    action: input.action,
    note: input.note.trim(),
    by: input.by,
    createdAt: now,
    count:
      input.action === 'stock-count'
        ? { counted: input.counted ?? 0, stockEventId: uuidv7(now), ...(input.subject.kind === 'stock-doc' && input.productId ? { productId: input.productId } : {}) }
        : null,
  };
}

/** Queues a resolution for the server; the payload's schema refuses what the server would. */
export async function resolveFlag(db: KasirDb, input: ResolveInput): Promise<FlagResolvePayload> {
  const payload = resolutionPayload(input);
  await db.transaction('rw', [db.device, db.outbox], async () => {
    await queueMutation(db, 'flag.resolve', payload, { id: payload.id, deviceTime: payload.createdAt });
  });
  return payload;
}

export interface QueuedResolution {
  payload: FlagResolvePayload;
  status: OutboxStatus;
  /** The server's words when it refused it. */
  reason: string | null;
}

/** Resolutions this device made that the server has not taken (yet): waiting, in flight or refused. */
export async function unsyncedResolutions(db: KasirDb): Promise<QueuedResolution[]> {
  // 'inflight' < 'pending' < 'rejected': one range over the index, never the acknowledged rows.
  const rows = await db.outbox.where('[status+seq]').between(['inflight', 0], ['rejected', Infinity], true, true).toArray();
  return rows
    .filter((r) => r.type === 'flag.resolve')
    .sort((a, b) => a.seq - b.seq)
    .map((r) => ({ payload: r.payload as FlagResolvePayload, status: r.status, reason: r.result }));
}
