// Start-up configuration from the environment, checked before anything opens.
import { dirname, join, resolve } from 'node:path';
import type { TlsFiles } from './tls.ts';

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
  /** TLS_CERT_FILE and TLS_KEY_FILE: the server speaks HTTPS on `port`; null for plain HTTP. */
  tls: TlsFiles | null;
  /** HTTP_REDIRECT_PORT: a plain-HTTP port that only redirects to HTTPS on `port`. */
  httpRedirectPort: number | null;
  /**
   * The local certificate authority /admin offers to tablets (TLS_CA_FILE;
   * else ca.pem beside TLS_CERT_FILE, where `npm run tls:init` writes it; else data/tls/ca.pem).
   */
  caFile: string;
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
  const tls = tlsFrom(env, cwd);
  const httpRedirectPort = redirectPortFrom(env.HTTP_REDIRECT_PORT, tls, port);
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
    tls,
    httpRedirectPort,
    caFile: env.TLS_CA_FILE ? resolve(cwd, env.TLS_CA_FILE) : tls ? join(dirname(tls.certFile), 'ca.pem') : resolve(cwd, DEFAULT_TLS_DIR, 'ca.pem'),
  };
}

/** Where `npm run tls:init` writes, relative to the project. */
export const DEFAULT_TLS_DIR = 'data/tls';

function tlsFrom(env: NodeJS.ProcessEnv, cwd: string): TlsFiles | null {
  const cert = env.TLS_CERT_FILE ?? '';
  const key = env.TLS_KEY_FILE ?? '';
  if (cert === '' && key === '') return null;
  if (cert === '' || key === '') {
    const [set, unset] = cert === '' ? ['TLS_KEY_FILE', 'TLS_CERT_FILE'] : ['TLS_CERT_FILE', 'TLS_KEY_FILE'];
    throw new Error(`${set} is set but ${unset} is not: HTTPS needs both, the certificate (TLS_CERT_FILE) and its private key (TLS_KEY_FILE). \`npm run tls:init\` prints the two lines to set.`);
  }
  return { certFile: resolve(cwd, cert), keyFile: resolve(cwd, key) };
}

function redirectPortFrom(value: string | undefined, tls: TlsFiles | null, port: number): number | null {
  if (value === undefined || value === '') return null;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new Error(`HTTP_REDIRECT_PORT must be a port number from 1 to 65535, got "${value}"`);
  if (tls === null) throw new Error('HTTP_REDIRECT_PORT redirects plain HTTP to HTTPS, but the server is not serving HTTPS: set TLS_CERT_FILE and TLS_KEY_FILE too, or unset HTTP_REDIRECT_PORT.');
  if (n === port) throw new Error(`HTTP_REDIRECT_PORT (${n}) is the same as PORT, where HTTPS is served: choose another, e.g. 80 with PORT=443, or 8080 with PORT=8443.`);
  return n;
}
