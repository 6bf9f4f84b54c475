// A booth tablet that never got signal exports its sales; a supervisor's
// device with signal imports the file. The server keeps each sale once.
import { afterEach, describe, expect, it } from 'vitest';
import { outboxExportSchema } from '../../src/protocol/schemas.ts';
import { ROUTES } from '../../src/protocol/routes.ts';
import { buildOutboxExport, serializeOutboxExport } from '../../src/client/sync/export-format.ts';
import { ImportError, importOutboxFile } from '../../src/client/sync/import.ts';
import { FakeServer, TestDevice } from './sync-harness.ts';
import { listSales } from '../../src/server/sync/review.ts';
import { push } from '../../src/server/sync/push.ts';

let server: FakeServer | null = null;
let device: TestDevice | null = null;
afterEach(async () => {
  await device?.destroy();
  await server?.close();
  // The next test may make neither: closing the same ones twice is not what it tests.
  device = null;
  server = null;
});

/** The import route as the server runs it: the file parsed with the wire schema, then the push rules. */
function importRoute(s: FakeServer): typeof fetch {
  return async (input, init) => {
    if (String(input) !== ROUTES.import) throw new Error(`unexpected request ${String(input)}`);
    const file = outboxExportSchema.parse(JSON.parse(String(init?.body)));
    return new Response(JSON.stringify(await push(s.store, file.deviceId, file.mutations)), { status: 200 });
  };
}

describe('importing an export file', () => {
  it('stores the exported sales once, and a second import finds them already there', async () => {
    server = await FakeServer.create();
    device = await TestDevice.create(server);
    await device.sell([{ sku: 'KOP-001', qty: 1 }]);
    await device.sell([{ sku: 'MDU-002', qty: 2 }]);
    const text = serializeOutboxExport(await buildOutboxExport(device.db));

    expect(await importOutboxFile(text, importRoute(server))).toEqual({ stored: 2, alreadyThere: 0, flagged: 0, refused: 0, missingFrom: null });
    expect(await importOutboxFile(text, importRoute(server))).toEqual({ stored: 0, alreadyThere: 2, flagged: 0, refused: 0, missingFrom: null });
    expect(await listSales(server.store, { deviceId: device.deviceId })).toHaveLength(2);
  });

  it('says plainly when the file is not an export', async () => {
    await expect(importOutboxFile('{"hello":1}', () => Promise.reject(new Error('no request expected')))).rejects.toBeInstanceOf(ImportError);
    await expect(importOutboxFile('not json', () => Promise.reject(new Error('no request expected')))).rejects.toThrow(/not a Kasir Karya export file/);
  });

  it('a refusal comes back in the server\'s words, and a lost connection as an ImportError too', async () => {
    server = await FakeServer.create();
    device = await TestDevice.create(server);
    await device.sell([{ sku: 'KOP-001', qty: 1 }]);
    const text = serializeOutboxExport(await buildOutboxExport(device.db));
    const refused: typeof fetch = () =>
      Promise.resolve(new Response(JSON.stringify({ error: { code: 'forbidden', message: 'a device imports only its own file', field: null } }), { status: 403 }));
    await expect(importOutboxFile(text, refused)).rejects.toMatchObject({ name: 'ImportError', message: 'a device imports only its own file' });
    const lost: typeof fetch = () => Promise.reject(new TypeError('Failed to fetch'));
    await expect(importOutboxFile(text, lost)).rejects.toMatchObject({ name: 'ImportError', message: 'Failed to fetch' });
  });
});
