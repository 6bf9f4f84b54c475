// The device side of accounts on the wire: every sync request carries the
// device's credential; a revoked device stops, keeps every sale and says so;
// an unknown one is told to enrol again; the credential is rotated on demand
// and after 30 days; users come down with the pull.
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { signIn, signedInUser } from '../../src/client/db/auth-repo.ts';
import { recordSaleReturn } from '../../src/client/db/void-repo.ts';
import { SyncIndicator } from '../../src/client/features/sync-status/SyncIndicator.tsx';
import { ServicesProvider } from '../../src/client/shared/services/services.tsx';
import { CREDENTIAL_MAX_AGE_MS } from '../../src/client/sync/engine.ts';
import { importOutboxFile } from '../../src/client/sync/import.ts';
import { buildOutboxExport, serializeOutboxExport } from '../../src/client/sync/export-format.ts';
import { useSyncState } from '../../src/client/sync/status.ts';
import { pushRequestSchema, type MutationResult } from '../../src/protocol/schemas.ts';
import { ROUTES } from '../../src/protocol/routes.ts';
import { ADMIN, CASHIER, renderApp, SUPERVISOR, wireUsers } from './harness.tsx';
import { FakeServer, TestDevice } from './sync-harness.ts';

let server: FakeServer | null = null;
let device: TestDevice | null = null;
afterEach(async () => {
  vi.restoreAllMocks();
  device?.close();
  await server?.close();
  device = null;
  server = null;
});

async function setup(): Promise<{ server: FakeServer; device: TestDevice }> {
  server = await FakeServer.create();
  server.users = wireUsers();
  device = await TestDevice.create(server, { onState: (s) => useSyncState.setState(s) });
  return { server, device };
}

function renderIndicator(d: TestDevice) {
  return render(
    <ServicesProvider services={{ db: d.db, sync: d.engine }}>
      <SyncIndicator />
    </ServicesProvider>,
  );
}

describe('the credential on the wire', () => {
  it('every push and pull carries it as a bearer token, and so does an import', async () => {
    const { server, device } = await setup();
    await device.sell([{ sku: 'KOP-001', qty: 1 }]);
    const before = server.authorizations.length;
    expect((await device.engine.syncNow()).ok).toBe(true);
    const credential = (await device.db.device.get('self'))?.credential ?? '';
    expect(credential).toMatch(new RegExp(`^kkd_${device.deviceId}\\.`));
    const sent = server.authorizations.slice(before);
    expect(sent.map((a) => a.path)).toEqual([ROUTES.push, ROUTES.pull]);
    for (const a of sent) expect(a.authorization).toBe(`Bearer ${credential}`);

    const seen: (string | null)[] = [];
    const text = serializeOutboxExport(await buildOutboxExport(device.db));
    await importOutboxFile(
      text,
      (_input, init) => {
        seen.push(new Headers(init?.headers).get('authorization'));
        return Promise.resolve(new Response(JSON.stringify({ lastSeq: 1, results: [], gap: null })));
      },
      credential,
    );
    expect(seen).toEqual([`Bearer ${credential}`]);
  });

  it('without it the server refuses, and the device says it must be enrolled again, keeping its sales', async () => {
    const { server, device } = await setup();
    await device.sell([{ sku: 'KOP-001', qty: 1 }]);
    server.forget(device.deviceId);
    const outcome = await device.engine.syncNow();
    expect(outcome.failure).toEqual({ kind: 'unauthenticated', detail: expect.any(String), server: { code: 'unauthenticated', params: {} } });
    expect(await device.outboxByStatus()).toEqual({ pending: [1] });
    renderIndicator(device);
    const alert = await screen.findByTestId('device-alert');
    expect(alert).toHaveTextContent('Server tidak mengenali perangkat ini');
    expect(alert).toHaveTextContent('Perangkat harus didaftarkan ulang dengan kode baru dari admin. Penjualan tetap aman di perangkat.');
    expect(within(alert).getByRole('link', { name: 'Daftarkan ulang perangkat' })).toHaveAttribute('href', '/daftar');
  });
});

describe('a revoked device', () => {
  it('stops syncing, keeps every unsynced sale, says so plainly and offers the export', async () => {
    const { server, device } = await setup();
    const a = await device.sell([{ sku: 'KOP-001', qty: 1 }]);
    const b = await device.sell([{ sku: 'MDU-002', qty: 2 }]);
    server.revoke(device.deviceId);

    const outcome = await device.engine.syncNow();
    expect(outcome).toMatchObject({ ok: false, failure: { kind: 'revoked' } });
    expect(await device.outboxByStatus()).toEqual({ pending: [1, 2] });
    expect((await device.db.sales.bulkGet([a.id, b.id])).map((s) => s?.sync)).toEqual(['pending', 'pending']);
    expect(await device.db.device.get('self')).toMatchObject({ revoked: true });
    expect(await server.saleIds()).toEqual([]);

    const user = userEvent.setup();
    renderIndicator(device);
    const alert = await screen.findByTestId('device-alert');
    expect(alert).toHaveTextContent('Perangkat ini dicabut oleh admin dan tidak lagi tersinkron.');
    expect(alert).toHaveTextContent('Penjualan yang belum terkirim tetap aman di perangkat');
    const exportButton = await within(alert).findByRole('button', { name: 'Ekspor 2 penjualan yang belum diterima server (file JSON)' });
    expect(exportButton).toBeEnabled();
    expect(screen.getByRole('button', { name: 'Sinkronkan Sekarang' })).toBeDisabled();
    await user.click(screen.getByRole('button', { name: 'Detail sinkronisasi' }));
    expect(await screen.findByTestId('panel-problem')).toHaveTextContent('dicabut oleh admin');

    // Nothing more is sent: not on the next try, not after a reload.
    const asked = server.authorizations.length;
    expect((await device.engine.syncNow()).failure).toEqual({ kind: 'revoked' });
    expect((await device.reload().syncNow()).failure).toEqual({ kind: 'revoked' });
    expect(server.authorizations.length).toBe(asked);
  });

  it('still sells, and shows the revocation in the top bar from the first paint', async () => {
    const { server, device } = await setup();
    server.revoke(device.deviceId);
    await device.engine.syncNow();
    device.engine.stop();
    await signIn(device.db, CASHIER.id);
    renderApp({ db: device.db, sync: null });
    expect(await screen.findByTestId('device-alert')).toHaveTextContent('dicabut oleh admin');
    expect(await screen.findByRole('searchbox', { name: 'Cari produk' })).toBeInTheDocument();
    await device.sell([{ sku: 'KOP-001', qty: 1 }]);
    expect(await device.db.sales.count()).toBe(1);
  });
});

describe('rotating the credential', () => {
  it('"Perbarui kredensial" in settings replaces it; the old one stops working', async () => {
    const { server, device } = await setup();
    const old = (await device.db.device.get('self'))?.credential ?? '';
    await signIn(device.db, CASHIER.id);
    const user = userEvent.setup();
    renderApp({ db: device.db, sync: device.engine }, '/pengaturan');
    await user.click(await screen.findByRole('button', { name: 'Perbarui kredensial' }));
    expect(await screen.findByText('Kredensial baru tersimpan.')).toBeInTheDocument();
    const fresh = (await device.db.device.get('self'))?.credential ?? '';
    expect(fresh).not.toBe(old);
    expect(fresh).toBe(server.credentialOf(device.deviceId));
    const rotateCall = server.authorizations.find((a) => a.path === '/api/devices/rotate');
    expect(rotateCall?.authorization).toBe(`Bearer ${old}`);
    expect((await device.engine.syncNow()).ok).toBe(true);
    expect(server.authorizations.at(-1)?.authorization).toBe(`Bearer ${fresh}`);
  });

  it('happens by itself after a sync once the credential is 30 days old, and not before', async () => {
    const { server, device } = await setup();
    const young = (await device.db.device.get('self'))?.credential;
    await device.engine.syncNow();
    expect((await device.db.device.get('self'))?.credential).toBe(young);
    expect(server.authorizations.some((a) => a.path === '/api/devices/rotate')).toBe(false);

    await device.db.device.update('self', { credentialIssuedAt: Date.now() - CREDENTIAL_MAX_AGE_MS - 60_000 });
    expect((await device.engine.syncNow()).ok).toBe(true);
    const rotated = await device.db.device.get('self');
    expect(rotated?.credential).not.toBe(young);
    expect(rotated?.credential).toBe(server.credentialOf(device.deviceId));
    expect(rotated?.credentialIssuedAt).toBeGreaterThan(Date.now() - 60_000);
  });

  it('offline, nothing is tried', async () => {
    const { server, device } = await setup();
    await device.db.device.update('self', { credentialIssuedAt: 1 });
    vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false);
    const asked = server.authorizations.length;
    expect((await device.engine.syncNow()).failure).toEqual({ kind: 'offline' });
    expect((await device.engine.rotateCredential()).ok).toBe(false);
    expect(server.authorizations.length).toBe(asked);
  });
});

describe('users from the pull', () => {
  it('a full pull stores them, an incremental one updates and removes, and a removed user is signed out', async () => {
    const { server, device } = await setup();
    expect((await device.db.users.toArray()).map((u) => u.id).sort()).toEqual(wireUsers().map((u) => u.id).sort());
    await signIn(device.db, CASHIER.id);
    expect((await signedInUser(device.db))?.id).toBe(CASHIER.id);

    server.users = [{ ...wireUsers([SUPERVISOR])[0]!, name: 'Lalu Ahmad Fauzi' }, { ...wireUsers([CASHIER])[0]!, active: false }];
    expect((await device.engine.syncNow()).ok).toBe(true);
    expect((await device.db.users.get(SUPERVISOR.id))?.name).toBe('Lalu Ahmad Fauzi');
    expect(await device.db.users.get(CASHIER.id)).toBeUndefined();
    expect(await device.db.users.get(ADMIN.id)).toBeDefined();
    expect(await signedInUser(device.db)).toBeNull();
  });
});

describe("the server's answer to a void", () => {
  /** Push answered by the test; pulls go to the fake server. */
  function answering(s: FakeServer, status: (type: string) => MutationResult['status']): typeof fetch {
    return async (input, init) => {
      if (!String(input).startsWith(ROUTES.push)) return s.fetch(input, init);
      const req = pushRequestSchema.parse(JSON.parse(String(init?.body)));
      const results = req.mutations.map((m): MutationResult => {
        const st = status(m.type);
        return { seq: m.seq, id: m.id, status: st, reason: st === 'applied' ? null : 'the approver was not a supervisor then', problem: null, replay: false };
      });
      return new Response(JSON.stringify({ lastSeq: Math.max(0, ...req.mutations.map((m) => m.seq)), results, gap: null }));
    };
  }

  async function saleWithRefund(d: TestDevice) {
    const sale = await d.sell([{ sku: 'KOP-001', qty: 2 }]);
    const line = sale.lines[0]!;
    const ret = await recordSaleReturn(d.db, {
      saleId: sale.id,
      kind: 'refund',
      lines: [{ lineId: line.id, qty: 1 }],
      amount: line.net / 2,
      method: 'cash',
      reason: 'rusak',
      by: { id: CASHIER.id, name: CASHIER.name },
      approval: { id: 'appr-1', kind: 'refund', approverId: SUPERVISOR.id, requestedBy: CASHIER.id, at: Date.now(), lineId: null, detail: 'retur' },
      approverName: SUPERVISOR.name,
    });
    return { sale, ret };
  }

  it('marks the return, not the sale, and a refused return keeps its stock event unsettled', async () => {
    const { server, device } = await setup();
    const { sale, ret } = await saleWithRefund(device);
    const engine = device.newEngine({ fetch: answering(server, (type) => (type === 'sale.void' ? 'rejected' : 'applied')) });
    await engine.syncNow();
    const stored = await device.db.sales.get(sale.id);
    expect(stored?.sync).toBe('synced');
    expect(stored?.returns).toEqual([expect.objectContaining({ id: ret.id, sync: 'rejected', syncNote: 'the approver was not a supervisor then' })]);
    const events = await device.db.stockEvents.where('saleId').equals(sale.id).toArray();
    // The sale's own event is settled (acked, then applied by the pull that followed); the refused return's is not.
    expect(events.map((e) => [e.reason, e.state]).sort()).toEqual([
      ['return', 'pending'],
      ['sale', 'applied'],
    ]);
    expect(await device.outboxByStatus()).toEqual({ acked: [1], rejected: [2] });
  });

  it('an accepted return acknowledges its own stock events', async () => {
    const { server, device } = await setup();
    const { sale } = await saleWithRefund(device);
    await device.newEngine({ fetch: answering(server, () => 'applied') }).syncNow();
    await waitFor(async () => expect((await device.db.sales.get(sale.id))?.returns?.[0]?.sync).toBe('synced'));
    const events = await device.db.stockEvents.where('saleId').equals(sale.id).toArray();
    expect(events.every((e) => e.state === 'acked' || e.state === 'applied')).toBe(true);
  });
});
