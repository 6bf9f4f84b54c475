// Serves the built PWA. Hashed assets are immutable; the service worker,
// its manifest and index.html must be revalidated or updates never arrive.
// The build writes a .br and a .gz beside each text file (precompress.ts):
// a booth on 3G gets a quarter of the bytes, and no CPU is spent per request.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PRECOMPRESSED_EXTENSIONS } from './precompress.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

/** Best first: brotli is about 15 % smaller than gzip on these bundles. */
const ENCODINGS = [
  { name: 'br', suffix: '.br' },
  { name: 'gzip', suffix: '.gz' },
] as const;

type Encoding = (typeof ENCODINGS)[number];

/**
 * The encodings the request accepts (RFC 9110 §12.5.3): a coding listed with
 * q=0 is refused, `*` stands for any coding not listed; no header means
 * identity only (what a proxy or an old client asks).
 */
export function acceptedEncodings(header: string | undefined): Encoding[] {
  if (header === undefined) return [];
  const q = new Map<string, number>();
  for (const part of header.split(',')) {
    const [token, ...params] = part.trim().toLowerCase().split(';');
    if (!token) continue;
    let weight = 1;
    for (const p of params) {
      const [k, v] = p.trim().split('=');
      if (k === 'q' && v !== undefined) weight = Number.isFinite(Number(v)) ? Number(v) : 0;
    }
    q.set(token, weight);
  }
  const weightOf = (name: string): number => q.get(name) ?? (name === 'gzip' ? q.get('x-gzip') : undefined) ?? q.get('*') ?? 0;
  return ENCODINGS.filter((e) => weightOf(e.name) > 0).sort((a, b) => weightOf(b.name) - weightOf(a.name));
}

async function fileIfExists(path: string): Promise<number | null> {
  try {
    const s = await stat(path);
    return s.isFile() ? s.size : null;
  } catch {
    return null;
  }
}

/** `status`: a deep link's answer when the app's page for it is worded as a refusal (a statement link that opens nothing). */
export async function serveStatic(root: string, req: FastifyRequest, reply: FastifyReply, status = 200): Promise<FastifyReply> {
  const urlPath = decodeURIComponent((req.url.split('?')[0] ?? '/').replace(/\/+$/, '') || '/');
  const rel = normalize(urlPath === '/' ? '/index.html' : urlPath);
  // Source maps stay on the build machine's disk for reading stack traces; the public never gets the source.
  if (extname(rel) === '.map') return reply.code(404).type('text/plain').send('not found');
  let path = join(root, rel);
  if (!path.startsWith(root + sep) && path !== root) return reply.code(403).send('forbidden');
  let size = await fileIfExists(path);
  if (size === null) {
    // A deep link (e.g. /penjualan) is a route of the app, not a file.
    if (extname(rel) !== '') return reply.code(404).type('text/plain').send('not found');
    path = join(root, 'index.html');
    size = await fileIfExists(path);
    if (size === null) return reply.code(503).type('text/plain').send('the app is not built yet: run npm run build');
  }
  const ext = extname(path);
  const immutable = path.includes(`${sep}assets${sep}`);
  reply
    .code(status)
    .header('content-type', TYPES[ext] ?? 'application/octet-stream')
    .header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
  let body = path;
  if (PRECOMPRESSED_EXTENSIONS.includes(ext)) {
    // Also on an identity answer: a cache between here and the till must not hand it a body in a coding it did not ask for.
    reply.header('vary', 'Accept-Encoding');
    for (const encoding of acceptedEncodings(req.headers['accept-encoding'])) {
      const compressedSize = await fileIfExists(path + encoding.suffix);
      if (compressedSize === null) continue;
      reply.header('content-encoding', encoding.name);
      body = path + encoding.suffix;
      size = compressedSize;
      break;
    }
  }
  reply.header('content-length', size);
  return reply.send(createReadStream(body));
}
