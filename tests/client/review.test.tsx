import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { KasirDb } from '../../src/client/db/database.ts';
import { AUTH_ROUTES, REVIEW_ROUTE } from '../../src/protocol/routes.ts';
import { reviewResponseSchema, type ReviewResponse } from '../../src/protocol/schemas.ts';
import { ADMIN, answer, CASHIER, FakeManagementServer, SUPERVISOR } from './admin-fake.ts';
import { FakeServer, TestDevice } from './sync-harness.ts';
import { freshDb, renderApp } from './harness.tsx';
import { review } from '../../src/server/sync/review.ts';

let server: FakeServer | null = null;
let device: TestDevice | null = null;
let db: KasirDb | null = null;
let management: FakeManagementServer | null = null;
afterEach(async () => {
  expect(management?.violations ?? []).toEqual([]);
  await device?.destroy();
  await server?.close();
  device = null;
  server = null;
  db = null;
  management = null;
  sessionStorage.clear();
});

const EMPTY: ReviewResponse = { flaggedSales: [], negativeStock: [], flaggedReturns: [] };

describe('the supervisor review page', () => {
  it('lists a sale the server flagged and stock that went below zero', async () => {
    server = await FakeServer.create();
    device = await TestDevice.create(server);
    db = device.db;
    // Batik Rinjani has 3 at the store; 4 are sold offline.
    await device.sell([{ sku: 'BTK-004', qty: 4 }]);
    await device.engine.syncNow();
    const flagged: ReviewResponse = await review(server.store, 100);
    management = new FakeManagementServer().on('GET', REVIEW_ROUTE, () => answer(reviewResponseSchema, flagged)).install();
    const session = management.signedIn(SUPERVISOR);
    renderApp({ db, sync: null }, '/tinjauan');
    expect(await screen.findByRole('heading', { name: 'Penjualan perlu diperiksa (1)' })).toBeInTheDocument();
    // Worded on the device, with the names from its catalog: not the server's English with ids.
    const outlet = (await db.outlets.get('ntb-mall'))?.name ?? 'missing outlet';
    expect(await screen.findByText(`Stok Kain Batik Tulis Gembok Motif Rinjani Pewarna Alam di ${outlet} sekarang -1`)).toBeInTheDocument();
    expect(screen.queryByText(/stock of|p-btk-004/)).not.toBeInTheDocument();
    const row = screen.getByRole('rowheader', { name: 'Kain Batik Tulis Gembok Motif Rinjani Pewarna Alam' }).closest('tr');
    expect(within(row as HTMLElement).getByText('-1')).toBeInTheDocument();
    expect(management.calls('GET', REVIEW_ROUTE).map((r) => r.token)).toEqual([session.token]);
  });

  it('says the page needs the network when the server cannot be reached', async () => {
    db = await freshDb();
    management = new FakeManagementServer();
    management.signedIn(SUPERVISOR);
    vi.stubGlobal('fetch', vi.fn(() => Promise.reject(new TypeError('Failed to fetch'))));
    renderApp({ db, sync: null }, '/tinjauan');
    expect(await screen.findByRole('alert')).toHaveTextContent('Halaman ini perlu jaringan');
  });

  it('asks for a supervisor or admin to sign in when nobody is, and asks the server nothing until then', async () => {
    db = await freshDb();
    management = new FakeManagementServer()
      .addAccount(ADMIN, 'kata-sandi-admin-1')
      .on('GET', REVIEW_ROUTE, () => answer(reviewResponseSchema, EMPTY))
      .install();
    renderApp({ db, sync: null }, '/tinjauan');
    const form = await screen.findByRole('form', { name: 'Masuk untuk pengelolaan' });
    expect(within(form).getByRole('status')).toHaveTextContent('Tinjauan perlu masuk sebagai supervisor atau admin.');
    expect(management.requests).toHaveLength(0);

    const user = userEvent.setup();
    await user.type(within(form).getByLabelText('Nama pengguna'), 'ayu');
    await user.type(within(form).getByLabelText('Kata sandi'), 'kata-sandi-admin-1{Enter}');
    expect(await screen.findByRole('heading', { name: 'Penjualan perlu diperiksa (0)' })).toBeInTheDocument();
    expect(management.calls('POST', AUTH_ROUTES.login)).toHaveLength(1);
    expect(management.calls('GET', REVIEW_ROUTE)[0]?.token).toMatch(/^kks_/);
  });

  it('tells a cashier the review is for supervisors and admins', async () => {
    db = await freshDb();
    management = new FakeManagementServer().install();
    management.signedIn(CASHIER);
    renderApp({ db, sync: null }, '/tinjauan');
    expect(await screen.findByRole('alert')).toHaveTextContent('Tinjauan hanya untuk supervisor dan admin. Anda masuk sebagai Kasir.');
    expect(management.requests).toHaveLength(0);
  });

  it('goes back to sign-in with a notice when the session has ended on the server', async () => {
    db = await freshDb();
    management = new FakeManagementServer().on('GET', REVIEW_ROUTE, () => answer(reviewResponseSchema, EMPTY)).install();
    management.signedIn(SUPERVISOR);
    management.forgetSessions();
    renderApp({ db, sync: null }, '/tinjauan');
    const form = await screen.findByRole('form', { name: 'Masuk untuk pengelolaan' });
    expect(within(form).getByRole('status')).toHaveTextContent('Sesi Anda sudah berakhir. Silakan masuk lagi.');
  });
});
