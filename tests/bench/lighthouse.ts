// Lighthouse's mobile audit of the built app over the real server (issue 12):
// lighthouse_perf_root and lighthouse_perf_admin (Performance, 0-100; target
// at least 90 on /), cls_root and cls_admin (Cumulative Layout Shift; target
// under 0.1). Each page is audited RUNS times on a device never opened before
// (a fresh Chromium profile each time) and the median kept: one Lighthouse run
// moves several points with the machine's load.
// Lighthouse's defaults are its mobile ones: a Moto G Power's screen, a 4x
// slower CPU and a slow 4G link, simulated from a trace of the unthrottled load.
// `npx tsx tests/bench/lighthouse.ts` runs it alone (dist/ must be built).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import lighthouse from 'lighthouse';
import { startServer } from '../e2e/helpers.ts';
import { figure, percentile, type Figure } from './stats.ts';

const RUNS = 3;
const PAGES = [
  { path: '/', name: 'root' },
  { path: '/admin', name: 'admin' },
] as const;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/** Debian's Chromium with a DevTools port for Lighthouse to drive; nothing is downloaded. */
async function chromium(): Promise<{ port: number; proc: ChildProcess; profile: string }> {
  const port = await freePort();
  const profile = mkdtempSync(join(tmpdir(), 'kasir-lighthouse-'));
  const proc = spawn(
    process.env.CHROME_PATH ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    [
      '--headless=new',
      `--remote-debugging-port=${port}`,
      `--user-data-dir=${profile}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      'about:blank',
    ],
    { stdio: 'ignore' },
  );
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/json/version`)).ok) return { port, proc, profile };
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  proc.kill();
  throw new Error('Chromium did not open its DevTools port');
}

async function audit(url: string): Promise<{ perf: number; cls: number }> {
  const { port, proc, profile } = await chromium();
  try {
    const result = await lighthouse(url, { port, output: 'json', logLevel: 'error', onlyCategories: ['performance'] });
    const lhr = result?.lhr;
    if (!lhr || lhr.runtimeError) throw new Error(`Lighthouse failed on ${url}: ${lhr?.runtimeError?.message ?? 'no result'}`);
    const score = lhr.categories.performance?.score;
    const cls = lhr.audits['cumulative-layout-shift']?.numericValue;
    if (typeof score !== 'number' || typeof cls !== 'number') throw new Error(`Lighthouse gave no score or CLS for ${url}`);
    return { perf: Math.round(score * 100), cls };
  } finally {
    proc.kill();
    await new Promise((r) => proc.once('exit', r));
    rmSync(profile, { recursive: true, force: true });
  }
}

export async function lighthouseScenario(): Promise<Figure[]> {
  const server = await startServer();
  const figures: Figure[] = [];
  try {
    for (const p of PAGES) {
      const runs: { perf: number; cls: number }[] = [];
      for (let i = 0; i < RUNS; i++) runs.push(await audit(`${server.baseUrl}${p.path}`));
      figures.push(
        figure(`lighthouse_perf_${p.name}`, percentile(runs.map((r) => r.perf), 50), 'score'),
        figure(`cls_${p.name}`, percentile(runs.map((r) => r.cls), 50), 'score'),
      );
    }
  } finally {
    await server.close();
  }
  return figures;
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) {
  console.table(await lighthouseScenario());
}
