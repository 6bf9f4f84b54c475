// SQLite in a file: the default for one counter PC or a booth laptop. WAL,
// and an acknowledged sale survives a power cut: every transaction's answer
// waits for the WAL's fsync (wal-sync.ts), which runs off the event loop.
import { chmodSync, closeSync, existsSync, fsyncSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { isIoError, startCheckpointer, type CheckpointerOptions } from './checkpointer.ts';
import type { Db, Row, SqlTx, SqlValue } from './db.ts';
import { StorageFailed, WalSync, type FsyncFn } from './wal-sync.ts';

/** The WAL beside the file SQLite actually opened (a symlinked path resolves elsewhere). */
function walPathOf(db: Database.Database): string {
  const main = (db.pragma('database_list') as { name: string; file: string }[]).find((d) => d.name === 'main');
  return `${main?.file ?? db.name}-wal`;
}

export interface SqliteOptions {
  /** The WAL's fsync; tests hold it back or make it fail. */
  fsync?: FsyncFn;
  /** Checkpointer settings; tests want a small WAL. */
  checkpoints?: CheckpointerOptions;
}

/**
 * WAL is stored in the file, so this only changes a new one. Two processes
 * opening a new file together: switching needs the file alone for a moment,
 * and SQLite answers SQLITE_BUSY at once rather than waiting for the other.
 */
function switchToWal(db: Database.Database): string {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (let attempt = 1; ; attempt++) {
    try {
      return String(db.pragma('journal_mode = WAL', { simple: true }));
    } catch (e) {
      if (!(e instanceof Database.SqliteError && e.code === 'SQLITE_BUSY') || attempt >= 50) throw e;
      // Start-up only, before anything is served: blocking here is harmless.
      Atomics.wait(pause, 0, 0, 20 * attempt);
    }
  }
}

/**
 * The database holds PIN hashes, session and device secrets' hashes and every
 * sale: only the server's own user may read it. A new data folder is 0700 and
 * the file 0600 (SQLite gives the -wal and -shm files the database file's
 * mode); an existing file left readable by others is narrowed.
 */
function keepPrivate(path: string): void {
  const dir = dirname(path);
  if (!existsSync(dir)) {
    const first = mkdirSync(dir, { recursive: true, mode: 0o700 });
    // A new folder's entry lives in its parent: until the parent is synced,
    // a power cut can take the folder, and the database in it, away.
    if (first) syncParents(dir, first);
  }
  if (!existsSync(path)) closeSync(openSync(path, 'a', 0o600));
  for (const file of [path, `${path}-wal`, `${path}-shm`]) {
    if (existsSync(file) && (statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  }
}

/** fsyncs the parent of every folder from `dir` up to `first`, the topmost one just made. */
function syncParents(dir: string, first: string): void {
  for (let d = dir; ; d = dirname(d)) {
    const fd = openSync(dirname(d), 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    if (d === first || dirname(d) === d) return;
  }
}

export function openSqlite(path: string, options: SqliteOptions = {}): Db {
  const inFile = path !== ':memory:' && path !== '';
  if (inFile) keepPrivate(path);
  const db = new Database(path);
  db.pragma('busy_timeout = 5000');
  const wal = switchToWal(db) === 'wal' && inFile;
  db.pragma('foreign_keys = ON');
  // A first read makes SQLite create the WAL (a new file has none yet).
  if (wal) db.prepare('SELECT count(*) FROM sqlite_master').get();
  // Where the WAL cannot be fsynced from here (not in WAL mode, or the file
  // refuses), SQLite's own FULL keeps the promise instead, inside COMMIT.
  const sync = wal ? WalSync.open(walPathOf(db), options.fsync) : null;
  db.pragma(sync ? 'synchronous = NORMAL' : 'synchronous = FULL');
  // An I/O error inside SQLite (a checkpoint's copy or sync, a commit's
  // write) is final like a failed WAL fsync: Linux reports a lost write-back
  // once, so going on could build on pages that never reached the disk.
  let ioFailure: StorageFailed | null = null;
  const stop = (detail: string): StorageFailed =>
    (ioFailure ??= new StorageFailed(
      `the database met a disk error (${detail}); nothing more is accepted. ` +
        'Check the disk, then restart the server: it copies the pages again from its write-ahead log, and devices resend every sale that was not acknowledged.',
    ));
  const stopOnIoError = (e: unknown): unknown => (e instanceof Database.SqliteError && isIoError(e.code) ? stop(`${e.code}: ${e.message}`) : e);
  const checkpointer = wal ? startCheckpointer(db, path, options.checkpoints, stop) : null;
  // Another process's commits on this file change data_version: a read that
  // saw them waits for an fsync of the WAL, which covers their frames too.
  // Asked after every transaction that only read, so prepared once.
  const dataVersionStmt = db.prepare('PRAGMA data_version').pluck();
  const dataVersion = (): number => Number(dataVersionStmt.get());
  let seenVersion = dataVersion();

  // Statement text comes in a bounded number of shapes (sql.ts); the cap only
  // guards against a caller that builds text per call.
  const cache = new Map<string, Database.Statement>();
  const prepare = (sql: string): Database.Statement => {
    let s = cache.get(sql);
    if (!s) {
      s = db.prepare(sql);
      if (cache.size >= 1_000) cache.delete(cache.keys().next().value ?? '');
      cache.set(sql, s);
    }
    return s;
  };
  // Whether the open transaction ran anything but reads: only then does its
  // commit need an fsync of its own.
  let wrote = false;
  // Parameters go over as one array, not spread into arguments: a multi-row
  // insert has thousands of them.
  const exec: SqlTx = {
    all: <T extends Row>(sql: string, params: readonly SqlValue[] = []) => {
      const s = prepare(sql);
      // INSERT ... RETURNING is a reader that writes.
      if (!s.readonly) wrote = true;
      if (s.reader) return Promise.resolve(s.all(params) as T[]);
      s.run(params);
      return Promise.resolve([]);
    },
    run: (sql: string, params: readonly SqlValue[] = []) => {
      wrote = true;
      return Promise.resolve(prepare(sql).run(params).changes);
    },
    exec: (sql: string) => {
      wrote = true;
      return Promise.resolve(void db.exec(sql));
    },
    runEach: (sql: string, rows: readonly (readonly SqlValue[])[]) => {
      wrote = true;
      const s = prepare(sql);
      let changes = 0;
      for (const row of rows) changes += s.run(row).changes;
      return Promise.resolve(changes);
    },
  };

  // better-sqlite3 is synchronous but our transactions await between
  // statements; one queue keeps two requests from interleaving inside one.
  let queue: Promise<unknown> = Promise.resolve();
  /** What a transaction that wrote nothing waits for: every commit it could have seen. */
  const readUpTo = (): number => {
    if (!sync) return 0;
    const version = dataVersion();
    if (version === seenVersion) return sync.latest;
    seenVersion = version;
    return sync.committed();
  };
  const tx = <T>(fn: (t: SqlTx) => Promise<T>): Promise<T> => {
    const next = queue.then(async () => {
      const broken = sync?.broken ?? ioFailure;
      if (broken) throw broken;
      try {
        checkpointer?.bound();
      } catch (e) {
        throw stopOnIoError(e);
      }
      db.exec('BEGIN IMMEDIATE');
      wrote = false;
      try {
        const out = await fn(exec);
        try {
          db.exec('COMMIT');
        } catch (e) {
          throw stopOnIoError(e);
        }
        if (!wrote) return { out, upTo: readUpTo() };
        checkpointer?.committed();
        return { out, upTo: sync?.committed() ?? 0 };
      } catch (e) {
        if (db.inTransaction) db.exec('ROLLBACK');
        // A refusal may rest on rows not yet on disk ("code already used"): it waits like an answer.
        await sync?.whenDurable(readUpTo()).catch(() => undefined);
        throw e;
      }
    });
    queue = next.catch(() => undefined);
    // The queue moves on at once; the answer waits for the disk.
    return next.then(async ({ out, upTo }) => {
      await sync?.whenDurable(upTo);
      return out;
    });
  };

  return {
    dialect: 'sqlite',
    all: (sql, params) => tx((t) => t.all(sql, params)),
    run: (sql, params) => tx((t) => t.run(sql, params)),
    exec: (sql) => tx((t) => t.exec(sql)),
    tx,
    close: async () => {
      await queue;
      if (ioFailure) {
        // Closing the last connection would checkpoint and delete the WAL,
        // the one copy the restart needs. The process exits with it open:
        // the next start recovers from the WAL and copies every page again.
        await checkpointer?.close();
        sync?.close();
        return;
      }
      // Answers still waiting for the disk get it before the file is closed.
      await sync?.whenDurable(sync.latest).catch(() => undefined);
      await checkpointer?.close();
      db.close();
      sync?.close();
    },
  };
}
