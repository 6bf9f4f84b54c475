import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  consignmentTermFor,
  levyRuleOn,
  levyRuleProblems,
  producerProblems,
  rewrittenLevyRules,
  sortedLevyRules,
  type LevyRule,
  type ProducerInput,
} from '../../src/domain/producer.ts';

const kepmen: LevyRule = { validFrom: '2024-01-01', premiBp: 5000, pnbpBp: 1500, modalBp: 3500, base: 'profit', source: 'Kepmen M.01-PP.02.01/1990' };
const sk2026: LevyRule = { validFrom: '2026-07-01', premiBp: 6000, pnbpBp: 1500, modalBp: 2500, base: 'sales', source: 'SK Kalapas 12/2026' };

const workshop: ProducerInput = {
  id: 'lapas-mataram-tenun',
  name: 'Bengkel Tenun Lapas Mataram',
  kind: 'lapas',
  lapas: 'Lapas Kelas IIA Mataram',
  contactName: 'Bpk. Lalu Ahmad',
  contactPhone: '0812-3456-7890',
  payout: { kind: 'bank', bank: 'BRI', number: '0123 01 000123 30 1', holder: 'Koperasi Lapas Mataram' },
  receiptLine: 'Karya warga binaan Lapas Mataram',
  consignment: true,
  terms: { default: { kind: 'fee', bp: 2000 }, byCategory: [{ category: 'Tenun', term: { kind: 'fee', bp: 1500 } }] },
  levyRules: [kepmen, sk2026],
  active: true,
};
const codes = (p: ProducerInput) => producerProblems(p).map((x) => `${x.field}:${x.code}`);

describe('producer validation', () => {
  it('a Lapas workshop with contact, bank account, terms and two dated rules is fine; so is a bare UMKM', () => {
    expect(codes(workshop)).toEqual([]);
    expect(codes({ ...workshop, id: 'umkm-cukli', kind: 'umkm', lapas: null, levyRules: [], payout: { kind: 'ewallet', provider: 'DANA', number: '081234567890', holder: 'Inaq Sumi' } })).toEqual([]);
  });

  it('levy shares must sum to exactly 100 %', () => {
    expect(levyRuleProblems([{ ...kepmen, modalBp: 3499 }])).toEqual([{ field: 'levyRules', code: 'levy-sum-not-100', index: 0, sumBp: 9999 }]);
    expect(levyRuleProblems([{ ...kepmen, premiBp: 7000, pnbpBp: 3000, modalBp: 0 }])).toEqual([]);
    expect(levyRuleProblems([{ ...kepmen, premiBp: -1, modalBp: 5001 }]).map((p) => p.code)).toEqual(['levy-share-invalid']);
  });

  it('no two rules from the same date; each names its source and a real date', () => {
    expect(levyRuleProblems([kepmen, { ...sk2026, validFrom: kepmen.validFrom }])).toEqual([{ field: 'levyRules', code: 'levy-same-date', index: 1, date: '2024-01-01' }]);
    expect(levyRuleProblems([{ ...kepmen, source: ' ' }]).map((p) => p.code)).toEqual(['levy-source-missing']);
    expect(levyRuleProblems([{ ...kepmen, validFrom: '2024-02-30x' }]).map((p) => p.code)).toEqual(['levy-date-invalid']);
  });

  it('a workshop names its Lapas; an UMKM has no levy; a phone and an account look like ones', () => {
    expect(codes({ ...workshop, lapas: '' })).toEqual(['lapas:lapas-missing']);
    expect(codes({ ...workshop, kind: 'umkm', lapas: null })).toEqual(['levyRules:levy-for-umkm']);
    expect(codes({ ...workshop, contactPhone: '12345' })).toEqual(['contactPhone:phone-invalid']);
    expect(codes({ ...workshop, contactPhone: '+62 812 3456 7890' })).toEqual([]);
    expect(codes({ ...workshop, payout: { kind: 'bank', bank: 'BRI', number: 'abc', holder: 'x' } })).toEqual(['payout:payout-incomplete']);
    expect(codes({ ...workshop, payout: null })).toEqual([]);
  });

  it('consignment terms: each in 0-100 %, a category overridden once', () => {
    expect(codes({ ...workshop, terms: { default: { kind: 'fee', bp: 10_001 }, byCategory: [] } })).toEqual(['terms:term-out-of-range']);
    expect(codes({ ...workshop, terms: { ...workshop.terms, byCategory: [...workshop.terms.byCategory, { category: 'tenun ', term: { kind: 'margin', bp: 100 } }] } })).toEqual(['terms:term-category-twice']);
    expect(consignmentTermFor(workshop.terms, 'TENUN')).toEqual({ kind: 'fee', bp: 1500 });
    expect(consignmentTermFor(workshop.terms, 'Gerabah')).toEqual({ kind: 'fee', bp: 2000 });
  });
});

describe('the levy rule in force', () => {
  it('is the latest from on or before the date; none before the first', () => {
    expect(levyRuleOn([sk2026, kepmen], '2023-12-31')).toBeNull();
    expect(levyRuleOn([sk2026, kepmen], '2024-01-01')).toBe(kepmen);
    expect(levyRuleOn([sk2026, kepmen], '2026-06-30')).toBe(kepmen);
    expect(levyRuleOn([sk2026, kepmen], '2026-07-01')).toBe(sk2026);
    expect(levyRuleOn([], '2026-07-01')).toBeNull();
  });

  it('a rule in force cannot be changed or dropped, a future one can; adding a new one rewrites nothing', () => {
    expect(rewrittenLevyRules([kepmen, sk2026], [kepmen, sk2026, { ...sk2026, validFrom: '2027-01-01' }], '2026-12-01')).toEqual([]);
    expect(rewrittenLevyRules([kepmen, sk2026], [kepmen], '2026-06-01')).toEqual([]);
    expect(rewrittenLevyRules([kepmen, sk2026], [kepmen], '2026-07-01')).toEqual(['2026-07-01']);
    expect(rewrittenLevyRules([kepmen], [{ ...kepmen, premiBp: 6000, modalBp: 2500 }], '2026-01-01')).toEqual(['2024-01-01']);
  });

  const date = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2040-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
  const rule = fc.record({ validFrom: date, premiBp: fc.integer({ min: 0, max: 10_000 }), base: fc.constantFrom('sales' as const, 'profit' as const) }).map(
    (r): LevyRule => ({ validFrom: r.validFrom, premiBp: r.premiBp, pnbpBp: 10_000 - r.premiBp, modalBp: 0, base: r.base, source: 'SK' }),
  );
  const rules = fc.uniqueArray(rule, { selector: (r) => r.validFrom, maxLength: 8 });

  it('property: valid rule lists (distinct dates, shares summing to 100 %) have no problems', () => {
    fc.assert(
      fc.property(rules, (rs) => {
        expect(levyRuleProblems(rs)).toEqual([]);
      }),
    );
  });

  it('property: the rule in force does not depend on the order they are listed in, starts on or before the date, and none later does', () => {
    fc.assert(
      fc.property(rules, date, (rs, d) => {
        const got = levyRuleOn(rs, d);
        expect(levyRuleOn(sortedLevyRules(rs).reverse(), d)).toBe(got);
        if (got === null) expect(rs.every((r) => r.validFrom > d)).toBe(true);
        else {
          expect(got.validFrom <= d).toBe(true);
          expect(rs.some((r) => r.validFrom > got.validFrom && r.validFrom <= d)).toBe(false);
        }
      }),
    );
  });

  it('property: a rule added later never changes the rule in force on an earlier date', () => {
    fc.assert(
      fc.property(rules, rule, date, (rs, later, d) => {
        fc.pre(later.validFrom > d && !rs.some((r) => r.validFrom === later.validFrom));
        expect(levyRuleOn([...rs, later], d)).toBe(levyRuleOn(rs, d));
        expect(rewrittenLevyRules(rs, [...rs, later], d)).toEqual([]);
      }),
    );
  });
});
