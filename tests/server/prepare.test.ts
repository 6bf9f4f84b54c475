// Push and import bodies are prepared (JSON, protocol version, schema, each
// mutation parsed and hashed) inline for small bodies and on a worker thread
// for big ones. Both must give the same answer to the same body, and the
// route must behave the same whichever did the work.
import { afterAll, describe, expect, it } from 'vitest';
import { OUTBOX_EXPORT_FORMAT, OUTBOX_EXPORT_VERSION, PROTOCOL_VERSION, type MutationEnvelope } from '../../src/protocol/schemas.ts';
import { ROUTES } from '../../src/protocol/routes.ts';
import { prepareBody, type BodyKind } from '../../src/server/http/prepare-body.ts';
import { createPreparer } from '../../src/server/http/prepare-pool.ts';
import { asDevice, backends, clone, errorOf, listSales, post, pushBody, saleOf, serverPerTest, TestDevice, type TestServer } from './helpers.ts';

const pushText = (deviceId: string, mutations: readonly MutationEnvelope[]): string => JSON.stringify(pushBody(deviceId, mutations));

const threaded = createPreparer({ threads: 1, inlineBelow: 0 });
afterAll(() => threaded.close());

function exportFile(deviceId: string, mutations: readonly MutationEnvelope[], protocolVersion = PROTOCOL_VERSION): string {
  return JSON.stringify({ format: OUTBOX_EXPORT_FORMAT, version: OUTBOX_EXPORT_VERSION, deviceId, protocolVersion, exportedAt: 1_764_000_000_000, mutations });
}

/** Bodies covering every branch of prepareBody, with what each must come to. */
function cases(): { name: string; kind: BodyKind; text: string; expect: string }[] {
  const device = new TestDevice();
  const other = new TestDevice();
  const sales = Array.from({ length: 150 }, (_, i) => device.sell([{ product: 'KOP-001', qty: 1 + (i % 3) }, { product: 'CKL-001', qty: 1 }]));
  const foreign = other.sell([{ product: 'KOP-001', qty: 1 }]);
  const negative = clone(sales[0] as MutationEnvelope);
  const line = saleOf(negative).lines[0];
  if (line) line.qty = -1;
  return [
    { name: 'a push of 150 sales (over 200 KB)', kind: 'push', text: pushText(device.id, sales), expect: 'ok' },
    { name: 'malformed JSON', kind: 'push', text: '{"deviceId": "d1", "mutations": [', expect: 'malformed-json' },
    { name: 'an empty body', kind: 'push', text: '', expect: 'malformed-json' },
    { name: 'a __proto__ key', kind: 'push', text: `{"deviceId":"${device.id}","protocolVersion":${PROTOCOL_VERSION},"mutations":[],"__proto__":{"x":1}}`, expect: 'malformed-json' },
    { name: 'a constructor.prototype key', kind: 'push', text: `{"constructor":{"prototype":{"x":1}}}`, expect: 'malformed-json' },
    { name: 'another protocol (push)', kind: 'push', text: JSON.stringify({ deviceId: device.id, protocolVersion: PROTOCOL_VERSION + 1, mutations: [] }), expect: 'update-required' },
    { name: 'another protocol (import)', kind: 'import', text: exportFile(device.id, [], PROTOCOL_VERSION + 1), expect: 'update-required' },
    { name: 'a seq that is text', kind: 'push', text: pushText(device.id, [{ ...(sales[0] as MutationEnvelope), seq: '1' as unknown as number }]), expect: 'invalid-request' },
    { name: 'an import whose seqs go down', kind: 'import', text: exportFile(device.id, [sales[1] as MutationEnvelope, sales[0] as MutationEnvelope]), expect: 'invalid-request' },
    { name: 'an import of 150 sales', kind: 'import', text: exportFile(device.id, sales), expect: 'ok' },
    { name: "another device's sale, an unknown type, a negative quantity", kind: 'push', text: pushText(device.id, [foreign, { ...(sales[2] as MutationEnvelope), type: 'sale.teleport' }, negative]), expect: 'ok' },
  ];
}

describe('preparing a body', () => {
  it.each(cases())('$name: the worker answers exactly what the main thread does', async ({ kind, text, expect: outcome }) => {
    const inline = prepareBody(kind, text);
    expect(inline.ok ? 'ok' : inline.refusal.code).toBe(outcome);
    const before = threaded.threaded;
    expect(await threaded.prepare(kind, text)).toEqual(inline);
    // The thread did it: not the main-thread fallback.
    expect(threaded.threaded).toBe(before + 1);
  });

  it('refusals inside a batch are per mutation, with the reason the push answers', () => {
    const device = new TestDevice();
    const other = new TestDevice();
    const out = prepareBody('push', pushText(device.id, [other.sell([{ product: 'KOP-001', qty: 1 }]), device.next({}, { type: 'sale.teleport' })]));
    if (!out.ok) throw new Error('expected the batch to be taken');
    expect(out.body.mutations.map((m) => 'refusal' in m.parsed && m.parsed.refusal.reason)).toEqual([
      expect.stringContaining(`belongs to device ${other.id}`),
      'unknown mutation type "sale.teleport"; update the app',
    ]);
  });

  it('a thread that cannot start leaves the work to the main thread from then on, with the same answer', async () => {
    const broken = createPreparer({ threads: 1, inlineBelow: 0, entry: new URL('./fixtures/no-such-thread.mjs', import.meta.url) });
    try {
      const device = new TestDevice();
      const text = pushText(device.id, [device.sell([{ product: 'KOP-001', qty: 1 }])]);
      expect(await broken.prepare('push', text)).toEqual(prepareBody('push', text));
      expect(await broken.prepare('push', text)).toEqual(prepareBody('push', text));
      expect(broken.threaded).toBe(0);
    } finally {
      await broken.close();
    }
  });

  it('a thread that dies fails only the request it held; the next request gets a new thread', async () => {
    const dying = createPreparer({ threads: 1, inlineBelow: 0, entry: new URL('./fixtures/dying-thread.mjs', import.meta.url) });
    try {
      await expect(dying.prepare('push', '{}')).rejects.toThrow(/worker stopped \(exit code 3\)/);
      await expect(dying.prepare('push', '{}')).rejects.toThrow(/worker stopped/);
    } finally {
      await dying.close();
    }
  });
});

describe.each(backends)('push and import prepared on a thread ($name)', (backend) => {
  let server: TestServer;
  serverPerTest(
    backend,
    (s) => {
      server = s;
    },
    { preparer: threaded },
  );

  it('a push is applied, and sent again it is answered from the record', async () => {
    const device = new TestDevice();
    const sales = Array.from({ length: 40 }, () => device.sell([{ product: 'KOP-001', qty: 1 }]));
    const headers = await asDevice(server.baseUrl, device.id);
    const first = await post(server.baseUrl, ROUTES.push, pushText(device.id, sales), headers);
    expect(first.status).toBe(200);
    const again = await post(server.baseUrl, ROUTES.push, pushText(device.id, sales), headers);
    expect(again.status).toBe(200);
    const [a, b] = [first.body, again.body] as { lastSeq: number; results: { status: string; replay: boolean }[] }[];
    expect(a?.lastSeq).toBe(40);
    expect(a?.results.every((r) => r.status === 'applied' && !r.replay)).toBe(true);
    expect(b?.results.every((r) => r.status === 'applied' && r.replay)).toBe(true);
    expect(threaded.threaded).toBeGreaterThanOrEqual(2);
    expect(await listSales(server.baseUrl, device.id)).toHaveLength(40);
  });

  it('refusals keep their codes: malformed JSON, text/plain, another protocol, a field that does not fit', async () => {
    const device = new TestDevice();
    const headers = await asDevice(server.baseUrl, device.id);
    const malformed = await post(server.baseUrl, ROUTES.push, '{"deviceId": ', headers);
    expect([malformed.status, errorOf(malformed).code]).toEqual([400, 'malformed-json']);
    const plain = await post(server.baseUrl, ROUTES.push, pushText(device.id, []), { ...headers, 'content-type': 'text/plain' });
    expect([plain.status, errorOf(plain).code]).toEqual([400, 'invalid-request']);
    const newer = await post(server.baseUrl, ROUTES.push, JSON.stringify({ deviceId: device.id, protocolVersion: PROTOCOL_VERSION + 1, mutations: [] }), headers);
    expect([newer.status, errorOf(newer).code, errorOf(newer).field]).toEqual([426, 'update-required', 'protocolVersion']);
    const bad = await post(server.baseUrl, ROUTES.push, pushText(device.id, [{ ...device.sell([{ product: 'KOP-001', qty: 1 }]), seq: 0 }]), headers);
    expect([bad.status, errorOf(bad).code, errorOf(bad).field]).toEqual([400, 'invalid-request', 'mutations.0.seq']);
  });

  it("another device's body is refused after it is read, not stored", async () => {
    const device = new TestDevice();
    const other = new TestDevice();
    const headers = await asDevice(server.baseUrl, device.id);
    const res = await post(server.baseUrl, ROUTES.push, pushText(other.id, [other.sell([{ product: 'KOP-001', qty: 1 }])]), headers);
    expect(res.status).toBe(403);
    expect(await listSales(server.baseUrl, other.id)).toHaveLength(0);
  });

  it('an import file is applied like a push', async () => {
    const device = new TestDevice();
    const sales = Array.from({ length: 30 }, () => device.sell([{ product: 'CKL-001', qty: 1 }]));
    const headers = await asDevice(server.baseUrl, device.id);
    const res = await post(server.baseUrl, ROUTES.import, exportFile(device.id, sales), headers);
    expect(res.status).toBe(200);
    expect(await listSales(server.baseUrl, device.id)).toHaveLength(30);
  });
});
