// Per-device settings kept in IndexedDB (never localStorage: two tabs would
// overwrite each other).
import { DEFAULT_CART_REMOVAL_NEEDS_APPROVAL, DEFAULT_LARGE_SALE_LIMITS, mayManageOutlet } from '../../domain/approval.ts';
import type { TaxMode } from '../../domain/cart.ts';
import type { Outlet } from '../../domain/catalog.ts';
import { cutoffMinutes, DEFAULT_DAY_CUTOFF, DEFAULT_OUTLET_SETTINGS, type DrawerMode, type OutletSettings } from '../../domain/outlet-settings.ts';
import { signedInUser } from './auth-repo.ts';
import { resetDevice } from './device-repo.ts';
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
  /** The outlet's policy: taking units out of the open cart needs a supervisor (off: a cashier may, recorded). */
  cartRemovalNeedsApproval: boolean;
  /** A supervisor sees a sale before payment when a line has more units than this... */
  largeLineQty: number;
  /** ...or its total is above this (rupiah). */
  largeSaleTotal: number;
  /** Printed under the receipt. */
  receiptFooter: string;
  /** `HH:MM` WITA at which the business day changes (domain/outlet-settings.ts). */
  dayCutoff: string;
  /** Kas Keluar above this needs a supervisor's PIN (rupiah). */
  cashOutLimit: number;
  /** A Selisih at Tutup Kasir beyond this needs a supervisor's PIN (rupiah). */
  selisihThreshold: number;
  /** Each tablet its own drawer, or one drawer shared by the outlet's tablets (domain/outlet-settings.ts). */
  drawerMode: DrawerMode;
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
  cartRemovalNeedsApproval: DEFAULT_CART_REMOVAL_NEEDS_APPROVAL,
  largeLineQty: DEFAULT_LARGE_SALE_LIMITS.lineQty,
  largeSaleTotal: DEFAULT_LARGE_SALE_LIMITS.saleTotal,
  receiptFooter: '',
  dayCutoff: DEFAULT_DAY_CUTOFF,
  cashOutLimit: DEFAULT_OUTLET_SETTINGS.cashOutLimit,
  selisihThreshold: DEFAULT_OUTLET_SETTINGS.selisihThreshold,
  drawerMode: DEFAULT_OUTLET_SETTINGS.drawerMode,
};

/**
 * This device's settings with its outlet's over them. The outlet's come from
 * the server with the pull and win as soon as they are here. Values a
 * supervisor set on the device before the server owned them (and tests, and
 * a server without the outlet administration) are used only while the
 * outlet's record carries none: they are kept, never shown as editable, and
 * stop counting the moment the server's arrive.
 */
export async function loadSettings(db: KasirDb): Promise<Settings> {
  const [rows, outlet] = await Promise.all([db.settings.toArray(), deviceOutlet(db)]);
  const out: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  for (const r of rows) if (r.key in DEFAULT_SETTINGS) out[r.key] = r.value;
  const merged = out as unknown as Settings;
  return outlet?.settings ? { ...merged, ...storeSettingsOf(outlet, outlet.settings) } : merged;
}

async function deviceOutlet(db: KasirDb): Promise<Outlet | undefined> {
  const device = await db.device.get('self');
  return device?.outletId ? db.outlets.get(device.outletId) : undefined;
}

/** The outlet's server settings in the device's terms: the receipt names the outlet when no receipt name is set. */
function storeSettingsOf(outlet: Outlet, s: OutletSettings): Pick<Settings, StoreSettingKey> {
  return {
    storeName: s.receiptName.trim() || outlet.name,
    storeAddress: outlet.address,
    npwp: s.npwp,
    taxMode: s.taxMode,
    roundingStep: s.roundingStep,
    qrisStatic: s.qrisStatic,
    cartRemovalNeedsApproval: s.cartRemovalNeedsApproval,
    largeLineQty: s.largeLineQty,
    largeSaleTotal: s.largeSaleTotal,
    receiptFooter: s.receiptFooter,
    dayCutoff: s.dayCutoff,
    cashOutLimit: s.cashOutLimit,
    selisihThreshold: s.selisihThreshold,
    drawerMode: s.drawerMode,
  };
}

/** Where the outlet settings in force come from: the server (with the outlet's name), or this device until the server's arrive. */
export async function outletSettingsSource(db: KasirDb): Promise<{ from: 'server'; outletName: string } | { from: 'device' }> {
  const outlet = await deviceOutlet(db);
  return outlet?.settings ? { from: 'server', outletName: outlet.name } : { from: 'device' };
}

/** The business-day cutoff in force, minutes after midnight WITA; the default when a stored one is unreadable. */
export function dayCutoffOf(settings: Pick<Settings, 'dayCutoff'>): number {
  return cutoffMinutes(settings.dayCutoff) ?? (cutoffMinutes(DEFAULT_DAY_CUTOFF) as number);
}

/** The outlet's settings, owned by the server (the outlet administration); a device only shows them. */
export const STORE_SETTINGS = [
  'storeName',
  'storeAddress',
  'npwp',
  'taxMode',
  'roundingStep',
  'qrisStatic',
  'cartRemovalNeedsApproval',
  'largeLineQty',
  'largeSaleTotal',
  'receiptFooter',
  'dayCutoff',
  'cashOutLimit',
  'selisihThreshold',
  'drawerMode',
] as const;
export type StoreSettingKey = (typeof STORE_SETTINGS)[number];
export type DeviceSettingKey = Exclude<keyof Settings, StoreSettingKey>;

/** A store setting written by someone who may not: the screen says who may. */
export class NotAllowedError extends Error {
  override name = 'NotAllowedError';
}

/** This device's own settings (language, printer, scanner, what sync keeps): anyone's. */
export async function saveSetting<K extends DeviceSettingKey>(db: KasirDb, key: K, value: Settings[K]): Promise<void> {
  await db.settings.put({ key, value });
}

/** Whether the person signed in on this device may change the outlet's settings and wipe it. */
export async function mayManageHere(db: KasirDb): Promise<boolean> {
  const user = await signedInUser(db);
  return user !== null && mayManageOutlet(user.role);
}

/** Deletes everything on this device (after everything is synced): a supervisor's or admin's act. */
export async function wipeDevice(db: KasirDb): Promise<void> {
  if (!(await mayManageHere(db))) throw new NotAllowedError('only a supervisor or admin may wipe this device');
  await resetDevice(db);
}
