// A new data folder's entry lives in its parent folder: until the parent is
// fsynced, a power cut right after the first start can take the folder, and
// the database in it, away. The first start syncs the parent of every folder
// it made, and a start on an existing folder does not again.
import type * as fs from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openSqlite } from '../../src/server/store/sqlite.ts';
import { Store } from '../../src/server/store/store.ts';

/** The folders whose fsync the store asked for, by path. */
const syncedFolders: string[] = [];
const opened = new Map<number, string>();

vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof fs>();
  const openSync = ((path: fs.PathLike, ...rest: unknown[]) => {
    const fd = (real.openSync as (...a: unknown[]) => number)(path, ...rest);
    opened.set(fd, String(path));
    return fd;
  }) as typeof real.openSync;
  const fsyncSync = ((fd: number) => {
    const path = opened.get(fd);
    if (path !== undefined && real.statSync(path).isDirectory()) syncedFolders.push(path);
    real.fsyncSync(fd);
  }) as typeof real.fsyncSync;
  const closeSync = ((fd: number) => {
    opened.delete(fd);
    real.closeSync(fd);
  }) as typeof real.closeSync;
  return { ...real, default: { ...real, openSync, fsyncSync, closeSync }, openSync, fsyncSync, closeSync };
});

describe('the first start on a new data folder', () => {
  const roots: string[] = [];
  afterEach(() => {
    for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
    syncedFolders.length = 0;
  });

  it('fsyncs the parent of each folder it created, up to the one that was there', async () => {
    const root = mkdtempSync(join(tmpdir(), 'kasir-dirsync-'));
    roots.push(root);
    const path = join(root, 'srv', 'kasir', 'data', 'kasir.sqlite');
    const store = new Store(openSqlite(path));
    await store.migrate();
    await store.close();
    expect(syncedFolders).toEqual(expect.arrayContaining([root, join(root, 'srv'), join(root, 'srv', 'kasir')]));

    // A restart finds the folders there: their parents are not synced again.
    syncedFolders.length = 0;
    const again = new Store(openSqlite(path));
    await again.migrate();
    await again.close();
    expect(syncedFolders).not.toContain(root);
    expect(syncedFolders).not.toContain(join(root, 'srv'));
    expect(syncedFolders).not.toContain(join(root, 'srv', 'kasir'));
  });
});
