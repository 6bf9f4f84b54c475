// Fleet health: every device request carries the device's own report
// (app version, what waits unsynced and since when, storage), kept as one
// row per device for /admin. Telemetry never costs a sale: an unreadable
// report is ignored, and the write happens after the answer went out.
import { deviceHealthSchema, type DeviceHealth } from '../../protocol/auth.ts';
import { num, optNum, str, type Row, type SqlTx } from '../store/db.ts';
import type { Store } from '../store/store.ts';

/** A report longer than this is not a health report. */
const MAX_HEADER = 1024;
/** An unchanged report is written again at most this often (last seen is kept elsewhere). */
const REWRITE_EVERY_MS = 5 * 60_000;

export function parseHealthHeader(raw: string | string[] | undefined): DeviceHealth | null {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > MAX_HEADER) return null;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return null;
  }
  const r = deviceHealthSchema.safeParse(json);
  return r.success ? r.data : null;
}

export interface FleetRecorder {
  /** After a device's request was answered: its report, and whether it was a push that went through. */
  heard(deviceId: string, health: DeviceHealth | null, pushed: boolean): Promise<void>;
}

export function fleetRecorder(store: Store): FleetRecorder {
  const written = new Map<string, { key: string; at: number }>();
  return {
    async heard(deviceId, health, pushed) {
      const now = store.now();
      if (health === null && !pushed) return;
      const key = JSON.stringify(health);
      const last = written.get(deviceId);
      if (!pushed && last && last.key === key && now - last.at < REWRITE_EVERY_MS) return;
      await store.db.tx((tx) => upsertHealth(tx, deviceId, health, pushed ? now : null, now));
      written.set(deviceId, { key, at: now });
    },
  };
}

async function upsertHealth(tx: SqlTx, deviceId: string, h: DeviceHealth | null, pushedAt: number | null, now: number): Promise<void> {
  if (h === null) {
    // A push from an app too old to report: only the push time is news.
    await tx.run('UPDATE device_health SET last_push_at = ? WHERE device_id = ?', [pushedAt, deviceId]);
    return;
  }
  await tx.run(
    `INSERT INTO device_health (device_id, reported_at, app_version, pending, oldest_unsynced_at, persisted, storage_used, storage_quota, last_push_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (device_id) DO UPDATE SET reported_at = excluded.reported_at, app_version = excluded.app_version,
       pending = excluded.pending, oldest_unsynced_at = excluded.oldest_unsynced_at, persisted = excluded.persisted,
       storage_used = excluded.storage_used, storage_quota = excluded.storage_quota,
       last_push_at = COALESCE(excluded.last_push_at, device_health.last_push_at)`,
    [deviceId, now, h.appVersion, h.pending, h.oldestUnsyncedAt, h.persisted === null ? null : h.persisted ? 1 : 0, h.storageUsed, h.storageQuota, pushedAt],
  );
}

/** The admin list's view of one row of device_health (joined as h_*), or null. */
export function healthOfRow(r: Row) {
  if (r.h_reported_at === null || r.h_reported_at === undefined) return null;
  const persisted = optNum(r.h_persisted);
  return {
    reportedAt: num(r.h_reported_at),
    appVersion: str(r.h_app_version),
    pending: num(r.h_pending),
    oldestUnsyncedAt: optNum(r.h_oldest_unsynced_at),
    persisted: persisted === null ? null : persisted === 1,
    storageUsed: optNum(r.h_storage_used),
    storageQuota: optNum(r.h_storage_quota),
    lastPushAt: optNum(r.h_last_push_at),
  };
}

/** Columns for DEVICE_SELECT's join. */
export const HEALTH_COLUMNS =
  'h.reported_at AS h_reported_at, h.app_version AS h_app_version, h.pending AS h_pending, h.oldest_unsynced_at AS h_oldest_unsynced_at, ' +
  'h.persisted AS h_persisted, h.storage_used AS h_storage_used, h.storage_quota AS h_storage_quota, h.last_push_at AS h_last_push_at';
