// WAL checkpoints for one SQLite file, on a thread and connection of their
// own (sqlite.ts): copying committed pages into the database file and its
// fsync then never stall the event loop that answers devices. Plain
// JavaScript: it needs nothing but the driver.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const db = new Database(workerData.path);
db.pragma('busy_timeout = 5000');

// A test's stand-in for a disk that reports a write-back error: SQLite's
// own fsync inside the checkpoint cannot be made to fail from here.
const injected = workerData.failWith ?? null;

function checkpoint() {
  try {
    if (injected) throw Object.assign(new Error(`disk I/O error (injected ${injected})`), { code: injected });
    // PASSIVE: never waits for the writer or readers; what it cannot copy
    // now, the next one does. The writer restarts the WAL from its start
    // once everything in it was copied.
    const [row] = db.pragma('wal_checkpoint(PASSIVE)');
    parentPort.postMessage({ done: row });
  } catch (e) {
    parentPort.postMessage({
      failed: e instanceof Error ? e.message : String(e),
      // SqliteError's extended code (SQLITE_IOERR_FSYNC, SQLITE_BUSY...): the server decides by it.
      code: e && typeof e === 'object' && typeof e.code === 'string' ? e.code : null,
    });
  }
}

parentPort.on('message', (msg) => {
  if (msg === 'checkpoint') checkpoint();
  else if (msg === 'close') {
    db.close();
    parentPort.close();
  }
});
parentPort.postMessage({ ready: true });
