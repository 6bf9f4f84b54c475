// The HTTP surface: the routes of protocol/routes.ts, registered with their
// schemas by http/routes.ts; every error names what is wrong; every route says
// who may call it (auth/guard.ts) and checks what the caller names against who
// the caller is.
import compress from '@fastify/compress';
import Fastify, { LogController, type FastifyInstance, type FastifyReply, type FastifyServerOptions } from 'fastify';
import { AUTH_ERROR_CODES as E } from '../../protocol/auth.ts';
import { ROUTE_TABLE, type Access, type RouteTable } from '../../protocol/routes.ts';
import type { ErrorCode, ErrorParams } from '../../protocol/errors.ts';
import { PROTOCOL_VERSION, type ErrorResponse } from '../../protocol/schemas.ts';
import { accountHandlers, DEFAULT_AUTH_LIMITS, type AuthLimits } from './account-handlers.ts';
import { productHandlers } from './product-handlers.ts';
import { catalogAdminHandlers } from './catalog-admin-handlers.ts';
import { labelHandlers } from './label-handlers.ts';
import { settlementHandlers } from './settlement-handlers.ts';
import { reportHandlers } from './report-handlers.ts';
import { principalOf, registerGuard } from './guard.ts';
import { Refusal, REFUSAL_STATUS } from '../refusal.ts';
import { HttpError } from './http-error.ts';
import { registerRoutes, type RawBody } from './routes.ts';
import { prepareValue, type BodyKind, type PreparedBody } from './prepare-body.ts';
import { sharedPreparer, type BodyPreparer } from './prepare-pool.ts';
import { openApiDocument } from './openapi.ts';
import { applySecurityHeaders, registerHsts, registerSecurityHeaders, SECURITY_HEADERS } from './security.ts';
import { readCaCertificate } from './ca-certificate.ts';
import { serveStatic } from './static.ts';
import { statementPageStatus } from '../settlement/settlement.ts';
import { STATEMENT_PAGE_PREFIX } from '../../protocol/settlement.ts';
import type { Store } from '../store/store.ts';
import { StorageFailed } from '../store/wal-sync.ts';
import { createMetrics } from '../ops/metrics.ts';
import { noteResentAfterRestore } from '../sync/after-restore.ts';
import { fleetRecorder, parseHealthHeader } from '../accounts/fleet.ts';
import { DEVICE_HEALTH_HEADER } from '../../protocol/auth.ts';
import { listSales, review } from '../sync/review.ts';
import { salesByReceipt } from '../sync/receipts.ts';
import { listAdjustReasons, saveAdjustReason, stockReport } from '../stock/stock.ts';
import { listShifts } from '../shifts/shifts.ts';
import { createCashReason, listCashReasons, updateCashReason } from '../shifts/cash-reasons.ts';
import { mayReview, resolveWithSession } from '../sync/resolve.ts';
import { pushPrepared } from '../sync/push.ts';
import { pull } from '../sync/pull.ts';

export interface AppOptions {
  store: Store;
  /** Folder of the built PWA; null serves the API only. */
  staticDir: string | null;
  /**
   * Fastify's logger (pino, JSON lines); off when absent. Requests are not
   * logged one by one; every 5xx is, with its request id, and no header or
   * body (so never a credential, a PIN hash or a payload).
   */
  logger?: FastifyServerOptions['logger'];
  /** The clock for expiries and rate limits; the store's clock when absent. */
  now?: () => number;
  /** Rate limits on sign-in and enrolment; DEFAULT_AUTH_LIMITS where absent. */
  limits?: Partial<AuthLimits>;
  /**
   * Behind a reverse proxy, which addresses to believe in X-Forwarded-For
   * (Fastify's trustProxy); otherwise every caller has the proxy's address
   * and shares its rate limit.
   */
  trustProxy?: FastifyServerOptions['trustProxy'];
  /** Who parses push and import bodies; the process's shared worker pool when absent. */
  preparer?: BodyPreparer;
  /** A bearer token that may read /metrics (a Prometheus without a session); an admin's session always may. */
  metricsToken?: string | null;
  /** Certificate and key (PEM): the server speaks HTTPS itself. */
  tls?: { cert: string; key: string };
  /** The local CA certificate offered to tablets (`npm run tls:init`); read when asked for, so a new one needs no restart. */
  caFile?: string | null;
}

/** For every route but those whose table entry says otherwise (import). */
export const BODY_LIMIT = 5 * 1024 * 1024;

/** A whole HTTP/1.1 answer as text, for a socket no request was made from. */
function rawErrorResponse(status: 400 | 431, code: ErrorCode, message: string): string {
  const body = JSON.stringify({ error: { code, message, field: null } } satisfies ErrorResponse);
  const head = [
    `HTTP/1.1 ${status} ${status === 400 ? 'Bad Request' : 'Request Header Fields Too Large'}`,
    'content-type: application/json; charset=utf-8',
    `content-length: ${Buffer.byteLength(body)}`,
    'cache-control: no-store',
    'connection: close',
    ...Object.entries(SECURITY_HEADERS).map(([name, value]) => `${name}: ${value}`),
  ];
  return `${head.join('\r\n')}\r\n\r\n${body}`;
}

function sendError(reply: FastifyReply, status: number, code: ErrorCode, message: string, field: string | null = null, params: ErrorParams = {}): FastifyReply {
  const body: ErrorResponse = { error: { code, message, field, params } };
  return reply.code(status).send(body);
}

export interface RegisteredRoute {
  method: string;
  url: string;
  /** Who may call it; null only for routes outside /api. */
  access: Access | null;
}

const registered = new WeakMap<FastifyInstance, RegisteredRoute[]>();

/** Every route `app` registered (HEAD twins of GET included), so a test can hold the OpenAPI document to them. */
export function routesOf(app: FastifyInstance): readonly RegisteredRoute[] {
  return registered.get(app) ?? [];
}

export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const options = {
    logger: opts.logger ?? false,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: BODY_LIMIT,
    trustProxy: opts.trustProxy ?? false,
    // A URL that does not decode (/%zz) never reaches a route or the hooks;
    // it still gets the error envelope and the security headers.
    frameworkErrors: (err, _req, reply) => sendError(applySecurityHeaders(reply), 400, 'bad-url', `the URL cannot be decoded: ${err.message}`),
    // A request Node's HTTP parser cannot read (a control character in a
    // header, headers too large) never becomes a request: it is answered
    // here, on the socket, still in the API's error envelope.
    clientErrorHandler: (err: Error & { code?: string }, socket) => {
      if (!socket.writable) return void socket.destroy(err);
      const tooLarge = err.code === 'HPE_HEADER_OVERFLOW';
      socket.end(rawErrorResponse(tooLarge ? 431 : 400, tooLarge ? 'headers-too-large' : 'bad-request', tooLarge ? 'the request headers are too large' : `the request cannot be read (${err.code ?? err.message}): check its headers for control characters`));
    },
  } satisfies FastifyServerOptions;
  // Fastify types an HTTPS instance by its https.Server; everything this
  // module and its callers use of the server (address, close) is net.Server's.
  const app: FastifyInstance = opts.tls ? (Fastify({ ...options, https: opts.tls }) as unknown as FastifyInstance) : Fastify(options);
  const { store } = opts;
  const now = opts.now ?? store.now;
  const routes: RegisteredRoute[] = [];
  registered.set(app, routes);
  app.addHook('onRoute', (r) => {
    const access = r.config?.access ?? null;
    // A route nobody decided about would be open by accident: refuse to start.
    if (access === null && r.url.startsWith('/api/')) throw new Error(`route ${String(r.method)} ${r.url} has no access rule (config.access)`);
    for (const method of Array.isArray(r.method) ? r.method : [r.method]) routes.push({ method, url: r.url, access });
  });
  registerSecurityHeaders(app);
  registerHsts(app);
  registerGuard(app, store, now, opts.metricsToken ?? null);
  const metrics = createMetrics(app, store);
  // Each device request carries the device's own report; written once the answer is out.
  const fleet = fleetRecorder(store);
  app.addHook('onResponse', (req, reply, done) => {
    done();
    const p = req.principal;
    if (p?.kind !== 'device') return;
    const pushed = req.routeOptions.url === ROUTE_TABLE.syncPush.path && reply.statusCode === 200;
    fleet.heard(p.deviceId, parseHealthHeader(req.headers[DEVICE_HEALTH_HEADER]), pushed).catch((err: unknown) => req.log.warn({ reqId: req.id, err }, 'device health not recorded'));
  });
  app.addHook('onClose', (_app, done) => {
    metrics.stop();
    done();
  });
  // After the metrics' hooks, which count the pull's bytes before compression.
  // A full pull is megabytes of JSON that gzip shrinks about eightfold: on a
  // booth's 3G link that is the difference between arriving and timing out.
  // Answers under 1 KB go as they are; static files come precompressed
  // (static.ts). Request bodies are taken as sent (no decompression), so the
  // body limits keep meaning what the route table says.
  await app.register(compress, { encodings: ['br', 'gzip'], threshold: 1024, globalDecompression: false });

  app.setErrorHandler((err: { statusCode?: number; code?: string; message: string }, req, reply) => {
    // What the operator needs to find the failure: which request, which route, the error and its stack; never the request's headers or body.
    const logFailure = (status: number): void => req.log.error({ reqId: req.id, method: req.method, route: req.routeOptions.url ?? null, status, err }, 'request failed');
    if (err instanceof HttpError) {
      for (const [name, value] of Object.entries(err.headers)) void reply.header(name, value);
      return sendError(reply, err.status, err.code, err.message, err.field, err.params);
    }
    if (err instanceof Refusal) return sendError(reply, REFUSAL_STATUS[err.kind], err.code, err.message, err.field, err.params);
    if (err instanceof StorageFailed) {
      logFailure(503);
      // Not "send it again": nothing will be accepted until someone restarts the server.
      return sendError(reply, 503, 'storage-failed', `${err.message} Unsynced sales stay on the devices.`);
    }
    const status = err.statusCode ?? 500;
    if (status === 413) {
      // Each route has its own limit (an import takes a whole export file): name the one this request met.
      const limit = req.routeOptions.bodyLimit ?? BODY_LIMIT;
      return sendError(reply, 413, 'body-too-large', `request body is over ${limit / 1024 / 1024} MB; send a smaller one (fewer mutations per push)`, null, { limitMb: limit / 1024 / 1024 });
    }
    if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return sendError(reply, 415, 'unsupported-media-type', 'send the body as application/json');
    if (status === 400) return sendError(reply, 400, 'malformed-json', `the body is not valid JSON: ${err.message}`);
    logFailure(500);
    // A push may have stored the mutations before the one that failed: sent again, they come back as replays.
    return sendError(reply, 500, 'server-error', 'the server failed; send the same request again (anything already stored is answered as a replay)');
  });

  // Push and import take their body as text: prepare-pool.ts parses,
  // validates and hashes a big one on a worker thread.
  const preparer = opts.preparer ?? sharedPreparer();
  const prepared = async (kind: BodyKind, body: RawBody): Promise<PreparedBody> => {
    const outcome = 'text' in body ? await preparer.prepare(kind, body.text) : prepareValue(kind, body.value);
    if (outcome.ok) return outcome.body;
    const { status, code, message, field, params } = outcome.refusal;
    throw new HttpError(status, code, message, field, {}, params);
  };

  await registerRoutes(app, ROUTE_TABLE, {
    metrics: {
      // Prometheus's text format, not JSON: the content type is set before the handler answers.
      onRequest: async (_req, reply) => {
        void reply.type(metrics.contentType);
      },
      handle: () => metrics.text(),
    },

    health: async ({ req }) => {
      try {
        await store.probeWrite();
      } catch (err) {
        if (err instanceof StorageFailed) throw err;
        req.log.error({ reqId: req.id, err }, 'health: the store refused a write');
        throw new HttpError(503, 'store-unavailable', 'the database does not take writes (is it running, is its disk full?); sales stay on the devices until it does');
      }
      return { ok: true, protocolVersion: PROTOCOL_VERSION, store: 'writable' };
    },

    openapi: () => openApiDocument(),

    syncPush: async ({ body, req }) => {
      const push = await prepared('push', body);
      requireSameDevice(principalOf(req), push.deviceId, 'deviceId');
      const answer = await pushPrepared(store, push.deviceId, push.mutations);
      metrics.mutations(answer.results);
      await noteResentAfterRestore(store, push.deviceId, push.mutations, answer.results);
      return answer;
    },

    // The recovery path: a file exported by a device that cannot reach the
    // server goes through the same push rules, so importing it twice, or after
    // the device synced after all, stores nothing twice.
    // A supervisor or admin imports any device's file (it was carried to the
    // office); a device, only its own.
    syncImport: async ({ body, req }) => {
      const file = await prepared('import', body);
      const who = principalOf(req);
      if (who.kind === 'device') requireSameDevice(who, file.deviceId, 'deviceId');
      const answer = await pushPrepared(store, file.deviceId, file.mutations);
      metrics.mutations(answer.results);
      await noteResentAfterRestore(store, file.deviceId, file.mutations, answer.results);
      return answer;
    },

    // A device pulls its own outlet, with the users who may sign in on it. A
    // management session pulls the catalog without users (the admin pages
    // name outlets from it); a supervisor only their outlet's stock.
    syncPull: async ({ query: q, req }) => {
      const who = principalOf(req);
      const own = outletScope(who);
      if (own !== null && q.outletId !== undefined && q.outletId !== own) {
        throw new HttpError(403, E.wrongOutlet, `this ${who.kind === 'device' ? 'device' : 'session'} belongs to outlet ${own}, not ${q.outletId}`, 'outletId', {}, { own, asked: q.outletId });
      }
      return pull(store, q.since, q.outletId ?? own, q.epoch ?? null, {
        users: who.kind === 'device',
        ...(q.limit !== undefined ? { limit: q.limit } : {}),
        ...(q.cursor !== undefined ? { cursor: q.cursor } : {}),
      });
    },

    // A device reads back its own sales; a supervisor their outlet's; an admin any.
    listSales: async ({ query: q, req }) => {
      const who = principalOf(req);
      if (who.kind === 'device') {
        if (q.deviceId !== undefined) requireSameDevice(who, q.deviceId, 'deviceId');
        // Only what it sold where it is enrolled now: a device id enrolled again at another outlet must not read the old outlet's sales.
        return { sales: await listSales(store, { deviceId: who.deviceId, outletId: who.outletId, limit: q.limit ?? 500 }) };
      }
      return { sales: await listSales(store, { deviceId: q.deviceId, outletId: outletScope(who), limit: q.limit ?? 500 }) };
    },

    // Any device of the outlet may refund its sales: the lookup is the outlet's, like the sale.
    saleByReceipt: async ({ params, req }) => salesByReceipt(store, params.receiptNo.trim().toUpperCase(), outletScope(principalOf(req))),

    // A device reviews for the supervisor signed in on it by PIN: the device
    // checked the PIN (it holds the hashes), the server checks the role now.
    review: async ({ query: q, req }) => {
      const who = principalOf(req);
      if (who.kind === 'device') {
        if (q.userId === undefined) throw new HttpError(403, E.reviewerNeeded, 'a device reviews for the supervisor or admin signed in on it: send their id as userId', 'userId');
        if (!(await store.db.tx((tx) => mayReview(tx, q.userId ?? '', who.outletId, now())))) {
          throw new HttpError(403, E.reviewerNeeded, `user ${q.userId} is not a supervisor or admin of outlet ${who.outletId} now; review is theirs`, 'userId');
        }
      }
      return review(store, q.limit ?? 500, outletScope(who));
    },

    resolveFlag: async ({ body, req }) => {
      const who = principalOf(req);
      if (who.kind !== 'session') throw new HttpError(403, E.forbidden, 'a device resolves flags with the flag.resolve mutation');
      return resolveWithSession(store, body, who.user, now());
    },

    caCertificate: () => readCaCertificate(opts.caFile ?? null),

    // As the review: a device reads for the supervisor signed in on it by PIN.
    stockReport: async ({ query: q, req }) => {
      const who = principalOf(req);
      const own = outletScope(who);
      if (who.kind === 'device') {
        if (q.userId === undefined) throw new HttpError(403, E.reviewerNeeded, 'a device reads stock for the supervisor or admin signed in on it: send their id as userId', 'userId');
        if (!(await store.db.tx((tx) => mayReview(tx, q.userId ?? '', who.outletId, now())))) {
          throw new HttpError(403, E.reviewerNeeded, `user ${q.userId} is not a supervisor or admin of outlet ${who.outletId} now; stock is theirs`, 'userId');
        }
      }
      if (own !== null && q.outletId !== undefined && q.outletId !== own) {
        throw new HttpError(403, E.wrongOutlet, `this ${who.kind === 'device' ? 'device' : 'session'} belongs to outlet ${own}, not ${q.outletId}`, 'outletId', {}, { own, asked: q.outletId });
      }
      return stockReport(store, { outletId: q.outletId ?? own, producerId: q.producerId, productId: q.productId, limit: q.limit });
    },

    listShifts: async ({ query: q, req }) => {
      const own = outletScope(principalOf(req));
      if (own !== null && q.outletId !== undefined && q.outletId !== own) {
        throw new HttpError(403, E.wrongOutlet, `this session belongs to outlet ${own}, not ${q.outletId}`, 'outletId', {}, { own, asked: q.outletId });
      }
      if (q.from !== undefined && q.to !== undefined && q.from > q.to) throw new HttpError(400, 'invalid-request', `from ${q.from} is after to ${q.to}`, 'from');
      return listShifts(store, { outletId: q.outletId ?? own, limit: q.limit, state: q.state, from: q.from ?? null, to: q.to ?? null });
    },

    listCashReasons: async () => ({ reasons: await listCashReasons(store) }),

    createCashReason: async ({ body, req }) => {
      const who = principalOf(req);
      if (who.kind !== 'session') throw new HttpError(403, E.forbidden, 'an admin session keeps the cash reasons');
      return createCashReason(store, body, who.user.id, now());
    },

    updateCashReason: async ({ params, body, req }) => {
      const who = principalOf(req);
      if (who.kind !== 'session') throw new HttpError(403, E.forbidden, 'an admin session keeps the cash reasons');
      return updateCashReason(store, params.code, body, who.user.id, now());
    },

    listAdjustReasons: async () => ({ reasons: await listAdjustReasons(store) }),

    saveAdjustReason: async ({ body, req }) => {
      const who = principalOf(req);
      if (who.kind !== 'session') throw new HttpError(403, E.forbidden, 'an admin session saves reasons');
      return saveAdjustReason(store, body, who.user.id, now());
    },

    ...accountHandlers(store, now, { ...DEFAULT_AUTH_LIMITS, ...opts.limits }),
    ...productHandlers(store, now),
    ...catalogAdminHandlers(store, now),
    ...labelHandlers(store, now),
    ...settlementHandlers(store, now),
    ...reportHandlers(store),
  });

  // A known path asked with another method is a 405 naming the methods it takes, not a "no such route".
  const methodsByPath = Object.values(ROUTE_TABLE as RouteTable).map((r) => ({ pattern: new RegExp(`^${r.path.replace(/:[A-Za-z0-9_]+/g, '[^/]+')}$`), method: r.method }));
  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0] ?? '';
    if (req.url.startsWith('/api/')) {
      const allowed = [...new Set(methodsByPath.filter((r) => r.pattern.test(path)).flatMap((r) => (r.method === 'GET' ? ['GET', 'HEAD'] : [r.method])))];
      if (allowed.length > 0) {
        void reply.header('allow', allowed.join(', '));
        return sendError(reply, 405, 'method-not-allowed', `${path} takes ${allowed.join(', ')}, not ${req.method}`, null, { allowed: allowed.join(', ') });
      }
      return sendError(reply, 404, 'not-found', `no API route ${req.method} ${path}`);
    }
    if (req.method === 'GET' || req.method === 'HEAD') {
      // A producer's statement page is the app's, but its status is the link's: 404 unknown, 410 expired or revoked.
      const statement = path.startsWith(STATEMENT_PAGE_PREFIX) ? path.slice(STATEMENT_PAGE_PREFIX.length) : null;
      if (statement !== null) {
        return statementPageStatus(store, statement, now()).then((status) =>
          opts.staticDir ? serveStatic(opts.staticDir, req, reply, status) : reply.code(status).type('text/plain; charset=utf-8').send(status === 200 ? 'statement' : 'Tautan nota tidak berlaku / This statement link does not open'),
        );
      }
      if (opts.staticDir) return serveStatic(opts.staticDir, req, reply);
    }
    return sendError(reply, 404, 'not-found', 'not found');
  });

  return app;
}

/**
 * The one outlet a caller may read: a device's own, a supervisor's own; null
 * (every outlet) for an admin, whose outlet (if any) only says which devices
 * get their PIN.
 */
function outletScope(who: ReturnType<typeof principalOf>): string | null {
  if (who.kind === 'device') return who.outletId;
  return who.user.role === 'admin' ? null : who.user.outletId;
}

/** A device may only act as itself; sessions are not limited here. */
function requireSameDevice(who: ReturnType<typeof principalOf>, deviceId: string, field: string): void {
  if (who.kind === 'device' && who.deviceId !== deviceId) {
    throw new HttpError(403, E.wrongDevice, `this credential belongs to device ${who.deviceId}; it cannot act for device ${deviceId}`, field);
  }
}
