import type { Config } from './config.ts';
import { openSqlite } from './store/sqlite.ts';
import { Store } from './store/store.ts';

export async function openStore(database: Config['database']): Promise<Store> {
  if (database.kind === 'postgres') {
    const { openPostgres } = await import('./store/postgres.ts');
    const store = new Store(await openPostgres(database.url));
    await store.migrate();
    return store;
  }
  const store = new Store(openSqlite(database.path));
  await store.migrate();
  return store;
}
