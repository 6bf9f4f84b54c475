// PostgreSQL for deployments beyond one machine: several server processes
// share it. Statements are written with `?` (the SQLite form) and numbered here.
import pg from 'pg';
import type { Db, Row, SqlTx, SqlValue } from './db.ts';

const renumbered = new Map<string, string>();

function numbered(sql: string): string {
  let out = renumbered.get(sql);
  if (out === undefined) {
    let i = 0;
    out = sql.replace(/\?/g, () => `$${++i}`);
    // The store's statements come in a few hundred shapes at most; the cap guards against anything else.
    if (renumbered.size < 2_000) renumbered.set(sql, out);
  }
  return out;
}

function wrap(client: pg.Pool | pg.PoolClient): SqlTx {
  return {
    all: async <T extends Row>(sql: string, params: readonly SqlValue[] = []) =>
      (await client.query(numbered(sql), params as SqlValue[])).rows as T[],
    run: async (sql: string, params: readonly SqlValue[] = []) =>
      (await client.query(numbered(sql), params as SqlValue[])).rowCount ?? 0,
    // No parameters: the simple protocol, which accepts several statements.
    exec: async (sql: string) => {
      await client.query(sql);
    },
  };
}

export async function openPostgres(url: string): Promise<Db> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle connection the server closed (restart, failover, admin) is an
  // 'error' event on the pool; unhandled it would kill the process. The pool
  // drops that client and the next query opens a new one.
  pool.on('error', () => undefined);
  // Fail at start-up with the real cause rather than at the first sale.
  const probe = await pool.connect();
  probe.release();
  const direct = wrap(pool);
  return {
    dialect: 'postgres',
    all: direct.all,
    run: direct.run,
    exec: direct.exec,
    async tx<T>(fn: (tx: SqlTx) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      let broken = false;
      try {
        await client.query('BEGIN');
        const out = await fn(wrap(client));
        await client.query('COMMIT');
        return out;
      } catch (e) {
        // A connection that cannot even roll back must not go back to the pool.
        await client.query('ROLLBACK').catch(() => (broken = true));
        throw e;
      } finally {
        client.release(broken);
      }
    },
    close: () => pool.end(),
  };
}
