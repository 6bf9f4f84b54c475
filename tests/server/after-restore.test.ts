// After a restore the supervisor sees what came back: each push that stores
// sales made before the database was marked restored leaves one audit entry
// naming the device, how many, and which seqs; sales made after it do not.
import { describe, expect, it } from 'vitest';
import { newEpoch } from '../../src/server/sync/pull.ts';
import { backends, push, serverPerTest, TestDevice, type TestServer } from './helpers.ts';

describe.each(backends)('sales that come back after a restore ($name)', (backend) => {
  let server: TestServer;
  serverPerTest(backend, (s) => (server = s));

  const entries = async () =>
    (await server.store.db.all("SELECT device_id, detail FROM audit_log WHERE action = 'sync.resent-after-restore' ORDER BY id")).map((r) => ({
      device: String(r.device_id),
      detail: String(r.detail),
    }));

  it('are written down once per push, with their seqs; new sales are not', async () => {
    const device = new TestDevice();
    // Made (on the device's clock) before the restore, held by the device, sent after it.
    const held = [device.sell([{ product: 'KOP-001', qty: 1 }]), device.sell([{ product: 'KOP-001', qty: 2 }]), device.sell([{ product: 'MDU-001', qty: 1 }])];
    await new Promise((r) => setTimeout(r, 5));
    await newEpoch(server.store);
    await new Promise((r) => setTimeout(r, 5));
    await push(server.baseUrl, device.id, held);
    expect(await entries()).toEqual([{ device: device.id, detail: '3 sale(s) made before the restore came back from this device (seq 1-3)' }]);
    // The same push again is a replay: nothing new came back.
    await push(server.baseUrl, device.id, held);
    // A sale made after the restore is ordinary.
    await push(server.baseUrl, device.id, [device.sell([{ product: 'KOP-001', qty: 1 }])]);
    expect(await entries()).toHaveLength(1);
  });

  it('a database never restored writes nothing of the kind', async () => {
    const device = new TestDevice();
    await push(server.baseUrl, device.id, [device.sell([{ product: 'KOP-001', qty: 1 }])]);
    expect(await entries()).toEqual([]);
  });
});
