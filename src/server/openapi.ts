// The API as an OpenAPI 3.1 document, generated from the same zod schemas the
// routes parse with, so other NTB systems (the online shop, a Lapas ledger)
// read what the server actually accepts and never a hand-kept copy.
import { z } from 'zod';
import {
  errorResponseSchema,
  healthResponseSchema,
  mutationEnvelopeSchema,
  OPENAPI_ROUTE,
  outboxExportSchema,
  payloadSchemas,
  PROTOCOL_VERSION,
  pullQuerySchema,
  pullResponseSchema,
  pushRequestSchema,
  pushResponseSchema,
  REVIEW_ROUTE,
  reviewQuerySchema,
  reviewResponseSchema,
  ROUTES,
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
  in: 'query';
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
      in: 'query',
      required: required.has(name),
      ...(typeof description === 'string' ? { description } : {}),
      schema: rest,
    };
  });
}

const ERROR_TEXT: Record<number, string> = {
  400: 'Malformed JSON (code malformed-json), a field that does not fit the schema (code invalid-request; `field` names it), or a URL that does not decode (code bad-url).',
  413: 'The body is over the size limit (code body-too-large).',
  415: 'The body is not application/json (code unsupported-media-type).',
  426: 'The body was written for another protocol version (code update-required).',
};

function errorResponse(description: string): object {
  return { description, content: { 'application/json': { schema: ref('ErrorResponse') } } };
}

interface Operation {
  method: 'get' | 'post';
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  query?: z.ZodObject;
  body?: string;
  response: { description: string; schema: JsonSchema };
  errors: readonly number[];
}

const BODY_ERRORS = [400, 413, 415, 426] as const;

/** Every route the server registers; tests/server/openapi.test.ts fails when one is missing here. */
const OPERATIONS: readonly Operation[] = [
  {
    method: 'get',
    path: ROUTES.health,
    operationId: 'health',
    summary: 'The server is up; which protocol version it speaks',
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
    body: 'PushRequest',
    response: { description: 'One result per mutation handled', schema: ref('PushResponse') },
    errors: BODY_ERRORS,
  },
  {
    method: 'post',
    path: ROUTES.import,
    operationId: 'syncImport',
    summary: 'A file of unsynced sales exported by a device, replayed through the push rules',
    description: 'Importing the same file twice, or after the device synced after all, stores nothing twice. Bodies up to 64 MB.',
    body: 'OutboxExport',
    response: { description: 'One result per mutation handled', schema: ref('PushResponse') },
    errors: BODY_ERRORS,
  },
  {
    method: 'get',
    path: ROUTES.pull,
    operationId: 'syncPull',
    summary: 'Catalog and stock changes since a version',
    query: pullQuerySchema,
    response: { description: 'The changes, or everything when `full`', schema: ref('PullResponse') },
    errors: [400],
  },
  {
    method: 'get',
    path: ROUTES.sales,
    operationId: 'listSales',
    summary: 'Stored sales, oldest first (by device seq when one device is asked for)',
    query: salesQuerySchema,
    response: { description: 'Sales', schema: ref('SalesListResponse') },
    errors: [400],
  },
  {
    method: 'get',
    path: REVIEW_ROUTE,
    operationId: 'review',
    summary: 'What a supervisor must look at: flagged sales and stock below zero',
    query: reviewQuerySchema,
    response: { description: 'Flagged sales and negative stock', schema: ref('ReviewResponse') },
    errors: [400],
  },
  {
    method: 'get',
    path: OPENAPI_ROUTE,
    operationId: 'openapi',
    summary: 'This document',
    response: { description: 'OpenAPI 3.1', schema: { type: 'object' } },
    errors: [],
  },
];

export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  paths: Record<string, Record<string, object>>;
  components: { schemas: Record<string, JsonSchema> };
}

function buildDocument(): OpenApiDocument {
  const paths: Record<string, Record<string, object>> = {};
  for (const op of OPERATIONS) {
    const responses: Record<string, object> = {
      200: { description: op.response.description, content: { 'application/json': { schema: op.response.schema } } },
    };
    for (const status of op.errors) responses[status] = errorResponse(ERROR_TEXT[status] ?? 'Refused');
    responses['5XX'] = errorResponse('The server failed (code server-error); send the same request again: anything already stored is answered as a replay.');
    (paths[op.path] ??= {})[op.method] = {
      operationId: op.operationId,
      summary: op.summary,
      ...(op.description ? { description: op.description } : {}),
      ...(op.query ? { parameters: queryParameters(op.query) } : {}),
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
        'Offline-first point of sale for karya warga binaan and UMKM goods in NTB. Every error answer is `{ error: { code, message, field } }`.',
    },
    paths,
    components: { schemas: componentSchemas() },
  };
}

let cached: OpenApiDocument | null = null;

/** Built once: the schemas do not change while the server runs. */
export function openApiDocument(): OpenApiDocument {
  return (cached ??= buildDocument());
}
