// The admin's session across a browser restart, in real Chromium with one
// profile closed and opened again: still signed in within the session's
// time, with the token only in an HttpOnly cookie no script can read; and
// after "Keluar dari pengelolaan" the restarted browser is signed out, the
// cookie gone and the session ended on the server.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../../src/protocol/auth.ts';
import { num } from '../../src/server/store/db.ts';
import { launch, newProfileDir, startServer, type TestServer } from './helpers.ts';

let server: TestServer;
let profileDir: string;
let context: BrowserContext | null = null;

beforeAll(async () => {
  server = await startServer();
  profileDir = newProfileDir();
});

afterAll(async () => {
  await context?.close();
  await server?.close();
});

/** Closes the browser (if open) and starts it again on the same profile, at /admin. */
async function restartAtAdmin(): Promise<Page> {
  await context?.close();
  context = await launch(profileDir);
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(`${server.baseUrl}/admin`);
  return page;
}

const signInForm = (page: Page) => page.getByRole('form', { name: 'Masuk untuk pengelolaan' });
const sessionBar = (page: Page) => page.getByRole('region', { name: 'Sesi pengelolaan' });
const devicesHeading = (page: Page) => page.getByRole('heading', { name: 'Perangkat', level: 2 });

async function sessionCookies() {
  return (await context?.cookies(`${server.baseUrl}/api/`))?.filter((c) => c.name === SESSION_COOKIE) ?? [];
}

async function openSessions(): Promise<number> {
  const [r] = await server.store.db.all('SELECT COUNT(*) AS n FROM sessions WHERE ended_at IS NULL', []);
  return num(r?.n);
}

describe('the admin session across a browser restart', () => {
  it('stays signed in after the browser is closed and opened again, with the token out of every script\'s reach', async () => {
    const page = await restartAtAdmin();
    const form = signInForm(page);
    await form.getByLabel('Nama pengguna').fill(server.users.admin.username);
    await form.getByLabel('Kata sandi').fill(server.users.admin.password ?? '');
    await form.getByRole('button', { name: 'Masuk' }).click();
    await devicesHeading(page).waitFor({ timeout: 30_000 });

    const [cookie] = await sessionCookies();
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/api' });
    // Persistent, and no longer than the 8 hours of the session.
    const hours = ((cookie?.expires ?? 0) * 1000 - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(7.9);
    expect(hours).toBeLessThanOrEqual(8);
    const token = cookie?.value ?? '';
    expect(token).toMatch(/^kks_/);
    const visible = await page.evaluate(() => [document.cookie, JSON.stringify({ ...localStorage }), JSON.stringify({ ...sessionStorage })].join('\n'));
    expect(visible).not.toContain(token);

    const again = await restartAtAdmin();
    await sessionBar(again).waitFor({ timeout: 30_000 });
    await expect.poll(() => sessionBar(again).textContent()).toContain(server.users.admin.name);
    // The devices list is the server's answer to the cookie: the session really works, not just the page's memory of it.
    await devicesHeading(again).waitFor();
    await again.getByText('Belum ada perangkat terdaftar.').waitFor({ timeout: 30_000 });
    expect(await signInForm(again).count()).toBe(0);
  });

  it('after "Keluar dari pengelolaan" the restarted browser asks for the password again: cookie gone, session ended on the server', async () => {
    const page = await restartAtAdmin();
    await sessionBar(page).waitFor({ timeout: 30_000 });
    expect(await openSessions()).toBe(1);
    await sessionBar(page).getByRole('button', { name: 'Keluar dari pengelolaan' }).click();
    await signInForm(page).waitFor();
    await expect.poll(() => openSessions()).toBe(0);
    await expect.poll(async () => (await sessionCookies()).length).toBe(0);

    const again = await restartAtAdmin();
    await signInForm(again).waitFor({ timeout: 30_000 });
    expect(await sessionBar(again).count()).toBe(0);
  });
});
