// Big push and import bodies are parsed, validated and hashed on worker
// threads, so on a machine with a second core the push transaction of one
// request overlaps the preparing of the next, and the event loop only parses
// the thread's answer (about a third of the work: zod and the hashes stay on
// the thread). Small bodies (a sale or two after a checkout) are prepared
// inline: the hop to a thread would cost more than the work.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { prepareBody, type BodyKind, type PrepareOutcome } from './prepare-body.ts';
import type { WorkerReply, WorkerRequest } from './prepare-worker.ts';

export interface BodyPreparer {
  prepare(kind: BodyKind, text: string): Promise<PrepareOutcome>;
  /** Bodies a thread prepared so far (the rest were inline), for tests and the curious. */
  readonly threaded: number;
  /** Starts the threads now, so the first big push does not wait for them. */
  warm(): Promise<void>;
  close(): Promise<void>;
}

export interface PreparerOptions {
  /** Worker threads; 0 prepares everything inline. */
  threads: number;
  /** Bodies shorter than this many characters are prepared inline. */
  inlineBelow: number;
  /** The thread's entry; tests name one that fails. */
  entry?: URL;
}

const WORKER = new URL('./prepare-thread.mjs', import.meta.url);

interface Slot {
  worker: Worker;
  ready: Promise<void>;
  pending: Map<number, { done: (o: PrepareOutcome) => void; fail: (e: Error) => void }>;
}

export function createPreparer(opts: PreparerOptions): BodyPreparer {
  const slots: (Slot | null)[] = new Array<Slot | null>(Math.max(0, opts.threads)).fill(null);
  let nextId = 1;
  let closed = false;
  let threaded = 0;
  /** Set when a thread could not start: from then on everything is inline, said once. */
  let cannotStart = false;

  const start = (index: number): Slot | null => {
    let worker: Worker;
    try {
      worker = new Worker(opts.entry ?? WORKER);
    } catch {
      // Loaded from somewhere that is not a file (a jsdom test's module URL): inline it is.
      cannotStart = true;
      return null;
    }
    let markReady: () => void = () => undefined;
    let markBroken: (e: Error) => void = () => undefined;
    const slot: Slot = {
      worker,
      ready: new Promise<void>((done, fail) => {
        markReady = done;
        markBroken = fail;
      }),
      pending: new Map(),
    };
    // Only while it has work: an idle thread must not keep a process alive.
    worker.unref();
    const stop = (why: Error): void => {
      if (slots[index] === slot) slots[index] = null;
      markBroken(why);
      for (const p of slot.pending.values()) p.fail(why);
      slot.pending.clear();
    };
    worker.on('message', (reply: WorkerReply) => {
      if ('ready' in reply) return markReady();
      const p = slot.pending.get(reply.id);
      if (!p) return;
      slot.pending.delete(reply.id);
      if (slot.pending.size === 0) worker.unref();
      if ('failure' in reply) return p.fail(new Error(`preparing the body failed: ${reply.failure}`));
      try {
        // Our own thread's output, made by prepareBody from a body it validated.
        const outcome = JSON.parse(reply.json) as PrepareOutcome;
        threaded++;
        p.done(outcome);
      } catch (e) {
        p.fail(e instanceof Error ? e : new Error(String(e)));
      }
    });
    worker.on('error', (e) => stop(e));
    worker.on('exit', (code) => stop(new Error(`the body worker stopped (exit code ${code}); send the request again`)));
    slot.ready.catch(() => undefined);
    slots[index] = slot;
    return slot;
  };

  const slotFor = (): Slot | null => {
    let best: Slot | null = null;
    for (let i = 0; i < slots.length; i++) {
      const s = slots[i] ?? start(i);
      if (s !== null && (best === null || s.pending.size < best.pending.size)) best = s;
    }
    return best;
  };

  return {
    get threaded() {
      return threaded;
    },
    async prepare(kind, text) {
      const slot = closed || cannotStart || text.length < opts.inlineBelow ? null : slotFor();
      if (slot === null) return prepareBody(kind, text);
      // Referenced while it holds work (a thread still starting included), so the process waits for it.
      slot.worker.ref();
      // A thread that cannot start (a broken install) must not stop sales
      // from syncing: the same code answers on the main thread, from now on.
      if (!(await slot.ready.then(() => true, () => false))) {
        if (!cannotStart) process.emitWarning('push bodies are prepared on the main thread: a worker thread could not start', 'KasirPrepare');
        cannotStart = true;
        return prepareBody(kind, text);
      }
      const id = nextId++;
      return new Promise<PrepareOutcome>((done, fail) => {
        slot.pending.set(id, { done, fail });
        // Again: another request's answer may have unreferenced it meanwhile.
        slot.worker.ref();
        const req: WorkerRequest = { id, kind, text };
        slot.worker.postMessage(req);
      });
    },
    async warm() {
      if (closed) return;
      for (let i = 0; i < slots.length; i++) slots[i] ??= start(i);
      const starting = slots.filter((s): s is Slot => s !== null);
      for (const s of starting) s.worker.ref();
      await Promise.all(starting.map((s) => s.ready.catch(() => undefined)));
      for (const s of starting) if (s.pending.size === 0) s.worker.unref();
    },
    async close() {
      closed = true;
      await Promise.all(slots.map((s) => s?.worker.terminate()));
    },
  };
}

let shared: BodyPreparer | null = null;

/**
 * One pool for the process, however many apps it builds (tests build
 * hundreds): a thread per core but one, at most four, for bodies over 32 KB.
 */
export function sharedPreparer(): BodyPreparer {
  shared ??= createPreparer({ threads: Math.max(1, Math.min(4, availableParallelism() - 1)), inlineBelow: 32 * 1024 });
  return shared;
}
