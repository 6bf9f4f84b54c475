// SQLite's online backup: a consistent copy taken page by page while the
// server keeps serving (a file copy of a WAL database can tear), checked
// with integrity_check before anyone relies on it.
import Database from 'better-sqlite3';
import { chmodSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';

export class BackupProblem extends Error {}

/** integrity_check of a database file: 'ok', or what SQLite found wrong. */
export function integrityOf(path: string): string {
  if (!existsSync(path)) throw new BackupProblem(`${path} does not exist`);
  let db: Database.Database;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
  } catch (e) {
    throw new BackupProblem(`${path} cannot be opened as a SQLite database: ${(e as Error).message}`);
  }
  try {
    const rows = db.pragma('integrity_check') as { integrity_check: string }[];
    return rows.map((r) => r.integrity_check).join('; ');
  } catch (e) {
    return (e as Error).message;
  } finally {
    db.close();
  }
}

/**
 * Copies the live database at `source` into `dest` (a new file, 0600, in a
 * 0700 folder) and checks the copy. The copy is written beside `dest` first
 * and renamed when checked, so a half-made backup never carries its name.
 */
export async function backupSqlite(source: string, dest: string): Promise<{ bytes: number }> {
  if (!existsSync(source)) throw new BackupProblem(`there is no database at ${source}`);
  if (existsSync(dest)) throw new BackupProblem(`${dest} exists already: choose a new file name`);
  const dir = dirname(dest);
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode: 0o700 });
  const partial = `${dest}.partial`;
  rmSync(partial, { force: true });
  const src = new Database(source, { fileMustExist: true });
  try {
    src.pragma('busy_timeout = 5000');
    await src.backup(partial);
  } finally {
    src.close();
  }
  chmodSync(partial, 0o600);
  // One self-contained file: a backup in WAL mode would need its -wal beside it.
  const copy = new Database(partial);
  let pages = 0;
  try {
    copy.pragma('journal_mode = DELETE');
    pages = Number(copy.pragma('page_count', { simple: true })) * Number(copy.pragma('page_size', { simple: true }));
  } finally {
    copy.close();
  }
  const check = integrityOf(partial);
  if (check !== 'ok') {
    rmSync(partial, { force: true });
    throw new BackupProblem(`the copy failed its integrity check (${check}); the database itself may be damaged: keep the server's files and ask for help`);
  }
  renameSync(partial, dest);
  return { bytes: pages };
}
