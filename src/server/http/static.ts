// Serves the built PWA. Hashed assets are immutable; the service worker,
// its manifest and index.html must be revalidated or updates never arrive.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { FastifyReply, FastifyRequest } from 'fastify';

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

async function fileIfExists(path: string): Promise<number | null> {
  try {
    const s = await stat(path);
    return s.isFile() ? s.size : null;
  } catch {
    return null;
  }
}

export async function serveStatic(root: string, req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const urlPath = decodeURIComponent((req.url.split('?')[0] ?? '/').replace(/\/+$/, '') || '/');
  const rel = normalize(urlPath === '/' ? '/index.html' : urlPath);
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
  const immutable = path.includes(`${sep}assets${sep}`);
  reply
    .header('content-type', TYPES[extname(path)] ?? 'application/octet-stream')
    .header('content-length', size)
    .header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
  return reply.send(createReadStream(path));
}
