// Business time in WITA (Asia/Makassar, UTC+8, no DST since 1963), computed
// from epoch ms by arithmetic so the answer never depends on the device's time zone.

export const WITA_OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
// Date's own limit; outside it there is no sensible calendar date to show.
const MAX_EPOCH_MS = 8.64e15;

export interface WitaParts {
  readonly year: number;
  /** 1-12 */
  readonly month: number;
  /** 1-31 */
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly millisecond: number;
}

function checkEpoch(epochMs: number): number {
  if (!Number.isFinite(epochMs) || Math.abs(epochMs) > MAX_EPOCH_MS) {
    throw new RangeError(`not a usable timestamp: ${String(epochMs)}`);
  }
  return Math.floor(epochMs);
}

// Proleptic Gregorian day count <-> civil date (H. Hinnant, "chrono-Compatible
// Low-Level Date Algorithms"); exact for every day in Date's range.
function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The WITA wall-clock reading of an instant. */
export function witaParts(epochMs: number): WitaParts {
  const local = checkEpoch(epochMs) + WITA_OFFSET_MS;
  const days = Math.floor(local / DAY_MS);
  let ms = local - days * DAY_MS;
  const hour = Math.floor(ms / 3_600_000);
  ms -= hour * 3_600_000;
  const minute = Math.floor(ms / 60_000);
  ms -= minute * 60_000;
  const second = Math.floor(ms / 1000);
  return { ...civilFromDays(days), hour, minute, second, millisecond: ms - second * 1000 };
}

const pad2 = (n: number): string => String(n).padStart(2, '0');
const pad4 = (n: number): string => (n < 0 ? `-${String(-n).padStart(4, '0')}` : String(n).padStart(4, '0'));

/** `14/02/2026` */
export function formatWitaDate(epochMs: number): string {
  const p = witaParts(epochMs);
  return `${pad2(p.day)}/${pad2(p.month)}/${pad4(p.year)}`;
}

/** `13.05`: Indonesian usage separates hours and minutes with a dot. */
export function formatWitaTime(epochMs: number): string {
  const p = witaParts(epochMs);
  return `${pad2(p.hour)}.${pad2(p.minute)}`;
}

/** `14/02/2026 13.05 WITA`, as on receipts. */
export function formatWita(epochMs: number): string {
  return `${formatWitaDate(epochMs)} ${formatWitaTime(epochMs)} WITA`;
}

/**
 * The business day an instant belongs to, `2026-02-14`: the WITA calendar
 * date, so a sale at 23:30 UTC counts on the next day, as the counter saw it.
 * With the outlet's cutoff (minutes after midnight WITA, e.g. 240 for 04:00),
 * a sale before the cutoff still belongs to the previous day: a fair selling
 * until 01:00 stays in one day. Sorts as text.
 */
export function businessDate(epochMs: number, cutoffMinutes = 0): string {
  if (!Number.isInteger(cutoffMinutes) || cutoffMinutes < 0 || cutoffMinutes >= 24 * 60) throw new RangeError(`a cutoff is 0-1439 minutes, got ${String(cutoffMinutes)}`);
  const p = witaParts(checkEpoch(epochMs) - cutoffMinutes * 60_000);
  return `${pad4(p.year)}-${pad2(p.month)}-${pad2(p.day)}`;
}

/**
 * Epoch ms of 00.00 WITA on a business date (`YYYY-MM-DD`). The day runs to
 * this plus 24 hours, as WITA has no DST. Throws RangeError on a date that
 * does not exist.
 */
export function businessDayStart(date: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new RangeError(`a business date is YYYY-MM-DD, got "${date}"`);
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const days = daysFromCivil(year, month, day);
  const back = civilFromDays(days);
  if (month < 1 || month > 12 || back.year !== year || back.month !== month || back.day !== day) {
    throw new RangeError(`no such date: ${date}`);
  }
  return days * DAY_MS - WITA_OFFSET_MS;
}

/** The business date `days` after (or before, when negative) `date`. */
export function addBusinessDays(date: string, days: number): string {
  if (!Number.isSafeInteger(days)) throw new RangeError(`days must be a whole number, got ${String(days)}`);
  return businessDate(businessDayStart(date) + days * DAY_MS);
}
