import type { Config } from './config.ts';
import { openSqlite } from './store/sqlite.ts';
import { Store } from './store/store.ts';
import { rebuildRollupsIfStale } from './reports/rollup.ts';

/** After the migrations: the reports' rollups made from the stored sales if a migration left them stale. */
async function ready(store: Store): Promise<Store> {
  await store.migrate();
  await store.db.tx((tx) => rebuildRollupsIfStale(tx, store.db.dialect));
  return store;
}

export async function openStore(database: Config['database']): Promise<Store> {
  if (database.kind === 'postgres') {
    const { openPostgres } = await import('./store/postgres.ts');
    return ready(new Store(await openPostgres(database.url)));
  }
  return ready(new Store(openSqlite(database.path)));
}
