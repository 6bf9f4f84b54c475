// The API as an OpenAPI 3.1 document, generated from the route table
// (protocol/routes.ts) and the same zod schemas the routes parse with, so
// other NTB systems (the online shop, a Lapas ledger) read what the server
// actually accepts and never a hand-kept copy.
import { z } from 'zod';
import {
  adminDeviceSchema,
  adminUserSchema,
  auditEntrySchema,
  DEVICE_TOKEN_PREFIX,
  SESSION_COOKIE,
  SESSION_HEADER,
  SESSION_HEADER_VALUE,
  SESSION_TOKEN_PREFIX,
  sessionUserSchema,
} from '../../protocol/auth.ts';
import { ACCESS_TEXT, AUTH_ROUTES, ROUTE_TABLE, type Access, type ErrorStatus, type RouteSpec, type RouteTable } from '../../protocol/routes.ts';
import {
  deviceUserSchema,
  errorResponseSchema,
  mutationEnvelopeSchema,
  payloadSchemas,
  PROTOCOL_VERSION,
  saleSchema,
  serverSaleSchema,
  type MutationType,
} from '../../protocol/schemas.ts';

export type JsonSchema = z.core.JSONSchema.JSONSchema;

const REF = '#/components/schemas/';
/** A file's bytes (an import sheet, an export). */
const BINARY: JsonSchema = { type: 'string', format: 'binary' };
const ref = (name: string): JsonSchema => ({ $ref: `${REF}${name}` });

/** 'sale.record' -> 'SaleRecordPayload': one component per mutation type. */
function payloadComponent(type: MutationType): string {
  return `${type
    .split(/[^A-Za-z0-9]+/)
    .map((w) => (w[0]?.toUpperCase() ?? '') + w.slice(1))
    .join('')}Payload`;
}

/**
 * Named schemas that no route takes or answers as a whole but that are worth
 * a name where they are nested (a sale inside a push, a user inside a list).
 */
const NESTED_COMPONENTS: readonly (readonly [string, z.ZodType])[] = [
  ['MutationEnvelope', mutationEnvelopeSchema],
  ['Sale', saleSchema],
  ['ServerSale', serverSaleSchema],
  ['ErrorResponse', errorResponseSchema],
  ['DeviceUser', deviceUserSchema],
  ['SessionUser', sessionUserSchema],
  ['AdminDevice', adminDeviceSchema],
  ['AdminUser', adminUserSchema],
  ['AuditEntry', auditEntrySchema],
];

/** Every schema with a name: the table's bodies and answers, then the nested ones. */
function namedSchemas(routes: readonly RouteSpec[]): Map<string, z.ZodType> {
  const named = new Map<string, z.ZodType>();
  const name = (id: string, schema: z.ZodType): void => {
    const had = named.get(id);
    if (had !== undefined && had !== schema) throw new Error(`openapi: two different schemas are both named ${id}`);
    named.set(id, schema);
  };
  for (const r of routes) {
    // A file body is bytes, written inline as binary (buildDocument), not a JSON schema.
    if (r.body && !r.body.rawFile) name(r.body.component, r.body.schema);
    if (r.response.component !== undefined) name(r.response.component, r.response.schema);
  }
  for (const [id, schema] of NESTED_COMPONENTS) name(id, schema);
  for (const type of Object.keys(payloadSchemas) as MutationType[]) name(payloadComponent(type), payloadSchemas[type]);
  return named;
}

/** Schemas with a name of their own in components; everything else is inlined where used. */
function componentSchemas(routes: readonly RouteSpec[]): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of namedSchemas(routes)) registry.add(schema, { id });

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

/** Path or query parameters from a zod object, as the route parses them. */
function parameters(schema: z.ZodObject, where: Parameter['in']): Parameter[] {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'throw' });
  const required = new Set(Array.isArray(json.required) ? json.required : []);
  return Object.entries(json.properties ?? {}).map(([name, prop]) => {
    const { description, ...rest } = typeof prop === 'object' ? prop : {};
    return {
      name,
      in: where,
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

/** Named where the table names it, inlined where not. */
function schemaOf(schema: z.ZodType, component: string | undefined): JsonSchema {
  if (component !== undefined) return ref(component);
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'throw' });
  return rest;
}

const ERROR_TEXT: Record<ErrorStatus, string> = {
  400: 'Malformed JSON (code malformed-json), a field that does not fit the schema (code invalid-request; `field` names it), a URL that does not decode (code bad-url), or a value the server refuses (codes weak-pin, unknown-outlet, outlet-required, enrolment-code-unknown, photo-not-webp, photo-too-large).',
  401: 'No credential, or one the server does not accept (code unauthenticated); a revoked device (code device-revoked: its unsynced sales stay on it, export them from the sync panel); a session that ended (code session-expired); a wrong username or password (code sign-in-failed).',
  403: 'The credential is valid but may not do this: the wrong kind or role (code forbidden), another device named (code wrong-device), another outlet named (code wrong-outlet).',
  404: 'No device registration, user, product or product photo has that id (code not-found).',
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
const BROWSER_SESSION = { sessionCookie: [], sessionHeader: [] };
const SECURITY: Record<Access, readonly Record<string, string[]>[]> = {
  open: [],
  device: [{ deviceToken: [] }],
  'device-or-staff': [{ deviceToken: [] }, { sessionToken: [] }, BROWSER_SESSION],
  session: [{ sessionToken: [] }, BROWSER_SESSION],
  staff: [{ sessionToken: [] }, BROWSER_SESSION],
  admin: [{ sessionToken: [] }, BROWSER_SESSION],
  metrics: [{ sessionToken: [] }, BROWSER_SESSION, { metricsToken: [] }],
};

// A type, not an interface: the route table's answer for this document is any JSON object.
export type OpenApiDocument = {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string; license: { name: string } };
  servers: { url: string; description: string }[];
  paths: Record<string, Record<string, object>>;
  components: { schemas: Record<string, JsonSchema>; securitySchemes: Record<string, object> };
};

function buildDocument(): OpenApiDocument {
  const table: RouteTable = ROUTE_TABLE;
  const paths: Record<string, Record<string, object>> = {};
  for (const [operationId, r] of Object.entries(table)) {
    const responses: Record<string, object> = {
      200: {
        description: r.response.description,
        content: {
          [r.response.file?.contentType ?? r.response.contentType ?? 'application/json']: { schema: r.response.file?.binary ? BINARY : schemaOf(r.response.schema, r.response.component) },
          ...(r.response.csv ? { 'text/csv': { schema: { type: 'string', description: 'With format=csv: the rows as CSV, a header line first' } } } : {}),
        },
      },
    };
    // Whatever a route takes in (a path id, a query, a body) can be refused as a 400, so the document always says so.
    const takesInput = r.params !== undefined || r.query !== undefined || r.body !== undefined;
    const statuses = [...new Set<ErrorStatus>([...(takesInput ? [400 as const] : []), ...r.errors])].sort((a, b) => a - b);
    for (const status of statuses) responses[status] = errorResponse(status, ERROR_TEXT[status]);
    responses['5XX'] = errorResponse('5XX', 'The server failed (code server-error); send the same request again: anything already stored is answered as a replay. 503 storage-failed: the database could not flush to disk and accepts nothing until an admin restarts the server.');
    const params = [...(r.params ? parameters(r.params, 'path') : []), ...(r.query ? parameters(r.query, 'query') : [])];
    (paths[openApiPath(r.path)] ??= {})[r.method.toLowerCase()] = {
      operationId,
      summary: r.summary,
      description: `${r.description ? `${r.description}\n\n` : ''}Who may call: ${ACCESS_TEXT[r.access]}.`,
      security: SECURITY[r.access],
      'x-access': r.access,
      ...(params.length > 0 ? { parameters: params } : {}),
      ...(r.body
        ? {
            requestBody: {
              required: true,
              content: r.body.rawFile ? Object.fromEntries(r.body.rawFile.mediaTypes.map((type) => [type, { schema: BINARY }])) : { 'application/json': { schema: ref(r.body.component) } },
            },
          }
        : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Kasir Karya',
      version: `protocol ${PROTOCOL_VERSION}`,
      description:
        'Offline-first point of sale for karya warga binaan and UMKM goods in NTB. Every error answer is `{ error: { code, message, field } }`. Credentials travel as `Authorization: Bearer <token>`: a device enrols once with a code for a device token, a person signs in with a password for a session token (which the sign-in answer also sets as an HttpOnly cookie for the browser pages; see the sessionCookie scheme). A known path asked with another method answers 405 with an `Allow` header.',
      license: { name: 'Proprietary' },
    },
    // Relative: the document is served by the server it describes, under whatever host and scheme it is reached.
    servers: [{ url: '/', description: 'The server that serves this document' }],
    paths,
    components: {
      schemas: componentSchemas(Object.values(table)),
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
        metricsToken: {
          type: 'http',
          scheme: 'bearer',
          description: 'The METRICS_TOKEN the server was started with (at least 32 characters), for a Prometheus scraping /metrics.',
        },
        sessionCookie: {
          type: 'apiKey',
          in: 'cookie',
          name: SESSION_COOKIE,
          description: `The same session as set by ${AUTH_ROUTES.login} for the browser (HttpOnly, SameSite=Strict, Path=/api, Secure over HTTPS), cleared by ${AUTH_ROUTES.logout}. Counts only together with the ${SESSION_HEADER} header, and never on device routes; an Authorization header, when sent, is used instead.`,
        },
        sessionHeader: {
          type: 'apiKey',
          in: 'header',
          name: SESSION_HEADER,
          description: `"${SESSION_HEADER_VALUE}": says the cookie was sent by this server's own pages (another site's form cannot set a header).`,
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
