// What an outlet is and how its counters behave: kind (store, booth with its
// dates and home outlet, showroom of a Lapas) and the settings the server owns
// and every device of the outlet uses (receipt, tax, rounding, QRIS, limits,
// business-day cutoff). Their one validation, run by the admin screen and the
// server, is outlet-rules.ts: the counter reads settings, it never checks them.
import { DEFAULT_CART_REMOVAL_NEEDS_APPROVAL, DEFAULT_LARGE_SALE_LIMITS } from './approval.ts';
import type { TaxMode } from './cart.ts';
import { DEFAULT_CASH_OUT_LIMIT, DEFAULT_SELISIH_THRESHOLD } from './cash-count.ts';
import { DEFAULT_ADJUST_LIMITS, type AdjustLimits } from './stock.ts';

export const ROUNDING_STEPS = [0, 100, 500, 1000] as const;

/** A fair sells until 01:00: its sales still belong to the day the fair opened (store-operations.md). */
export const DEFAULT_DAY_CUTOFF = '04:00';

export interface OutletSettings {
  /** The name at the top of the receipt. */
  receiptName: string;
  npwp: string;
  taxMode: TaxMode;
  roundingStep: number;
  /** The static QRIS as the bank issued it; '' when the outlet takes no QRIS. */
  qrisStatic: string;
  cartRemovalNeedsApproval: boolean;
  largeLineQty: number;
  largeSaleTotal: number;
  receiptFooter: string;
  /** `HH:MM` WITA: a sale before it belongs to the previous business day. */
  dayCutoff: string;
  /** Kas Keluar above this (rupiah) needs a supervisor's PIN. */
  cashOutLimit: number;
  /** A Selisih at Tutup Kasir beyond this (rupiah, either way, any method) needs a supervisor's PIN. */
  selisihThreshold: number;
  /**
   * `own`: each tablet keeps its own drawer (the default). `shared`: the
   * tablets of a booth share one drawer; each ends its shift with a close
   * slip and a lead tablet counts the drawer once for all (shift-slip.ts).
   */
  drawerMode: DrawerMode;
  /** A stock adjustment moving more units than this (in total, either way) needs a supervisor's PIN. */
  adjustQtyLimit: number;
  /** ...or worth more than this at the list price (rupiah). */
  adjustValueLimit: number;
}

/** The outlet's adjustment limits as domain/stock.ts adjustOverLimit takes them. */
export function adjustLimitsOf(s: Pick<OutletSettings, 'adjustQtyLimit' | 'adjustValueLimit'>): AdjustLimits {
  return { qty: s.adjustQtyLimit, value: s.adjustValueLimit };
}

export const DRAWER_MODES = ['own', 'shared'] as const;
export type DrawerMode = (typeof DRAWER_MODES)[number];

export const DEFAULT_OUTLET_SETTINGS: OutletSettings = {
  receiptName: '',
  npwp: '',
  taxMode: 'none',
  roundingStep: 0,
  qrisStatic: '',
  cartRemovalNeedsApproval: DEFAULT_CART_REMOVAL_NEEDS_APPROVAL,
  largeLineQty: DEFAULT_LARGE_SALE_LIMITS.lineQty,
  largeSaleTotal: DEFAULT_LARGE_SALE_LIMITS.saleTotal,
  receiptFooter: '',
  dayCutoff: DEFAULT_DAY_CUTOFF,
  cashOutLimit: DEFAULT_CASH_OUT_LIMIT,
  selisihThreshold: DEFAULT_SELISIH_THRESHOLD,
  drawerMode: 'own',
  adjustQtyLimit: DEFAULT_ADJUST_LIMITS.qty,
  adjustValueLimit: DEFAULT_ADJUST_LIMITS.value,
};

/** Minutes after midnight of a `HH:MM` cutoff; null when it is not one. */
export function cutoffMinutes(hhmm: string): number | null {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(hhmm);
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}
