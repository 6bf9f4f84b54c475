// Replays are matched by a hash of canonicalJson(type, payload), and that hash
// is stored. The text must never change for a given value, or every device
// resending after a server upgrade would be refused as a conflict.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/server/sync/prepare.ts';

/** The definition as first shipped: sorted keys by code unit, undefined members left out. */
function reference(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(reference).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${reference(v)}`).join(',')}}`;
}

describe('canonicalJson', () => {
  it('writes the same text as the first definition for any JSON value', () => {
    fc.assert(fc.property(fc.jsonValue(), (v) => canonicalJson(v) === reference(v)), { numRuns: 2_000 });
  });

  it('sorts keys by code unit, numbers-as-keys included, and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: [1, undefined, { d: -0, c: 1e21 }], '10': true, '9': null, u: undefined, é: 'x"\u2028' })).toBe(
      '{"10":true,"9":null,"a":[1,null,{"c":1e+21,"d":0}],"b":1,"é":"x\\"\u2028"}',
    );
  });

  it('the same sale with its keys in another order gives the same text', () => {
    const a = { sale: { id: 's1', lines: [{ qty: 2, id: 'l1' }] }, stockEvents: [] };
    const b = { stockEvents: [], sale: { lines: [{ id: 'l1', qty: 2 }], id: 's1' } };
    expect(canonicalJson(b)).toBe(canonicalJson(a));
  });
});
