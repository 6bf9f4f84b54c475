import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { KasirDb } from '../../src/client/db/database.ts';
import { REVIEW_ROUTE, type ReviewResponse } from '../../src/protocol/schemas.ts';
import { FakeServer, TestDevice } from './sync-harness.ts';
import { renderApp } from './harness.tsx';

let server: FakeServer | null = null;
let device: TestDevice | null = null;
let db: KasirDb | null = null;
afterEach(async () => {
  await device?.destroy();
  await server?.close();
  db = null;
});

describe('the supervisor review page', () => {
  it('lists a sale the server flagged and stock that went below zero', async () => {
    server = await FakeServer.create();
    device = await TestDevice.create(server);
    db = device.db;
    // Batik Rinjani has 3 at the store; 4 are sold offline.
    await device.sell([{ sku: 'BTK-004', qty: 4 }]);
    await device.engine.syncNow();
    const review: ReviewResponse = await server.store.review(100);
    vi.stubGlobal(
      'fetch',
      vi.fn((input: unknown) => (String(input) === REVIEW_ROUTE ? Promise.resolve(new Response(JSON.stringify(review))) : Promise.reject(new Error(`unexpected ${String(input)}`)))),
    );
    renderApp({ db, sync: null }, '/tinjauan');
    expect(await screen.findByRole('heading', { name: 'Penjualan perlu diperiksa (1)' })).toBeInTheDocument();
    expect(screen.getByText(/stock of p-btk-004 at ntb-mall is now -1/)).toBeInTheDocument();
    const row = screen.getByRole('rowheader', { name: 'Kain Batik Tulis Gembok Motif Rinjani Pewarna Alam' }).closest('tr');
    expect(within(row as HTMLElement).getByText('-1')).toBeInTheDocument();
  });

  it('says the page needs the network when the server cannot be reached', async () => {
    server = await FakeServer.create();
    device = await TestDevice.create(server);
    db = device.db;
    vi.stubGlobal('fetch', vi.fn(() => Promise.reject(new TypeError('Failed to fetch'))));
    renderApp({ db, sync: null }, '/tinjauan');
    expect(await screen.findByRole('alert')).toHaveTextContent('Halaman ini perlu jaringan');
  });
});
