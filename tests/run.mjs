// `npm test`: the whole suite, browser tests included, with its own set-up.
// Chromium comes from Debian (never a downloaded browser); the PWA is built
// fresh so the browser tests exercise the code as it is now.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  return r.status ?? 1;
}

if (!existsSync(chromium)) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    console.error(`Chromium is missing (${chromium}). Install Debian's package, then run npm test again:\n\n  sudo apt-get update && sudo apt-get install -y chromium\n`);
    process.exit(1);
  }
  console.log('Chromium is missing: installing Debian\'s package (apt-get install -y chromium)…');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (run('apt-get', ['update', '-qq'], { env }) !== 0 || run('apt-get', ['install', '-y', '-qq', 'chromium'], { env }) !== 0) {
    console.error('Installing chromium failed; run `apt-get install -y chromium` by hand and look at its error.');
    process.exit(1);
  }
}

if (run('npx', ['vite', 'build', '--logLevel', 'warn']) !== 0) process.exit(1);
process.exit(run('npx', ['vitest', 'run', ...process.argv.slice(2)]));
