import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { signIn as pinSignIn } from '../../src/client/db/auth-repo.ts';
import type { KasirDb } from '../../src/client/db/database.ts';
import { getDevice } from '../../src/client/db/device-repo.ts';
import { AUTH_ROUTES, RESOLVE_FLAG_ROUTE, REVIEW_ROUTE } from '../../src/protocol/routes.ts';
import { flagResolvePayloadSchema, resolvedFlagSchema, reviewResponseSchema, type ReviewResponse } from '../../src/protocol/schemas.ts';
import { createUser } from '../../src/server/accounts/accounts.ts';
import { ADMIN, answer, bodyOf, CASHIER, FakeManagementServer, SUPERVISOR } from './admin-fake.ts';
import { FakeServer, OUTLET, productBySku, TestDevice } from './sync-harness.ts';
import { CASHIER as PIN_CASHIER, freshDb, renderApp, SUPERVISOR as PIN_SUPERVISOR, wireUsers } from './harness.tsx';
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

const EMPTY: ReviewResponse = { flaggedSales: [], negativeStock: [], flaggedReturns: [], resolved: [], flaggedStock: [], qrisPayments: [], flaggedCash: [] };

/**
 * A device enrolled at the fake server that oversold Batik Rinjani (3 in
 * stock, 4 sold) and synced, with a supervisor signed in by PIN who is one on
 * the server too; GET /api/review answered from the server's own store.
 */
async function supervisorByPin(): Promise<{
  reviews: { authorization: string | null; userId: string | null }[];
  credential: string | null | undefined;
  supervisorId: string;
  at: { server: FakeServer; device: TestDevice; db: KasirDb };
}> {
    server = await FakeServer.create();
    // The same person on the server (role history, for the server's check) and on the device (PIN).
    const supervisorId = await server.store.db.tx(
      async (tx) => (await createUser(tx, { username: 'lalu', name: PIN_SUPERVISOR.name, role: 'supervisor', outletId: OUTLET, pin: PIN_SUPERVISOR.pin, passwordHash: null }, { at: Date.now() - 60_000, actorId: null })).id,
    );
    server.users = [{ ...wireUsers([PIN_SUPERVISOR])[0]!, id: supervisorId }];
    device = await TestDevice.create(server);
    db = device.db;
    await device.sell([{ sku: 'BTK-004', qty: 4 }]);
    expect((await device.engine.syncNow()).ok).toBe(true);
    await pinSignIn(db, supervisorId);
    const credential = (await getDevice(db))?.credential;
    const reviews: { authorization: string | null; userId: string | null }[] = [];
    const fakeServer = server;
    vi.stubGlobal(
      'fetch',
      vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
        const url = new URL(String(input), 'http://kasir.test');
        if (url.pathname !== REVIEW_ROUTE) return fakeServer.fetch(input, init);
        reviews.push({ authorization: new Headers(init?.headers).get('authorization'), userId: url.searchParams.get('userId') });
        return new Response(JSON.stringify(await review(fakeServer.store, 500, OUTLET)), { status: 200, headers: { 'content-type': 'application/json' } });
      }),
    );
  return { reviews, credential, supervisorId, at: { server, device, db } };
}

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
    db = await freshDb(true, { signedIn: null });
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

  it('a supervisor signed in by PIN on this enrolled device reviews without a password and counts stock; the count reaches the server and shows as resolved', { timeout: 30_000 }, async () => {
    const { reviews, credential, supervisorId, at } = await supervisorByPin();
    const batik = productBySku('BTK-004');

    renderApp({ db: at.db, sync: at.device.engine }, '/tinjauan');

    const row = (await screen.findByRole('rowheader', { name: batik.name })).closest('tr') as HTMLElement;
    expect(screen.queryByRole('form', { name: 'Masuk untuk pengelolaan' })).toBeNull();
    expect(screen.getByText(`Meninjau sebagai ${PIN_SUPERVISOR.name} (Supervisor), masuk dengan PIN di perangkat ini.`)).toBeInTheDocument();
    expect(reviews).toEqual([{ authorization: `Bearer ${credential ?? ''}`, userId: supervisorId }]);

    const user = userEvent.setup();
    await user.click(within(row).getByRole('button', { name: 'Selesaikan' }));
    const form = within(row).getByRole('form', { name: `Selesaikan tanda untuk ${batik.name}` });
    expect(within(form).getByRole('radio', { name: 'Koreksi stok (hasil hitung)' })).toBeChecked();
    await user.type(within(form).getByLabelText('Jumlah dihitung di rak'), '-2');
    await user.click(within(form).getByRole('button', { name: 'Simpan penyelesaian' }));
    expect(within(form).getByRole('alert')).toHaveTextContent('Jumlah dihitung harus bilangan bulat dari 0 sampai 1.000.000.');
    await user.clear(within(form).getByLabelText('Jumlah dihitung di rak'));
    await user.type(within(form).getByLabelText('Jumlah dihitung di rak'), '4');
    await user.type(within(form).getByLabelText('Catatan'), 'dihitung ulang sore');
    await user.click(within(form).getByRole('button', { name: 'Simpan penyelesaian' }));

    expect(await screen.findByText('Penyelesaian tersimpan di perangkat dan dikirim ke server saat sinkron.')).toBeInTheDocument();
    // Sent with the next sync, then the list is read again: the level is what was counted.
    await waitFor(() => expect(reviews).toHaveLength(2));
    expect(await screen.findByRole('heading', { name: 'Stok minus (0)' })).toBeInTheDocument();
    const [level] = await at.server.store.db.all('SELECT level FROM stock_levels WHERE outlet_id = ? AND product_id = ?', [OUTLET, batik.id]);
    expect(Number(level?.level)).toBe(4);

    await user.click(screen.getByRole('tab', { name: 'Selesai' }));
    const resolved = within(screen.getByRole('list', { name: 'Selesai' })).getAllByRole('listitem');
    expect(resolved).toHaveLength(1);
    expect(resolved[0]).toHaveTextContent(batik.name);
    expect(resolved[0]).toHaveTextContent('Koreksi stok (hasil hitung)');
    expect(resolved[0]).toHaveTextContent(`oleh ${PIN_SUPERVISOR.name}`);
    expect(resolved[0]).toHaveTextContent('dihitung 4; stok bergeser +5');
    expect(resolved[0]).toHaveTextContent('dihitung ulang sore');
  });

  it('a cashier signed in by PIN is not let in with that PIN: the page asks for a supervisor, and asks the server nothing', { timeout: 30_000 }, async () => {
    server = await FakeServer.create();
    server.users = wireUsers([PIN_CASHIER]);
    device = await TestDevice.create(server);
    db = device.db;
    await pinSignIn(db, PIN_CASHIER.id);
    const calls = vi.fn(server.fetch);
    vi.stubGlobal('fetch', calls);

    renderApp({ db, sync: null }, '/tinjauan');

    const form = await screen.findByRole('form', { name: 'Masuk untuk pengelolaan' });
    expect(within(form).getByRole('status')).toHaveTextContent('Anda masuk dengan PIN sebagai Kasir. Tinjauan hanya untuk supervisor dan admin');
    expect(calls).not.toHaveBeenCalled();
  });

  it('with a password session, a flagged sale is accepted online with a note, and the resolved tab says who, when and how', { timeout: 30_000 }, async () => {
    server = await FakeServer.create();
    device = await TestDevice.create(server);
    db = device.db;
    await device.sell([{ sku: 'BTK-004', qty: 4 }]);
    await device.engine.syncNow();
    const flagged = await review(server.store, 100);
    const saleId = flagged.flaggedSales[0]?.sale.id ?? '';
    const receiptNo = flagged.flaggedSales[0]?.sale.receiptNo ?? '';
    let resolvedNow = false;
    management = new FakeManagementServer()
      .on('GET', REVIEW_ROUTE, () =>
        answer(
          reviewResponseSchema,
          resolvedNow
            ? {
                ...flagged,
                flaggedSales: [],
                resolved: [
                  { id: 'r-1', outletId: OUTLET, subject: { kind: 'sale', saleId }, label: receiptNo, action: 'accept', note: 'stok titipan', by: SUPERVISOR.id, byName: SUPERVISOR.name, createdAt: 1, receivedAt: Date.UTC(2026, 11, 3, 2, 0), counted: null, delta: null },
                ],
              }
            : flagged,
        ),
      )
      .on('POST', RESOLVE_FLAG_ROUTE, (req) => {
        const body = bodyOf(flagResolvePayloadSchema, req);
        resolvedNow = true;
        return answer(resolvedFlagSchema, { ...body, label: receiptNo, byName: SUPERVISOR.name, receivedAt: Date.now(), counted: null, delta: null });
      })
      .install();
    management.signedIn(SUPERVISOR);
    renderApp({ db, sync: null }, '/tinjauan');

    const item = (await screen.findByText(receiptNo)).closest('li') as HTMLElement;
    const user = userEvent.setup();
    await user.click(within(item).getByRole('button', { name: 'Selesaikan' }));
    const form = within(item).getByRole('form', { name: `Selesaikan tanda untuk ${receiptNo}` });
    await user.click(within(form).getByRole('button', { name: 'Simpan penyelesaian' }));
    expect(within(form).getByRole('alert')).toHaveTextContent('Tulis catatan');
    expect(management.calls('POST', RESOLVE_FLAG_ROUTE)).toHaveLength(0);
    await user.type(within(form).getByLabelText('Catatan'), 'stok titipan');
    await user.click(within(form).getByRole('button', { name: 'Simpan penyelesaian' }));

    expect(await screen.findByText('Penyelesaian tersimpan di server.')).toBeInTheDocument();
    const [sent] = management.calls('POST', RESOLVE_FLAG_ROUTE);
    expect(sent?.body).toMatchObject({ subject: { kind: 'sale', saleId }, action: 'accept', note: 'stok titipan', by: SUPERVISOR.id, outletId: OUTLET, count: null });
    expect(await screen.findByRole('heading', { name: 'Penjualan perlu diperiksa (0)' })).toBeInTheDocument();
    await user.click(screen.getByRole('tab', { name: 'Selesai' }));
    const [entry] = within(screen.getByRole('list', { name: 'Selesai' })).getAllByRole('listitem');
    expect(entry).toHaveTextContent(`${receiptNo} · Terima apa adanya · oleh ${SUPERVISOR.name}`);
    expect(entry).toHaveTextContent('stok titipan');
  });

  it('a flagged transfer is resolved on the review: a count of the product it moved, chosen by name, is sent with the product', { timeout: 30_000 }, async () => {
    server = await FakeServer.create();
    device = await TestDevice.create(server);
    db = device.db;
    const madu = productBySku('MDU-002');
    const kopi = productBySku('KOP-001');
    const doc = {
      kind: 'transfer' as const,
      id: 't-1',
      outletId: OUTLET,
      fromOutletId: 'booth-pameran',
      by: SUPERVISOR.id,
      receivedAt: Date.UTC(2026, 11, 3, 2, 0),
      flags: [{ kind: 'transfer-difference' as const, params: { transferId: 't-1', productId: madu.id, sent: 8, received: 7 }, message: 'x' }],
      products: [kopi.id, madu.id],
    };
    let resolvedNow = false;
    management = new FakeManagementServer()
      .on('GET', REVIEW_ROUTE, () => answer(reviewResponseSchema, resolvedNow ? EMPTY : { ...EMPTY, flaggedStock: [doc] }))
      .on('POST', RESOLVE_FLAG_ROUTE, (req) => {
        const body = bodyOf(flagResolvePayloadSchema, req);
        resolvedNow = true;
        return answer(resolvedFlagSchema, { ...body, label: null, byName: SUPERVISOR.name, receivedAt: Date.now(), counted: 7, delta: -1 });
      })
      .install();
    management.signedIn(SUPERVISOR);
    renderApp({ db, sync: null }, '/tinjauan');

    const list = await screen.findByRole('list', { name: 'Dokumen stok bertanda' });
    const item = within(list).getAllByRole('listitem')[0] as HTMLElement;
    const user = userEvent.setup();
    await user.click(within(item).getByRole('button', { name: 'Selesaikan' }));
    const form = within(item).getByRole('form', { name: /^Selesaikan tanda untuk Transfer dari/ });
    expect(within(form).getByRole('radio', { name: 'Terima apa adanya' })).toBeChecked();
    await user.click(within(form).getByRole('radio', { name: 'Koreksi stok (hasil hitung)' }));
    await user.selectOptions(within(form).getByLabelText('Produk yang dihitung'), madu.name);
    await user.type(within(form).getByLabelText('Jumlah dihitung di rak'), '7');
    await user.click(within(form).getByRole('button', { name: 'Simpan penyelesaian' }));

    expect(await screen.findByText('Penyelesaian tersimpan di server.')).toBeInTheDocument();
    const [sent] = management.calls('POST', RESOLVE_FLAG_ROUTE);
    expect(sent?.body).toMatchObject({ subject: { kind: 'stock-doc', doc: 'transfer', docId: 't-1' }, action: 'stock-count', count: { counted: 7, productId: madu.id } });
    await waitFor(() => expect(screen.queryByRole('list', { name: 'Dokumen stok bertanda' })).toBeNull());
  });

  it('says so when the server no longer holds the supervisor signed in here as one (a role changed since the last pull)', async () => {
    db = await freshDb(true, { signedIn: PIN_SUPERVISOR });
    const calls = vi.fn(() =>
      Promise.resolve(
        new Response(JSON.stringify({ error: { code: 'reviewer-needed', message: `user ${PIN_SUPERVISOR.id} is not a supervisor or admin of outlet ntb-mall now`, field: 'userId' } }), {
          status: 403,
          headers: { 'content-type': 'application/json' },
        }),
      ),
    );
    vi.stubGlobal('fetch', calls);

    renderApp({ db, sync: null }, '/tinjauan');

    expect(await screen.findByRole('alert')).toHaveTextContent(`Server tidak mencatat ${PIN_SUPERVISOR.name} sebagai supervisor atau admin outlet ini sekarang.`);
    expect(calls).toHaveBeenCalledTimes(1);
  });

  it('a count made while the push fails waits on the device, off the open list, and is listed as resolved once a later sync sends it', { timeout: 30_000 }, async () => {
    const { reviews, at } = await supervisorByPin();
    const batik = productBySku('BTK-004');
    at.server.plan('push', 'fail-before');
    const failed = at.server.nextArrival('push');
    renderApp({ db: at.db, sync: at.device.engine }, '/tinjauan');
    const row = (await screen.findByRole('rowheader', { name: batik.name })).closest('tr') as HTMLElement;
    const user = userEvent.setup();
    await user.click(within(row).getByRole('button', { name: 'Selesaikan' }));
    await user.type(within(row).getByLabelText('Jumlah dihitung di rak'), '3');
    await user.click(within(row).getByRole('button', { name: 'Simpan penyelesaian' }));
    await failed;
    // The failed round hands the row back to pending.
    await waitFor(async () => expect(await at.device.outboxByStatus()).not.toHaveProperty('inflight'));

    expect(await screen.findByRole('heading', { name: 'Stok minus (0)' })).toBeInTheDocument();
    await user.click(screen.getByRole('tab', { name: 'Selesai' }));
    const waiting = await within(screen.getByRole('list', { name: 'Selesai' })).findByText(/menunggu sinkron/);
    expect(waiting.closest('li')).toHaveTextContent(batik.name);
    expect(reviews).toHaveLength(1);

    // The network is back: the sync loop's next round sends it, and the page reads the list again.
    // (A call that meets the failed round still running gets its answer and queues another round.)
    if (!(await at.device.engine.syncNow()).ok) expect((await at.device.engine.syncNow()).failure).toBeNull();
    await waitFor(() => expect(reviews).toHaveLength(2));
    const entry = await within(screen.getByRole('list', { name: 'Selesai' })).findByText(/oleh Lalu Ahmad/);
    expect(entry.closest('li')).toHaveTextContent('dihitung 3; stok bergeser +4');
    expect(screen.queryByText(/menunggu sinkron/)).toBeNull();
  });
});
