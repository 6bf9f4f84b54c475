// The store: one database (SQLite or PostgreSQL behind the Db surface), its
// schema and the server's clock. The rules that use it live beside it:
// sync/ (push, pull, review), accounts/, catalog/.
import { num, type Db } from './db.ts';
import { MIGRATIONS } from './migrations.ts';

/** Any key PostgreSQL's advisory locks accept; names "kasir migrations". */
const MIGRATION_LOCK = 4_242_000_001;

/**
 * The database was migrated by a newer release than this code. Migrations only
 * go forward, so this code cannot know what the newer tables and columns
 * hold: writing with it could store rows the newer code reads wrong. It
 * refuses before writing anything.
 */
export class SchemaTooNewError extends Error {
  constructor(
    readonly found: number,
    readonly known: number,
  ) {
    super(
      `The database has schema ${found}, newer than this version of Kasir Karya knows (${known}): a newer version has upgraded it. ` +
        'Start that version again, or restore the backup taken before the upgrade (README, "Upgrading").',
    );
    this.name = 'SchemaTooNewError';
  }
}

/** Told how long each transaction took, from asking for it to its answer (the disk's flush included). */
export type TransactionObserver = (seconds: number, ok: boolean) => void;

export class Store {
  readonly db: Db;
  private readonly observers = new Set<TransactionObserver>();

  constructor(
    db: Db,
    /** The server clock: receive times, expiries, the audit log, rate limits. Tests pass their own. */
    readonly now: () => number = Date.now,
  ) {
    const observers = this.observers;
    const timed = async <T>(run: () => Promise<T>): Promise<T> => {
      if (observers.size === 0) return run();
      const start = performance.now();
      let ok = false;
      try {
        const out = await run();
        ok = true;
        return out;
      } finally {
        const seconds = (performance.now() - start) / 1000;
        for (const o of observers) o(seconds, ok);
      }
    };
    const wrapped: Db = {
      dialect: db.dialect,
      tx: (fn) => timed(() => db.tx(fn)),
      all: (sql, params) => timed(() => db.all(sql, params)),
      run: (sql, params) => timed(() => db.run(sql, params)),
      exec: (sql) => timed(() => db.exec(sql)),
      close: () => db.close(),
    };
    const runEach = db.runEach?.bind(db);
    if (runEach) wrapped.runEach = (sql, rows) => timed(() => runEach(sql, rows));
    this.db = wrapped;
  }

  /**
   * After a bulk write (an import, a big catalog upsert): fresh planner
   * statistics. PostgreSQL plans from statistics autovacuum refreshes up to a
   * minute later; in between, a 50,000-product list planned from the counts of
   * an empty table took 150-500 ms instead of 15-80. SQLite is left alone:
   * with `PRAGMA optimize`'s statistics its plans for the same list got
   * slower (p95 32 ms without, 120 ms with).
   */
  async refreshStatistics(tables: readonly ('products' | 'stock_levels')[]): Promise<void> {
    if (this.db.dialect === 'postgres') await this.db.exec(`ANALYZE ${tables.join(', ')}`);
  }

  /** Metrics: every transaction's time from now on; answers the way to stop. */
  observeTransactions(observer: TransactionObserver): () => void {
    this.observers.add(observer);
    return () => this.observers.delete(observer);
  }

  /** Brings the schema to the newest version (or to `upTo`, for tests that build an older schema first). */
  async migrate(upTo: number = MIGRATIONS.length): Promise<void> {
    await this.db.tx(async (tx) => {
      // Several processes may start at once on one PostgreSQL: one migrates,
      // the others wait here and then find nothing left to do. SQLite's
      // BEGIN IMMEDIATE already lets one in at a time.
      if (this.db.dialect === 'postgres') await tx.all(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`);
      await tx.run('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY)');
      const rows = await tx.all('SELECT version FROM schema_migrations');
      const done = new Set(rows.map((r) => num(r.version)));
      const newest = Math.max(0, ...done);
      if (newest > MIGRATIONS.length) throw new SchemaTooNewError(newest, MIGRATIONS.length);
      for (const [i, migration] of MIGRATIONS.entries()) {
        const version = i + 1;
        if (version > upTo) break;
        if (done.has(version)) continue;
        await tx.exec(typeof migration === 'string' ? migration : migration[this.db.dialect]);
        await tx.run('INSERT INTO schema_migrations (version) VALUES (?)', [version]);
      }
    });
  }

  /** A real write, as a sale's would be: the health check's proof that the disk and the database still take one. */
  async probeWrite(): Promise<void> {
    await this.db.run(
      "INSERT INTO counters (name, value) VALUES ('health-probe', ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value",
      [this.now()],
    );
  }

  close(): Promise<void> {
    return this.db.close();
  }
}
