import react from '@vitejs/plugin-react';
import { resolve } from 'node:path';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import { VitePWA } from 'vite-plugin-pwa';
import { readFileSync } from 'node:fs';
import { precompressDir } from './src/server/http/precompress.ts';

/** The app's version as devices report it to the server (fleet health on /admin). */
const APP_VERSION = (JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** Brotli and gzip copies of the build for the server to send (src/server/http/static.ts). */
function precompress(): Plugin {
  let outDir = 'dist';
  return {
    name: 'kasir-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    // After vite-plugin-pwa's own closeBundle, so sw.js and its workbox runtime get copies too.
    closeBundle: {
      sequential: true,
      order: 'post',
      async handler() {
        await precompressDir(outDir);
      },
    },
  };
}

export default defineConfig({
  define: { __APP_VERSION__: JSON.stringify(APP_VERSION) },
  plugins: [
    react(),
    VitePWA({
      // Sync rule 16: offer the update, never reload under the cashier.
      registerType: 'prompt',
      injectRegister: false,
      includeAssets: [],
      manifest: {
        name: 'Kasir Karya',
        short_name: 'Kasir Karya',
        description: 'Kasir offline untuk karya warga binaan dan UMKM NTB',
        lang: 'id',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'any',
        theme_color: '#0b5d4b',
        background_color: '#f6f3ee',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        // Every chunk is precached, so an old tab never hits "Failed to fetch dynamically imported module".
        // The icons and the manifest are added by the plugin itself (from `manifest`): globbing them again listed each twice.
        globPatterns: ['**/*.{js,css,html,svg}'],
        navigateFallback: '/index.html',
        navigateFallbackDenylist: [/^\/api\//],
        cleanupOutdatedCaches: true,
        // The first visit is not controlled until a reload: a booth tablet
        // that enrols and loses the signal before one could open none of the
        // pages fetched on demand (Mulai Shift went blank). Claimed once
        // installed, it has them all; an update still waits for the
        // cashier's yes (no skipWaiting), and pages a worker already
        // controls pass to the new one as before.
        clientsClaim: true,
        // Product photos: named by their bytes (a new photo, a new URL), so the cached one is always right.
        // sync/photo-cache.ts fills the same cache after each pull, within its 25 MB budget.
        runtimeCaching: [
          {
            urlPattern: ({ url, sameOrigin }) => sameOrigin && /^\/api\/products\/[^/]+\/image\/[0-9a-f]{16}$/.test(url.pathname),
            handler: 'CacheFirst',
            options: {
              cacheName: 'product-photos',
              expiration: { maxEntries: 2000, maxAgeSeconds: 365 * 24 * 60 * 60, purgeOnQuotaError: true },
              cacheableResponse: { statuses: [200] },
            },
          },
        ],
        sourcemap: false,
      },
    }),
    precompress(),
  ],
  // Maps stay on disk for reading a stack trace; no URL points at them and the server refuses .map.
  build: { outDir: 'dist', sourcemap: 'hidden' },
  server: { proxy: { '/api': 'http://localhost:8080' } },
  // Three test projects: pure and server code in Node, the client in jsdom
  // with fake-indexeddb, and the browser tests (real Chromium, real server).
  test: {
    // A timeout only catches a hang: no test waits on the clock for its
    // result, and on a 2-core machine running two suites a 64 MB upload or
    // a scrypt can take several seconds.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Vitest's default is one worker fewer than the cores: one on the 2-core
    // CI machine, which then sits idle while a test waits on PostgreSQL,
    // Chromium or a child server. Two keep both cores busy (the suite ran
    // 22 min on one, over the 20 min budget).
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          // Cheaper scrypt for the many sign-ins of the suite; auth-parts.test.ts checks the production cost.
          env: { KASIR_SCRYPT_LN: '12' },
          include: ['tests/domain/**/*.test.ts', 'tests/protocol/**/*.test.ts', 'tests/server/**/*.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'client',
          environment: 'jsdom',
          include: ['tests/client/**/*.test.{ts,tsx}'],
          setupFiles: ['fake-indexeddb/auto', 'tests/client/setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          environment: 'node',
          env: { KASIR_SCRYPT_LN: '12' },
          include: ['tests/e2e/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          // Two browser files at once: each has its own server, port, data
          // directory and Chromium profile. One at a time, vitest ran them
          // as a last group of their own, a fifth of the suite with a core
          // mostly idle (676 s in all against 604 s, 2026-12-08).
        },
      },
    ],
  },
});
