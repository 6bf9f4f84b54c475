// Start-up: config from the environment, schema, demo catalog on a fresh
// database, then the PWA and the API on one port.
import { buildApp } from './app.ts';
import { loadConfig } from './config.ts';
import { openStore } from './open-store.ts';
import { demoCatalog } from './seed-data.ts';

const config = loadConfig(process.env, process.cwd());
const store = await openStore(config.database);
if (await store.seedIfEmpty(demoCatalog())) console.log('Loaded the demo catalog into a fresh database.');
// After a restore from backup, devices must not trust their catalog version.
await store.newEpoch();
const app = await buildApp({ store, staticDir: config.staticDir });
await app.listen({ port: config.port, host: config.host });
// PORT=0 picks a free port; the line names the one actually bound, so a
// script (or a test starting several servers) can find it.
const address = app.server.address();
const port = typeof address === 'object' && address ? address.port : config.port;
const where = config.database.kind === 'sqlite' ? config.database.path : 'PostgreSQL';
console.log(`Kasir Karya listening on http://localhost:${port} (data: ${where})`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void app.close().then(() => store.close()).then(() => process.exit(0));
  });
}
