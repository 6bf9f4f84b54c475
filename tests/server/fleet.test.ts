// Fleet health as the server keeps it: each device request's own report
// ends up in the admin's device list, a push that went through moves "last
// push", and a report the server cannot read never costs the sync.
import { describe, expect, it } from 'vitest';
import { adminDeviceListSchema, DEVICE_HEALTH_HEADER, type DeviceHealth } from '../../src/protocol/auth.ts';
import { AUTH_ROUTES, ROUTES } from '../../src/protocol/routes.ts';
import { adminToken, asDevice, backends, bearer, get, post, pushBody, serverPerTest, TestDevice, type TestServer } from './helpers.ts';

const REPORT: DeviceHealth = { appVersion: '0.1.0', pending: 3, oldestUnsyncedAt: 1_700_000_000_000, persisted: true, storageUsed: 5_000_000, storageQuota: 1_000_000_000 };

describe.each(backends)('fleet health ($name)', (backend) => {
  let server: TestServer;
  serverPerTest(backend, (s) => (server = s));

  async function healthOf(deviceId: string) {
    // The write follows the answer: poll the list until it shows.
    for (let i = 0; i < 100; i++) {
      const res = await get(server.baseUrl, AUTH_ROUTES.devices, bearer(await adminToken(server.baseUrl)));
      const d = adminDeviceListSchema.parse(res.body).devices.find((x) => x.deviceId === deviceId);
      if (d?.health) return d.health;
      await new Promise((r) => setTimeout(r, 20));
    }
    return null;
  }

  it("a pull's report shows in the admin list; a push that went through sets the last push", async () => {
    const device = new TestDevice();
    const headers = await asDevice(server.baseUrl, device.id);
    const pulled = await get(server.baseUrl, `${ROUTES.pull}?since=0`, { ...headers, [DEVICE_HEALTH_HEADER]: JSON.stringify(REPORT) });
    expect(pulled.status).toBe(200);
    const first = await healthOf(device.id);
    expect(first).toMatchObject({ ...REPORT, lastPushAt: null });

    const pushed = await post(server.baseUrl, ROUTES.push, pushBody(device.id, [device.sell([{ product: 'KOP-001', qty: 1 }])]), {
      ...headers,
      [DEVICE_HEALTH_HEADER]: JSON.stringify({ ...REPORT, pending: 0, oldestUnsyncedAt: null }),
    });
    expect(pushed.status).toBe(200);
    let after = await healthOf(device.id);
    for (let i = 0; i < 100 && after?.lastPushAt === null; i++) {
      await new Promise((r) => setTimeout(r, 20));
      after = await healthOf(device.id);
    }
    expect(after).toMatchObject({ pending: 0, oldestUnsyncedAt: null });
    expect(after?.lastPushAt).toEqual(expect.any(Number));
  });

  it('an unreadable or oversized report is ignored and the sync goes on', async () => {
    const device = new TestDevice();
    const headers = await asDevice(server.baseUrl, device.id);
    for (const bad of ['{not json', JSON.stringify({ ...REPORT, pending: -1 }), JSON.stringify({ ...REPORT, appVersion: 'x'.repeat(2000) })]) {
      const res = await get(server.baseUrl, `${ROUTES.pull}?since=0`, { ...headers, [DEVICE_HEALTH_HEADER]: bad });
      expect(res.status).toBe(200);
    }
    const res = await get(server.baseUrl, AUTH_ROUTES.devices, bearer(await adminToken(server.baseUrl)));
    expect(adminDeviceListSchema.parse(res.body).devices.find((x) => x.deviceId === device.id)?.health).toBeNull();
  });
});
