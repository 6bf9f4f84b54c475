// Brotli and gzip copies of the built text files, written once at build time
// (the Vite plugin in vite.config.ts) and picked by static.ts per request.
// Here, beside the server that serves them, so both agree on which files have them.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

/** Text the browser fetches; images are PNG (already compressed) or tiny SVG served either way. */
export const PRECOMPRESSED_EXTENSIONS: readonly string[] = ['.html', '.js', '.mjs', '.css', '.json', '.webmanifest', '.svg', '.txt'];

/** Below this a compressed copy saves less than its own headers cost. */
const MIN_BYTES = 512;

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(path)));
    else if (entry.isFile()) out.push(path);
  }
  return out;
}

/** Writes `<file>.br` and `<file>.gz` beside every text file of `dir` that shrinks; answers how many files got copies. */
export async function precompressDir(dir: string): Promise<number> {
  let count = 0;
  for (const path of await filesUnder(dir)) {
    if (!PRECOMPRESSED_EXTENSIONS.includes(extname(path))) continue;
    const raw = await readFile(path);
    if (raw.length < MIN_BYTES) continue;
    // Highest settings: paid once per build, saved on every download.
    const [br, gzipped] = await Promise.all([
      brotli(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length } }),
      gz(raw, { level: constants.Z_BEST_COMPRESSION }),
    ]);
    if (gzipped.length >= raw.length) continue;
    await writeFile(`${path}.gz`, gzipped);
    if (br.length < gzipped.length) await writeFile(`${path}.br`, br);
    count += 1;
  }
  return count;
}
