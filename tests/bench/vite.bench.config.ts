import { resolve } from 'node:path';
import { defineConfig } from 'vite';

// The bench page is built like the app (same bundler, production mode) but
// kept out of the app's bundle and precache.
export default defineConfig({
  root: resolve(import.meta.dirname, 'browser'),
  base: '/',
  build: { outDir: resolve(import.meta.dirname, '../../.bench-tmp/dist'), emptyOutDir: true },
  logLevel: 'warn',
});
