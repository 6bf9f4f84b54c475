// Issue 13, backups: a copy taken while the real server serves, checked;
// a restore only with the server stopped, keeping what it replaces and
// moving the epoch; and a way back in for an admin who forgot the password.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createUser, listUsers } from '../../src/server/accounts/accounts.ts';
import { listAudit } from '../../src/server/accounts/audit.ts';
import { backupSqlite, BackupProblem, integrityOf } from '../../src/server/store/backup.ts';
import { backupName, listBackups, pidFileOf, takeBackup } from '../../src/server/ops/backups.ts';
import { openSqlite } from '../../src/server/store/sqlite.ts';
import { Store } from '../../src/server/store/store.ts';
import { login } from './helpers.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const ADMIN_PASSWORD = 'kata-sandi-cadangan-uji';

let dir: string;
let dbPath: string;
const children: ChildProcess[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kasir-backup-'));
  dbPath = join(dir, 'data', 'kasir.sqlite');
});

afterEach(async () => {
  for (const c of children.splice(0)) {
    // A process ended by a signal keeps exitCode null: waiting for its 'exit' again would wait forever.
    if (c.exitCode === null && c.signalCode === null) {
      c.kill('SIGTERM');
      await new Promise((done) => c.once('exit', done));
    }
  }
  rmSync(dir, { recursive: true, force: true });
});

const env = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
  ...process.env,
  PORT: '0',
  HOST: '127.0.0.1',
  DATABASE_URL: `sqlite:${dbPath}`,
  STATIC_DIR: resolve(ROOT, 'dist'),
  KASIR_ADMIN_PASSWORD: ADMIN_PASSWORD,
  ...extra,
});

function startServer(): Promise<{ url: string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], { cwd: ROOT, env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  return new Promise((ready, fail) => {
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening on http:\/\/localhost:(\d+)/.exec(out);
      if (m)
        ready({
          url: `http://127.0.0.1:${m[1] ?? ''}`,
          stop: () => {
            if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
            child.kill('SIGTERM');
            return new Promise((done) => child.once('exit', () => done()));
          },
        });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => fail(new Error(`server exited (${code ?? 'signal'}):\n${out}`)));
  });
}

function cli(script: string, args: string[]): { status: number; out: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', `src/server/ops/${script}`, ...args], { cwd: ROOT, env: env(), encoding: 'utf8', timeout: 60_000 });
  return { status: r.status ?? 1, out: `${r.stdout}${r.stderr}` };
}

async function withStore<T>(fn: (store: Store) => Promise<T>, path = dbPath): Promise<T> {
  const store = new Store(openSqlite(path));
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

async function addCashiers(store: Store, names: string[]): Promise<void> {
  for (const n of names) {
    await store.db.tx((tx) => createUser(tx, { username: n, name: n, role: 'cashier', outletId: 'ntb-mall', pin: null, passwordHash: null }, { at: store.now(), actorId: null }));
  }
}

const usernames = (path: string) => withStore(async (s) => (await s.db.tx((tx) => listUsers(tx))).map((u) => u.username).sort(), path);
const epochOf = (path = dbPath) => withStore(async (s) => String((await s.db.all("SELECT value FROM counters WHERE name = 'epoch'"))[0]?.value), path);

describe('npm run backup', { timeout: 120_000 }, () => {
  it('copies the database while the server serves and writes go on, checks the copy, and keeps it private', async () => {
    const server = await startServer();
    // Writes from another connection while the copy is taken: the copy is one moment of them, never torn.
    const writing = withStore((s) => addCashiers(s, Array.from({ length: 40 }, (_, i) => `kasir-${i}`)));
    const dest = join(dir, 'copy', 'cadangan.sqlite');
    const r = cli('backup-cli.ts', [dest]);
    await writing;
    expect(r.out).toContain('Backup written and checked');
    expect(r.status).toBe(0);
    expect(integrityOf(dest)).toBe('ok');
    expect(statSync(dest).mode & 0o777).toBe(0o600);
    // A single file: no -wal beside it is needed to read it.
    expect(existsSync(`${dest}-wal`)).toBe(false);
    const names = await usernames(dest);
    expect(names).toContain('admin');
    expect((await login(server.url, 'admin', ADMIN_PASSWORD)).user.username).toBe('admin');
    await server.stop();
  });

  it('refuses to overwrite a file and says so', async () => {
    await withStore(async () => {});
    const dest = join(dir, 'ada.sqlite');
    writeFileSync(dest, 'x');
    await expect(backupSqlite(dbPath, dest)).rejects.toThrow(BackupProblem);
    const r = cli('backup-cli.ts', [dest]);
    expect(r.status).toBe(1);
    expect(r.out).toMatch(/exists already: choose a new file name/);
  });

  it('scheduled backups are named by WITA time and only the newest BACKUP_KEEP stay', async () => {
    await withStore((s) => s.migrate());
    const backups = join(dir, 'backups');
    const t0 = Date.UTC(2026, 11, 2, 11, 30);
    for (let i = 0; i < 4; i++) await takeBackup(dbPath, backups, 3, t0 + i * 6 * 3_600_000);
    // 11:30 UTC is 19:30 in Mataram.
    expect(backupName(t0)).toBe('kasir-2026-12-02_1930-WITA.sqlite');
    expect(listBackups(backups)).toEqual([backupName(t0 + 18 * 3_600_000), backupName(t0 + 12 * 3_600_000), backupName(t0 + 6 * 3_600_000)]);
    expect(readdirSync(backups).some((f) => f.endsWith('.partial'))).toBe(false);
    // Two in one minute do not collide.
    await takeBackup(dbPath, backups, 10, t0 + 18 * 3_600_000);
    expect(listBackups(backups)).toHaveLength(4);
  });
});

describe('npm run restore', { timeout: 120_000 }, () => {
  it('refuses while the server runs; stopped, it puts the backup back, keeps the replaced database and moves the epoch', async () => {
    const server = await startServer();
    const backup = join(dir, 'sebelum.sqlite');
    expect(cli('backup-cli.ts', [backup]).status).toBe(0);
    await withStore((s) => addCashiers(s, ['kasir-setelah-cadangan']));
    const epochBefore = await epochOf();

    const refused = cli('restore-cli.ts', [backup]);
    expect(refused.status).toBe(1);
    expect(refused.out).toMatch(/the server \(process \d+\) is running .*stop it first/);
    expect(await usernames(dbPath)).toContain('kasir-setelah-cadangan');

    await server.stop();
    expect(existsSync(pidFileOf(dbPath))).toBe(false);
    const r = cli('restore-cli.ts', [backup]);
    expect(r.out).toContain('Restored');
    expect(r.status).toBe(0);
    expect(await usernames(dbPath)).not.toContain('kasir-setelah-cadangan');
    expect(await epochOf()).not.toBe(epochBefore);
    const aside = readdirSync(join(dir, 'data')).find((f) => f.startsWith('before-restore-'));
    expect(aside).toBeDefined();
    expect(await usernames(join(dir, 'data', aside ?? '', 'kasir.sqlite'))).toContain('kasir-setelah-cadangan');
    // And the server starts on it.
    const again = await startServer();
    expect((await login(again.url, 'admin', ADMIN_PASSWORD)).user.username).toBe('admin');
    await again.stop();
  });

  it('refuses a damaged backup and changes nothing', async () => {
    await startServer().then((s) => s.stop());
    await withStore((s) => addCashiers(s, ['tetap']));
    const bad = join(dir, 'rusak.sqlite');
    writeFileSync(bad, 'bukan database');
    const r = cli('restore-cli.ts', [bad]);
    expect(r.status).toBe(1);
    expect(r.out).toMatch(/Not restored: .*rusak\.sqlite/);
    expect(await usernames(dbPath)).toContain('tetap');
  });
});

describe('npm run admin', { timeout: 120_000 }, () => {
  it('reset-password prints a new password that signs in, ends old sessions, and is audited', async () => {
    const server = await startServer();
    const old = await login(server.url, 'admin', ADMIN_PASSWORD);
    const r = cli('admin-cli.ts', ['reset-password', 'admin']);
    expect(r.status).toBe(0);
    const password = /\n {2}(\S+)\s*$/.exec(r.out)?.[1] ?? '';
    expect(password.length).toBeGreaterThanOrEqual(16);
    const fresh = await login(server.url, 'admin', password);
    expect(fresh).toMatchObject({ user: { username: 'admin' }, passwordMustChange: true });
    // A printed password opens nothing but its own replacement.
    const users = await fetch(`${server.url}/api/admin/users`, { headers: { authorization: `Bearer ${fresh.token}` } });
    expect(users.status).toBe(403);
    expect(((await users.json()) as { error: { code: string } }).error.code).toBe('password-change-required');
    const session = await fetch(`${server.url}/api/auth/session`, { headers: { authorization: `Bearer ${old.token}` } });
    expect(session.status).toBe(401);
    const entries = await withStore((s) => s.db.tx((tx) => listAudit(tx, { limit: 50 })));
    expect(entries.some((e) => e.action === 'user.password' && e.actorId === null)).toBe(true);
    await server.stop();
  });

  it('create-admin makes an admin of every outlet; an unknown user or a taken name is refused with what to do', async () => {
    await withStore((s) => s.migrate());
    const made = cli('admin-cli.ts', ['create-admin', 'kepala-toko']);
    expect(made.status).toBe(0);
    const users = await withStore((s) => s.db.tx((tx) => listUsers(tx)));
    const admin = users.find((u) => u.username === 'kepala-toko');
    expect(admin).toMatchObject({ role: 'admin', outletId: null, hasPassword: true, hasPin: false });
    const taken = cli('admin-cli.ts', ['create-admin', 'kepala-toko']);
    expect(taken.status).toBe(1);
    expect(taken.out).toMatch(/Nothing changed: .*taken/);
    const unknown = cli('admin-cli.ts', ['reset-password', 'siapa']);
    expect(unknown.status).toBe(1);
    expect(unknown.out).toMatch(/no user is called "siapa"; npm run admin -- create-admin siapa/);
    expect(cli('admin-cli.ts', []).status).toBe(2);
  });
});
