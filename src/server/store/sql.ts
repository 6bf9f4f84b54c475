// Statement helpers shared by the store: set-at-a-time reads and writes, and
// the catalog version counter every pull-visible write goes through.
import { num, type Row, type SqlTx, type SqlValue } from './db.ts';

/** Well under SQLite's 32,766 and PostgreSQL's 65,535 parameters per statement. */
const MAX_PARAMS = 16_384;
const MAX_ROWS = 512;

/** Statement text by shape: built once, not per batch. */
const texts = new Map<string, string>();

function text(key: string, build: () => string): string {
  let t = texts.get(key);
  if (t === undefined) {
    t = build();
    // Shapes are few (powers of two per statement); the cap only guards against a caller that varies heads.
    if (texts.size < 2_000) texts.set(key, t);
  }
  return t;
}

function marks(n: number): string {
  return new Array<string>(n).fill('?').join(', ');
}

/** Largest power of two <= n, so a statement comes in a few sizes the SQLite cache can keep. */
function pow2AtMost(n: number): number {
  let p = 1;
  while (p * 2 <= n) p *= 2;
  return p;
}

/**
 * `head VALUES (?, ?), (?, ?) tail` over all `rows`, in as few statements as
 * the parameter limit allows. Chunks are powers of two: a handful of distinct
 * statements whatever the row count. Where the engine runs a statement per
 * row faster (SQLite, SqlTx.runEach), one short statement per row instead.
 * Answers the rows written (fewer than given under ON CONFLICT DO NOTHING).
 */
export async function insertAll(tx: SqlTx, head: string, rows: readonly (readonly SqlValue[])[], tail = ''): Promise<number> {
  const width = rows[0]?.length ?? 0;
  if (width === 0) return 0;
  if (tx.runEach) return tx.runEach(text(`1\u0000${head}\u0000${tail}`, () => `${head} VALUES (${marks(width)})${tail}`), rows);
  let changed = 0;
  const most = pow2AtMost(Math.min(MAX_ROWS, Math.floor(MAX_PARAMS / width)));
  for (let at = 0; at < rows.length; ) {
    const n = pow2AtMost(Math.min(most, rows.length - at));
    const sql = text(`${n}\u0000${head}\u0000${tail}`, () => `${head} VALUES ${new Array<string>(n).fill(`(${marks(width)})`).join(', ')}${tail}`);
    const params = new Array<SqlValue>(n * width);
    for (let r = 0; r < n; r++) {
      const row = rows[at + r] ?? [];
      for (let c = 0; c < width; c++) params[r * width + c] = row[c] ?? null;
    }
    changed += await tx.run(sql, params);
    at += n;
  }
  return changed;
}

/**
 * `head (?, ?, ...)` for every value in `values` (an `IN` list), after the
 * `before` parameters. Lists are padded to a power of two by repeating a
 * value, which `IN` ignores, so SQLite caches a few statements, not hundreds.
 */
export async function selectIn(tx: SqlTx, head: string, values: Iterable<SqlValue>, before: readonly SqlValue[] = []): Promise<Row[]> {
  const unique = [...new Set(values)];
  const out: Row[] = [];
  for (let at = 0; at < unique.length; at += 256) {
    const chunk = unique.slice(at, at + 256);
    const size = pow2AtMost(chunk.length) === chunk.length ? chunk.length : pow2AtMost(chunk.length) * 2;
    const last = chunk[chunk.length - 1] ?? null;
    while (chunk.length < size) chunk.push(last);
    out.push(...(await tx.all(text(`${size}\u0000${head}`, () => `${head} (${marks(size)})`), [...before, ...chunk])));
  }
  return out;
}

/**
 * PostgreSQL: every write that changes what a pull returns goes through the
 * counter row, so taking its lock makes those writers wait for this
 * transaction, and what it read of the catalog and stock stays true until it
 * commits. SQLite: the transaction already holds the one write lock.
 */
export async function lockCatalog(tx: SqlTx, dialect: 'sqlite' | 'postgres'): Promise<void> {
  if (dialect === 'postgres') await tx.all("SELECT value FROM counters WHERE name = 'catalog' FOR UPDATE");
}

/**
 * Rule 12: updating one row serialises writers (PostgreSQL holds the row lock
 * until commit), so versions become visible in the order they were handed out
 * and a pull never answers a version some slower transaction is still filling.
 */
export async function bumpVersion(tx: SqlTx): Promise<number> {
  const [row] = await tx.all("UPDATE counters SET value = value + 1 WHERE name = 'catalog' RETURNING value");
  return num(row?.value);
}
