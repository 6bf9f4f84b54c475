// The entry of a prepare-pool.ts thread. On Node 20 a worker does not get the
// main thread's tsx loader, not even through `--import tsx` in its execArgv,
// so it registers tsx itself before loading the TypeScript.
import { register } from 'tsx/esm/api';

register();
await import('./prepare-worker.ts');
