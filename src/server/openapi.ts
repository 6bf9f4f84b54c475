// The API as an OpenAPI 3.1 document, generated from the same zod schemas the
// routes parse with, so other NTB systems (the online shop, a Lapas ledger)
// read what the server actually accepts and never a hand-kept copy.
import { z } from 'zod';
import {
  adminDeviceListSchema,
  adminDeviceSchema,
  adminUserListSchema,
  adminUserSchema,
  auditEntrySchema,
  auditListSchema,
  auditQuerySchema,
  createUserRequestSchema,
  DEVICE_TOKEN_PREFIX,
  enrolRequestSchema,
  enrolResponseSchema,
  loginRequestSchema,
  loginResponseSchema,
  okResponseSchema,
  registerDeviceRequestSchema,
  registerDeviceResponseSchema,
  rotateResponseSchema,
  SESSION_TOKEN_PREFIX,
  sessionResponseSchema,
  sessionUserSchema,
  updateUserRequestSchema,
} from '../protocol/auth.ts';
import { ACCESS_TEXT, AUTH_ROUTES, OPENAPI_ROUTE, REVIEW_ROUTE, ROUTES, type Access } from '../protocol/routes.ts';
import {
  deviceUserSchema,
  errorResponseSchema,
  healthResponseSchema,
  mutationEnvelopeSchema,
  outboxExportSchema,
  payloadSchemas,
  PROTOCOL_VERSION,
  pullQuerySchema,
  pullResponseSchema,
  pushRequestSchema,
  pushResponseSchema,
  reviewQuerySchema,
  reviewResponseSchema,
  salesListResponseSchema,
  salesQuerySchema,
  saleSchema,
  serverSaleSchema,
  type MutationType,
} from '../protocol/schemas.ts';

export type JsonSchema = z.core.JSONSchema.JSONSchema;

const REF = '#/components/schemas/';
const ref = (name: string): JsonSchema => ({ $ref: `${REF}${name}` });

/** 'sale.record' -> 'SaleRecordPayload': one component per mutation type. */
function payloadComponent(type: MutationType): string {
  return `${type
    .split(/[^A-Za-z0-9]+/)
    .map((w) => (w[0]?.toUpperCase() ?? '') + w.slice(1))
    .join('')}Payload`;
}

/** Schemas with a name of their own in components; everything else is inlined where used. */
function componentSchemas(): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  const named: [string, z.ZodType][] = [
    ['HealthResponse', healthResponseSchema],
    ['PushRequest', pushRequestSchema],
    ['MutationEnvelope', mutationEnvelopeSchema],
    ['PushResponse', pushResponseSchema],
    ['OutboxExport', outboxExportSchema],
    ['PullResponse', pullResponseSchema],
    ['Sale', saleSchema],
    ['ServerSale', serverSaleSchema],
    ['SalesListResponse', salesListResponseSchema],
    ['ReviewResponse', reviewResponseSchema],
    ['ErrorResponse', errorResponseSchema],
    ['DeviceUser', deviceUserSchema],
    ['EnrolRequest', enrolRequestSchema],
    ['EnrolResponse', enrolResponseSchema],
    ['RotateResponse', rotateResponseSchema],
    ['LoginRequest', loginRequestSchema],
    ['LoginResponse', loginResponseSchema],
    ['SessionUser', sessionUserSchema],
    ['SessionResponse', sessionResponseSchema],
    ['OkResponse', okResponseSchema],
    ['RegisterDeviceRequest', registerDeviceRequestSchema],
    ['RegisterDeviceResponse', registerDeviceResponseSchema],
    ['AdminDevice', adminDeviceSchema],
    ['AdminDeviceList', adminDeviceListSchema],
    ['CreateUserRequest', createUserRequestSchema],
    ['UpdateUserRequest', updateUserRequestSchema],
    ['AdminUser', adminUserSchema],
    ['AdminUserList', adminUserListSchema],
    ['AuditEntry', auditEntrySchema],
    ['AuditList', auditListSchema],
  ];
  for (const type of Object.keys(payloadSchemas) as MutationType[]) named.push([payloadComponent(type), payloadSchemas[type]]);
  for (const [id, schema] of named) registry.add(schema, { id });

  // io 'input' describes what the server accepts; it also leaves out
  // additionalProperties: false, so a client reading an answer tolerates
  // fields a later server adds. Refinements (a sale's totals must add up)
  // cannot be said in JSON Schema; the server still applies them.
  const { schemas } = z.toJSONSchema(registry, { io: 'input', uri: (id) => `${REF}${id}`, unrepresentable: 'throw' });
  const out: Record<string, JsonSchema> = {};
  for (const [name, schema] of Object.entries(schemas)) {
    // Unnamed schemas used twice would land here; they are inlined instead (reused: 'inline').
    if (name === '__shared') throw new Error('openapi: a schema was extracted to __shared; give it a name in componentSchemas');
    const { $schema: _dialect, $id: _id, ...rest } = schema;
    out[name] = rest;
  }

  // The envelope's payload is `unknown` on the wire because each mutation is
  // checked alone (one bad sale does not sink the batch); the document still
  // says what each type's payload must be.
  const envelope = out.MutationEnvelope;
  if (!envelope) throw new Error('openapi: MutationEnvelope missing');
  envelope.allOf = (Object.keys(payloadSchemas) as MutationType[]).map((type) => ({
    if: { properties: { type: { const: type } }, required: ['type'] },
    then: { properties: { payload: ref(payloadComponent(type)) } },
  }));
  const props = envelope.properties;
  if (props && typeof props === 'object') {
    (props as Record<string, JsonSchema>).payload = {
      description: `Shaped by \`type\` (${Object.keys(payloadSchemas).join(', ')}). A payload that does not fit is answered per mutation as "rejected", not with a 400.`,
    };
  }
  return out;
}

interface Parameter {
  name: string;
  in: 'query' | 'path';
  required: boolean;
  description?: string;
  schema: JsonSchema;
}

/** Query parameters from a zod object, as the route parses them. */
function queryParameters(schema: z.ZodObject): Parameter[] {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'throw' });
  const required = new Set(Array.isArray(json.required) ? json.required : []);
  return Object.entries(json.properties ?? {}).map(([name, prop]) => {
    const { description, ...rest } = typeof prop === 'object' ? prop : {};
    return {
      name,
      in: 'query' as const,
      required: required.has(name),
      ...(typeof description === 'string' ? { description } : {}),
      schema: rest,
    };
  });
}

/** `/api/admin/users/:userId` (Fastify) -> `/api/admin/users/{userId}` (OpenAPI). */
export function openApiPath(route: string): string {
  return route.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

/** Path parameters, named by the route; every one is an id of 1-64 characters. */
function pathParameters(route: string): Parameter[] {
  return [...route.matchAll(/:([A-Za-z0-9_]+)/g)].map(([, name]) => ({
    name: name ?? '',
    in: 'path' as const,
    required: true,
    schema: { type: 'string', minLength: 1, maxLength: 64 },
  }));
}

const ERROR_TEXT: Record<number, string> = {
  400: 'Malformed JSON (code malformed-json), a field that does not fit the schema (code invalid-request; `field` names it), a URL that does not decode (code bad-url), or a value the server refuses (codes weak-pin, unknown-outlet, outlet-required, enrolment-code-unknown).',
  401: 'No credential, or one the server does not accept (code unauthenticated); a revoked device (code device-revoked: its unsynced sales stay on it, export them from the sync panel); a session that ended (code session-expired); a wrong username or password (code sign-in-failed).',
  403: 'The credential is valid but may not do this: the wrong kind or role (code forbidden), another device named (code wrong-device), another outlet named (code wrong-outlet).',
  404: 'No device registration or user has that id (code not-found).',
  409: 'A conflict: the enrolment code was used (enrolment-code-used), the device is enrolled already (device-already-enrolled), the username is taken (username-taken), or the change would leave no admin (last-admin).',
  410: 'The enrolment code expired or its registration was revoked (code enrolment-code-expired).',
  413: 'The body is over the size limit (code body-too-large).',
  415: 'The body is not application/json (code unsupported-media-type).',
  426: 'The body was written for another protocol version (code update-required).',
  429: 'Too many attempts (code rate-limited); the Retry-After header says how many seconds to wait.',
};

function errorResponse(status: number | '5XX', description: string): object {
  return {
    description,
    ...(status === 429 ? { headers: { 'Retry-After': { description: 'Seconds to wait before trying again.', schema: { type: 'integer', minimum: 1 } } } } : {}),
    content: { 'application/json': { schema: ref('ErrorResponse') } },
  };
}

/** Security requirement per rule: either token scheme where both are taken; none for open routes. */
const SECURITY: Record<Access, readonly Record<string, string[]>[]> = {
  open: [],
  device: [{ deviceToken: [] }],
  'device-or-staff': [{ deviceToken: [] }, { sessionToken: [] }],
  session: [{ sessionToken: [] }],
  staff: [{ sessionToken: [] }],
  admin: [{ sessionToken: [] }],
};

interface Operation {
  method: 'get' | 'post' | 'patch';
  /** As the route is registered (Fastify's `:param` form). */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  /** Who may call it; the same rule the route declares (a test holds them together). */
  access: Access;
  query?: z.ZodObject;
  body?: string;
  response: { description: string; schema: JsonSchema };
  errors: readonly number[];
}

const BODY_ERRORS = [400, 413, 415, 426] as const;
const AUTH_ERRORS = [401, 403] as const;
const JSON_ERRORS = [400, 413, 415] as const;

/** Every route the server registers; tests/server/openapi.test.ts fails when one is missing here. */
const OPERATIONS: readonly Operation[] = [
  {
    method: 'get',
    path: ROUTES.health,
    operationId: 'health',
    summary: 'The server is up; which protocol version it speaks',
    access: 'open',
    response: { description: 'Up', schema: ref('HealthResponse') },
    errors: [],
  },
  {
    method: 'post',
    path: ROUTES.push,
    operationId: 'syncPush',
    summary: "A device's queued mutations (sales), in seq order",
    description:
      'Each mutation is stored in its own transaction and answered one by one. A seq already stored is answered from the record (replay); a seq that skips ahead stops the batch with `gap.expectedSeq`.',
    access: 'device',
    body: 'PushRequest',
    response: { description: 'One result per mutation handled', schema: ref('PushResponse') },
    errors: [...BODY_ERRORS, ...AUTH_ERRORS],
  },
  {
    method: 'post',
    path: ROUTES.import,
    operationId: 'syncImport',
    summary: 'A file of unsynced sales exported by a device, replayed through the push rules',
    description:
      "Importing the same file twice, or after the device synced after all, stores nothing twice. Bodies up to 64 MB. A supervisor or admin imports any device's file; a device only its own.",
    access: 'device-or-staff',
    body: 'OutboxExport',
    response: { description: 'One result per mutation handled', schema: ref('PushResponse') },
    errors: [...BODY_ERRORS, ...AUTH_ERRORS],
  },
  {
    method: 'get',
    path: ROUTES.pull,
    operationId: 'syncPull',
    summary: 'Catalog and stock changes since a version',
    description:
      "A device gets its own outlet (outletId absent or its own; another is refused) and the users who may sign in on it, with PIN hashes. A supervisor's session gets their outlet, an admin's any or all; sessions get no users.",
    access: 'device-or-staff',
    query: pullQuerySchema,
    response: { description: 'The changes, or everything when `full`', schema: ref('PullResponse') },
    errors: [400, ...AUTH_ERRORS],
  },
  {
    method: 'get',
    path: ROUTES.sales,
    operationId: 'listSales',
    summary: 'Stored sales, oldest first (by device seq when one device is asked for)',
    description: "A device reads its own sales only; a supervisor's session their outlet's; an admin's every outlet's.",
    access: 'device-or-staff',
    query: salesQuerySchema,
    response: { description: 'Sales', schema: ref('SalesListResponse') },
    errors: [400, ...AUTH_ERRORS],
  },
  {
    method: 'get',
    path: REVIEW_ROUTE,
    operationId: 'review',
    summary: 'What a supervisor must look at: flagged sales and stock below zero',
    description: "A supervisor's session sees their outlet; an admin's every outlet.",
    access: 'staff',
    query: reviewQuerySchema,
    response: { description: 'Flagged sales and negative stock', schema: ref('ReviewResponse') },
    errors: [400, ...AUTH_ERRORS],
  },
  {
    method: 'get',
    path: OPENAPI_ROUTE,
    operationId: 'openapi',
    summary: 'This document',
    access: 'open',
    response: { description: 'OpenAPI 3.1', schema: { type: 'object' } },
    errors: [],
  },
  {
    method: 'post',
    path: AUTH_ROUTES.enrol,
    operationId: 'enrolDevice',
    summary: 'A one-time enrolment code buys a device its credential',
    description:
      "Send the code the admin's screen shows and the device's own id (its outbox id, so its unsynced sales stay its own). The credential in the answer is shown once; send it as `Authorization: Bearer` on every sync call. Limited to 10 attempts a minute per address.",
    access: 'open',
    body: 'EnrolRequest',
    response: { description: 'The device is enrolled', schema: ref('EnrolResponse') },
    errors: [...JSON_ERRORS, 409, 410, 429],
  },
  {
    method: 'post',
    path: AUTH_ROUTES.rotate,
    operationId: 'rotateDeviceCredential',
    summary: "A new credential for the calling device; the one sent stops working at once",
    description: 'No body. Store the new credential before anything else: the old one is refused from this moment.',
    access: 'device',
    response: { description: 'The new credential', schema: ref('RotateResponse') },
    errors: AUTH_ERRORS,
  },
  {
    method: 'post',
    path: AUTH_ROUTES.login,
    operationId: 'signIn',
    summary: 'Username and password give a session for the management pages',
    description:
      'The session lasts 8 hours (a shift) and ends earlier after 30 minutes unused. Limited to 20 attempts a minute per address and 5 wrong passwords per 15 minutes per username.',
    access: 'open',
    body: 'LoginRequest',
    response: { description: 'Signed in; `token` goes in `Authorization: Bearer`', schema: ref('LoginResponse') },
    errors: [...JSON_ERRORS, 401, 429],
  },
  {
    method: 'post',
    path: AUTH_ROUTES.logout,
    operationId: 'signOut',
    summary: 'Ends the calling session',
    access: 'session',
    response: { description: 'Signed out', schema: ref('OkResponse') },
    errors: AUTH_ERRORS,
  },
  {
    method: 'get',
    path: AUTH_ROUTES.session,
    operationId: 'currentSession',
    summary: 'Who is signed in, and until when',
    access: 'session',
    response: { description: 'The session', schema: ref('SessionResponse') },
    errors: AUTH_ERRORS,
  },
  {
    method: 'get',
    path: AUTH_ROUTES.devices,
    operationId: 'listDevices',
    summary: 'Device registrations, newest first, with status, last seq and last contact',
    access: 'admin',
    response: { description: 'Devices', schema: ref('AdminDeviceList') },
    errors: AUTH_ERRORS,
  },
  {
    method: 'post',
    path: AUTH_ROUTES.devices,
    operationId: 'registerDevice',
    summary: 'Registers a device for an outlet and answers its one-time enrolment code (valid 24 hours)',
    access: 'admin',
    body: 'RegisterDeviceRequest',
    response: { description: 'The registration and its code, shown once', schema: ref('RegisterDeviceResponse') },
    errors: [...JSON_ERRORS, ...AUTH_ERRORS],
  },
  {
    method: 'post',
    path: AUTH_ROUTES.revokeDevice,
    operationId: 'revokeDevice',
    summary: "Revokes a device: its next request is refused (code device-revoked); its unsynced sales stay on it",
    description: 'Revoking again changes nothing. The device id may be enrolled again later with a new code.',
    access: 'admin',
    response: { description: 'The device as listed after revocation', schema: ref('AdminDevice') },
    errors: [...AUTH_ERRORS, 404],
  },
  {
    method: 'get',
    path: AUTH_ROUTES.users,
    operationId: 'listUsers',
    summary: 'Every user, by username; never a hash',
    access: 'admin',
    response: { description: 'Users', schema: ref('AdminUserList') },
    errors: AUTH_ERRORS,
  },
  {
    method: 'post',
    path: AUTH_ROUTES.users,
    operationId: 'createUser',
    summary: "Creates a user; a PIN comes down to the outlet's devices with the next pull",
    access: 'admin',
    body: 'CreateUserRequest',
    response: { description: 'The user', schema: ref('AdminUser') },
    errors: [...JSON_ERRORS, ...AUTH_ERRORS, 409],
  },
  {
    method: 'patch',
    path: AUTH_ROUTES.user,
    operationId: 'updateUser',
    summary: 'Changes name, role, outlet, active, PIN or password; each change is audited',
    description: 'Deactivating a user or setting a new password ends their sessions. The last active admin cannot be demoted or deactivated.',
    access: 'admin',
    body: 'UpdateUserRequest',
    response: { description: 'The user after the change', schema: ref('AdminUser') },
    errors: [...JSON_ERRORS, ...AUTH_ERRORS, 404, 409],
  },
  {
    method: 'get',
    path: AUTH_ROUTES.audit,
    operationId: 'listAudit',
    summary: 'The audit log of privileged acts, newest first',
    access: 'admin',
    query: auditQuerySchema,
    response: { description: 'Entries', schema: ref('AuditList') },
    errors: [400, ...AUTH_ERRORS],
  },
];

// A type, not an interface: the route table's answer for this document is any JSON object.
export type OpenApiDocument = {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  paths: Record<string, Record<string, object>>;
  components: { schemas: Record<string, JsonSchema>; securitySchemes: Record<string, object> };
};

function buildDocument(): OpenApiDocument {
  const paths: Record<string, Record<string, object>> = {};
  for (const op of OPERATIONS) {
    const responses: Record<string, object> = {
      200: { description: op.response.description, content: { 'application/json': { schema: op.response.schema } } },
    };
    for (const status of op.errors) responses[status] = errorResponse(status, ERROR_TEXT[status] ?? 'Refused');
    responses['5XX'] = errorResponse('5XX', 'The server failed (code server-error); send the same request again: anything already stored is answered as a replay. 503 storage-failed: the database could not flush to disk and accepts nothing until an admin restarts the server.');
    const parameters = [...pathParameters(op.path), ...(op.query ? queryParameters(op.query) : [])];
    (paths[openApiPath(op.path)] ??= {})[op.method] = {
      operationId: op.operationId,
      summary: op.summary,
      description: `${op.description ? `${op.description}\n\n` : ''}Who may call: ${ACCESS_TEXT[op.access]}.`,
      security: SECURITY[op.access],
      'x-access': op.access,
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(op.body ? { requestBody: { required: true, content: { 'application/json': { schema: ref(op.body) } } } } : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Kasir Karya',
      version: `protocol ${PROTOCOL_VERSION}`,
      description:
        'Offline-first point of sale for karya warga binaan and UMKM goods in NTB. Every error answer is `{ error: { code, message, field } }`. Credentials travel as `Authorization: Bearer <token>`: a device enrols once with a code for a device token, a person signs in with a password for a session token.',
    },
    paths,
    components: {
      schemas: componentSchemas(),
      securitySchemes: {
        deviceToken: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: `${DEVICE_TOKEN_PREFIX}<deviceId>.<secret>`,
          description: `An enrolled device's credential from ${AUTH_ROUTES.enrol} (or ${AUTH_ROUTES.rotate}).`,
        },
        sessionToken: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: `${SESSION_TOKEN_PREFIX}<sessionId>.<secret>`,
          description: `A signed-in person's session from ${AUTH_ROUTES.login}; 8 hours at most, 30 minutes unused ends it.`,
        },
      },
    },
  };
}

let cached: OpenApiDocument | null = null;

/** Built once: the schemas do not change while the server runs. */
export function openApiDocument(): OpenApiDocument {
  return (cached ??= buildDocument());
}
