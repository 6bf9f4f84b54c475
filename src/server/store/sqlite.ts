// SQLite in a file: the default for one counter PC or a booth laptop.
// WAL with synchronous=FULL so an acknowledged sale survives a power cut.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { Db, Row, SqlTx, SqlValue } from './db.ts';

export function openSqlite(path: string): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');

  const cache = new Map<string, Database.Statement>();
  const prepare = (sql: string): Database.Statement => {
    let s = cache.get(sql);
    if (!s) {
      s = db.prepare(sql);
      cache.set(sql, s);
    }
    return s;
  };
  const exec: SqlTx = {
    all: <T extends Row>(sql: string, params: readonly SqlValue[] = []) => {
      const s = prepare(sql);
      return Promise.resolve((s.reader ? s.all(...params) : (s.run(...params), [])) as T[]);
    },
    run: (sql: string, params: readonly SqlValue[] = []) => Promise.resolve(prepare(sql).run(...params).changes),
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
    tx,
    script: (sql) => tx(() => Promise.resolve(db.exec(sql))).then(() => undefined),
    close: async () => {
      await queue;
      db.close();
    },
  };
}
