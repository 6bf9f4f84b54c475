// SQLite in a file: the default for one counter PC or a booth laptop.
// WAL with synchronous=FULL so an acknowledged sale survives a power cut.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { startCheckpointer } from './checkpointer.ts';
import type { Db, Row, SqlTx, SqlValue } from './db.ts';

/**
 * WAL is stored in the file, so this only changes a new one. Two processes
 * opening a new file together: switching needs the file alone for a moment,
 * and SQLite answers SQLITE_BUSY at once rather than waiting for the other.
 */
function switchToWal(db: Database.Database): void {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (let attempt = 1; ; attempt++) {
    try {
      db.pragma('journal_mode = WAL');
      return;
    } catch (e) {
      if (!(e instanceof Database.SqliteError && e.code === 'SQLITE_BUSY') || attempt >= 50) throw e;
      // Start-up only, before anything is served: blocking here is harmless.
      Atomics.wait(pause, 0, 0, 20 * attempt);
    }
  }
}

export function openSqlite(path: string): Db {
  if (path !== ':memory:' && path !== '') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('busy_timeout = 5000');
  switchToWal(db);
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  const checkpointer = path !== ':memory:' && path !== '' ? startCheckpointer(db, path) : null;

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
  // Parameters go over as one array, not spread into arguments: a multi-row
  // insert has thousands of them.
  const exec: SqlTx = {
    all: <T extends Row>(sql: string, params: readonly SqlValue[] = []) => {
      const s = prepare(sql);
      return Promise.resolve((s.reader ? s.all(params) : (s.run(params), [])) as T[]);
    },
    run: (sql: string, params: readonly SqlValue[] = []) => Promise.resolve(prepare(sql).run(params).changes),
    exec: (sql: string) => Promise.resolve(void db.exec(sql)),
    runEach: (sql: string, rows: readonly (readonly SqlValue[])[]) => {
      const s = prepare(sql);
      let changes = 0;
      for (const row of rows) changes += s.run(row).changes;
      return Promise.resolve(changes);
    },
  };

  // better-sqlite3 is synchronous but our transactions await between
  // statements; one queue keeps two requests from interleaving inside one.
  let queue: Promise<unknown> = Promise.resolve();
  const tx = <T>(fn: (t: SqlTx) => Promise<T>): Promise<T> => {
    const next = queue.then(async () => {
      db.exec('BEGIN IMMEDIATE');
      try {
        const out = await fn(exec);
        db.exec('COMMIT');
        checkpointer?.committed();
        return out;
      } catch (e) {
        if (db.inTransaction) db.exec('ROLLBACK');
        throw e;
      }
    });
    queue = next.catch(() => undefined);
    return next;
  };

  return {
    dialect: 'sqlite',
    all: (sql, params) => tx((t) => t.all(sql, params)),
    run: (sql, params) => tx((t) => t.run(sql, params)),
    exec: (sql) => tx((t) => t.exec(sql)),
    tx,
    close: async () => {
      await queue;
      await checkpointer?.close();
      db.close();
    },
  };
}
