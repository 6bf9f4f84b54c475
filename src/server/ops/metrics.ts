// What an operator's Prometheus scrapes from GET /metrics: requests and
// errors by route, push mutations by result, pull bytes, how long store
// transactions take, and how long ago each device was last heard from. One
// registry per app (tests build many), prom-client's text format.
import type { FastifyInstance } from 'fastify';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { ROUTE_TABLE } from '../../protocol/routes.ts';
import type { MutationStatus } from '../../protocol/schemas.ts';
import { optNum, str } from '../store/db.ts';
import type { Store } from '../store/store.ts';

export interface Metrics {
  readonly registry: Registry;
  /** After a push or import: one count per mutation by its result. */
  mutations(results: readonly { status: MutationStatus; replay: boolean }[]): void;
  /** The text Prometheus reads. */
  text(): Promise<string>;
  readonly contentType: string;
  stop(): void;
}

/** Seconds buckets from a fast read to a slow disk's flush. */
const TX_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];
const REQUEST_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export function createMetrics(app: FastifyInstance, store: Store): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'kasir_' });

  // Labelled by the route's pattern, never the raw URL: ids would make a series per sale.
  const requests = new Counter({
    name: 'kasir_http_requests_total',
    help: 'HTTP requests answered, by route pattern, method and status',
    labelNames: ['route', 'method', 'status'] as const,
    registers: [registry],
  });
  const errors = new Counter({
    name: 'kasir_http_errors_total',
    help: 'HTTP answers with a 5xx status, by route pattern',
    labelNames: ['route'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'kasir_http_request_duration_seconds',
    help: 'Time from request to answer, by route pattern',
    labelNames: ['route'] as const,
    buckets: REQUEST_BUCKETS,
    registers: [registry],
  });
  const pushed = new Counter({
    name: 'kasir_push_mutations_total',
    help: 'Mutations answered by push and import, by result (replay: already stored, answered from the record)',
    labelNames: ['result', 'replay'] as const,
    registers: [registry],
  });
  const pullBytes = new Counter({
    name: 'kasir_pull_bytes_total',
    help: 'Bytes of pull answers sent to devices (before compression)',
    registers: [registry],
  });
  const transactions = new Histogram({
    name: 'kasir_store_transaction_seconds',
    help: 'Store transactions, from asking to the answer (the disk flush included), by outcome',
    labelNames: ['ok'] as const,
    buckets: TX_BUCKETS,
    registers: [registry],
  });
  const stopObserving = store.observeTransactions((seconds, ok) => transactions.observe({ ok: ok ? 'true' : 'false' }, seconds));

  new Gauge({
    name: 'kasir_device_last_seen_seconds',
    help: 'Seconds since each enrolled, unrevoked device last reached the server (its sync lag); -1 if never',
    labelNames: ['device', 'outlet', 'label'] as const,
    registers: [registry],
    // Read at scrape time: the store is the one truth across server processes.
    async collect() {
      this.reset();
      const now = store.now();
      const rows = await store.db.all(
        'SELECT device_id, outlet_id, label, last_seen_at FROM device_registrations WHERE device_id IS NOT NULL AND revoked_at IS NULL',
      );
      for (const r of rows) {
        const seen = optNum(r.last_seen_at);
        this.set({ device: str(r.device_id), outlet: str(r.outlet_id), label: str(r.label) }, seen === null ? -1 : Math.max(0, (now - seen) / 1000));
      }
    },
  });

  const started = new WeakMap<object, number>();
  app.addHook('onRequest', (req, _reply, done) => {
    started.set(req, performance.now());
    done();
  });
  app.addHook('onResponse', (req, reply, done) => {
    const route = req.routeOptions.url ?? 'unmatched';
    const status = reply.statusCode;
    requests.inc({ route, method: req.method, status: String(status) });
    if (status >= 500) errors.inc({ route });
    const t0 = started.get(req);
    if (t0 !== undefined) duration.observe({ route }, (performance.now() - t0) / 1000);
    done();
  });
  app.addHook('onSend', (req, _reply, payload, done) => {
    if (req.routeOptions.url === ROUTE_TABLE.syncPull.path && typeof payload === 'string') pullBytes.inc(Buffer.byteLength(payload));
    done(null, payload);
  });

  return {
    registry,
    contentType: registry.contentType,
    mutations(results) {
      for (const r of results) pushed.inc({ result: r.status, replay: r.replay ? 'true' : 'false' });
    },
    text: () => registry.metrics(),
    stop: () => {
      stopObserving();
      registry.clear();
    },
  };
}
