// Lint with import-boundary zones (architecture.md): domain imports nothing,
// protocol only domain, server never client and back, ui no feature/db/sync,
// net only protocol and domain, features never each other; fetch only in net.
import js from '@eslint/js';
import importX from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const TABLES = '/^(products|producers|outlets|stockLevels|stockEvents|sales|outbox|carts|device|settings|users|lockouts|table|transaction)$/';
const features = ['admin', 'auth', 'checkout', 'review', 'sales', 'settings', 'sync-status', 'stock', 'shift'];

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'data', 'dev-dist', 'coverage', '.bench-tmp'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    plugins: { 'import-x': importX, 'react-hooks': reactHooks },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      'no-restricted-imports': ['error', { paths: [{ name: 'zustand', message: 'use src/client/shared/services/create-store.ts' }] }],
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            { target: './src/domain', from: './src', except: ['./domain'], message: 'domain/ is pure: it imports nothing outside itself' },
            { target: './src/protocol', from: './src', except: ['./domain', './protocol'], message: 'protocol/ imports domain/ and zod only' },
            { target: './src/server', from: './src/client', message: 'the server never imports client code' },
            { target: './src/client', from: './src/server', message: 'the client never imports server code' },
            { target: './src/client', from: ['./src/protocol/routes.ts', './src/protocol/catalog-admin-routes.ts', './src/protocol/settlement-routes.ts', './src/protocol/report-routes.ts'], message: 'the client takes its paths from protocol/route-paths.ts: the route table carries every route\'s schemas and API text into the first download' },
            // The server in layers: store/ is the engines (SQL surface, SQLite, PostgreSQL, migrations, WAL);
            // the rules (sync/, accounts/, catalog/) sit on it and know no HTTP; http/ sits on top.
            { target: './src/server/store', from: './src/server', except: ['./store'], message: 'store/ holds the engines only: no rules, no HTTP' },
            { target: ['./src/server/sync', './src/server/accounts', './src/server/catalog', './src/server/stock', './src/server/settlement', './src/server/reports', './src/server/shifts'], from: './src/server/http', message: 'services know no HTTP: throw a Refusal (server/refusal.ts), not an HttpError' },
            { target: './src/client/ui', from: './src/client', except: ['./ui', './i18n', './shared/services/create-store.ts'], message: 'ui/ is presentational: no features, db or sync' },
            { target: './src/client/db', from: './src/client', except: ['./db'], message: 'db/ is the only IndexedDB code and depends on nothing else in the client' },
            { target: './src/client/sync', from: './src/client', except: ['./sync', './db', './net', './shared/services'], message: 'sync/ uses db/, net/, shared/services and protocol/ only' },
            // shared/ holds what several features use, by purpose; each part leans on services and the layers below, never on another part.
            { target: './src/client/shared/services', from: './src/client', except: ['./shared/services', './db', './sync', './i18n'], message: 'shared/services is app plumbing: db/, sync/ and i18n/ only' },
            { target: './src/client/shared/printing', from: './src/client', except: ['./shared/printing', './shared/services', './db', './i18n', './ui'], message: 'shared/printing prints: no approvals, features or sync' },
            { target: './src/client/shared/approvals', from: './src/client', except: ['./shared/approvals', './shared/services', './db', './i18n', './ui'], message: 'shared/approvals asks for a PIN: no printing, features or sync' },
            { target: './src/client/shared/qris', from: './src/client', except: ['./shared/qris', './shared/services', './db', './i18n', './ui'], message: 'shared/qris confirms QRIS payments: no printing, approvals, features or sync' },
            { target: './src/client/net', from: './src/client', except: ['./net'], message: 'net/ is the HTTP client alone: it imports protocol/ and domain/, nothing else of the client' },
            { target: ['./src/client/db', './src/client/sync', './src/client/net', './src/client/ui', './src/client/shared', './src/client/i18n'], from: './src/client/features', message: 'features sit above db, sync, net, ui and shared' },
            ...features.map((f) => ({
              target: `./src/client/features/${f}`,
              from: './src/client/features',
              except: [`./${f}`],
              message: 'features do not import each other; move shared pieces to ui/ or shared/',
            })),
          ],
        },
      ],
    },
  },
  {
    // Above db/, data is read and written through the repositories, so every
    // rule about a table (transactions, indexes, the outbox) lives in one place.
    files: ['src/client/**/*.{ts,tsx}'],
    ignores: ['src/client/db/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: `MemberExpression[property.name=${TABLES}][object.name='db'], MemberExpression[property.name=${TABLES}][object.property.name='db']`,
          message: 'read and write tables through a repository in src/client/db',
        },
      ],
    },
  },
  {
    files: ['src/client/shared/services/create-store.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // One network client on the device: its timeout, credential and failure type apply to every call.
    files: ['src/client/**'],
    ignores: ['src/client/net/**'],
    rules: {
      'no-restricted-globals': ['error', { name: 'fetch', message: 'call the server through src/client/net/http.ts' }],
      'no-restricted-properties': [
        'error',
        ...['globalThis', 'window', 'self'].map((object) => ({ object, property: 'fetch', message: 'call the server through src/client/net/http.ts' })),
      ],
    },
  },
);
