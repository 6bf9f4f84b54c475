// One sync loop per device (rule 7): push the outbox, then pull the catalog.
// Retries after each checkout, on `online`, at start-up and on a timer with
// capped exponential backoff and jitter (rule 11). No Background Sync:
// Firefox and Safari lack it.
import {
  errorResponseSchema,
  PROTOCOL_VERSION,
  pullResponseSchema,
  pushResponseSchema,
  ROUTES,
  type PushResponse,
} from '../../protocol/schemas.ts';
import { applyPull } from '../db/catalog-repo.ts';
import type { KasirDb } from '../db/database.ts';
import { ensureDevice } from '../db/device-repo.ts';
import { ackedStockEventIds, applyResults, releaseInflight, resendFrom, resetInflight, takeBatch } from '../db/outbox-repo.ts';
import { loadSettings } from '../db/settings-repo.ts';

export type SyncFailure =
  | { kind: 'offline' }
  | { kind: 'unreachable'; detail: string }
  | { kind: 'update-required'; detail: string }
  | { kind: 'refused'; status: number; detail: string };

export interface SyncOutcome {
  ok: boolean;
  pushed: number;
  failure: SyncFailure | null;
}

export interface SyncEngineOptions {
  baseUrl?: string;
  fetch?: typeof fetch;
  batchSize?: number;
  minDelayMs?: number;
  maxDelayMs?: number;
  random?: () => number;
  onState?: (s: { syncing: boolean; lastSuccessAt: number | null; failure: SyncFailure | null }) => void;
}

const LOCK_NAME = 'kasir-karya-sync';

export class SyncEngine {
  private readonly fetch: typeof fetch;
  private readonly baseUrl: string;
  private readonly batchSize: number;
  private readonly minDelay: number;
  private readonly maxDelay: number;
  private readonly random: () => number;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private failures = 0;
  private running: Promise<SyncOutcome> | null = null;
  private again = false;
  private stopped = true;
  private lastSuccessAt: number | null = null;
  private readonly onOnline = (): void => void this.syncNow();

  constructor(
    private readonly db: KasirDb,
    private readonly opts: SyncEngineOptions = {},
  ) {
    this.fetch = opts.fetch ?? ((...args) => globalThis.fetch(...args));
    this.baseUrl = opts.baseUrl ?? '';
    this.batchSize = opts.batchSize ?? 100;
    this.minDelay = opts.minDelayMs ?? 5_000;
    this.maxDelay = opts.maxDelayMs ?? 300_000;
    this.random = opts.random ?? Math.random;
  }

  async start(): Promise<void> {
    this.stopped = false;
    await resetInflight(this.db);
    globalThis.addEventListener?.('online', this.onOnline);
    void this.syncNow();
  }

  stop(): void {
    this.stopped = true;
    globalThis.removeEventListener?.('online', this.onOnline);
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Runs one push+pull now; a call during a run schedules one more right after. */
  syncNow(): Promise<SyncOutcome> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.withLock(() => this.cycle()).finally(() => {
      this.running = null;
      if (this.again && !this.stopped) {
        this.again = false;
        void this.syncNow();
      }
    });
    return this.running;
  }

  /** Only one tab pushes the queue at a time; the others wait their turn. */
  private async withLock<T>(fn: () => Promise<T>): Promise<T> {
    const locks = (globalThis.navigator as Navigator | undefined)?.locks;
    if (!locks) return fn();
    return locks.request(LOCK_NAME, fn) as Promise<T>;
  }

  private emit(syncing: boolean, failure: SyncFailure | null): void {
    this.opts.onState?.({ syncing, lastSuccessAt: this.lastSuccessAt, failure });
  }

  private async cycle(): Promise<SyncOutcome> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.emit(true, null);
    let pushed = 0;
    let failure: SyncFailure | null = null;
    try {
      pushed = await this.pushAll();
      await this.pull();
    } catch (e) {
      failure = e instanceof SyncHalt ? e.failure : { kind: 'unreachable', detail: e instanceof Error ? e.message : String(e) };
      await releaseInflight(this.db);
    }
    if (failure === null) {
      this.failures = 0;
      this.lastSuccessAt = Date.now();
    } else {
      this.failures++;
    }
    this.emit(false, failure);
    this.schedule();
    return { ok: failure === null, pushed, failure };
  }

  /** Capped exponential backoff with full jitter after failures; a slow heartbeat otherwise. */
  nextDelay(): number {
    if (this.failures === 0) return this.maxDelay / 5;
    const exp = Math.min(this.maxDelay, this.minDelay * 2 ** (this.failures - 1));
    return Math.round(exp / 2 + (this.random() * exp) / 2);
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.syncNow(), this.nextDelay());
  }

  private async request(path: string, init?: RequestInit): Promise<unknown> {
    if (globalThis.navigator?.onLine === false) throw new SyncHalt({ kind: 'offline' });
    let res: Response;
    try {
      res = await this.fetch(this.baseUrl + path, init);
    } catch (e) {
      throw new SyncHalt({ kind: 'unreachable', detail: e instanceof Error ? e.message : String(e) });
    }
    const body: unknown = await res.json().catch(() => null);
    if (res.ok) return body;
    const err = errorResponseSchema.safeParse(body);
    const detail = err.success ? err.data.error.message : `HTTP ${res.status}`;
    if (res.status === 426) throw new SyncHalt({ kind: 'update-required', detail });
    if (res.status >= 500 || res.status === 429) throw new SyncHalt({ kind: 'unreachable', detail });
    throw new SyncHalt({ kind: 'refused', status: res.status, detail });
  }

  private async pushAll(): Promise<number> {
    const { deviceId } = await ensureDevice(this.db);
    let pushed = 0;
    for (let round = 0; round < 10_000; round++) {
      const batch = await takeBatch(this.db, this.batchSize);
      if (batch.length === 0) return pushed;
      const body = await this.request(ROUTES.push, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ deviceId, protocolVersion: PROTOCOL_VERSION, mutations: batch }),
      });
      const res: PushResponse = pushResponseSchema.parse(body);
      await applyResults(this.db, res.results);
      pushed += res.results.length;
      if (res.gap) await resendFrom(this.db, res.gap.expectedSeq);
      // Whatever the server did not answer goes back to pending for the next round.
      await releaseInflight(this.db);
      if (res.results.length === 0 && !res.gap) return pushed;
    }
    return pushed;
  }

  private async pull(): Promise<void> {
    const [settings, device, acked] = await Promise.all([loadSettings(this.db), ensureDevice(this.db), ackedStockEventIds(this.db)]);
    const q = new URLSearchParams({ since: String(settings.pullVersion), outletId: device.outletId });
    const body = await this.request(`${ROUTES.pull}?${q.toString()}`);
    await applyPull(this.db, pullResponseSchema.parse(body), acked);
  }
}

class SyncHalt extends Error {
  constructor(readonly failure: SyncFailure) {
    super(failure.kind);
  }
}
