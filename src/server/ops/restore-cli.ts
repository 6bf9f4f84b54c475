// `npm run restore -- FILE`, with the server stopped: checks the backup,
// moves the current database aside (never deletes it), puts the backup in
// place, brings its schema up to date and marks the store as restored so
// every device pulls its catalog in full and sends again what the backup
// does not hold.
import { copyFileSync, chmodSync, existsSync, mkdirSync, renameSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { loadConfig } from '../config.ts';
import { openStore } from '../open-store.ts';
import { integrityOf } from '../store/backup.ts';
import { newEpoch } from '../sync/pull.ts';
import { backupName, runningServer } from './backups.ts';

function fail(message: string): never {
  console.error(`Not restored: ${message}`);
  process.exit(1);
}

const config = loadConfig(process.env, process.cwd());
if (config.database.kind !== 'sqlite') fail('DATABASE_URL is PostgreSQL: restore it with pg_restore (README, "Backups"), then run `npm run restored`.');
const arg = process.argv[2];
if (!arg) fail('name the backup file: npm run restore -- data/backups/kasir-….sqlite');
const backup = resolve(arg);
const db = config.database.path;
const pid = runningServer(db);
if (pid !== null) fail(`the server (process ${pid}) is running on ${db}: stop it first, then run this again.`);
const check = integrityOf(backup);
if (check !== 'ok') fail(`${backup} failed its integrity check (${check}); choose another backup.`);

let aside: string | null = null;
if (existsSync(db)) {
  aside = join(dirname(db), `before-restore-${backupName(Date.now()).replace(/\.sqlite$/, '')}`);
  mkdirSync(aside, { recursive: true, mode: 0o700 });
  for (const f of [db, `${db}-wal`, `${db}-shm`]) if (existsSync(f)) renameSync(f, join(aside, basename(f)));
}
mkdirSync(dirname(db), { recursive: true, mode: 0o700 });
copyFileSync(backup, db);
chmodSync(db, 0o600);
const store = await openStore(config.database);
await newEpoch(store);
await store.close();
console.log(
  [
    `Restored ${backup} into ${db}.`,
    aside ? `The database it replaced is kept in ${aside}.` : 'There was no database before.',
    'Marked as restored: every device pulls its whole catalog at its next sync and sends again the sales this backup does not hold.',
    'Start the server now.',
  ].join('\n'),
);
