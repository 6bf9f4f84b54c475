// The file a device exports when its unsynced sales cannot reach the server
// the usual way. The server's import route replays it through the same push
// rules (seq per device, id and payload hash), so importing twice, or after
// the device synced after all, stores nothing twice.
// TODO(protocol): move the schema to src/protocol/schemas.ts next to the import route.
import { z } from 'zod';
import { witaParts } from '../../domain/time.ts';
import { mutationEnvelopeSchema, PROTOCOL_VERSION } from '../../protocol/schemas.ts';
import type { KasirDb } from '../db/database.ts';
import { unsyncedMutations } from '../db/export-repo.ts';

export const OUTBOX_EXPORT_FORMAT = 'kasir-karya-outbox';
export const OUTBOX_EXPORT_VERSION = 1;

export const outboxExportSchema = z
  .object({
    format: z.literal(OUTBOX_EXPORT_FORMAT),
    version: z.literal(OUTBOX_EXPORT_VERSION),
    deviceId: z.string().min(1).max(64),
    /** The wire version the payloads were written in, so the server knows how to read them. */
    protocolVersion: z.number().int(),
    /** Epoch ms on the device's clock; for people, never for ordering. */
    exportedAt: z.number().int().min(0),
    mutations: z.array(mutationEnvelopeSchema),
  })
  .superRefine((file, ctx) => {
    // Seq is the device's order and the server's dedup key: it must only go up.
    for (let i = 1; i < file.mutations.length; i++) {
      const prev = file.mutations[i - 1];
      const cur = file.mutations[i];
      if (prev && cur && cur.seq <= prev.seq) {
        ctx.addIssue({ code: 'custom', path: ['mutations', i, 'seq'], message: `seq ${cur.seq} follows ${prev.seq}; seqs must rise` });
      }
    }
    const ids = new Set<string>();
    for (const [i, m] of file.mutations.entries()) {
      if (ids.has(m.id)) ctx.addIssue({ code: 'custom', path: ['mutations', i, 'id'], message: `mutation id ${m.id} appears twice` });
      ids.add(m.id);
    }
  });

export type OutboxExport = z.infer<typeof outboxExportSchema>;

export async function buildOutboxExport(db: KasirDb, now: number = Date.now()): Promise<OutboxExport> {
  const { deviceId, mutations } = await unsyncedMutations(db);
  // Parsing what we are about to hand over catches a malformed file here, not at the admin's desk.
  return outboxExportSchema.parse({
    format: OUTBOX_EXPORT_FORMAT,
    version: OUTBOX_EXPORT_VERSION,
    deviceId,
    protocolVersion: PROTOCOL_VERSION,
    exportedAt: now,
    mutations,
  });
}

export function serializeOutboxExport(file: OutboxExport): string {
  return JSON.stringify(file, null, 2);
}

export function parseOutboxExport(text: string): OutboxExport {
  return outboxExportSchema.parse(JSON.parse(text));
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** `kasir-karya-belum-sinkron-3F2A-20260214-1305.json`: the device and the WITA time, so files from several devices do not collide. */
export function outboxExportFileName(file: OutboxExport): string {
  const p = witaParts(file.exportedAt);
  const device = file.deviceId.replace(/-/g, '').slice(-4).toUpperCase();
  return `kasir-karya-belum-sinkron-${device}-${pad(p.year, 4)}${pad(p.month)}${pad(p.day)}-${pad(p.hour)}${pad(p.minute)}.json`;
}
