// What the cashier and the manager see of the queue, on a real device
// database, with the real engine talking to the real server rules.
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SyncIndicator } from '../../src/client/features/sync-status/SyncIndicator.tsx';
import { useLanguage } from '../../src/client/i18n/use-t.ts';
import { ServicesProvider } from '../../src/client/shared/services/services.tsx';
import { useSyncState } from '../../src/client/sync/status.ts';
import { FakeServer, TestDevice } from './sync-harness.ts';

const HOUR = 3_600_000;

let server: FakeServer | null = null;
let device: TestDevice | null = null;

afterEach(async () => {
  device?.close();
  device = null;
  await server?.close();
  server = null;
});

async function setup(): Promise<TestDevice> {
  server = await FakeServer.create();
  device = await TestDevice.create(server, { onState: (s) => useSyncState.setState(s) });
  // The first pull was a success; the screen starts from a clean slate.
  useSyncState.setState({ lastSuccessAt: null, failure: null, nextAttemptAt: null });
  return device;
}

function renderIndicator(d: TestDevice) {
  return render(
    <ServicesProvider services={{ db: d.db, sync: d.engine }}>
      <SyncIndicator />
    </ServicesProvider>,
  );
}

/** A sale that happened `ago` ms back, as far as the device's clock knows. */
async function sellAgo(d: TestDevice, ago: number): Promise<void> {
  const realNow = Date.now;
  vi.spyOn(Date, 'now').mockReturnValue(realNow() - ago);
  try {
    await d.sell([{ sku: 'KOP-001', qty: 1 }]);
  } finally {
    vi.mocked(Date.now).mockRestore();
  }
}

describe('the sync indicator', () => {
  it('shows how many sales wait and how long the oldest has waited', async () => {
    const d = await setup();
    await sellAgo(d, 2 * HOUR + 5 * 60_000);
    await sellAgo(d, 10 * 60_000);
    renderIndicator(d);
    const count = await screen.findByTestId('pending-count');
    expect(count).toHaveTextContent('2 data belum tersinkron');
    expect(count).toHaveAttribute('data-count', '2');
    expect(screen.getByTestId('oldest-unsynced')).toHaveTextContent('tertua 2 jam lalu');
  });

  it('a browser that was never enrolled does not say "Semua tersinkron"', async () => {
    const d = await setup();
    await d.db.device.update('self', { credential: null });
    renderIndicator(d);
    expect(await screen.findByTestId('pending-count')).toHaveTextContent('Perangkat belum terdaftar: belum ada yang bisa disinkronkan');
    expect(screen.queryByText('Semua tersinkron')).toBeNull();
  });

  it('empties the queue when the cashier presses "Sinkronkan Sekarang", and says when it last synced', async () => {
    const d = await setup();
    await d.sell([{ sku: 'KOP-001', qty: 1 }]);
    const user = userEvent.setup();
    renderIndicator(d);
    expect(await screen.findByTestId('pending-count')).toHaveTextContent('1 data belum tersinkron');

    await user.click(screen.getByRole('button', { name: 'Sinkronkan Sekarang' }));
    await waitFor(() => expect(screen.getByTestId('pending-count')).toHaveTextContent('Semua tersinkron'));
    expect(screen.queryByTestId('oldest-unsynced')).toBeNull();
    expect(screen.getByText(/^Sinkron terakhir \d{2}\.\d{2}$/)).toBeInTheDocument();
    expect(await server?.saleIds()).toHaveLength(1);
  });

  it('says the server is unreachable, that sales are safe, and keeps the count', async () => {
    const d = await setup();
    await d.sell([{ sku: 'KOP-001', qty: 1 }]);
    server?.plan('push', 'fail-before');
    const user = userEvent.setup();
    renderIndicator(d);
    await user.click(await screen.findByRole('button', { name: 'Sinkronkan Sekarang' }));
    expect(await screen.findByText(/Server tidak terjangkau \(Failed to fetch .*\)\. Penjualan aman di perangkat/)).toBeInTheDocument();
    expect(screen.getByTestId('pending-count')).toHaveAttribute('data-count', '1');
    // No answer at all, though the browser says it has a network (a booth's Wi-Fi without uplink): offline.
    expect(screen.getByText('Mode Offline')).toBeInTheDocument();
    expect(screen.queryByText('Online')).toBeNull();
  });

  it('a server that answered, even with an update demand, is reached: the pill stays online', async () => {
    const d = await setup();
    await d.sell([{ sku: 'KOP-001', qty: 1 }]);
    server?.plan('push', 'update-required');
    const user = userEvent.setup();
    renderIndicator(d);
    await user.click(await screen.findByRole('button', { name: 'Sinkronkan Sekarang' }));
    await screen.findByText(/Perlu pembaruan aplikasi/);
    expect(screen.getByText('Online')).toBeInTheDocument();
    expect(screen.queryByText('Mode Offline')).toBeNull();
  });

  it('tells the cashier an update is required and how to get it, keeping the sales', async () => {
    const d = await setup();
    await d.sell([{ sku: 'KOP-001', qty: 1 }]);
    server?.plan('push', 'update-required');
    const user = userEvent.setup();
    renderIndicator(d);
    await user.click(await screen.findByRole('button', { name: 'Sinkronkan Sekarang' }));
    const message = await screen.findByText(/Perlu pembaruan aplikasi/);
    expect(message).toHaveTextContent('Penjualan tetap disimpan sampai aplikasi diperbarui');
    expect(message).toHaveTextContent('Tutup semua tab Kasir Karya lalu buka lagi');
    expect(screen.getByTestId('pending-count')).toHaveAttribute('data-count', '1');
  });

  it('shows offline calmly: the pill, and in the details that the sales will go by themselves', async () => {
    const d = await setup();
    await d.sell([{ sku: 'KOP-001', qty: 1 }]);
    useSyncState.setState({ online: false, failure: { kind: 'offline' } });
    const user = userEvent.setup();
    renderIndicator(d);
    expect(await screen.findByText('Mode Offline')).toBeInTheDocument();
    expect(screen.queryByText(/Perangkat sedang offline/)).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Detail sinkronisasi' }));
    expect(await screen.findByTestId('panel-problem')).toHaveTextContent(/Perangkat sedang offline.*terkirim otomatis saat jaringan kembali/);
  });

  it('counts refused and flagged sales, with the server\'s reason and what to do', async () => {
    const d = await setup();
    await d.sell([{ sku: 'KOP-001', qty: 1 }]);
    const row = await d.db.outbox.get(1);
    const payload = structuredClone(row?.payload) as { sale: { deviceId: string } };
    payload.sale.deviceId = 'some-other-device';
    await d.db.outbox.update(1, { payload });
    // More than the 3 in stock: stored, but flagged for a supervisor.
    await d.sell([{ sku: 'BTK-004', qty: 5 }]);
    await d.engine.syncNow();

    const user = userEvent.setup();
    renderIndicator(d);
    expect(await screen.findByTestId('rejected-count')).toHaveTextContent('1 penjualan ditolak server');
    expect(screen.getByTestId('pending-count')).toHaveTextContent('Semua tersinkron');
    await user.click(screen.getByRole('button', { name: 'Detail sinkronisasi' }));
    const panel = await screen.findByRole('region', { name: 'Detail sinkronisasi' });
    expect(within(panel).getByTestId('panel-rejected')).toHaveTextContent('ekspor penjualan ini ke file dan kirim ke admin');
    expect(within(panel).getByTestId('panel-flagged')).toHaveTextContent('1 penjualan perlu diperiksa supervisor');
    // In the cashier's words, from the server's code: not its English reason.
    expect(within(panel).getByText(/^Alasan: Struk \S+ dibuat perangkat lain \(some-other-device\), bukan perangkat ini; tidak dicatat\.$/)).toBeInTheDocument();
    expect(within(panel).getByTestId('panel-last-sync')).toHaveTextContent(/WITA \(baru saja\)/);
    expect(within(panel).getByRole('button', { name: 'Ekspor 1 penjualan yang belum diterima server (file JSON)' })).toBeEnabled();
  });

  it('speaks English when the cashier chose it', async () => {
    const d = await setup();
    await sellAgo(d, 3 * HOUR);
    useLanguage.getState().setLang('en');
    renderIndicator(d);
    expect(await screen.findByTestId('pending-count')).toHaveTextContent('Waiting to sync: 1');
    expect(screen.getByTestId('oldest-unsynced')).toHaveTextContent('oldest 3 h ago');
  });
});
