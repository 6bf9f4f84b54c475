// The route table (protocol/routes.ts) is the one declaration of the HTTP
// surface: the routes Fastify actually registered, the OpenAPI document and
// the table must name the same routes with the same rule, in both directions.
// Then what the registration promises a handler: input parsed with the
// table's schemas, raw JSON kept as text, limits and hooks applied, and no
// route left without a handler (at compile time and at start-up).
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { ACCESS, ROUTE_TABLE, type Access, type RouteTable } from '../../src/protocol/routes.ts';
import { routesOf } from '../../src/server/http/app.ts';
import { HttpError } from '../../src/server/http/http-error.ts';
import { registerRoutes, type RawBody, type RouteHandlers, type RouteInput } from '../../src/server/http/routes.ts';
import { openApiDocument, openApiPath } from '../../src/server/http/openapi.ts';
import { sqliteBackend, startTestServer, type TestServer } from './helpers.ts';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer(sqliteBackend);
});
afterAll(async () => {
  await server?.close();
});

const table: RouteTable = ROUTE_TABLE;
const key = (method: string, path: string): string => `${method.toUpperCase()} ${openApiPath(path)}`;

describe('the route table, the registered routes and the document', () => {
  it('the document names its server and licence, and every route that takes input documents its 400', () => {
    const doc = openApiDocument();
    expect(doc.servers).toEqual([{ url: '/', description: expect.any(String) }]);
    expect(doc.info.license.name).toBeTruthy();
    for (const r of Object.values(table)) {
      if (!r.params && !r.query && !r.body) continue;
      const op = (doc.paths[openApiPath(r.path)] as Record<string, { responses: Record<string, unknown> }>)[r.method.toLowerCase()];
      expect(op?.responses, `${r.method} ${r.path}`).toHaveProperty('400');
    }
  });

  it('every /api route Fastify registered has an access rule, one of ACCESS', () => {
    const api = routesOf(server.app).filter((r) => r.url.startsWith('/api/'));
    expect(api.length).toBeGreaterThan(0);
    for (const r of api) expect(ACCESS, `${r.method} ${r.url}`).toContain(r.access);
  });

  it('Fastify registered exactly the routes of the table, with their rules, and a HEAD for every GET', () => {
    const registered = routesOf(server.app);
    const fromTable = Object.values(table).map((r) => `${key(r.method, r.path)} ${r.access}`);
    const got = registered.filter((r) => r.method !== 'HEAD').map((r) => `${key(r.method, r.url)} ${String(r.access)}`);
    expect(got.sort()).toEqual(fromTable.sort());

    const gets = registered.filter((r) => r.method === 'GET').map((r) => `${r.url} ${String(r.access)}`);
    const heads = registered.filter((r) => r.method === 'HEAD').map((r) => `${r.url} ${String(r.access)}`);
    expect(heads.sort()).toEqual(gets.sort());
  });

  it('the document lists exactly the registered routes (HEAD aside), each under its operation id and rule', () => {
    const documented = Object.entries(openApiDocument().paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => {
        const { operationId, 'x-access': access } = op as { operationId: string; 'x-access': Access };
        return `${method.toUpperCase()} ${path} ${access} ${operationId}`;
      }),
    );
    const registered = routesOf(server.app)
      .filter((r) => r.method !== 'HEAD')
      .map((r) => {
        const id = Object.entries(table).find(([, spec]) => spec.method === r.method && spec.path === r.url)?.[0] ?? '(not in the table)';
        return `${key(r.method, r.url)} ${String(r.access)} ${id}`;
      });
    expect(documented.sort()).toEqual(registered.sort());
  });

  it("each route's path parameters are the ones its params schema parses, each with a maximum length", () => {
    for (const [id, spec] of Object.entries(table)) {
      const named = [...spec.path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]);
      expect(Object.keys(spec.params?.shape ?? {}).sort(), id).toEqual(named.sort());
      for (const name of named) {
        const json = z.toJSONSchema(spec.params ?? z.object({}), { io: 'input' }).properties?.[name ?? ''];
        expect(json, `${id} :${name}`).toMatchObject({ type: 'string', maxLength: expect.any(Number) });
      }
    }
  });
});

// ----------------------------------------------------- the registration

const TINY = {
  items: {
    method: 'GET',
    path: '/api/items/:itemId',
    access: 'open',
    summary: 'One item',
    params: z.object({ itemId: z.string().max(8) }),
    query: z.object({ limit: z.coerce.number().int() }),
    response: { description: 'It', schema: z.object({ itemId: z.string(), limit: z.number() }) },
    errors: [400],
  },
  addItem: {
    method: 'POST',
    path: '/api/items',
    access: 'open',
    summary: 'Adds one',
    body: { schema: z.object({ name: z.string() }), component: 'NewItem' },
    bodyLimit: 64,
    response: { description: 'Added', schema: z.object({ name: z.string() }) },
    errors: [400, 413],
  },
  upload: {
    method: 'POST',
    path: '/api/upload',
    access: 'open',
    summary: 'Raw',
    body: { schema: z.object({ name: z.string() }), component: 'Upload', rawJson: true },
    response: { description: 'What came', schema: z.object({ text: z.string().nullable() }) },
    errors: [400],
  },
} as const satisfies RouteTable;

describe('registerRoutes', () => {
  let app: FastifyInstance;
  const hooked: string[] = [];
  beforeAll(async () => {
    app = Fastify();
    app.setErrorHandler((err, _req, reply) => (err instanceof HttpError ? reply.code(err.status).send({ code: err.code, field: err.field }) : reply.send(err)));
    await registerRoutes(app, TINY, {
      items: ({ params, query }) => ({ itemId: params.itemId, limit: query.limit }),
      addItem: {
        onRequest: async (req) => {
          hooked.push(req.url);
        },
        handle: ({ body }) => ({ name: body.name }),
      },
      upload: ({ body }) => ({ text: 'text' in body ? body.text : null }),
    });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('hands the handler params and query parsed with the table schemas', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/items/abc?limit=7' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ itemId: 'abc', limit: 7 });
    // A value the schema refuses never reaches the handler: the 400 names it.
    const long = await app.inject({ method: 'GET', url: '/api/items/abcdefghij?limit=7' });
    expect([long.statusCode, long.json()]).toEqual([400, { code: 'invalid-request', field: 'itemId' }]);
    const nan = await app.inject({ method: 'GET', url: '/api/items/abc?limit=many' });
    expect([nan.statusCode, nan.json()]).toEqual([400, { code: 'invalid-request', field: 'limit' }]);
  });

  it("applies the route's body limit and its onRequest hook", async () => {
    const small = await app.inject({ method: 'POST', url: '/api/items', payload: { name: 'kain' } });
    expect(small.json()).toEqual({ name: 'kain' });
    const big = await app.inject({ method: 'POST', url: '/api/items', payload: { name: 'x'.repeat(100) } });
    expect(big.statusCode).toBe(413);
    expect(hooked).toEqual(['/api/items', '/api/items']);
  });

  it('gives a rawJson route its JSON body as text, unparsed', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/upload', headers: { 'content-type': 'application/json' }, payload: '{"name": "tenun"}' });
    expect(res.json()).toEqual({ text: '{"name": "tenun"}' });
  });

  it('refuses to start with a route that has no handler, or a handler for no route', async () => {
    const missing = { items: () => ({ itemId: '', limit: 0 }) } as unknown as RouteHandlers<typeof TINY>;
    await expect(registerRoutes(Fastify(), TINY, missing)).rejects.toThrow(/addItem .* has no handler/);
    const extra = { items: () => ({ itemId: '', limit: 0 }), addItem: () => ({ name: '' }), upload: () => ({ text: null }), gone: () => ({}) } as RouteHandlers<typeof TINY>;
    await expect(registerRoutes(Fastify(), TINY, extra)).rejects.toThrow(/a handler for gone/);
  });

  it('refuses a table whose path parameters and params schema disagree', async () => {
    const wrong = { one: { ...TINY.items, params: z.object({ id: z.string().max(8) }) } } as const satisfies RouteTable;
    await expect(registerRoutes(Fastify(), wrong, { one: () => ({ itemId: '', limit: 0 }) })).rejects.toThrow(/names path parameters \[itemId\] but parses \[id\]/);
  });
});

// ---------------------------------------------------------------- types
// Checked by tsc (npm run typecheck), never run.

function typeChecks(app: FastifyInstance): void {
  // @ts-expect-error the server's own table: a map with only health leaves every other operation without a handler
  void registerRoutes(app, ROUTE_TABLE, { health: () => ({ ok: true, protocolVersion: 1 }) });

  // @ts-expect-error every route of the table needs a handler: addItem and upload have none
  void registerRoutes(app, TINY, { items: ({ params, query }) => ({ itemId: params.itemId, limit: query.limit }) });

  void registerRoutes(app, TINY, {
    items: ({ params, query }) => ({ itemId: params.itemId, limit: query.limit }),
    addItem: ({ body }) => ({ name: body.name }),
    upload: () => ({ text: null }),
    // @ts-expect-error a handler for no route in the table
    remove: () => ({}),
  });

  void registerRoutes(app, TINY, {
    // @ts-expect-error an answer its response schema refuses
    items: () => ({ itemId: 1, limit: 0 }),
    addItem: ({ body }) => ({ name: body.name }),
    upload: () => ({ text: null }),
  });

  expectTypeOf<RouteInput<typeof ROUTE_TABLE.updateUser>['params']>().toEqualTypeOf<{ userId: string }>();
  expectTypeOf<RouteInput<typeof ROUTE_TABLE.syncPull>['query']['since']>().toEqualTypeOf<number>();
  expectTypeOf<RouteInput<typeof ROUTE_TABLE.syncPush>['body']>().toEqualTypeOf<RawBody>();
  expectTypeOf<RouteInput<typeof ROUTE_TABLE.health>['body']>().toEqualTypeOf<undefined>();
  expectTypeOf<keyof RouteHandlers<typeof ROUTE_TABLE>>().toEqualTypeOf<keyof typeof ROUTE_TABLE>();
}
void typeChecks;
