// The way out for sales that cannot reach the server: a file with exactly
// the mutations the server has not accepted, readable back with the schema.
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SyncIndicator } from '../../src/client/features/sync-status/SyncIndicator.tsx';
import { ServicesProvider } from '../../src/client/shared/services/services.tsx';
import {
  buildOutboxExport,
  outboxExportFileName,
  parseOutboxExport,
  serializeOutboxExport,
} from '../../src/client/sync/export-format.ts';
import { outboxExportSchema, PROTOCOL_VERSION, saleRecordPayloadSchema } from '../../src/protocol/schemas.ts';
import { FakeServer, TestDevice } from './sync-harness.ts';

let server: FakeServer | null = null;
let device: TestDevice | null = null;

afterEach(async () => {
  vi.restoreAllMocks();
  device?.close();
  device = null;
  await server?.close();
  server = null;
});

/** seq 1 acked, seq 2 refused, seq 3 inflight (a push cut off), seq 4 pending. */
async function deviceWithEveryState(): Promise<TestDevice> {
  server = await FakeServer.create();
  device = await TestDevice.create(server);
  await device.sell([{ sku: 'KOP-001', qty: 1 }]);
  await device.sell([{ sku: 'MDU-002', qty: 1 }]);
  const row = await device.db.outbox.get(2);
  const payload = structuredClone(row?.payload) as { sale: { deviceId: string } };
  payload.sale.deviceId = 'some-other-device';
  await device.db.outbox.update(2, { payload });
  await device.engine.syncNow();
  await device.sell([{ sku: 'KOP-001', qty: 2 }]);
  await device.sell([{ sku: 'TNN-002', qty: 1 }]);
  await device.db.outbox.update(3, { status: 'inflight' });
  expect(await device.outboxByStatus()).toEqual({ acked: [1], rejected: [2], inflight: [3], pending: [4] });
  return device;
}

describe('exporting unsynced sales', () => {
  it('writes exactly the pending, inflight and refused mutations, and the file reads back the same', async () => {
    const d = await deviceWithEveryState();
    const exportedAt = Date.UTC(2026, 1, 14, 5, 5);
    const file = await buildOutboxExport(d.db, exportedAt);

    expect(file).toMatchObject({ format: 'kasir-karya-outbox', version: 1, deviceId: d.deviceId, protocolVersion: PROTOCOL_VERSION, exportedAt });
    expect(file.mutations.map((m) => m.seq)).toEqual([2, 3, 4]);
    const rows = await d.db.outbox.bulkGet([2, 3, 4]);
    expect(file.mutations).toEqual(rows.map((r) => ({ seq: r?.seq, id: r?.id, type: r?.type, payload: r?.payload, deviceTime: r?.deviceTime })));
    // Each payload is a sale the server can read with the wire schema.
    for (const m of file.mutations.filter((x) => x.seq !== 2)) expect(saleRecordPayloadSchema.safeParse(m.payload).success).toBe(true);

    const back = await parseOutboxExport(serializeOutboxExport(file));
    expect(back).toEqual(file);
    const receiptPrefix = d.deviceId.replace(/-/g, '').slice(-4).toUpperCase();
    expect(outboxExportFileName(file)).toBe(`kasir-karya-belum-sinkron-${receiptPrefix}-20260214-1305.json`);

    // Exporting changes nothing on the device: the rows wait for the server as before.
    expect(await d.outboxByStatus()).toEqual({ acked: [1], rejected: [2], inflight: [3], pending: [4] });
  });

  it('refuses a file whose seqs do not rise or whose ids repeat', async () => {
    const d = await deviceWithEveryState();
    const file = await buildOutboxExport(d.db);
    const [a, b] = file.mutations;
    if (!a || !b) throw new Error('expected mutations');
    expect(outboxExportSchema.safeParse({ ...file, mutations: [b, a] }).success).toBe(false);
    expect(outboxExportSchema.safeParse({ ...file, mutations: [a, { ...b, id: a.id }] }).success).toBe(false);
    expect(outboxExportSchema.safeParse({ ...file, format: 'something-else' }).success).toBe(false);
  });

  it('downloads the file from the sync details as JSON through a link', async () => {
    const d = await deviceWithEveryState();
    const blobs: Blob[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => {
      blobs.push(b as Blob);
      return 'blob:kasir-test';
    });
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
    const clicked: HTMLAnchorElement[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this);
    });

    const user = userEvent.setup();
    render(
      <ServicesProvider services={{ db: d.db, sync: null }}>
        <SyncIndicator />
      </ServicesProvider>,
    );
    await user.click(await screen.findByRole('button', { name: 'Detail sinkronisasi' }));
    await user.click(await screen.findByRole('button', { name: 'Ekspor 3 penjualan yang belum diterima server (file JSON)' }));

    await waitFor(() => expect(clicked).toHaveLength(1));
    const link = clicked[0];
    expect(link?.getAttribute('href')).toBe('blob:kasir-test');
    expect(link?.download).toMatch(/^kasir-karya-belum-sinkron-[0-9A-F]{4}-\d{8}-\d{4}\.json$/);
    expect(blobs[0]?.type).toBe('application/json');
    const file = await parseOutboxExport(await (blobs[0] as Blob).text());
    expect(file.mutations.map((m) => m.seq)).toEqual([2, 3, 4]);
    expect(await screen.findByText(new RegExp(`File ${link?.download ?? ''} sudah diunduh`))).toBeInTheDocument();
  });

  it('picks the file to import with a button in the app\'s language, not the browser\'s "Choose File"', async () => {
    const d = await deviceWithEveryState();
    const user = userEvent.setup();
    render(
      <ServicesProvider services={{ db: d.db, sync: null }}>
        <SyncIndicator />
      </ServicesProvider>,
    );
    await user.click(await screen.findByRole('button', { name: 'Detail sinkronisasi' }));
    const group = await screen.findByRole('group', { name: 'Impor file penjualan dari perangkat lain' });
    const choose = within(group).getByRole('button', { name: 'Pilih File' });
    expect(choose).toHaveAccessibleDescription('Belum ada file dipilih');
    // The native input is out of sight and out of the tab order; the button opens it.
    const input = within(group).getByLabelText('Impor file penjualan dari perangkat lain');
    expect(input).toHaveClass('visually-hidden');
    expect(input).toHaveAttribute('tabindex', '-1');
    const opened = vi.spyOn(input, 'click');
    await user.click(choose);
    expect(opened).toHaveBeenCalled();
    await user.upload(input as HTMLInputElement, new File(['not json'], 'dari-booth.json', { type: 'application/json' }));
    expect(await within(group).findByText('dari-booth.json')).toBeInTheDocument();
  });
});
