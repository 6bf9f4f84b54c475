import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeOutlet, npwpDigits, outletProblems, type OutletInput } from '../../src/domain/outlet-rules.ts';
import { cutoffMinutes, DEFAULT_OUTLET_SETTINGS } from '../../src/domain/outlet-settings.ts';
import { businessDate } from '../../src/domain/time.ts';

const QRIS =
  '00020101021126620016ID.CO.CONTOH.WWW011893600000000001234502090000123450303UMI51440014ID.CO.QRIS.WWW0215ID10250000000010303UMI5204594753033605802ID5908NTB MALL6007MATARAM6105831256304DC72';

const store: OutletInput = {
  id: 'ntb-mall',
  name: 'NTB Mall',
  kind: 'store',
  address: 'Jl. Udayana No. 2, Mataram',
  active: true,
  startDate: null,
  endDate: null,
  homeOutletId: null,
  lapas: null,
  discountLimitBp: 1000,
  settings: { ...DEFAULT_OUTLET_SETTINGS, receiptName: 'NTB Mall' },
};
const booth: OutletInput = { ...store, id: 'booth-senggigi', name: 'Booth Senggigi', kind: 'booth', startDate: '2026-12-10', endDate: '2026-12-14', homeOutletId: 'ntb-mall' };
const codes = (o: OutletInput) => outletProblems(o).map((p) => `${p.field}:${p.code}`);

describe('outlet validation', () => {
  it('a plain store, a booth with dates and a home, a showroom with its Lapas are fine', () => {
    expect(codes(store)).toEqual([]);
    expect(codes(booth)).toEqual([]);
    expect(codes({ ...store, id: 'showroom-mataram', kind: 'showroom', lapas: 'Lapas Kelas IIA Mataram' })).toEqual([]);
  });

  it('a booth ending before it starts, or without dates or a home outlet, is refused at the field', () => {
    expect(codes({ ...booth, endDate: '2026-12-09' })).toEqual(['endDate:booth-dates-reversed']);
    expect(codes({ ...booth, endDate: '2026-12-10' })).toEqual([]);
    expect(codes({ ...booth, startDate: null, endDate: '2026-13-01' })).toEqual(['startDate:booth-dates-missing', 'endDate:booth-dates-missing']);
    expect(codes({ ...booth, homeOutletId: null })).toEqual(['homeOutletId:home-outlet-missing']);
    expect(codes({ ...booth, homeOutletId: booth.id })).toEqual(['homeOutletId:home-outlet-self']);
  });

  it('a showroom names its Lapas', () => {
    expect(codes({ ...store, kind: 'showroom', lapas: '  ' })).toEqual(['lapas:lapas-missing']);
  });

  it('NPWP has 15 or 16 digits, written with dots and a dash or not', () => {
    expect(npwpDigits('01.234.567.8-912.000')).toBe('012345678912000');
    expect(npwpDigits('3171234567890001')).toBe('3171234567890001');
    expect(npwpDigits('01.234.567.8-912.00')).toBeNull();
    expect(npwpDigits('12345678901234567')).toBeNull();
    expect(npwpDigits('NPWP 0123456789120')).toBeNull();
    expect(codes({ ...store, settings: { ...store.settings, npwp: '12345' } })).toEqual(['npwp:npwp-invalid']);
    expect(codes({ ...store, settings: { ...store.settings, npwp: '' } })).toEqual([]);
  });

  it('a QRIS string is checked as the counter checks it (CRC and all)', () => {
    expect(codes({ ...store, settings: { ...store.settings, qrisStatic: QRIS } })).toEqual([]);
    const broken = outletProblems({ ...store, settings: { ...store.settings, qrisStatic: `${QRIS.slice(0, -1)}0` } });
    expect(broken).toEqual([{ field: 'qrisStatic', code: 'qris-invalid', qris: 'crc-mismatch' }]);
  });

  it('the cutoff is HH:MM on a 24-hour clock', () => {
    expect(cutoffMinutes('04:00')).toBe(240);
    expect(cutoffMinutes('00:00')).toBe(0);
    expect(cutoffMinutes('23:59')).toBe(1439);
    for (const bad of ['24:00', '4:00', '04:60', '0400', '']) expect(cutoffMinutes(bad), bad).toBeNull();
    expect(codes({ ...store, settings: { ...store.settings, dayCutoff: '25:00' } })).toEqual(['dayCutoff:cutoff-invalid']);
  });

  it('limits out of range name their range', () => {
    expect(outletProblems({ ...store, discountLimitBp: 10_001 })).toEqual([{ field: 'discountLimitBp', code: 'limit-out-of-range', min: 0, max: 10_000 }]);
    expect(codes({ ...store, settings: { ...store.settings, largeLineQty: 0, largeSaleTotal: 1.5 } })).toEqual(['largeLineQty:limit-out-of-range', 'largeSaleTotal:limit-out-of-range']);
    expect(codes({ ...store, settings: { ...store.settings, roundingStep: 250 } })).toEqual(['roundingStep:rounding-invalid']);
  });

  it('ids are lower-case words with dashes, so they sit in URLs and receipts', () => {
    expect(codes({ ...store, id: 'NTB Mall' })).toEqual(['id:outlet-id-invalid']);
    expect(codes({ ...store, name: ' ' })).toEqual(['name:outlet-name-missing']);
  });

  it('normalizing keeps only what the kind has', () => {
    const asStore = normalizeOutlet({ ...booth, kind: 'store', lapas: 'x' });
    expect(asStore).toMatchObject({ startDate: null, endDate: null, homeOutletId: null, lapas: null });
    expect(normalizeOutlet(booth)).toMatchObject({ startDate: '2026-12-10', homeOutletId: 'ntb-mall' });
  });

  it('property: any two valid dates make a valid booth exactly when the end is not before the start', () => {
    const day = fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2035-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, day, (a, b) => {
        expect(outletProblems({ ...booth, startDate: a, endDate: b }).length === 0).toBe(b >= a);
      }),
    );
  });
});

describe('the business day with a cutoff', () => {
  // 14 Feb 2026 01:00 WITA is 13 Feb 17:00 UTC.
  const oneAm = Date.UTC(2026, 1, 13, 17, 0);
  it('a sale at 01:00 WITA belongs to the day before with the 04:00 cutoff, to its own with midnight', () => {
    expect(businessDate(oneAm, 240)).toBe('2026-02-13');
    expect(businessDate(oneAm)).toBe('2026-02-14');
    expect(businessDate(oneAm + 3 * 3_600_000 - 1, 240)).toBe('2026-02-13');
    expect(businessDate(oneAm + 3 * 3_600_000, 240)).toBe('2026-02-14');
  });
  it('a cutoff outside the day is refused', () => {
    expect(() => businessDate(oneAm, 1440)).toThrow(RangeError);
    expect(() => businessDate(oneAm, -1)).toThrow(RangeError);
  });
  it('property: the business date with a cutoff is the calendar date of the instant moved back by it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_000_000_000_000 }), fc.integer({ min: 0, max: 1439 }), (t, c) => {
        expect(businessDate(t, c)).toBe(businessDate(t - c * 60_000));
      }),
    );
  });
});
