// What a till downloads before its first screen: the module script of the
// built index.html and the chunks it preloads, each gzipped as the server
// sends it (the build's .gz copy). Chunks loaded on demand are not counted.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { constants, gzipSync } from 'node:zlib';

export interface InitialChunk {
  /** As index.html names it: /assets/index-<hash>.js */
  url: string;
  raw: number;
  gzip: number;
}

export function initialChunks(dist: string): InitialChunk[] {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const urls = new Set<string>();
  for (const tag of html.match(/<(script|link)\b[^>]*>/g) ?? []) {
    const isEntry = tag.startsWith('<script') && /\btype="module"/.test(tag);
    const isPreload = tag.startsWith('<link') && /\brel="modulepreload"/.test(tag);
    const url = /\b(?:src|href)="([^"]+)"/.exec(tag)?.[1];
    if ((isEntry || isPreload) && url !== undefined) urls.add(url);
  }
  return [...urls].map((url) => {
    const path = join(dist, url);
    const body = readFileSync(path);
    const gzip = existsSync(`${path}.gz`) ? readFileSync(`${path}.gz`).length : gzipSync(body, { level: constants.Z_BEST_COMPRESSION }).length;
    return { url, raw: body.length, gzip };
  });
}

/** The bench figure initial_js_gzip_kb (issue 12 asks at most 150). */
export function initialJsGzipKb(dist: string): number {
  return initialChunks(dist).reduce((sum, c) => sum + c.gzip, 0) / 1024;
}
