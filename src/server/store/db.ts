// One narrow SQL surface that both SQLite and PostgreSQL implement, so the
// sync rules are written once (store.ts) and tested against both engines.
export type SqlValue = string | number | bigint | null;
export type Row = Record<string, unknown>;

export interface SqlTx {
  all<T extends Row = Row>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  run(sql: string, params?: readonly SqlValue[]): Promise<number>;
  /** Several statements without parameters, e.g. a migration; never split by hand. */
  exec(sql: string): Promise<void>;
  /**
   * One statement run once per parameter row, where the engine does that
   * faster than one multi-row statement (SQLite in-process: about twice as
   * fast per row). Absent where every statement is a round trip (PostgreSQL).
   */
  runEach?(sql: string, rows: readonly (readonly SqlValue[])[]): Promise<number>;
}

export interface Db extends SqlTx {
  readonly dialect: 'sqlite' | 'postgres';
  /** Runs `fn` in one transaction; a thrown error rolls everything back. */
  tx<T>(fn: (tx: SqlTx) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export function num(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string' && value.trim() !== '') return Number(value);
  throw new Error(`expected a number from the database, got ${typeof value}`);
}

export function str(value: unknown): string {
  if (typeof value === 'string') return value;
  throw new Error(`expected text from the database, got ${typeof value}`);
}

/** A nullable column: null stays null, anything else must be text. */
export function optStr(value: unknown): string | null {
  return value === null || value === undefined ? null : str(value);
}

/** A nullable column: null stays null, anything else must be a number. */
export function optNum(value: unknown): number | null {
  return value === null || value === undefined ? null : num(value);
}
