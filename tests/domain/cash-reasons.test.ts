// The cash reasons' rules both ends apply: which reasons a direction offers,
// that no change leaves Kas Masuk or Kas Keluar with nothing to pick, what a
// movement's code is to the server, and which label a reader sees.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CASH_REASON_DIRECTIONS, directionsLeftBare, offeredFor, reasonFits, reasonLabel, reasonStanding, type CashReasonLike, type MoveDirection } from '../../src/domain/cash-reasons.ts';
import { BUILTIN_CASH_REASONS } from '../../src/domain/shift.ts';

const reason = (code: string, direction: CashReasonLike['direction'], active = true): CashReasonLike => ({ code, direction, active });

describe('which reasons a direction offers', () => {
  it('every pair of reason and movement direction, written out', () => {
    const table = CASH_REASON_DIRECTIONS.flatMap((r) => (['in', 'out'] as const).map((m) => `${r}/${m}:${String(reasonFits(r, m))}`));
    expect(table).toEqual(['in/in:true', 'in/out:false', 'out/in:false', 'out/out:true', 'both/in:true', 'both/out:true']);
  });

  it('the built-in reasons offer bank deposit and plastic bags for Kas Keluar, extra change for Kas Masuk, and "lain-lain" for both', () => {
    const all = BUILTIN_CASH_REASONS.map((b) => reason(b.code, b.direction));
    expect(offeredFor(all, 'out').map((r) => r.code)).toEqual(['setoran-bank', 'beli-plastik', 'lain-lain']);
    expect(offeredFor(all, 'in').map((r) => r.code)).toEqual(['kembalian-tambahan', 'lain-lain']);
    expect(directionsLeftBare(all, reason('lain-lain', 'both', false))).toEqual([]);
    expect(directionsLeftBare(all, reason('kembalian-tambahan', 'in', false))).toEqual([]);
  });

  it('a turned-off reason is never offered, and an offered one always fits its direction', () => {
    const arbReason = fc.record({ code: fc.constantFrom('a1', 'b2', 'c3', 'd4', 'e5'), direction: fc.constantFrom(...CASH_REASON_DIRECTIONS), active: fc.boolean() });
    fc.assert(
      fc.property(fc.array(arbReason, { maxLength: 8 }), fc.constantFrom<MoveDirection>('in', 'out'), (all, move) => {
        const offered = offeredFor(all, move);
        for (const r of offered) expect(r.active && reasonFits(r.direction, move)).toBe(true);
        expect(offered.length).toBe(all.filter((r) => r.active && reasonFits(r.direction, move)).length);
      }),
    );
  });
});

describe('no change leaves a direction bare', () => {
  it('turning off the last reason of Kas Masuk, or moving it to Kas Keluar only, is caught', () => {
    const all = [reason('setoran-bank', 'out'), reason('titipan', 'in')];
    expect(directionsLeftBare(all, reason('titipan', 'in', false))).toEqual(['in']);
    expect(directionsLeftBare(all, reason('titipan', 'out'))).toEqual(['in']);
    expect(directionsLeftBare(all, reason('titipan', 'both'))).toEqual([]);
    expect(directionsLeftBare(all, reason('setoran-bank', 'both', false))).toEqual(['out']);
    // A new reason joins the list: adding one never leaves anything bare that was not.
    expect(directionsLeftBare(all, reason('beli-es', 'out', false))).toEqual([]);
  });

  it('from a list where both directions are offered, a change is refused exactly when the list after it offers nothing for a direction', () => {
    const arbReason = fc.record({ code: fc.constantFrom('a1', 'b2', 'c3', 'd4'), direction: fc.constantFrom(...CASH_REASON_DIRECTIONS), active: fc.boolean() });
    fc.assert(
      fc.property(fc.array(arbReason, { maxLength: 6 }), arbReason, (raw, change) => {
        const all = [...new Map(raw.map((r) => [r.code, r])).values()];
        const after = [...all.filter((r) => r.code !== change.code), change];
        const bare = directionsLeftBare(all, change);
        for (const d of ['in', 'out'] as const) expect(bare.includes(d)).toBe(offeredFor(after, d).length === 0);
      }),
    );
  });
});

describe('a movement’s reason to the server', () => {
  it('known and offered, taken off the list since, or never known', () => {
    expect(reasonStanding(reason('setoran-bank', 'out'))).toBe('offered');
    expect(reasonStanding(reason('beli-plastik', 'out', false))).toBe('withdrawn');
    expect(reasonStanding(undefined)).toBe('unknown');
  });

  it('a reader of English sees the English label, or the Bahasa one when the admin left it empty', () => {
    expect(reasonLabel({ label: 'Setoran ke bank', labelEn: 'Bank deposit' }, 'en')).toBe('Bank deposit');
    expect(reasonLabel({ label: 'Setoran ke bank', labelEn: 'Bank deposit' }, 'id')).toBe('Setoran ke bank');
    expect(reasonLabel({ label: 'Uang titipan', labelEn: '  ' }, 'en')).toBe('Uang titipan');
  });
});
