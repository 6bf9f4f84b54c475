// Writing and reading the export file (its schema is on the wire, in protocol/,
// loaded on demand like every schema the counter parses).
import { witaParts } from '../../domain/time.ts';
import { loadDeviceWire } from '../../protocol/device-wire-loader.ts';
import type { OutboxExport } from '../../protocol/schemas.ts';
import { OUTBOX_EXPORT_FORMAT, OUTBOX_EXPORT_VERSION, PROTOCOL_VERSION } from '../../protocol/versions.ts';
import type { KasirDb } from '../db/database.ts';
import { unsyncedMutations } from '../db/export-repo.ts';

export { OUTBOX_EXPORT_FORMAT, OUTBOX_EXPORT_VERSION, type OutboxExport };

export async function buildOutboxExport(db: KasirDb, now: number = Date.now()): Promise<OutboxExport> {
  const [{ deviceId, mutations }, { outboxExportSchema }] = await Promise.all([unsyncedMutations(db), loadDeviceWire()]);
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

export async function parseOutboxExport(text: string): Promise<OutboxExport> {
  const { outboxExportSchema } = await loadDeviceWire();
  return outboxExportSchema.parse(JSON.parse(text));
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** `kasir-karya-belum-sinkron-3F2A-20260214-1305.json`: the device and the WITA time, so files from several devices do not collide. */
export function outboxExportFileName(file: OutboxExport): string {
  const p = witaParts(file.exportedAt);
  const device = file.deviceId.replace(/-/g, '').slice(-4).toUpperCase();
  return `kasir-karya-belum-sinkron-${device}-${pad(p.year, 4)}${pad(p.month)}${pad(p.day)}-${pad(p.hour)}${pad(p.minute)}.json`;
}
