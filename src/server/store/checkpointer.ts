// WAL checkpoints off the event loop. SQLite's own checkpoint runs inside
// the COMMIT that crosses 1,000 WAL pages, so one push in ten waited for a
// few megabytes to be copied into the database file and fsynced: about half
// of what a commit cost the server (docs/benchmarks.md). Here a thread with
// its own connection copies them, at most every CHECKPOINT_EVERY_MS, and the
// server's connection never checkpoints while that thread is alive.
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';

const THREAD = new URL('./checkpoint-thread.mjs', import.meta.url);
/** Under steady pushes, one checkpoint per this many ms (about the 1,000 pages SQLite would wait for). */
export const CHECKPOINT_EVERY_MS = 100;
/** A WAL longer than this is cut back to it when it restarts (PRAGMA journal_size_limit). */
const WAL_LIMIT_BYTES = 64 * 1024 * 1024;
/** SQLite's default, restored if the thread is lost: checkpoints then run on commit again. */
const AUTOCHECKPOINT_PAGES = 1000;
/**
 * Pages in the WAL past which the server's connection checkpoints it itself
 * between two transactions (RESTART). SQLite only rewinds the WAL when a
 * write starts after everything was copied, which a thread copying while
 * pushes keep coming rarely sees: without this the WAL would grow for as
 * long as a burst lasts.
 */
export const RESTART_ABOVE_PAGES = 16_384;
/** Failed checkpoints in a row after which the thread is given up. */
const MAX_FAILURES = 5;

export interface Checkpointer {
  /** After a commit: a checkpoint is due soon. */
  committed(): void;
  /** Between transactions: rewinds a WAL that grew past RESTART_ABOVE_PAGES (a short pause of the queue). */
  bound(): void;
  /** A checkpoint met an I/O error. */
  readonly failed: boolean;
  close(): Promise<void>;
}

export interface CheckpointerOptions {
  /** RESTART_ABOVE_PAGES unless a test wants a small WAL. */
  restartAbovePages?: number;
  /** Tests: every checkpoint on the thread fails with this SQLite error code, as a disk's write-back error would. */
  failWith?: string;
}

type Reply = { ready: true } | { done: { busy: number; log: number; checkpointed: number } } | { failed: string; code: string | null };

/**
 * An I/O error while copying pages into the database file or syncing it:
 * Linux reports a lost write-back once, so the pages may be gone from the
 * file while SQLite believes them copied. Retrying is not safe; the store
 * stops (sqlite.ts) and a restart copies them again from the WAL.
 */
export function isIoError(code: string | null | undefined): boolean {
  return typeof code === 'string' && code.startsWith('SQLITE_IOERR');
}

const NONE: Checkpointer = { committed: () => undefined, bound: () => undefined, failed: false, close: () => Promise.resolve() };

export function startCheckpointer(
  db: Database.Database,
  path: string,
  options: CheckpointerOptions = {},
  onIoError: (detail: string) => void = () => undefined,
): Checkpointer {
  const restartAbove = options.restartAbovePages ?? RESTART_ABOVE_PAGES;
  db.pragma(`journal_size_limit = ${WAL_LIMIT_BYTES}`);
  let worker: Worker;
  try {
    worker = new Worker(THREAD, { workerData: { path, failWith: options.failWith ?? null } });
  } catch {
    // Loaded from somewhere that is not a file (a jsdom test's module URL):
    // SQLite keeps checkpointing on commit, as it does by default.
    return NONE;
  }
  // Never keeps a process alive on its own.
  worker.unref();
  /** Set after an I/O error: the thread is gone and the connection must not checkpoint either. */
  let gaveUp = false;
  /** Ready and not lost: the server's connection leaves checkpoints to the thread. */
  let alive = false;
  let busy = false;
  let due = false;
  let lastStart = 0;
  let timer: NodeJS.Timeout | null = null;
  let closing = false;
  let failures = 0;
  /** WAL frames at the thread's last checkpoint. */
  let walFrames = 0;

  const lost = (): void => {
    if (!alive) return;
    alive = false;
    if (db.open && !gaveUp) db.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
  };
  const send = (): void => {
    if (!alive || busy) return;
    const wait = lastStart + CHECKPOINT_EVERY_MS - performance.now();
    if (wait > 0) {
      timer ??= setTimeout(() => {
        timer = null;
        send();
      }, wait).unref();
      return;
    }
    due = false;
    busy = true;
    lastStart = performance.now();
    worker.postMessage('checkpoint');
  };
  worker.on('message', (reply: Reply) => {
    if ('ready' in reply) {
      if (closing) return;
      alive = true;
      db.pragma('wal_autocheckpoint = 0');
      return;
    }
    busy = false;
    if ('failed' in reply) {
      if (isIoError(reply.code)) {
        // No retry and no fallback to checkpoints on commit: nothing may copy or rewind the WAL now.
        gaveUp = true;
        onIoError(`${reply.code}: ${reply.failed}`);
        void worker.terminate();
        return;
      }
      failures++;
      process.emitWarning(`SQLite checkpoint failed (${failures} in a row): ${reply.failed}`, 'KasirCheckpoint');
      if (failures >= MAX_FAILURES) {
        // The connection checkpoints by itself again (lost() on exit).
        void worker.terminate();
        return;
      }
    } else {
      failures = 0;
      walFrames = reply.done.log;
    }
    if (due) send();
  });
  worker.on('error', lost);
  const gone = new Promise<void>((done) =>
    worker.once('exit', () => {
      lost();
      done();
    }),
  );

  return {
    committed() {
      due = true;
      send();
    },
    bound() {
      if (!alive || walFrames <= restartAbove || !db.open) return;
      walFrames = 0;
      // Copies what the thread has not yet, then the next write starts the WAL over.
      db.pragma('wal_checkpoint(RESTART)');
    },
    get failed() {
      return gaveUp;
    },
    async close() {
      closing = true;
      if (timer) clearTimeout(timer);
      lost();
      // Let it finish a checkpoint under way and close its connection, so
      // the server's connection is the last one and SQLite removes the WAL.
      // Held until it is gone: an unreferenced thread still starting up
      // would otherwise let a process with nothing else to do exit here.
      worker.ref();
      worker.postMessage('close');
      const late = setTimeout(() => void worker.terminate(), 5_000).unref();
      await gone;
      clearTimeout(late);
    },
  };
}
