// The recovery path (issue 4): a device that cannot reach the server exports
// its unsynced sales to a file; importing the file goes through the push
// rules, so it is idempotent like a push. The file is carried to the office
// and imported there with an admin's session.
import { describe, expect, it } from 'vitest';
import { OUTBOX_EXPORT_FORMAT, OUTBOX_EXPORT_VERSION, PROTOCOL_VERSION, pushResponseSchema, type MutationEnvelope } from '../../src/protocol/schemas.ts';
import { ROUTES } from '../../src/protocol/routes.ts';
import { asAdmin, backends, countRows, errorOf, listSales, post, push, serverPerTest, TestDevice, type TestServer } from './helpers.ts';

function exportFile(deviceId: string, mutations: MutationEnvelope[], protocolVersion = PROTOCOL_VERSION) {
  return { format: OUTBOX_EXPORT_FORMAT, version: OUTBOX_EXPORT_VERSION, deviceId, protocolVersion, exportedAt: 1_764_000_000_000, mutations };
}

describe.each(backends)('import of an exported file ($name)', (backend) => {
  let server: TestServer;
  let url: string;
  serverPerTest(backend, (s) => {
    server = s;
    url = s.baseUrl;
  });

  it('a file over the import limit (64 MB) is a 413 that names that limit, not the 5 MB of a push', async () => {
    const big = JSON.stringify({ ...exportFile(new TestDevice().id, []), padding: 'x'.repeat(64 * 1024 * 1024 + 1024) });
    const res = await post(url, ROUTES.import, big, await asAdmin(url));
    expect(res.status).toBe(413);
    expect(errorOf(res)).toMatchObject({ code: 'body-too-large', message: expect.stringContaining('over 64 MB') });
  });

  it('stores the sales once, answers a second import as replays, and the device later syncs without doubles', async () => {
    const device = new TestDevice();
    const ms = [device.sell([{ product: 'KOP-001', qty: 1 }]), device.sell([{ product: 'MDU-001', qty: 2 }]), device.sell([{ product: 'CKL-004', qty: 3 }])];

    const first = await post(url, ROUTES.import, exportFile(device.id, ms), await asAdmin(url));
    expect(first.status).toBe(200);
    expect(pushResponseSchema.parse(first.body).results.map((r) => [r.status, r.replay])).toEqual([
      ['applied', false],
      ['applied', false],
      ['applied', false],
    ]);
    const again = pushResponseSchema.parse((await post(url, ROUTES.import, exportFile(device.id, ms), await asAdmin(url))).body);
    expect(again.results.every((r) => r.replay)).toBe(true);

    // The tablet comes back online after all and pushes the same queue.
    const pushed = await push(url, device.id, ms);
    expect(pushed.results.every((r) => r.replay && r.status === 'applied')).toBe(true);
    expect(await listSales(url, device.id)).toHaveLength(3);
    expect(await countRows(server.store, 'stock_events')).toBe(3);
  });

  it('refuses a file whose seqs do not rise, naming the place, and writes nothing', async () => {
    const device = new TestDevice();
    const a = device.sell([{ product: 'KOP-001', qty: 1 }]);
    const b = device.sell([{ product: 'KOP-002', qty: 1 }]);
    const res = await post(url, ROUTES.import, exportFile(device.id, [b, a]), await asAdmin(url));
    expect(res.status).toBe(400);
    expect(errorOf(res)).toMatchObject({ code: 'invalid-request', field: 'mutations.1.seq' });
    expect(await countRows(server.store, 'sales')).toBe(0);
  });

  it('answers a file from another protocol version with update-required', async () => {
    const device = new TestDevice();
    const res = await post(url, ROUTES.import, exportFile(device.id, [device.sell([{ product: 'KOP-001', qty: 1 }])], PROTOCOL_VERSION + 1), await asAdmin(url));
    expect(res.status).toBe(426);
    expect(errorOf(res).code).toBe('update-required');
    expect(await countRows(server.store, 'sales')).toBe(0);
  });

  it('takes a file larger than one push may be', async () => {
    const device = new TestDevice();
    const ms = Array.from({ length: 1200 }, () => device.sell([{ product: 'KOP-002', qty: 1 }]));
    const res = await post(url, ROUTES.import, exportFile(device.id, ms), await asAdmin(url));
    expect(res.status).toBe(200);
    expect(await countRows(server.store, 'sales')).toBe(1200);
  });
});
