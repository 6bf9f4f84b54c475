// What every device downloads once and keeps for offline use: all chunks are
// precached (sync rule 16), so an on-demand screen still costs each booth
// phone its bytes on the first visit. The label screen draws EAN-13 and Code
// 128 only; bwip-js's `toSVG` linked all of its symbologies and made that
// chunk 924 KB (249 KB gzip). With the two encoders imported alone it is
// 147.5 KB (55.6 KB gzip). These budgets keep it there, and the whole
// precache (4.31 MB measured on the same build) from growing unseen.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DIST } from './helpers.ts';

const LABEL_CHUNK_KB = 200;
const LABEL_CHUNK_GZIP_KB = 70;
const PRECACHE_MB = 4.6;

describe('the precache budget', () => {
  const assets = readdirSync(join(DIST, 'assets'));
  const sw = readFileSync(join(DIST, 'sw.js'), 'utf8');
  const precached = [...sw.matchAll(/url:"([^"]+)"/g)].map((m) => m[1] ?? '');

  it(`keeps the label screen under ${LABEL_CHUNK_KB} KB (${LABEL_CHUNK_GZIP_KB} KB gzip), with the barcode encoders in it and precached`, () => {
    const labels = assets.filter((f) => /^LabelsPanel-.*\.js$/.test(f));
    expect(labels).toHaveLength(1);
    const file = join(DIST, 'assets', labels[0]!);
    const bytes = readFileSync(file);
    expect(bytes.length / 1024, 'label chunk KB').toBeLessThanOrEqual(LABEL_CHUNK_KB);
    expect(gzipSync(bytes, { level: 9 }).length / 1024, 'label chunk gzip KB').toBeLessThanOrEqual(LABEL_CHUNK_GZIP_KB);
    // bwip-js is still what draws them (its encoders' names survive minification), and offline too.
    expect(bytes.toString('utf8')).toContain('bwipp_');
    expect(precached).toContain(`assets/${labels[0]!}`);
  });

  it(`keeps everything precached under ${PRECACHE_MB} MB`, () => {
    const total = precached.filter((u) => !u.startsWith('http')).reduce((sum, u) => sum + statSync(join(DIST, u)).size, 0);
    expect(total / 1024 / 1024, 'precache MB').toBeLessThanOrEqual(PRECACHE_MB);
  });
});
