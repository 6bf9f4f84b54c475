// IndexedDB failures reach us in several disguises; the cashier needs the cause.
import type { StringKey } from '../i18n/strings.ts';

export function storageErrorKey(e: unknown): StringKey | null {
  if (!(e instanceof Error) && !(typeof e === 'object' && e !== null && 'name' in e)) return null;
  const err = e as { name?: string; inner?: unknown; message?: string };
  const names = [err.name, (err.inner as { name?: string } | undefined)?.name];
  // Quota arrives as an AbortError wrapping a QuotaExceededError.
  if (names.includes('QuotaExceededError') || /quota/i.test(err.message ?? '')) return 'storageFull';
  if (names.includes('DatabaseClosedError') || names.includes('InvalidStateError')) return 'dbClosed';
  return null;
}
