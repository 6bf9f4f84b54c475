import { describe, it, expect } from 'vitest';
import {
  WITA_OFFSET_MS,
  addBusinessDays,
  businessDate,
  businessDayStart,
  formatWita,
  formatWitaDate,
  formatWitaTime,
  witaParts,
} from '../../src/domain/time.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Epoch ms of a UTC wall-clock reading (month 1-12). */
function utc(year: number, month: number, day: number, hour = 0, minute = 0, second = 0, ms = 0): number {
  return Date.UTC(year, month - 1, day, hour, minute, second, ms);
}

function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('formatting in WITA', () => {
  it('shows 05.05 UTC on 14 Feb 2026 as the receipt line 14/02/2026 13.05 WITA', () => {
    const t = utc(2026, 2, 14, 5, 5);
    expect(formatWita(t)).toBe('14/02/2026 13.05 WITA');
    expect(formatWitaDate(t)).toBe('14/02/2026');
    expect(formatWitaTime(t)).toBe('13.05');
    expect(businessDate(t)).toBe('2026-02-14');
  });

  it('zero pads day, month, hour and minute', () => {
    expect(formatWita(utc(2026, 3, 1, 1, 2))).toBe('01/03/2026 09.02 WITA');
  });

  it('drops seconds rather than rounding them up', () => {
    expect(formatWitaTime(utc(2026, 2, 14, 5, 5, 59, 999))).toBe('13.05');
  });

  it('shows the Unix epoch as 08.00 on 1 January 1970', () => {
    expect(formatWita(0)).toBe('01/01/1970 08.00 WITA');
  });

  it('handles instants before 1970', () => {
    expect(formatWita(-1)).toBe('01/01/1970 07.59 WITA');
    expect(formatWita(-8 * HOUR - 1)).toBe('31/12/1969 23.59 WITA');
    expect(businessDate(utc(1945, 8, 17, 2))).toBe('1945-08-17');
  });

  it('treats a fractional millisecond as the millisecond it falls in', () => {
    expect(witaParts(0.9)).toEqual(witaParts(0));
    expect(witaParts(-0.5)).toEqual(witaParts(-1));
  });

  it('gives the full wall-clock reading', () => {
    expect(witaParts(utc(2026, 2, 14, 5, 5, 7, 123))).toEqual({
      year: 2026,
      month: 2,
      day: 14,
      hour: 13,
      minute: 5,
      second: 7,
      millisecond: 123,
    });
  });

  it('refuses timestamps that are not finite or out of Date range', () => {
    for (const t of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 8.64e15 + 1]) {
      expect(() => formatWita(t)).toThrow(RangeError);
      expect(() => businessDate(t)).toThrow(RangeError);
    }
  });
});

describe('the business day', () => {
  it('puts a sale at 23.30 UTC on the next WITA day', () => {
    const t = utc(2026, 2, 13, 23, 30);
    expect(businessDate(t)).toBe('2026-02-14');
    expect(formatWita(t)).toBe('14/02/2026 07.30 WITA');
  });

  it('turns the day at WITA midnight, which is 16.00 UTC', () => {
    const midnight = utc(2026, 2, 13, 16);
    expect(businessDate(midnight - 1)).toBe('2026-02-13');
    expect(formatWita(midnight - 1)).toBe('13/02/2026 23.59 WITA');
    expect(businessDate(midnight)).toBe('2026-02-14');
    expect(formatWita(midnight)).toBe('14/02/2026 00.00 WITA');
  });

  it('keeps a sale at 00.30 WITA on that WITA day although UTC is still on the day before', () => {
    const t = utc(2026, 2, 13, 16, 30);
    expect(new Date(t).getUTCDate()).toBe(13);
    expect(businessDate(t)).toBe('2026-02-14');
  });

  it('turns the year at WITA midnight on 31 December', () => {
    const newYear = utc(2025, 12, 31, 16);
    expect(businessDate(newYear - 1)).toBe('2025-12-31');
    expect(formatWita(newYear - 1)).toBe('31/12/2025 23.59 WITA');
    expect(businessDate(newYear)).toBe('2026-01-01');
    expect(formatWita(newYear)).toBe('01/01/2026 00.00 WITA');
  });

  it('knows leap days', () => {
    expect(businessDate(utc(2028, 2, 28, 16))).toBe('2028-02-29');
    expect(businessDate(utc(2028, 2, 29, 16))).toBe('2028-03-01');
    expect(businessDate(utc(2026, 2, 28, 16))).toBe('2026-03-01');
    expect(businessDate(utc(2100, 2, 28, 16))).toBe('2100-03-01');
    expect(businessDate(utc(2000, 2, 28, 16))).toBe('2000-02-29');
  });

  it('agrees with the IANA Asia/Makassar zone on many random instants', () => {
    const intl = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Asia/Makassar',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    const rnd = seededRandom(11);
    // From 1970: Makassar has been UTC+8 since 1963.
    const from = utc(1970, 1, 1);
    const to = utc(2100, 1, 1);
    for (let n = 0; n < 3000; n++) {
      const t = from + Math.floor(rnd() * (to - from));
      const parts = Object.fromEntries(intl.formatToParts(t).map((p) => [p.type, p.value]));
      expect(formatWita(t)).toBe(`${parts['day']}/${parts['month']}/${parts['year']} ${parts['hour']}.${parts['minute']} WITA`);
    }
  });

  it('agrees with UTC shifted by eight hours across the whole Date range', () => {
    const rnd = seededRandom(12);
    for (let n = 0; n < 3000; n++) {
      const t = Math.floor((rnd() * 2 - 1) * 8.6e15);
      const shifted = new Date(t + WITA_OFFSET_MS);
      const p = witaParts(t);
      expect([p.year, p.month, p.day, p.hour, p.minute, p.second, p.millisecond]).toEqual([
        shifted.getUTCFullYear(),
        shifted.getUTCMonth() + 1,
        shifted.getUTCDate(),
        shifted.getUTCHours(),
        shifted.getUTCMinutes(),
        shifted.getUTCSeconds(),
        shifted.getUTCMilliseconds(),
      ]);
    }
  });

  it('does not depend on the time zone of the device', () => {
    const t = utc(2026, 2, 13, 23, 30);
    const before = process.env['TZ'];
    try {
      for (const tz of ['UTC', 'America/New_York', 'Asia/Jakarta', 'Pacific/Kiritimati', 'Asia/Makassar']) {
        process.env['TZ'] = tz;
        expect(formatWita(t)).toBe('14/02/2026 07.30 WITA');
        expect(businessDate(t)).toBe('2026-02-14');
      }
    } finally {
      if (before === undefined) delete process.env['TZ'];
      else process.env['TZ'] = before;
    }
  });

  it('sorts business dates as text in time order', () => {
    const rnd = seededRandom(13);
    const times = Array.from({ length: 500 }, () => Math.floor(rnd() * utc(9000, 1, 1)));
    times.sort((a, b) => a - b);
    const dates = times.map(businessDate);
    expect([...dates].sort()).toEqual(dates);
  });
});

describe('businessDayStart and addBusinessDays', () => {
  it('gives 16.00 UTC of the previous day as the start of a WITA day', () => {
    expect(businessDayStart('2026-02-14')).toBe(utc(2026, 2, 13, 16));
    expect(businessDayStart('1970-01-01')).toBe(-WITA_OFFSET_MS);
  });

  it('contains every instant in the day it names, and no other', () => {
    const rnd = seededRandom(14);
    for (let n = 0; n < 2000; n++) {
      const t = Math.floor(rnd() * utc(2200, 1, 1));
      const start = businessDayStart(businessDate(t));
      expect(start).toBeLessThanOrEqual(t);
      expect(t).toBeLessThan(start + DAY);
      expect(businessDate(start)).toBe(businessDate(t));
      expect(businessDate(start - 1)).not.toBe(businessDate(t));
    }
  });

  it('refuses dates that are malformed or do not exist', () => {
    for (const d of ['2026-02-30', '2025-02-29', '2026-13-01', '2026-00-10', '2026-01-00', '2026-2-14', '14/02/2026', '', '2026-02-14T00:00']) {
      expect(() => businessDayStart(d), d).toThrow(RangeError);
    }
    expect(businessDayStart('2024-02-29')).toBe(utc(2024, 2, 28, 16));
  });

  it('steps over month and year ends', () => {
    expect(addBusinessDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addBusinessDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(addBusinessDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addBusinessDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addBusinessDays('2026-02-14', 0)).toBe('2026-02-14');
    expect(addBusinessDays('2026-02-14', 365)).toBe('2027-02-14');
    expect(() => addBusinessDays('2026-02-14', 0.5)).toThrow(RangeError);
  });
});
