// IndexedDB failures reach us in several disguises; the cashier needs the cause.
import type { StringKey } from '../../i18n/strings.ts';

interface Wrapped {
  name?: unknown;
  message?: unknown;
  inner?: unknown;
}

/** The error and every error it wraps (Dexie nests AbortError -> QuotaExceededError, sometimes twice). */
function chain(e: unknown): Wrapped[] {
  const out: Wrapped[] = [];
  let cur: unknown = e;
  for (let depth = 0; depth < 6 && typeof cur === 'object' && cur !== null; depth++) {
    out.push(cur as Wrapped);
    cur = (cur as Wrapped).inner;
  }
  return out;
}

export function storageErrorKey(e: unknown): StringKey | null {
  const errs = chain(e);
  const names = errs.map((x) => x.name);
  if (names.includes('QuotaExceededError') || errs.some((x) => typeof x.message === 'string' && /quota/i.test(x.message))) return 'storageFull';
  if (names.includes('DatabaseClosedError') || names.includes('InvalidStateError')) return 'dbClosed';
  return null;
}
