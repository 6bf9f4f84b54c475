// What a device still owes the server, read for export to a file: the way
// out when the queue cannot drain (an app too old for the server, a refused
// sale, a device that will never come online again).
import type { MutationEnvelope } from '../../protocol/schemas.ts';
import type { KasirDb } from './database.ts';
import type { OutboxStatus } from './schema.ts';

export interface UnsyncedMutations {
  deviceId: string;
  outletId: string;
  /** Every pending, inflight and refused mutation, by seq. */
  mutations: MutationEnvelope[];
}

const UNSYNCED: readonly OutboxStatus[] = ['pending', 'inflight', 'rejected'];

/** One read transaction, so the device row and the queue are one snapshot even while a sync runs. */
export async function unsyncedMutations(db: KasirDb): Promise<UnsyncedMutations> {
  return db.transaction('r', [db.device, db.outbox], async () => {
    const device = await db.device.get('self');
    if (!device) throw new Error('device identity missing; restart the app');
    const groups = await Promise.all(
      UNSYNCED.map((s) => db.outbox.where('[status+seq]').between([s, -Infinity], [s, Infinity]).toArray()),
    );
    const rows = groups.flat().sort((a, b) => a.seq - b.seq);
    return {
      deviceId: device.deviceId,
      outletId: device.outletId,
      mutations: rows.map((r) => ({ seq: r.seq, id: r.id, type: r.type, payload: r.payload, deviceTime: r.deviceTime })),
    };
  });
}

