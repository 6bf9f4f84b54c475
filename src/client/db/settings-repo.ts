// Per-device settings kept in IndexedDB (never localStorage: two tabs would
// overwrite each other).
import type { TaxMode } from '../../domain/cart.ts';
import type { KasirDb } from './database.ts';

export interface Settings {
  language: 'id' | 'en';
  storeName: string;
  storeAddress: string;
  npwp: string;
  taxMode: TaxMode;
  roundingStep: number;
  /** Result of navigator.storage.persist(): null until asked. */
  persisted: boolean | null;
  pullVersion: number;
  /** The server's epoch at the last pull; a different one means its database went back in time. */
  pullEpoch: number | null;
  /** The outlet's static QRIS as its bank issued it; validated before saving. */
  qrisStatic: string;
  /** Keyboard-wedge scanner timing (domain.md: ~20 ms between keys). */
  scanMaxGapMs: number;
  scanMinLength: number;
  paperWidth: 58 | 80;
  printer: PrinterChoice;
  /** The sale whose receipt the counter shows until the next sale starts (kept across a reload). */
  lastReceiptSaleId: string | null;
}

export type PrinterChoice = 'dialog' | 'usb' | 'serial' | 'bluetooth';

export const DEFAULT_SETTINGS: Settings = {
  language: 'id',
  storeName: 'NTB Mall',
  storeAddress: 'Jl. Udayana No. 2, Mataram, NTB',
  npwp: '',
  taxMode: 'none',
  roundingStep: 0,
  persisted: null,
  pullVersion: 0,
  pullEpoch: null,
  qrisStatic: '',
  scanMaxGapMs: 35,
  scanMinLength: 4,
  paperWidth: 58,
  printer: 'dialog',
  lastReceiptSaleId: null,
};

export async function loadSettings(db: KasirDb): Promise<Settings> {
  const rows = await db.settings.toArray();
  const out: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  for (const r of rows) if (r.key in DEFAULT_SETTINGS) out[r.key] = r.value;
  return out as unknown as Settings;
}

export async function saveSetting<K extends keyof Settings>(db: KasirDb, key: K, value: Settings[K]): Promise<void> {
  await db.settings.put({ key, value });
}
