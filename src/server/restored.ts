// `npm run restored`: run once after putting the database back from a backup,
// before starting the server. The backup hands out catalog versions again
// that devices already saw with other contents; a new epoch makes every
// device pull its catalog in full instead of trusting what it holds.
import { loadConfig } from './config.ts';
import { openStore } from './open-store.ts';
import { newEpoch } from './sync/pull.ts';

const config = loadConfig(process.env, process.cwd());
const store = await openStore(config.database);
await newEpoch(store);
await store.close();
console.log('Marked the database as restored: every device will pull its whole catalog at its next sync. Start the server now.');
