// GET /metrics as an operator's Prometheus reads it: who may read it, and
// that the figures follow what the server did (requests by route, pushed
// mutations by result, pull bytes, store transactions, each device's lag).
import { describe, expect, it } from 'vitest';
import { ROUTES } from '../../src/protocol/routes.ts';
import { adminToken, asDevice, backends, bearer, errorOf, get, pull, push, serverPerTest, TestDevice, type TestServer } from './helpers.ts';

const TOKEN = 'm'.repeat(40);

/** One sample's value from the text format, or null when absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | null {
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([^}]*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const got = Object.fromEntries([...(m[3] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
    if (Object.entries(labels).every(([k, v]) => got[k] === v)) return Number(m[4]);
  }
  return null;
}

async function scrape(server: TestServer, headers: Record<string, string>): Promise<{ status: number; text: string; type: string | null }> {
  const res = await fetch(`${server.baseUrl}/metrics`, { headers });
  return { status: res.status, text: await res.text(), type: res.headers.get('content-type') };
}

describe.each(backends)('metrics ($name)', (backend) => {
  let server: TestServer;
  serverPerTest(backend, (s) => (server = s), { metricsToken: TOKEN });

  it('are read with the scrape token or an admin session, and by no one else', async () => {
    const anonymous = await get(server.baseUrl, '/metrics');
    expect(anonymous.status).toBe(401);
    expect(errorOf(anonymous).code).toBe('unauthenticated');
    expect((await scrape(server, bearer('x'.repeat(40)))).status).toBe(401);
    const device = await scrape(server, await asDevice(server.baseUrl, new TestDevice().id));
    expect(device.status).toBe(403);
    const byToken = await scrape(server, bearer(TOKEN));
    expect(byToken.status).toBe(200);
    expect(byToken.type).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(byToken.text).toContain('# TYPE kasir_http_requests_total counter');
    expect((await scrape(server, bearer(await adminToken(server.baseUrl)))).status).toBe(200);
  });

  it('count requests by route, mutations by result, pull bytes, transactions, and how long ago each device was seen', async () => {
    const device = new TestDevice();
    const first = await push(server.baseUrl, device.id, [device.sell([{ product: 'KOP-001', qty: 1 }]), device.sell([{ product: 'KOP-001', qty: 2 }])]);
    expect(first.results.map((r) => r.status)).toEqual(['applied', 'applied']);
    // The same batch again: answered from the record.
    const again = device.sell([{ product: 'KOP-001', qty: 1 }]);
    await push(server.baseUrl, device.id, [again]);
    await push(server.baseUrl, device.id, [again]);
    await pull(server.baseUrl, 0);
    await get(server.baseUrl, ROUTES.health);

    const { text } = await scrape(server, bearer(TOKEN));
    expect(sample(text, 'kasir_push_mutations_total', { result: 'applied', replay: 'false' })).toBe(3);
    expect(sample(text, 'kasir_push_mutations_total', { result: 'applied', replay: 'true' })).toBe(1);
    expect(sample(text, 'kasir_http_requests_total', { route: ROUTES.push, method: 'POST', status: '200' })).toBe(3);
    expect(sample(text, 'kasir_http_requests_total', { route: ROUTES.health, method: 'GET', status: '200' })).toBe(1);
    expect(sample(text, 'kasir_pull_bytes_total')).toBeGreaterThan(1000);
    expect(sample(text, 'kasir_store_transaction_seconds_count', { ok: 'true' })).toBeGreaterThan(3);
    const lag = sample(text, 'kasir_device_last_seen_seconds', { device: device.id });
    expect(lag).not.toBeNull();
    expect(lag).toBeGreaterThanOrEqual(0);
    expect(lag).toBeLessThan(600);
  });

  // SQLite only: the refusal is a trigger of SQLite's syntax.
  it.runIf(backend.name === 'sqlite')('a route that failed with a 5xx is counted as an error under its pattern', async () => {
    const s = server;
    // The database refuses the health probe's write: a 503 from the health route.
    await s.store.db.exec("CREATE TRIGGER refuse_probe BEFORE INSERT ON counters BEGIN SELECT RAISE(ABORT, 'disk full'); END");
    await s.store.db.exec("CREATE TRIGGER refuse_probe2 BEFORE UPDATE ON counters BEGIN SELECT RAISE(ABORT, 'disk full'); END");
    expect((await get(s.baseUrl, ROUTES.health)).status).toBe(503);
    const { text } = await scrape(s, bearer(TOKEN));
    expect(sample(text, 'kasir_http_errors_total', { route: ROUTES.health })).toBe(1);
  });
});
