// The store: one database (SQLite or PostgreSQL behind the Db surface), its
// schema and the server's clock. The rules that use it live beside it:
// sync/ (push, pull, review), accounts/, catalog/.
import { num, type Db } from './db.ts';
import { MIGRATIONS } from './migrations.ts';

/** Any key PostgreSQL's advisory locks accept; names "kasir migrations". */
const MIGRATION_LOCK = 4_242_000_001;

export class Store {
  constructor(
    readonly db: Db,
    /** The server clock: receive times, expiries, the audit log, rate limits. Tests pass their own. */
    readonly now: () => number = Date.now,
  ) {}

  async migrate(): Promise<void> {
    await this.db.tx(async (tx) => {
      // Several processes may start at once on one PostgreSQL: one migrates,
      // the others wait here and then find nothing left to do. SQLite's
      // BEGIN IMMEDIATE already lets one in at a time.
      if (this.db.dialect === 'postgres') await tx.all(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`);
      await tx.run('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY)');
      const rows = await tx.all('SELECT version FROM schema_migrations');
      const done = new Set(rows.map((r) => num(r.version)));
      for (const [i, migration] of MIGRATIONS.entries()) {
        const version = i + 1;
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
