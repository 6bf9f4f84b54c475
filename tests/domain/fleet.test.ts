import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ATTENTION_AFTER_MS, attentionOf, byAttention, type FleetFacts } from '../../src/domain/fleet.ts';

const NOW = Date.UTC(2026, 11, 3, 4, 0);
const HOUR = 3_600_000;
const ok: FleetFacts = { active: true, lastSeenAt: NOW - HOUR, pending: 0, oldestUnsyncedAt: null };

describe('which devices need a look', () => {
  it('a device heard from within the day with nothing old waiting is fine', () => {
    expect(attentionOf(ok, NOW)).toBeNull();
    expect(attentionOf({ ...ok, pending: 4, oldestUnsyncedAt: NOW - 3 * HOUR }, NOW)).toBeNull();
  });

  it('silent for more than a day, or never seen', () => {
    expect(attentionOf({ ...ok, lastSeenAt: NOW - ATTENTION_AFTER_MS - 1 }, NOW)).toBe('silent');
    expect(attentionOf({ ...ok, lastSeenAt: NOW - ATTENTION_AFTER_MS }, NOW)).toBeNull();
    expect(attentionOf({ ...ok, lastSeenAt: null }, NOW)).toBe('silent');
  });

  it('sales older than a day still unsynced outrank silence', () => {
    const old = { ...ok, lastSeenAt: NOW - 3 * ATTENTION_AFTER_MS, pending: 2, oldestUnsyncedAt: NOW - 2 * ATTENTION_AFTER_MS };
    expect(attentionOf(old, NOW)).toBe('unsynced-old');
    expect(attentionOf({ ...old, pending: 0 }, NOW)).toBe('silent');
  });

  it('a revoked device or an unused code is never flagged', () => {
    expect(attentionOf({ active: false, lastSeenAt: null, pending: 9, oldestUnsyncedAt: 0 }, NOW)).toBeNull();
  });

  it('sorts unsynced-old first, then silent (longest silent first), then the rest in their order', () => {
    const a = { ...ok, name: 'a' };
    const b = { ...ok, name: 'b', lastSeenAt: NOW - 2 * ATTENTION_AFTER_MS };
    const c = { ...ok, name: 'c', lastSeenAt: NOW - 5 * ATTENTION_AFTER_MS };
    const d = { ...ok, name: 'd', pending: 1, oldestUnsyncedAt: NOW - 2 * ATTENTION_AFTER_MS };
    const e = { ...ok, name: 'e' };
    expect(byAttention([a, b, c, d, e], NOW).map((x) => x.name)).toEqual(['d', 'c', 'b', 'a', 'e']);
  });

  it('sorting keeps every device once and puts each flagged one before every unflagged one', () => {
    const facts = fc.record({
      active: fc.boolean(),
      lastSeenAt: fc.option(fc.integer({ min: NOW - 10 * ATTENTION_AFTER_MS, max: NOW }), { nil: null }),
      pending: fc.option(fc.integer({ min: 0, max: 50 }), { nil: null }),
      oldestUnsyncedAt: fc.option(fc.integer({ min: NOW - 10 * ATTENTION_AFTER_MS, max: NOW }), { nil: null }),
    });
    fc.assert(
      fc.property(fc.array(facts, { maxLength: 30 }), (list) => {
        const sorted = byAttention(list, NOW);
        expect(sorted).toHaveLength(list.length);
        expect(new Set(sorted)).toEqual(new Set(list));
        const flags = sorted.map((d) => attentionOf(d, NOW) !== null);
        expect(flags.indexOf(false) === -1 || flags.lastIndexOf(true) < flags.indexOf(false)).toBe(true);
      }),
    );
  });
});
