// The HTTP surface: every refusal is JSON that names what is wrong, and a
// refused request writes nothing. Requests carry the device's credential, so
// what is tested is the body, not the missing credential (auth.test.ts).
import { describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '../../src/protocol/schemas.ts';
import { ROUTES } from '../../src/protocol/routes.ts';
import { BODY_LIMIT } from '../../src/server/http/app.ts';
import {
  adminToken,
  asDevice,
  backends,
  bearer,
  errorOf,
  get,
  post,
  pushBody,
  snapshotCounts,
  serverPerTest,
  TestDevice,
  totalStock,
  type TestServer,
} from './helpers.ts';

describe.each(backends)('HTTP ($name)', (backend) => {
  let server: TestServer;
  let url: string;

  serverPerTest(backend, (s) => {
    server = s;
    url = s.baseUrl;
  });

  /** Runs `request` and checks that no table and no stock level changed. */
  async function writesNothing(request: () => Promise<void>): Promise<void> {
    const counts = await snapshotCounts(server.store);
    const stock = await totalStock(server.store);
    await request();
    expect(await snapshotCounts(server.store)).toEqual(counts);
    expect(await totalStock(server.store)).toBe(stock);
  }

  it('health answers with the protocol version once a write went through', async () => {
    const res = await get(url, ROUTES.health);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true, protocolVersion: PROTOCOL_VERSION, store: 'writable' });
  });

  // SQLite only: the refusal is a trigger of SQLite's syntax.
  it.runIf(backend.name === 'sqlite')('health is a 503 saying so when the database refuses writes, though the process is up', async () => {
    // The database itself refuses the write, as it would on a full disk.
    const refuse = (op: string) => `CREATE TRIGGER refuse_${op} BEFORE ${op} ON counters BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END`;
    await server.store.db.exec(`${refuse('INSERT')}; ${refuse('UPDATE')}`);
    try {
      const res = await get(url, ROUTES.health);
      expect(res.status).toBe(503);
      expect(errorOf(res)).toMatchObject({ code: 'store-unavailable', message: expect.stringMatching(/does not take writes/) });
    } finally {
      await server.store.db.exec('DROP TRIGGER refuse_INSERT; DROP TRIGGER refuse_UPDATE');
    }
  });

  it('malformed JSON is a 400 malformed-json and writes nothing', async () => {
    const headers = await asDevice(url, new TestDevice().id);
    await writesNothing(async () => {
      const res = await post(url, ROUTES.push, '{"deviceId": "d1", "protocolVersion": 1, "mutations": [', headers);
      expect(res.status).toBe(400);
      expect(res.contentType).toMatch(/application\/json/);
      expect(errorOf(res).code).toBe('malformed-json');
    });
  });

  it('an empty JSON body is refused as a client error, not a server error', async () => {
    const headers = await asDevice(url, new TestDevice().id);
    await writesNothing(async () => {
      const res = await post(url, ROUTES.push, '', headers);
      expect(res.status).toBe(400);
      expect(errorOf(res).code).toBe('malformed-json');
    });
  });

  it('a wrong type is a 400 naming the field (mutations.0.seq) and writes nothing', async () => {
    const device = new TestDevice();
    const m = device.sell([{ product: 'KOP-001', qty: 1 }]);
    const headers = await asDevice(url, device.id);
    await writesNothing(async () => {
      const res = await post(url, ROUTES.push, pushBody(device.id, [{ ...m, seq: '1' as unknown as number }]), headers);
      expect(res.status).toBe(400);
      const error = errorOf(res);
      expect(error.code).toBe('invalid-request');
      expect(error.field).toBe('mutations.0.seq');
      expect(error.message).toContain('mutations.0.seq');
    });
  });

  it('a later mutation with a bad envelope refuses the whole request, so none of it is applied', async () => {
    const device = new TestDevice();
    const good = device.sell([{ product: 'KOP-001', qty: 1 }]);
    const bad = { ...device.sell([{ product: 'KOP-001', qty: 1 }]), deviceTime: -5 };
    const headers = await asDevice(url, device.id);
    await writesNothing(async () => {
      const res = await post(url, ROUTES.push, pushBody(device.id, [good, bad]), headers);
      expect(res.status).toBe(400);
      expect(errorOf(res).field).toBe('mutations.1.deviceTime');
    });
  });

  it('a missing deviceId is a 400 naming deviceId', async () => {
    const headers = await asDevice(url, new TestDevice().id);
    await writesNothing(async () => {
      const res = await post(url, ROUTES.push, { protocolVersion: PROTOCOL_VERSION, mutations: [] }, headers);
      expect(res.status).toBe(400);
      expect(errorOf(res).field).toBe('deviceId');
    });
  });

  it('a body that is JSON but not an object is a 400', async () => {
    const headers = await asDevice(url, new TestDevice().id);
    await writesNothing(async () => {
      const res = await post(url, ROUTES.push, '[1,2,3]', headers);
      expect(res.status).toBe(400);
      expect(errorOf(res).code).toBe('invalid-request');
    });
  });

  it(`a body over ${BODY_LIMIT / 1024 / 1024} MB is a 413 and writes nothing`, async () => {
    const device = new TestDevice();
    const big = JSON.stringify({ ...pushBody(device.id, []), padding: 'x'.repeat(BODY_LIMIT + 1024) });
    const headers = await asDevice(url, device.id);
    await writesNothing(async () => {
      const res = await post(url, ROUTES.push, big, headers);
      expect(res.status).toBe(413);
      expect(errorOf(res)).toMatchObject({ code: 'body-too-large', message: expect.stringContaining(`over ${BODY_LIMIT / 1024 / 1024} MB`) });
    });
  });

  it('a body just under the limit is accepted', async () => {
    const device = new TestDevice();
    const body = JSON.stringify({ ...pushBody(device.id, []), padding: 'x'.repeat(BODY_LIMIT - 1024) });
    const res = await post(url, ROUTES.push, body, await asDevice(url, device.id));
    expect(res.status).toBe(200);
  });

  it('a form body is a 415 unsupported-media-type', async () => {
    const headers = { ...(await asDevice(url, new TestDevice().id)), 'content-type': 'application/x-www-form-urlencoded' };
    await writesNothing(async () => {
      const res = await post(url, ROUTES.push, 'deviceId=d1', headers);
      expect(res.status).toBe(415);
      expect(errorOf(res).code).toBe('unsupported-media-type');
    });
  });

  it('a text/plain body is a 400, even when the text is a valid push', async () => {
    const device = new TestDevice();
    const text = JSON.stringify(pushBody(device.id, [device.sell([{ product: 'KOP-001', qty: 1 }])]));
    const headers = { ...(await asDevice(url, device.id)), 'content-type': 'text/plain' };
    await writesNothing(async () => {
      const res = await post(url, ROUTES.push, text, headers);
      expect(res.status).toBe(400);
      expect(errorOf(res).code).toBe('invalid-request');
    });
  });

  it('a wrong protocol version is a 426 update-required naming protocolVersion, and writes nothing', async () => {
    const device = new TestDevice();
    const m = device.sell([{ product: 'KOP-001', qty: 1 }]);
    const headers = await asDevice(url, device.id);
    for (const v of [PROTOCOL_VERSION - 1, PROTOCOL_VERSION + 1]) {
      await writesNothing(async () => {
        const res = await post(url, ROUTES.push, pushBody(device.id, [m], v), headers);
        expect(res.status).toBe(426);
        const error = errorOf(res);
        expect(error.code).toBe('update-required');
        expect(error.field).toBe('protocolVersion');
        expect(error.message).toMatch(/update/);
      });
    }
  });

  it('an old client whose body has another shape still gets update-required, not a validation error', async () => {
    const device = new TestDevice();
    const headers = await asDevice(url, device.id);
    await writesNothing(async () => {
      const res = await post(
        url,
        ROUTES.push,
        {
          deviceId: device.id,
          protocolVersion: PROTOCOL_VERSION - 1,
          ops: [{ n: 1, kind: 'sale', data: {} }],
        },
        headers,
      );
      expect(res.status).toBe(426);
      expect(errorOf(res).code).toBe('update-required');
    });
  });

  it('after update-required the same sale pushed with the current protocol is applied', async () => {
    const device = new TestDevice();
    const m = device.sell([{ product: 'KOP-001', qty: 1 }]);
    const headers = await asDevice(url, device.id);
    expect((await post(url, ROUTES.push, pushBody(device.id, [m], PROTOCOL_VERSION + 1), headers)).status).toBe(426);
    const res = await post(url, ROUTES.push, pushBody(device.id, [m]), headers);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ lastSeq: 1, results: [{ status: 'applied', replay: false }] });
  });

  it('an unknown API route is a 404 JSON error', async () => {
    const res = await get(url, '/api/unknown');
    expect(res.status).toBe(404);
    expect(res.contentType).toMatch(/application\/json/);
    const error = errorOf(res);
    expect(error.code).toBe('not-found');
    expect(error.message).toContain('/api/unknown');
  });

  // Issue 11: a known path with another method is a 405 naming the methods, no longer a 404.
  it('GET on the push route is a 405 JSON error naming POST', async () => {
    const res = await get(url, ROUTES.push);
    expect(res.status).toBe(405);
    expect(errorOf(res).code).toBe('method-not-allowed');
  });

  it('a pull with a bad since is a 400 naming since', async () => {
    for (const since of ['-1', 'abc', '1.5']) {
      const res = await get(url, `${ROUTES.pull}?since=${since}`, bearer(await adminToken(url)));
      expect(res.status).toBe(400);
      expect(errorOf(res).field).toBe('since');
    }
  });

  it('the sales list with a bad limit is a 400 naming limit', async () => {
    const res = await get(url, `${ROUTES.sales}?limit=0`, bearer(await adminToken(url)));
    expect(res.status).toBe(400);
    expect(errorOf(res).field).toBe('limit');
  });
});
