// Start-up configuration from the environment, checked before anything opens.
import { dirname, join, resolve } from 'node:path';

export interface Config {
  port: number;
  host: string;
  database: { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string };
  staticDir: string;
  /** Fastify's trustProxy: which proxies' X-Forwarded-For to believe for the caller's address (rate limits). */
  trustProxy: boolean | string[];
  /** Automatic SQLite backups: every so many hours (0: none) into `dir`, keeping the newest `keep`. */
  backups: { everyHours: number; keep: number; dir: string };
  /** METRICS_TOKEN: lets a Prometheus read /metrics without a session; null: only an admin's session may. */
  metricsToken: string | null;
}

/**
 * TRUST_PROXY: unset or "false" for none (the default: the server is reached
 * directly), "true" to believe any proxy, or a comma-separated list of
 * proxy addresses or CIDR ranges (safer: only those may speak for a caller).
 */
export function trustProxyFrom(value: string | undefined): Config['trustProxy'] {
  if (value === undefined || value === '' || value === 'false') return false;
  if (value === 'true') return true;
  return value.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

export function databaseFromUrl(url: string | undefined, cwd: string): Config['database'] {
  if (!url) return { kind: 'sqlite', path: resolve(cwd, 'data/kasir.sqlite') };
  if (url.startsWith('sqlite:')) return { kind: 'sqlite', path: resolve(cwd, url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '')) };
  if (/^postgres(ql)?:\/\//.test(url)) return { kind: 'postgres', url };
  throw new Error(`DATABASE_URL must start with sqlite: or postgres://, got "${url}"`);
}

export function loadConfig(env: NodeJS.ProcessEnv, cwd: string): Config {
  const port = Number(env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a number from 0 to 65535, got "${env.PORT ?? ''}"`);
  const everyHours = Number(env.BACKUP_EVERY_HOURS ?? 6);
  if (!Number.isFinite(everyHours) || everyHours < 0 || everyHours > 24 * 30) throw new Error(`BACKUP_EVERY_HOURS must be a number of hours from 0 (no automatic backups) to 720, got "${env.BACKUP_EVERY_HOURS ?? ''}"`);
  const keep = Number(env.BACKUP_KEEP ?? 28);
  if (!Number.isInteger(keep) || keep < 1) throw new Error(`BACKUP_KEEP must be a whole number of backups, at least 1, got "${env.BACKUP_KEEP ?? ''}"`);
  const database = databaseFromUrl(env.DATABASE_URL, cwd);
  const metricsToken = env.METRICS_TOKEN ? env.METRICS_TOKEN : null;
  if (metricsToken !== null && metricsToken.length < 32) throw new Error('METRICS_TOKEN must be at least 32 characters (e.g. `openssl rand -hex 32`), or unset for admin sessions only');
  return {
    metricsToken,
    port,
    host: env.HOST ?? '0.0.0.0',
    database,
    staticDir: resolve(cwd, env.STATIC_DIR ?? 'dist'),
    trustProxy: trustProxyFrom(env.TRUST_PROXY),
    backups: {
      everyHours,
      keep,
      dir: env.BACKUP_DIR ? resolve(cwd, env.BACKUP_DIR) : database.kind === 'sqlite' ? join(dirname(database.path), 'backups') : resolve(cwd, 'data/backups'),
    },
  };
}
