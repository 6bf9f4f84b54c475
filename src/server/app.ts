// The HTTP surface: every body and query is parsed with the shared protocol
// schemas; every error names what is wrong.
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import type { z } from 'zod';
import {
  describeZodError,
  OPENAPI_ROUTE,
  outboxExportSchema,
  PROTOCOL_VERSION,
  pullQuerySchema,
  pushRequestSchema,
  REVIEW_ROUTE,
  reviewQuerySchema,
  ROUTES,
  salesQuerySchema,
  type ErrorResponse,
} from '../protocol/schemas.ts';
import { openApiDocument } from './openapi.ts';
import { applySecurityHeaders, registerSecurityHeaders } from './security.ts';
import { serveStatic } from './static.ts';
import type { Store } from './store/store.ts';

export interface AppOptions {
  store: Store;
  /** Folder of the built PWA; null serves the API only. */
  staticDir: string | null;
  logger?: boolean;
}

export const BODY_LIMIT = 5 * 1024 * 1024;
export const IMPORT_BODY_LIMIT = 64 * 1024 * 1024;

function sendError(reply: FastifyReply, status: number, code: string, message: string, field: string | null = null): FastifyReply {
  const body: ErrorResponse = { error: { code, message, field } };
  return reply.code(status).send(body);
}

function parse<T extends z.ZodType>(schema: T, value: unknown, reply: FastifyReply): z.infer<T> | null {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const { message, field } = describeZodError(r.error);
  void sendError(reply, 400, 'invalid-request', message, field);
  return null;
}

function claimedProtocol(body: unknown): unknown {
  return typeof body === 'object' && body !== null && 'protocolVersion' in body ? body.protocolVersion : undefined;
}

export interface RegisteredRoute {
  method: string;
  url: string;
}

const registered = new WeakMap<FastifyInstance, RegisteredRoute[]>();

/** Every route `app` registered (HEAD twins of GET included), so a test can hold the OpenAPI document to them. */
export function routesOf(app: FastifyInstance): readonly RegisteredRoute[] {
  return registered.get(app) ?? [];
}

export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger ?? false,
    bodyLimit: BODY_LIMIT,
    // A URL that does not decode (/%zz) never reaches a route or the hooks;
    // it still gets the error envelope and the security headers.
    frameworkErrors: (err, _req, reply) => sendError(applySecurityHeaders(reply), 400, 'bad-url', `the URL cannot be decoded: ${err.message}`),
  });
  const { store } = opts;
  const routes: RegisteredRoute[] = [];
  registered.set(app, routes);
  app.addHook('onRoute', (r) => {
    for (const method of Array.isArray(r.method) ? r.method : [r.method]) routes.push({ method, url: r.url });
  });
  registerSecurityHeaders(app);

  app.setErrorHandler((err: { statusCode?: number; code?: string; message: string }, _req, reply) => {
    const status = err.statusCode ?? 500;
    if (status === 413) return sendError(reply, 413, 'body-too-large', `request body is over ${BODY_LIMIT / 1024 / 1024} MB; send fewer mutations per request`);
    if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return sendError(reply, 415, 'unsupported-media-type', 'send the body as application/json');
    if (status === 400) return sendError(reply, 400, 'malformed-json', `the body is not valid JSON: ${err.message}`);
    app.log.error(err);
    // A push may have stored the mutations before the one that failed: sent again, they come back as replays.
    return sendError(reply, 500, 'server-error', 'the server failed; send the same request again (anything already stored is answered as a replay)');
  });

  app.get(ROUTES.health, () => ({ ok: true, protocolVersion: PROTOCOL_VERSION }));

  app.get(OPENAPI_ROUTE, () => openApiDocument());

  app.post(ROUTES.push, async (req, reply) => {
    // Rule 15: the version is read before the rest of the body, as another
    // version's body may have another shape. The client keeps its queue and updates first.
    const claimed = claimedProtocol(req.body);
    if (typeof claimed === 'number' && claimed !== PROTOCOL_VERSION) {
      return sendError(reply, 426, 'update-required', `this app speaks protocol ${claimed}, the server ${PROTOCOL_VERSION}: update the app; unsynced sales stay on the device`, 'protocolVersion');
    }
    const body = parse(pushRequestSchema, req.body, reply);
    if (!body) return reply;
    return store.push(body.deviceId, body.mutations);
  });

  // The recovery path: a file exported by a device that cannot reach the
  // server goes through the same push rules, so importing it twice, or after
  // the device synced after all, stores nothing twice.
  // A tablet offline for a week exports far more than one push carries.
  app.post(ROUTES.import, { bodyLimit: IMPORT_BODY_LIMIT }, async (req, reply) => {
    const claimed = claimedProtocol(req.body);
    if (typeof claimed === 'number' && claimed !== PROTOCOL_VERSION) {
      return sendError(reply, 426, 'update-required', `this file was written by protocol ${claimed}, the server reads ${PROTOCOL_VERSION}: import it on a server of that version`, 'protocolVersion');
    }
    const file = parse(outboxExportSchema, req.body, reply);
    if (!file) return reply;
    return store.push(file.deviceId, file.mutations);
  });

  app.get(ROUTES.pull, async (req, reply) => {
    const q = parse(pullQuerySchema, req.query, reply);
    if (!q) return reply;
    return store.pull(q.since, q.outletId ?? null, q.epoch ?? null);
  });

  app.get(ROUTES.sales, async (req, reply) => {
    const q = parse(salesQuerySchema, req.query, reply);
    if (!q) return reply;
    return { sales: await store.listSales({ deviceId: q.deviceId, limit: q.limit ?? 500 }) };
  });

  app.get(REVIEW_ROUTE, async (req, reply) => {
    const q = parse(reviewQuerySchema, req.query, reply);
    if (!q) return reply;
    return store.review(q.limit ?? 500);
  });

  app.setNotFoundHandler((req, reply) => {
    if (req.url.startsWith('/api/')) return sendError(reply, 404, 'not-found', `no API route ${req.method} ${req.url.split('?')[0] ?? ''}`);
    if (opts.staticDir && (req.method === 'GET' || req.method === 'HEAD')) return serveStatic(opts.staticDir, req, reply);
    return sendError(reply, 404, 'not-found', 'not found');
  });

  return app;
}
