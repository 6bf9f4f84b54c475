// Durability without blocking the event loop. With synchronous=FULL, SQLite
// fsyncs the WAL inside every COMMIT, on the one thread that also answers
// devices: a push of 100 sales sat 1-2 ms in that call, and ten devices
// syncing after a fair's network came back queued behind each other's
// fsyncs. Here the connection runs synchronous=NORMAL (a COMMIT writes its
// WAL frames but does not fsync them), and no transaction's promise settles
// before an fsync of the WAL that began after its commit, and after every
// commit before it, has finished. Nothing reaches a device, as an
// acknowledgement or as data read, that is not on disk: what FULL promises.
// Commits made during one fsync share the next one (group commit).
import { closeSync, fsync as nodeFsync, fsyncSync, openSync } from 'node:fs';
import { dirname } from 'node:path';

/** Raised once the WAL could not be flushed: the store refuses everything until restarted (app.ts answers 503). */
export class StorageFailed extends Error {
  override name = 'StorageFailed';
}

export type FsyncFn = (fd: number, done: (err: NodeJS.ErrnoException | null) => void) => void;

export class WalSync {
  private closed = false;
  /** Commits made so far, and how many of them an fsync has finished covering. */
  private commits = 0;
  private durable = 0;
  private syncing = false;
  private failure: Error | null = null;
  private waiters: { upTo: number; done: () => void; fail: (e: Error) => void }[] = [];

  private constructor(
    private readonly fd: number,
    private readonly fsync: FsyncFn,
  ) {}

  /**
   * Opens the WAL (it exists once the connection is in WAL mode) and proves
   * it can be fsynced here, its directory entry included; null where it
   * cannot (another platform, a read-only mount), so the caller keeps
   * SQLite's own synchronous=FULL.
   */
  static open(walPath: string, fsync: FsyncFn = nodeFsync): WalSync | null {
    let fd = -1;
    try {
      fd = openSync(walPath, 'r+');
      fsyncSync(fd);
      const dir = openSync(dirname(walPath), 'r');
      try {
        fsyncSync(dir);
      } finally {
        closeSync(dir);
      }
      return new WalSync(fd, fsync);
    } catch {
      if (fd >= 0) closeSync(fd);
      return null;
    }
  }

  /** After a COMMIT that wrote: answers the commit's number, to wait for. */
  committed(): number {
    return ++this.commits;
  }

  /** The number a read waits for: every commit before it. */
  get latest(): number {
    return this.commits;
  }

  /** Set once an fsync failed: from then on nothing may be acknowledged. */
  get broken(): Error | null {
    return this.failure;
  }

  /** Settles once commit `upTo` and all before it are on disk. */
  whenDurable(upTo: number): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (upTo <= this.durable) return Promise.resolve();
    return new Promise<void>((done, fail) => {
      this.waiters.push({ upTo, done, fail });
      this.flush();
    });
  }

  private flush(): void {
    if (this.syncing || this.failure || this.closed || this.durable >= this.commits) return;
    const target = this.commits;
    this.syncing = true;
    this.fsync(this.fd, (err) => {
      this.syncing = false;
      if (err) return this.fail(err);
      this.durable = target;
      const waiting = this.waiters;
      this.waiters = [];
      for (const w of waiting) {
        if (w.upTo <= this.durable) w.done();
        else this.waiters.push(w);
      }
      this.flush();
    });
  }

  /**
   * An fsync that fails may leave the kernel's copy of the WAL unwritten
   * and clear the error, so a later fsync proves nothing (PostgreSQL stops
   * for the same reason). Every waiting and later transaction is refused
   * until the server restarts; devices keep what was not acknowledged and
   * resend it.
   */
  private fail(err: NodeJS.ErrnoException): void {
    this.failure = new StorageFailed(
      `the database could not flush its write-ahead log to disk (${err.code ?? err.message}); nothing more is accepted. ` +
        'Check the disk, then restart the server: devices resend every sale that was not acknowledged.',
    );
    for (const w of this.waiters) w.fail(this.failure);
    this.waiters = [];
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
  }
}
