// Backups on a schedule (BACKUP_EVERY_HOURS into data/backups, keeping
// BACKUP_KEEP), named by WITA time so an operator in Mataram reads them as
// their own clock; and the pid file that tells `npm run restore` the server
// is still running.
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { witaParts } from '../../domain/time.ts';
import { backupSqlite } from '../store/backup.ts';

export const BACKUP_PREFIX = 'kasir-';
const pad = (n: number) => String(n).padStart(2, '0');

/** kasir-2026-12-02_1930-WITA.sqlite; seconds only when two backups fall in one minute. */
export function backupName(at: number, withSeconds = false): string {
  const p = witaParts(at);
  const s = withSeconds ? pad(p.second) : '';
  return `${BACKUP_PREFIX}${p.year}-${pad(p.month)}-${pad(p.day)}_${pad(p.hour)}${pad(p.minute)}${s}-WITA.sqlite`;
}

/** The backups in `dir`, newest first (by the time in their names, which sort as text). */
export function listBackups(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.startsWith(BACKUP_PREFIX) && f.endsWith('-WITA.sqlite'))
    .sort()
    .reverse();
}

/** Deletes all but the `keep` newest; answers what it removed. */
export function pruneBackups(dir: string, keep: number): string[] {
  const old = listBackups(dir).slice(keep);
  for (const f of old) rmSync(join(dir, f), { force: true });
  return old;
}

export async function takeBackup(dbPath: string, dir: string, keep: number, at: number): Promise<string> {
  let file = join(dir, backupName(at));
  if (existsSync(file)) file = join(dir, backupName(at, true));
  await backupSqlite(dbPath, file);
  pruneBackups(dir, keep);
  return file;
}

export interface Schedule {
  stop(): void;
}

/**
 * Every `everyHours`, and soon after a start when the newest backup is
 * older than that (a server restarted every night still gets its backups).
 * A failed backup is logged and tried again at the next turn; it never
 * stops the server from selling.
 */
export function scheduleBackups(opts: { dbPath: string; dir: string; everyHours: number; keep: number; now?: () => number; log: (level: 'info' | 'error', msg: string) => void }): Schedule {
  const now = opts.now ?? Date.now;
  const every = opts.everyHours * 3_600_000;
  const newest = listBackups(opts.dir)[0];
  const lastAt = newest ? statSync(join(opts.dir, newest)).mtimeMs : 0;
  const firstIn = Math.min(every, Math.max(60_000, lastAt + every - now()));
  let timer: NodeJS.Timeout | null = null;
  const run = async () => {
    try {
      const file = await takeBackup(opts.dbPath, opts.dir, opts.keep, now());
      opts.log('info', `backup written: ${file}`);
    } catch (e) {
      opts.log('error', `backup failed: ${(e as Error).message}`);
    }
    timer = setTimeout(() => void run(), every);
    timer.unref();
  };
  timer = setTimeout(() => void run(), firstIn);
  timer.unref();
  return {
    stop() {
      if (timer) clearTimeout(timer);
    },
  };
}

export const pidFileOf = (dbPath: string) => `${dbPath}.server-pid`;

export function writePidFile(dbPath: string): () => void {
  const file = pidFileOf(dbPath);
  writeFileSync(file, String(process.pid), { mode: 0o600 });
  return () => {
    try {
      if (readFileSync(file, 'utf8') === String(process.pid)) rmSync(file, { force: true });
    } catch {
      // Gone already.
    }
  };
}

/** The pid of a server still running on this database, or null. */
export function runningServer(dbPath: string): number | null {
  const file = pidFileOf(dbPath);
  if (!existsSync(file)) return null;
  const pid = Number(readFileSync(file, 'utf8').trim());
  if (!Number.isInteger(pid) || pid <= 0) return null;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (e) {
    // EPERM: alive, but another user's.
    return (e as NodeJS.ErrnoException).code === 'EPERM' ? pid : null;
  }
}
