// The one validation of an outlet as an admin enters it (its kind, dates and
// settings), run by the admin screen and the server; apart from
// outlet-settings.ts so the counter, which only reads settings, does not load
// the QRIS parser with it.
import { MAX_LINE_QTY, MAX_SALE_TOTAL } from './cart.ts';
import { cutoffMinutes, ROUNDING_STEPS, type OutletSettings } from './outlet-settings.ts';
import { validateQris, type QrisErrorCode } from './qris.ts';
import { MAX_LINE_QTY as MAX_STOCK_LINE_QTY } from './stock.ts';

/** The digits of an NPWP as people write it (`01.234.567.8-912.000`); 15 digits (old) or 16 (NIK-based, since 2024). */
export function npwpDigits(npwp: string): string | null {
  const t = npwp.trim();
  if (!/^[\d.\- ]+$/.test(t)) return null;
  const digits = t.replace(/[.\- ]/g, '');
  return digits.length === 15 || digits.length === 16 ? digits : null;
}

/** What an admin enters for an outlet; dates are business dates `YYYY-MM-DD`. */
export interface OutletInput {
  id: string;
  name: string;
  kind: 'store' | 'booth' | 'showroom';
  address: string;
  active: boolean;
  startDate: string | null;
  endDate: string | null;
  homeOutletId: string | null;
  /** The Lapas a showroom belongs to. */
  lapas: string | null;
  discountLimitBp: number;
  settings: OutletSettings;
}

export const LIMITS = {
  discountLimitBp: { min: 0, max: 10_000 },
  largeLineQty: { min: 1, max: MAX_LINE_QTY },
  largeSaleTotal: { min: 1, max: MAX_SALE_TOTAL },
  cashOutLimit: { min: 0, max: MAX_SALE_TOTAL },
  selisihThreshold: { min: 0, max: MAX_SALE_TOTAL },
  // 0 is allowed: every adjustment then needs a PIN.
  adjustQtyLimit: { min: 0, max: MAX_STOCK_LINE_QTY },
  adjustValueLimit: { min: 0, max: MAX_SALE_TOTAL },
} as const;

export type OutletProblem =
  | { field: 'id'; code: 'outlet-id-invalid' }
  | { field: 'name'; code: 'outlet-name-missing' }
  | { field: 'npwp'; code: 'npwp-invalid' }
  | { field: 'qrisStatic'; code: 'qris-invalid'; qris: QrisErrorCode }
  | { field: 'dayCutoff'; code: 'cutoff-invalid' }
  | { field: 'roundingStep'; code: 'rounding-invalid' }
  | { field: keyof typeof LIMITS; code: 'limit-out-of-range'; min: number; max: number }
  | { field: 'startDate' | 'endDate'; code: 'booth-dates-missing' }
  | { field: 'endDate'; code: 'booth-dates-reversed' }
  | { field: 'homeOutletId'; code: 'home-outlet-missing' }
  | { field: 'homeOutletId'; code: 'home-outlet-self' }
  | { field: 'lapas'; code: 'lapas-missing' };

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/**
 * Every problem of an outlet as entered, each naming its field, so the form
 * marks all of them at once. Whether the home outlet exists is the server's
 * to check (the screen only offers existing ones).
 */
export function outletProblems(o: OutletInput): OutletProblem[] {
  const out: OutletProblem[] = [];
  if (!/^[a-z0-9][a-z0-9-]{0,63}$/.test(o.id)) out.push({ field: 'id', code: 'outlet-id-invalid' });
  if (o.name.trim() === '') out.push({ field: 'name', code: 'outlet-name-missing' });
  const s = o.settings;
  if (s.npwp.trim() !== '' && npwpDigits(s.npwp) === null) out.push({ field: 'npwp', code: 'npwp-invalid' });
  if (s.qrisStatic.trim() !== '') {
    const q = validateQris(s.qrisStatic.trim());
    if (!q.ok) out.push({ field: 'qrisStatic', code: 'qris-invalid', qris: q.error.code });
  }
  if (cutoffMinutes(s.dayCutoff) === null) out.push({ field: 'dayCutoff', code: 'cutoff-invalid' });
  if (!(ROUNDING_STEPS as readonly number[]).includes(s.roundingStep)) out.push({ field: 'roundingStep', code: 'rounding-invalid' });
  const values: Record<keyof typeof LIMITS, number> = {
    discountLimitBp: o.discountLimitBp,
    largeLineQty: s.largeLineQty,
    largeSaleTotal: s.largeSaleTotal,
    cashOutLimit: s.cashOutLimit,
    selisihThreshold: s.selisihThreshold,
    adjustQtyLimit: s.adjustQtyLimit,
    adjustValueLimit: s.adjustValueLimit,
  };
  for (const field of Object.keys(LIMITS) as (keyof typeof LIMITS)[]) {
    const { min, max } = LIMITS[field];
    const v = values[field];
    if (!Number.isInteger(v) || v < min || v > max) out.push({ field, code: 'limit-out-of-range', min, max });
  }
  if (o.kind === 'booth') {
    const start = o.startDate !== null && DATE.test(o.startDate) ? o.startDate : null;
    const end = o.endDate !== null && DATE.test(o.endDate) ? o.endDate : null;
    if (start === null) out.push({ field: 'startDate', code: 'booth-dates-missing' });
    if (end === null) out.push({ field: 'endDate', code: 'booth-dates-missing' });
    // ISO dates sort as text.
    if (start !== null && end !== null && end < start) out.push({ field: 'endDate', code: 'booth-dates-reversed' });
    if (o.homeOutletId === null || o.homeOutletId === '') out.push({ field: 'homeOutletId', code: 'home-outlet-missing' });
    else if (o.homeOutletId === o.id) out.push({ field: 'homeOutletId', code: 'home-outlet-self' });
  }
  if (o.kind === 'showroom' && (o.lapas ?? '').trim() === '') out.push({ field: 'lapas', code: 'lapas-missing' });
  return out;
}

/**
 * What a kind keeps: a store has no dates, home outlet or Lapas; a booth no
 * Lapas; a showroom no dates or home outlet. Saved this way, a kind changed
 * on the form leaves nothing of the old kind behind.
 */
export function normalizeOutlet(o: OutletInput): OutletInput {
  const booth = o.kind === 'booth';
  return {
    ...o,
    name: o.name.trim(),
    address: o.address.trim(),
    startDate: booth ? o.startDate : null,
    endDate: booth ? o.endDate : null,
    homeOutletId: booth ? o.homeOutletId : null,
    lapas: o.kind === 'showroom' ? (o.lapas ?? '').trim() : null,
    settings: { ...o.settings, npwp: o.settings.npwp.trim(), qrisStatic: o.settings.qrisStatic.trim() },
  };
}
