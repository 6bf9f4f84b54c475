// The OpenAPI document is held to the server itself: every route the app
// registers is documented, and real requests and answers (built the way the
// device builds them) fit the JSON Schemas it publishes, checked by a small
// JSON Schema validator here rather than by the zod schemas it came from.
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  OUTBOX_EXPORT_FORMAT,
  OUTBOX_EXPORT_VERSION,
  PROTOCOL_VERSION,
  pullQuerySchema,
} from '../../src/protocol/schemas.ts';
import { AUTH_ROUTES, OPENAPI_ROUTE, REVIEW_ROUTE, ROUTES } from '../../src/protocol/routes.ts';
import { buildApp, routesOf } from '../../src/server/http/app.ts';
import type { Store } from '../../src/server/store/store.ts';
import { demoCatalog } from '../../src/server/seed-data.ts';
import { openApiPath } from '../../src/server/http/openapi.ts';
import {
  adminSession,
  adminToken,
  asAdmin,
  asDevice,
  bearer,
  deviceToken,
  get,
  post,
  pushBody,
  send,
  sqliteBackend,
  TEST_ADMIN,
  TestDevice,
  trackServer,
  type TestDatabase,
} from './helpers.ts';
import { seedIfEmpty } from '../../src/server/catalog/catalog.ts';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Schema = { [k: string]: Json };

interface Document {
  openapi: string;
  paths: Record<string, Record<string, { parameters?: { name: string; in: string; required: boolean; schema: Schema }[]; requestBody?: { content: Record<string, { schema: Schema }> }; responses: Record<string, { content?: Record<string, { schema: Schema }>; headers?: Record<string, unknown> }>; security?: Record<string, string[]>[]; 'x-access'?: string }>>;
  components: { schemas: Record<string, Schema>; securitySchemes?: Record<string, { type: string; scheme: string; bearerFormat?: string }> };
}

// ------------------------------------------------------------ a validator

/** Keywords that only annotate; everything else must be understood or the check fails loudly. */
const ANNOTATIONS = new Set(['description', 'default', 'title', 'examples']);
const KNOWN = new Set([
  '$ref', 'type', 'properties', 'required', 'additionalProperties', 'items', 'minItems', 'maxItems', 'minLength', 'maxLength',
  'pattern', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'enum', 'const', 'anyOf', 'oneOf', 'allOf', 'if', 'then', 'else',
]);

function typeOf(v: Json): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function isObject(v: Json): v is { [k: string]: Json } {
  return typeOf(v) === 'object';
}

/** Every way `value` breaks `schema`, as "path: problem"; empty when it fits. */
function validate(doc: Document, schema: Schema, value: Json, path = '$'): string[] {
  const errors: string[] = [];
  const fail = (msg: string) => errors.push(`${path}: ${msg}`);
  for (const key of Object.keys(schema)) {
    if (!KNOWN.has(key) && !ANNOTATIONS.has(key)) throw new Error(`validator does not know the keyword "${key}" at ${path}`);
  }
  const sub = (s: Json | undefined): Schema => {
    if (s === undefined || !isObject(s)) throw new Error(`not a schema at ${path}`);
    return s;
  };
  if (typeof schema.$ref === 'string') {
    const name = schema.$ref.replace('#/components/schemas/', '');
    const target = doc.components.schemas[name];
    if (!target) throw new Error(`unresolved $ref ${schema.$ref}`);
    errors.push(...validate(doc, target, value, path));
  }
  const t = typeOf(value);
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    if (!types.some((x) => x === t || (x === 'number' && t === 'integer'))) return [...errors, `${path}: expected ${types.join('|')}, got ${t}`];
  }
  if ('const' in schema && JSON.stringify(schema.const) !== JSON.stringify(value)) fail(`expected ${JSON.stringify(schema.const)}`);
  if (Array.isArray(schema.enum) && !schema.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) fail(`not one of ${JSON.stringify(schema.enum)}`);
  if (typeof value === 'string') {
    if (typeof schema.minLength === 'number' && [...value].length < schema.minLength) fail(`shorter than ${schema.minLength}`);
    if (typeof schema.maxLength === 'number' && [...value].length > schema.maxLength) fail(`longer than ${schema.maxLength}`);
    if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(value)) fail(`does not match ${schema.pattern}`);
  }
  if (typeof value === 'number') {
    if (typeof schema.minimum === 'number' && value < schema.minimum) fail(`below ${schema.minimum}`);
    if (typeof schema.maximum === 'number' && value > schema.maximum) fail(`above ${schema.maximum}`);
    if (typeof schema.exclusiveMinimum === 'number' && value <= schema.exclusiveMinimum) fail(`not above ${schema.exclusiveMinimum}`);
    if (typeof schema.exclusiveMaximum === 'number' && value >= schema.exclusiveMaximum) fail(`not below ${schema.exclusiveMaximum}`);
  }
  if (Array.isArray(value)) {
    if (typeof schema.minItems === 'number' && value.length < schema.minItems) fail(`fewer than ${schema.minItems} items`);
    if (typeof schema.maxItems === 'number' && value.length > schema.maxItems) fail(`more than ${schema.maxItems} items`);
    if (schema.items !== undefined) value.forEach((v, i) => errors.push(...validate(doc, sub(schema.items), v, `${path}[${i}]`)));
  }
  if (isObject(value)) {
    if (Array.isArray(schema.required)) for (const r of schema.required) if (typeof r === 'string' && !(r in value)) fail(`missing required "${r}"`);
    const props = schema.properties !== undefined ? sub(schema.properties) : {};
    for (const [k, v] of Object.entries(value)) {
      const p = props[k];
      if (p !== undefined) errors.push(...validate(doc, sub(p), v, `${path}.${k}`));
      else if (schema.additionalProperties === false) fail(`unexpected "${k}"`);
    }
  }
  const branches = (k: 'anyOf' | 'oneOf' | 'allOf') => (Array.isArray(schema[k]) ? schema[k].map((s) => validate(doc, sub(s), value, path)) : null);
  const any = branches('anyOf');
  if (any && !any.some((e) => e.length === 0)) fail(`fits no anyOf branch: ${any.flat().join('; ')}`);
  const one = branches('oneOf');
  if (one && one.filter((e) => e.length === 0).length !== 1) fail(`fits ${one.filter((e) => e.length === 0).length} oneOf branches, not 1`);
  for (const e of branches('allOf') ?? []) errors.push(...e);
  if (schema.if !== undefined) {
    const matches = validate(doc, sub(schema.if), value, path).length === 0;
    const next = matches ? schema.then : schema.else;
    if (next !== undefined) errors.push(...validate(doc, sub(next), value, path));
  }
  return errors;
}

// ------------------------------------------------------------------ tests

let database: TestDatabase;
let store: Store;
let app: FastifyInstance;
let url: string;
let doc: Document;

beforeAll(async () => {
  database = await sqliteBackend.create();
  store = await database.open();
  await seedIfEmpty(store, demoCatalog());
  app = await buildApp({ store, staticDir: null });
  await app.listen({ port: 0, host: '127.0.0.1' });
  url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  trackServer(url, database.url, () => adminSession(store));
  const res = await get(url, OPENAPI_ROUTE);
  expect(res.status).toBe(200);
  expect(res.contentType).toMatch(/^application\/json/);
  doc = res.body as Document;
});
afterAll(async () => {
  await app?.close();
  await store?.close();
  await database?.destroy();
});

/** `path` as the app registers it (:param) or as OpenAPI writes it ({param}). */
function operation(method: string, path: string) {
  const op = doc.paths[openApiPath(path)]?.[method];
  if (!op) throw new Error(`${method.toUpperCase()} ${path} is not in the document`);
  return op;
}

function requestSchema(method: string, path: string): Schema {
  const schema = operation(method, path).requestBody?.content['application/json']?.schema;
  if (!schema) throw new Error(`${method} ${path} documents no JSON request body`);
  return schema;
}

function responseSchema(method: string, path: string, status: string): Schema {
  const schema = operation(method, path).responses[status]?.content?.['application/json']?.schema;
  if (!schema) throw new Error(`${method} ${path} documents no JSON ${status} answer`);
  return schema;
}

describe('the OpenAPI document at /api/openapi.json', () => {
  it('is OpenAPI 3.1.0', () => {
    expect(doc.openapi).toBe('3.1.0');
  });

  it('documents every route the app registers, and no route it does not', () => {
    const registered = routesOf(app).filter((r) => r.method !== 'HEAD');
    expect(registered.length).toBeGreaterThanOrEqual(7);
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    // Fastify writes a path parameter as :id, OpenAPI as {id}.
    expect(documented.sort()).toEqual(registered.map((r) => `${r.method} ${openApiPath(r.url)}`).sort());
  });

  it('documents a 200 answer and the error envelope for every 4xx it lists, on every route', () => {
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        expect(op.responses['200'], `${method} ${path}`).toBeDefined();
        for (const [status, r] of Object.entries(op.responses)) {
          if (status.startsWith('4') || status.startsWith('5')) expect(r.content?.['application/json']?.schema, `${method} ${path} ${status}`).toEqual({ $ref: '#/components/schemas/ErrorResponse' });
        }
      }
    }
    for (const path of [ROUTES.push, ROUTES.import]) expect(Object.keys(operation('post', path).responses)).toEqual(expect.arrayContaining(['400', '413', '415', '426']));
    for (const path of [ROUTES.pull, ROUTES.sales, REVIEW_ROUTE]) expect(Object.keys(operation('get', path).responses)).toContain('400');
  });

  it('resolves every $ref to a component', () => {
    const refs: string[] = [];
    const walk = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') {
        for (const [k, x] of Object.entries(v)) {
          if (k === '$ref' && typeof x === 'string') refs.push(x);
          else walk(x);
        }
      }
    };
    walk(doc);
    expect(refs.length).toBeGreaterThan(10);
    for (const r of new Set(refs)) {
      expect(r).toMatch(/^#\/components\/schemas\//);
      expect(doc.components.schemas[r.replace('#/components/schemas/', '')], r).toBeDefined();
    }
  });

  it('names the pull query parameters the route reads, typed', () => {
    const params = operation('get', ROUTES.pull).parameters ?? [];
    expect(params.map((p) => p.name).sort()).toEqual(Object.keys(pullQuerySchema.shape).sort());
    expect(params.every((p) => p.in === 'query' && !p.required)).toBe(true);
    expect(params.find((p) => p.name === 'since')?.schema).toMatchObject({ type: 'integer', minimum: 0 });
  });

  it('a real push body fits the documented request schema, down to the sale in its payload', async () => {
    const device = new TestDevice();
    const body = pushBody(device.id, [device.sell([{ product: 'KOP-001', qty: 2 }, { product: 'MDU-002', qty: 1 }], { orderDiscount: { kind: 'percent', bp: 500 } })]);
    const json = JSON.parse(JSON.stringify(body)) as Json;
    const schema = requestSchema('post', ROUTES.push);
    expect(validate(doc, schema, json)).toEqual([]);

    // Every field the document calls required is in the real body.
    const push = doc.components.schemas.PushRequest;
    expect(push?.required).toEqual(expect.arrayContaining(['deviceId', 'protocolVersion', 'mutations']));
    for (const field of (push?.required ?? []) as string[]) expect(body).toHaveProperty(field);

    // And the server takes that very body.
    const res = await post(url, ROUTES.push, body, await asDevice(url, device.id));
    expect(res.status).toBe(200);
    expect(validate(doc, responseSchema('post', ROUTES.push, '200'), res.body as Json)).toEqual([]);
  });

  it('the check is not vacuous: a body missing a required field, or a sale missing its lines, does not fit', () => {
    const device = new TestDevice();
    const body = JSON.parse(JSON.stringify(pushBody(device.id, [device.sell([{ product: 'KOP-001', qty: 1 }])]))) as { [k: string]: Json };
    const schema = requestSchema('post', ROUTES.push);
    const { deviceId: _gone, ...noDevice } = body;
    expect(validate(doc, schema, noDevice)).toContainEqual('$: missing required "deviceId"');
    const noLines = structuredClone(body) as { mutations: { payload: { sale: { [k: string]: Json } } }[] };
    const sale = noLines.mutations[0]?.payload.sale;
    if (sale) delete sale.lines;
    expect(validate(doc, schema, noLines as unknown as Json)).toContainEqual('$.mutations[0].payload.sale: missing required "lines"');
  });

  it('a real import file fits the documented request schema, and the server takes it', async () => {
    const device = new TestDevice();
    const file = {
      format: OUTBOX_EXPORT_FORMAT,
      version: OUTBOX_EXPORT_VERSION,
      deviceId: device.id,
      protocolVersion: PROTOCOL_VERSION,
      exportedAt: Date.now(),
      mutations: [device.sell([{ product: 'KOP-001', qty: 1 }])],
    };
    expect(validate(doc, requestSchema('post', ROUTES.import), JSON.parse(JSON.stringify(file)) as Json)).toEqual([]);
    const res = await post(url, ROUTES.import, file, await asDevice(url, device.id));
    expect(res.status).toBe(200);
    expect(validate(doc, responseSchema('post', ROUTES.import, '200'), res.body as Json)).toEqual([]);
  });

  it('real answers of every GET route fit their documented 200 schema', async () => {
    const admin = bearer(await adminToken(url));
    for (const path of [ROUTES.health, `${ROUTES.pull}?since=0`, ROUTES.sales, REVIEW_ROUTE]) {
      const res = await get(url, path, admin);
      expect(res.status, path).toBe(200);
      expect(validate(doc, responseSchema('get', path.split('?')[0] ?? path, '200'), res.body as Json), path).toEqual([]);
    }
  });

  it('real refusals fit the documented error schema', async () => {
    const device = await asDevice(url, new TestDevice().id);
    const admin = await asAdmin(url);
    const answers = [
      ['post', ROUTES.push, '400', await post(url, ROUTES.push, { deviceId: '' }, device)],
      ['post', ROUTES.push, '426', await post(url, ROUTES.push, pushBody('d', [], PROTOCOL_VERSION + 1), device)],
      ['post', ROUTES.import, '400', await post(url, ROUTES.import, '{', admin)],
      ['get', ROUTES.pull, '400', await get(url, `${ROUTES.pull}?since=-1`, admin)],
      ['get', ROUTES.sales, '400', await get(url, `${ROUTES.sales}?limit=0`, admin)],
      ['get', REVIEW_ROUTE, '400', await get(url, `${REVIEW_ROUTE}?limit=x`, admin)],
      ['post', ROUTES.push, '401', await post(url, ROUTES.push, pushBody('d', []))],
      ['post', ROUTES.push, '403', await post(url, ROUTES.push, pushBody('d', []), device)],
      ['get', AUTH_ROUTES.users, '403', await get(url, AUTH_ROUTES.users, device)],
      ['post', AUTH_ROUTES.login, '401', await post(url, AUTH_ROUTES.login, { username: 'nobody', password: 'x' })],
      ['post', AUTH_ROUTES.enrol, '400', await post(url, AUTH_ROUTES.enrol, { code: 'AAAA-BBBB-CCCC', deviceId: 'x' })],
      ['patch', AUTH_ROUTES.user, '404', await send(url, 'PATCH', AUTH_ROUTES.user.replace(':userId', 'nobody'), { name: 'X' }, admin)],
    ] as const;
    for (const [method, path, status, res] of answers) {
      expect(String(res.status), `${method} ${path}`).toBe(status);
      expect(validate(doc, responseSchema(method, openApiPath(path), status), res.body as Json), `${method} ${path}`).toEqual([]);
    }
  });

  it('says who may call each route, as the route itself decides: bearer schemes, and no security on open routes', () => {
    expect(doc.components.securitySchemes?.deviceToken).toMatchObject({ type: 'http', scheme: 'bearer', bearerFormat: 'kkd_<deviceId>.<secret>' });
    expect(doc.components.securitySchemes?.sessionToken).toMatchObject({ type: 'http', scheme: 'bearer', bearerFormat: 'kks_<sessionId>.<secret>' });
    for (const r of routesOf(app).filter((x) => x.method !== 'HEAD')) {
      const op = operation(r.method.toLowerCase(), openApiPath(r.url));
      const where = `${r.method} ${r.url}`;
      expect(op['x-access'], where).toBe(r.access);
      if (r.access === 'open') expect(op.security, where).toEqual([]);
      else {
        expect(op.security?.length, where).toBeGreaterThan(0);
        expect(Object.keys(op.responses), where).toEqual(expect.arrayContaining(['401', '403']));
      }
    }
    expect(Object.keys(operation('post', AUTH_ROUTES.login).responses)).toContain('429');
    expect(operation('post', AUTH_ROUTES.login).responses['429']?.headers).toHaveProperty('Retry-After');
  });

  it('real answers of the account routes fit their documented schemas', async () => {
    const admin = await asAdmin(url);
    const check = (method: string, path: string, res: { status: number; body: unknown }): void => {
      expect(res.status, `${method} ${path}: ${JSON.stringify(res.body)}`).toBe(200);
      expect(validate(doc, responseSchema(method, openApiPath(path), '200'), res.body as Json), `${method} ${path}`).toEqual([]);
    };
    const registration = { outletId: 'ntb-mall', label: 'Kasir 1 NTB Mall' };
    expect(validate(doc, requestSchema('post', AUTH_ROUTES.devices), registration)).toEqual([]);
    const registered = await post(url, AUTH_ROUTES.devices, registration, admin);
    check('post', AUTH_ROUTES.devices, registered);
    const { code, registrationId } = registered.body as { code: string; registrationId: string };
    const enrol = { code, deviceId: new TestDevice().id };
    expect(validate(doc, requestSchema('post', AUTH_ROUTES.enrol), enrol)).toEqual([]);
    const enrolled = await post(url, AUTH_ROUTES.enrol, enrol);
    check('post', AUTH_ROUTES.enrol, enrolled);
    check('post', AUTH_ROUTES.rotate, await post(url, AUTH_ROUTES.rotate, undefined, bearer((enrolled.body as { credential: string }).credential)));
    check('get', AUTH_ROUTES.devices, await get(url, AUTH_ROUTES.devices, admin));
    check('post', AUTH_ROUTES.revokeDevice, await post(url, AUTH_ROUTES.revokeDevice.replace(':registrationId', registrationId), {}, admin));

    const newUser = { username: 'baiq', name: 'Baiq Nurul', role: 'cashier', outletId: 'ntb-mall', pin: '482915', password: 'kata-sandi-baiq' };
    expect(validate(doc, requestSchema('post', AUTH_ROUTES.users), newUser)).toEqual([]);
    const created = await post(url, AUTH_ROUTES.users, newUser, admin);
    check('post', AUTH_ROUTES.users, created);
    const change = { role: 'supervisor', active: true };
    expect(validate(doc, requestSchema('patch', AUTH_ROUTES.user), change)).toEqual([]);
    check('patch', AUTH_ROUTES.user, await send(url, 'PATCH', AUTH_ROUTES.user.replace(':userId', (created.body as { id: string }).id), change, admin));
    check('get', AUTH_ROUTES.users, await get(url, AUTH_ROUTES.users, admin));
    check('get', AUTH_ROUTES.audit, await get(url, `${AUTH_ROUTES.audit}?limit=5`, admin));

    const signIn = { username: TEST_ADMIN.username, password: TEST_ADMIN.password };
    expect(validate(doc, requestSchema('post', AUTH_ROUTES.login), signIn)).toEqual([]);
    const session = await post(url, AUTH_ROUTES.login, signIn);
    check('post', AUTH_ROUTES.login, session);
    const token = bearer((session.body as { token: string }).token);
    check('get', AUTH_ROUTES.session, await get(url, AUTH_ROUTES.session, token));
    check('post', AUTH_ROUTES.logout, await post(url, AUTH_ROUTES.logout, undefined, token));
    // The device's own pull carries users, which fit DeviceUser.
    const pulled = await get(url, `${ROUTES.pull}?since=0`, bearer(await deviceToken(url, new TestDevice().id)));
    check('get', ROUTES.pull, pulled);
    expect((pulled.body as { users: unknown[] }).users.length).toBeGreaterThan(0);
  });
});
