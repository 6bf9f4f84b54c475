// Start-up configuration from the environment, checked before anything opens.
import { resolve } from 'node:path';

export interface Config {
  port: number;
  host: string;
  database: { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string };
  staticDir: string;
  /** Fastify's trustProxy: which proxies' X-Forwarded-For to believe for the caller's address (rate limits). */
  trustProxy: boolean | string[];
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
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    database: databaseFromUrl(env.DATABASE_URL, cwd),
    staticDir: resolve(cwd, env.STATIC_DIR ?? 'dist'),
    trustProxy: trustProxyFrom(env.TRUST_PROXY),
  };
}
