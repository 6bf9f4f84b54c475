// PostgreSQL for deployments beyond one machine: several server processes
// share it. Statements are written with `?` (the SQLite form) and numbered here.
import pg from 'pg';
import type { Db, Row, SqlTx, SqlValue } from './db.ts';

function numbered(sql: string): string {
  let i = 0;
  return sql.replace(/\?/g, () => `$${++i}`);
}

function wrap(client: pg.Pool | pg.PoolClient): SqlTx {
  return {
    all: async <T extends Row>(sql: string, params: readonly SqlValue[] = []) =>
      (await client.query(numbered(sql), params as SqlValue[])).rows as T[],
    run: async (sql: string, params: readonly SqlValue[] = []) =>
      (await client.query(numbered(sql), params as SqlValue[])).rowCount ?? 0,
  };
}

export async function openPostgres(url: string): Promise<Db> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // Fail at start-up with the real cause rather than at the first sale.
  const probe = await pool.connect();
  probe.release();
  const direct = wrap(pool);
  return {
    dialect: 'postgres',
    all: direct.all,
    run: direct.run,
    async tx<T>(fn: (tx: SqlTx) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const out = await fn(wrap(client));
        await client.query('COMMIT');
        return out;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw e;
      } finally {
        client.release();
      }
    },
    async script(sql: string) {
      await pool.query(sql);
    },
    close: () => pool.end(),
  };
}
