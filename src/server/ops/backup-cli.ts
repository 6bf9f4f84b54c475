// `npm run backup -- FILE`: a consistent copy of the SQLite database, taken
// while the server keeps selling, and checked. PostgreSQL has its own tools.
import { resolve } from 'node:path';
import { loadConfig } from '../config.ts';
import { backupSqlite, BackupProblem } from '../store/backup.ts';
import { backupName } from './backups.ts';

const config = loadConfig(process.env, process.cwd());
if (config.database.kind !== 'sqlite') {
  console.error('DATABASE_URL is PostgreSQL: back it up with pg_dump (README, "Backups"). This command copies the embedded SQLite file only.');
  process.exit(1);
}
const dest = resolve(process.argv[2] ?? backupName(Date.now()));
try {
  const { bytes } = await backupSqlite(config.database.path, dest);
  console.log(`Backup written and checked (integrity ok, ${(bytes / 1e6).toFixed(1)} MB): ${dest}`);
} catch (e) {
  console.error(e instanceof BackupProblem ? `Backup not made: ${e.message}` : e);
  process.exit(1);
}
