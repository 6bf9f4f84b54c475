// One sync loop per device (rule 7): push the outbox, then pull the catalog.
// Retries after each checkout, on `online`, at start-up and on a timer with
// capped exponential backoff and jitter (rule 11). No Background Sync:
// Firefox and Safari lack it.
import type { ErrorParams } from '../../protocol/errors.ts';
import type { z } from 'zod';
import type { DeviceHealth } from '../../protocol/auth.ts';
import { loadDeviceWire } from '../../protocol/device-wire-loader.ts';
import { AUTH_ERROR_CODES } from '../../protocol/error-codes.ts';
import { DEVICE_HEALTH_HEADER } from '../../protocol/headers.ts';
import { AUTH_ROUTES, ROUTES } from '../../protocol/route-paths.ts';
import type { MutationEnvelope, PushResponse } from '../../protocol/schemas.ts';
import { PROTOCOL_VERSION } from '../../protocol/versions.ts';
import { isEnrolled, markRevoked, storeRotatedCredential } from '../db/auth-repo.ts';
import { applyPullPage, forgetPullProgress, loadPullProgress, refreshSearchIndex, type PullProgress } from '../db/catalog-repo.ts';
import type { KasirDb } from '../db/database.ts';
import { ensureDevice, getDevice } from '../db/device-repo.ts';
import {
  ackedStockEventIds,
  applyResults,
  highestTakenSeq,
  recordSyncSuccess,
  releaseInflight,
  resendFrom,
  resetInflight,
  takeBatch,
  oldestUnsynced,
  unsyncedCount,
} from '../db/outbox-repo.ts';
import { loadSettings } from '../db/settings-repo.ts';
import { NetClient, NetError, type Fetch, type NetBody, type NetProblem } from '../net/http.ts';
import { enrolDevice } from './enrol.ts';
import { APP_VERSION } from './app-version.ts';

/**
 * `detail` is English, for logs; `server`, when the server answered with an
 * error code, is what the screen words in its language instead.
 */
export type SyncFailure =
  | { kind: 'offline' }
  /** noConnection: the request never got an answer of any kind (no route, refused, a Wi-Fi without uplink). */
  | { kind: 'unreachable'; detail: string; noConnection?: boolean; server?: ServerRefusal }
  | { kind: 'update-required'; detail: string; server?: ServerRefusal }
  | { kind: 'refused'; status: number; detail: string; server?: ServerRefusal }
  /** The device's own database failed (closed by an upgrade in another tab, quota). */
  | { kind: 'storage'; detail: string }
  /** No credential yet: nothing is sent until the device is enrolled. */
  | { kind: 'not-enrolled' }
  /** The admin revoked this device (401 device-revoked): it stops syncing and keeps its sales. */
  | { kind: 'revoked' }
  /** The server does not know the credential (401): the device must be enrolled again. */
  | { kind: 'unauthenticated'; detail: string; server?: ServerRefusal };

export interface ServerRefusal {
  code: string;
  params: ErrorParams;
}

/** Offline, or not enrolled: the round never asked the server anything. */
function reachedNetwork(f: SyncFailure): boolean {
  return f.kind !== 'offline' && f.kind !== 'not-enrolled' && f.kind !== 'revoked';
}

/** Failures no retry can cure: the loop waits for a person (enrolment) instead of a timer. */
function needsPerson(f: SyncFailure | null): boolean {
  return f?.kind === 'revoked' || f?.kind === 'not-enrolled';
}

/** A credential older than this is replaced at the next quiet moment online. */
export const CREDENTIAL_MAX_AGE_MS = 30 * 24 * 60 * 60_000;

export type RotateOutcome = { ok: true } | { ok: false; failure: SyncFailure };

export interface SyncOutcome {
  ok: boolean;
  pushed: number;
  failure: SyncFailure | null;
}

export interface SyncEngineState {
  syncing: boolean;
  lastSuccessAt: number | null;
  failure: SyncFailure | null;
  /** When the timer will try again by itself; null while stopped or syncing. */
  nextAttemptAt: number | null;
}

export interface SyncEngineOptions {
  baseUrl?: string;
  fetch?: Fetch;
  batchSize?: number;
  minDelayMs?: number;
  maxDelayMs?: number;
  /**
   * A request that receives nothing for this long counts as unreachable, so
   * a stalled connection cannot hold the lock forever; a slow one that keeps
   * sending is never cut.
   */
  requestTimeoutMs?: number;
  /** Stock levels and products per pull page; each page is committed as it arrives. */
  pullPageSize?: number;
  random?: () => number;
  onState?: (s: SyncEngineState) => void;
}

const LOCK_NAME = 'kasir-karya-sync';
// Far above any real queue; only there so a server that keeps answering
// nonsense cannot spin this loop forever.
const MAX_ROUNDS = 10_000;
/** About 270 KB of products: under two seconds a page on a 1.6 Mbit/s booth link, so a cut costs little. */
export const PULL_PAGE_SIZE = 1000;

export class SyncEngine {
  private readonly net: NetClient;
  private readonly baseUrl: string;
  private readonly batchSize: number;
  private readonly minDelay: number;
  private readonly maxDelay: number;
  private readonly timeout: number;
  private readonly pullPageSize: number;
  private readonly random: () => number;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private failures = 0;
  private running: Promise<SyncOutcome> | null = null;
  private again = false;
  private stopped = true;
  private lastSuccessAt: number | null = null;
  private lastFailure: SyncFailure | null = null;
  /** The network is back: whatever failed while it was gone says nothing about the server, so the backoff starts over. */
  private readonly onOnline = (): void => {
    this.failures = 0;
    void this.syncNow();
  };

  constructor(
    private readonly db: KasirDb,
    private readonly opts: SyncEngineOptions = {},
  ) {
    this.baseUrl = opts.baseUrl ?? '';
    // The server takes up to 500 mutations a request (under its 5 MB limit); fewer
    // round trips is what makes a 10,000-sale backlog drain in seconds.
    this.batchSize = opts.batchSize ?? 250;
    this.minDelay = opts.minDelayMs ?? 5_000;
    this.maxDelay = opts.maxDelayMs ?? 300_000;
    this.timeout = opts.requestTimeoutMs ?? 30_000;
    this.pullPageSize = opts.pullPageSize ?? PULL_PAGE_SIZE;
    this.net = new NetClient({ fetch: opts.fetch, baseUrl: this.baseUrl, timeoutMs: this.timeout });
    this.random = opts.random ?? Math.random;
  }

  /** Starts the loop. Rows a killed page left `inflight` are reset by the first cycle, under the lock. */
  async start(): Promise<void> {
    this.stopped = false;
    globalThis.addEventListener?.('online', this.onOnline);
    void this.syncNow();
  }

  stop(): void {
    this.stopped = true;
    globalThis.removeEventListener?.('online', this.onOnline);
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Runs one push+pull now; a call during a run schedules one more right after. Never rejects. */
  syncNow(): Promise<SyncOutcome> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.withLock(() => this.cycle())
      .catch((e: unknown): SyncOutcome => ({ ok: false, pushed: 0, failure: { kind: 'storage', detail: messageOf(e) } }))
      .finally(() => {
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

  private emit(syncing: boolean, nextAttemptAt: number | null): void {
    this.opts.onState?.({ syncing, lastSuccessAt: this.lastSuccessAt, failure: this.lastFailure, nextAttemptAt });
  }

  private async cycle(): Promise<SyncOutcome> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    // The last failure stays on screen while retrying, so the cause does not flicker away.
    this.emit(true, null);
    let pushed = 0;
    let failure: SyncFailure | null = null;
    try {
      const device = await ensureDevice(this.db);
      // Checked before any request: a device that cannot authenticate sends nothing.
      if (device.revoked) throw new SyncHalt({ kind: 'revoked' });
      if (!isEnrolled(device)) throw new SyncHalt({ kind: 'not-enrolled' });
      // Under the lock no other tab is pushing, so anything still inflight was
      // cut off (a reload, a crash, a killed tab) and is sent again.
      await resetInflight(this.db);
      pushed = await this.pushAll();
      await this.pull();
      await this.rotateIfOld();
    } catch (e) {
      failure = e instanceof SyncHalt ? e.failure : { kind: 'storage', detail: messageOf(e) };
      // A failed write here must not turn a network failure into an unhandled rejection.
      await releaseInflight(this.db).catch(() => undefined);
    }
    if (failure === null) {
      this.failures = 0;
      this.lastSuccessAt = Date.now();
      await recordSyncSuccess(this.db, this.lastSuccessAt).catch(() => undefined);
    } else if (reachedNetwork(failure)) {
      // Only a round that tried the server backs off: a day of offline
      // checkouts must not leave the first retry minutes away.
      this.failures++;
    }
    this.lastFailure = failure;
    this.emit(false, this.schedule());
    return { ok: failure === null, pushed, failure };
  }

  /**
   * Capped exponential backoff with jitter after failures: the window
   * [d/2, d] with d doubling from 2x the minimum up to the maximum, so every
   * delay lies between 5 s and 5 min and devices that failed together spread
   * out. A slow heartbeat otherwise.
   */
  nextDelay(): number {
    if (this.failures === 0) return this.maxDelay / 5;
    const d = Math.min(this.maxDelay, 2 * this.minDelay * 2 ** Math.min(this.failures - 1, 30));
    return Math.round(d / 2 + (this.random() * d) / 2);
  }

  private schedule(): number | null {
    if (this.stopped || needsPerson(this.lastFailure)) return null;
    const delay = this.nextDelay();
    this.timer = setTimeout(() => void this.syncNow(), delay);
    return Date.now() + delay;
  }

  /**
   * One sync request with the device's credential. `unexpected` words an
   * answer that does not fit its schema, for the route it came from.
   */
  private async request<S extends z.ZodType>(
    method: 'GET' | 'POST',
    path: string,
    schema: S | Promise<S>,
    unexpected: string,
    body?: NetBody,
  ): Promise<z.infer<S>> {
    try {
      const answer = await this.net.call({
        method,
        path,
        schema,
        body,
        headers: { [DEVICE_HEALTH_HEADER]: JSON.stringify(await this.healthReport()) },
        credential: {
          kind: 'device',
          // Read for every request: a rotation in another tab takes effect at once.
          read: async () => {
            const device = await getDevice(this.db);
            if (!device || !isEnrolled(device)) throw new SyncHalt({ kind: 'not-enrolled' });
            return device.credential ?? '';
          },
        },
      });
      return answer.data;
    } catch (e) {
      if (e instanceof NetError) throw new SyncHalt(await this.failureOf(e.problem, unexpected));
      throw e;
    }
  }

  /** Storage figures change slowly and cost a call; read at most once a minute. */
  private storageRead: { at: number; used: number | null; quota: number | null } | null = null;

  /** What this device says about itself with each request (fleet health on /admin). */
  private async healthReport(): Promise<DeviceHealth> {
    const [pending, oldest, settings] = await Promise.all([unsyncedCount(this.db), oldestUnsynced(this.db), loadSettings(this.db)]);
    const now = Date.now();
    if (!this.storageRead || now - this.storageRead.at > 60_000) {
      const estimate = await globalThis.navigator?.storage?.estimate?.().catch(() => null);
      const whole = (n: number | undefined) => (typeof n === 'number' && Number.isFinite(n) ? Math.round(n) : null);
      this.storageRead = { at: now, used: whole(estimate?.usage), quota: whole(estimate?.quota) };
    }
    return {
      appVersion: APP_VERSION,
      pending,
      oldestUnsyncedAt: oldest?.deviceTime ?? null,
      persisted: settings.persisted,
      storageUsed: this.storageRead.used,
      storageQuota: this.storageRead.quota,
    };
  }

  private async failureOf(p: NetProblem, unexpected: string): Promise<SyncFailure> {
    switch (p.kind) {
      case 'offline':
        return { kind: 'offline' };
      case 'network':
        return { kind: 'unreachable', detail: p.detail, noConnection: true };
      case 'timeout':
        return { kind: 'unreachable', detail: `nothing received for ${Math.round(p.afterMs / 1000)} s` };
      case 'bad-response':
        return { kind: 'unreachable', detail: p.readable ? unexpected : `HTTP ${p.status} without a readable answer` };
      case 'http': {
        if (p.status === 401 && p.code === AUTH_ERROR_CODES.deviceRevoked) {
          // Kept in the database, so a reload or another tab does not knock again.
          await markRevoked(this.db);
          return { kind: 'revoked' };
        }
        const server = p.code === null ? {} : { server: { code: p.code, params: p.params } };
        if (p.status === 401) return { kind: 'unauthenticated', detail: p.message, ...server };
        if (p.status === 426) return { kind: 'update-required', detail: p.message, ...server };
        if (p.status >= 500 || p.status === 429) return { kind: 'unreachable', detail: p.message, ...server };
        return { kind: 'refused', status: p.status, detail: p.message, ...server };
      }
    }
  }

  private push(deviceId: string, mutations: MutationEnvelope[]): Promise<PushResponse> {
    return this.request('POST', ROUTES.push, loadDeviceWire().then((w) => w.pushResponseSchema), 'the server sent a push answer this app does not understand', {
      json: { deviceId, protocolVersion: PROTOCOL_VERSION, mutations },
    });
  }

  private async pushAll(): Promise<number> {
    const { deviceId } = await ensureDevice(this.db);
    let pushed = 0;
    let asked = false;
    let lastResend: number | null = null;
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const batch = await takeBatch(this.db, this.batchSize);
      // With nothing queued, one empty push still asks for the server's
      // lastSeq: a server restored from an older backup shows up here even
      // when no new sale would run into its gap.
      if (batch.length === 0 && (asked || (await highestTakenSeq(this.db)) === 0)) return pushed;
      asked = true;
      const res = await this.push(deviceId, batch);
      await applyResults(this.db, res.results);
      pushed += res.results.length;
      const taken = await highestTakenSeq(this.db);
      const resendAt = res.gap ? res.gap.expectedSeq : res.lastSeq < taken ? res.lastSeq + 1 : null;
      if (resendAt !== null) {
        // The same gap twice means the device no longer holds the row the
        // server waits for; resending forever would not fill it.
        if (resendAt === lastResend) {
          throw new SyncHalt({ kind: 'refused', status: 409, detail: `the server waits for seq ${resendAt}, which this device cannot send` });
        }
        lastResend = resendAt;
        await resendFrom(this.db, resendAt);
        // A restored server hands out catalog versions again that this device
        // already saw with other contents; only a full pull is trustworthy
        // now, and a pull half done goes with the rest.
        await forgetPullProgress(this.db);
      } else {
        lastResend = null;
      }
      // Whatever the server did not answer goes back to pending for the next round.
      await releaseInflight(this.db);
      if (batch.length > 0 && res.results.length === 0 && resendAt === null) return pushed;
    }
    return pushed;
  }

  /**
   * Enrols this device with a one-time code over the engine's own transport,
   * then syncs: unsynced sales go up, and the full pull brings the outlet's
   * catalog and users. Throws EnrolError when the code is not taken; the
   * sync's outcome is returned (the device is enrolled even if it failed).
   */
  async enrol(code: string): Promise<SyncOutcome> {
    await enrolDevice(this.db, code, { fetch: this.opts.fetch, baseUrl: this.baseUrl, timeoutMs: this.timeout });
    this.lastFailure = null;
    // A cycle already running began before the credential existed: its outcome says nothing.
    if (this.running) await this.running;
    return this.syncNow();
  }

  /**
   * Replaces the credential with a new one from the server. Under the sync
   * lock, so no push of this device is on its way with the old one.
   */
  rotateCredential(): Promise<RotateOutcome> {
    return this.withLock(async (): Promise<RotateOutcome> => {
      try {
        await this.rotate();
        return { ok: true };
      } catch (e) {
        const failure: SyncFailure = e instanceof SyncHalt ? e.failure : { kind: 'storage', detail: messageOf(e) };
        if (needsPerson(failure)) {
          this.lastFailure = failure;
          this.emit(false, null);
        }
        return { ok: false, failure };
      }
    });
  }

  private async rotate(): Promise<void> {
    const answer = await this.request('POST', AUTH_ROUTES.rotate, loadDeviceWire().then((w) => w.rotateResponseSchema), 'the server sent a credential this app does not understand', { json: {} });
    await storeRotatedCredential(this.db, answer.credential);
  }

  /** Quietly, after a good sync: a failure here is tried again after the next one, and only revocation is shown. */
  private async rotateIfOld(): Promise<void> {
    const device = await ensureDevice(this.db);
    const issued = device.credentialIssuedAt ?? device.enrolledAt ?? null;
    if (issued === null || Date.now() - issued < CREDENTIAL_MAX_AGE_MS) return;
    try {
      await this.rotate();
    } catch (e) {
      if (e instanceof SyncHalt && needsPerson(e.failure)) throw e;
    }
  }

  /**
   * Rule 12 in pages: each page is committed as it arrives and where the pull
   * stands is saved with it, so a cut connection (or a reload) goes on from
   * the next page. The version moves only with the last page.
   */
  private async pull(): Promise<void> {
    const [settings, device] = await Promise.all([loadSettings(this.db), ensureDevice(this.db)]);
    // Read after this round's push and before any page is asked for: every level a page brings includes these.
    const acked = await ackedStockEventIds(this.db);
    let progress: PullProgress | null = await loadPullProgress(this.db);
    let startedNow = false;
    const fetchPage = (cursor: string | null) => {
      const q = new URLSearchParams({ since: String(settings.pullVersion), outletId: device.outletId, limit: String(this.pullPageSize) });
      // The server answers in full when its epoch is not ours (restored from a backup).
      if (settings.pullEpoch !== null) q.set('epoch', String(settings.pullEpoch));
      if (cursor !== null) q.set('cursor', cursor);
      return this.request('GET', `${ROUTES.pull}?${q.toString()}`, loadDeviceWire().then((w) => w.pullResponseSchema), 'the server sent a catalog this app does not understand');
    };
    let next = fetchPage(progress?.cursor ?? null);
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const page = await next;
      // The next page is asked for while this one is written: the link and
      // the server's read overlap IndexedDB's writes (each about 5 s of a
      // 50,000-product pull) instead of adding up. Its answer is only used
      // once this page and the progress naming its cursor have committed, so
      // a failure of either leaves the device resuming from this page.
      if (page.more && page.cursor !== null) {
        next = fetchPage(page.cursor);
        next.catch(() => undefined);
      }
      if (page.first) startedNow = true;
      const before: PullProgress | null = page.first ? null : progress;
      progress = await applyPullPage(this.db, page, before, { ackedEventIds: acked, startedNow });
      if (progress === null) {
        // Built now, in slices between frames, so the first search after a pull does not pay for it.
        void refreshSearchIndex(this.db).catch(() => undefined);
        // Photos for offline, after the catalog (their code loads then, not with the first screen): a failure here never fails the sync.
        void import('./photo-cache.ts').then((m) => m.warmPhotoCache(this.db)).catch(() => undefined);
        return;
      }
    }
  }
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

class SyncHalt extends Error {
  constructor(readonly failure: SyncFailure) {
    super(failure.kind);
  }
}
