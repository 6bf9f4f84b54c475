import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchesQuery } from '../../src/domain/catalog.ts';
import { SearchIndex, type IndexEntry } from '../../src/domain/search-index.ts';

function entry(id: string, name: string, extra: string[] = [], category = 'Cukli', active = true): IndexEntry {
  const words = [...name.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean), ...extra];
  return { id, name, words, category, active };
}

const catalog = [
  entry('a', 'Kain Batik Tulis Gembok Motif Sasambo', ['btk', '001'], 'Batik'),
  entry('b', 'Kain Tenun Songket Sukarara', [], 'Tenun'),
  entry('c', 'Kotak Tisu Cukli Motif Sasak'),
  entry('d', 'Kopi Bubuk Sembalun Arabika 250 g', ['8997001001003'], 'Kopi'),
  entry('e', 'Kopi Lama', [], 'Kopi', false),
];

describe('the in-memory search index', () => {
  const idx = SearchIndex.build(catalog);

  it('finds by several word prefixes ("batik gem")', () => {
    expect(idx.search({ words: ['batik', 'gem'], limit: 10 })).toEqual(['a']);
  });

  it('returns matches in name order and honours the limit', () => {
    expect(idx.search({ words: ['k'], limit: 10 })).toEqual(['a', 'b', 'd', 'c']);
    expect(idx.search({ words: ['k'], limit: 2 })).toEqual(['a', 'b']);
  });

  it('finds by code words and leaves out inactive products', () => {
    expect(idx.search({ words: ['8997001'], limit: 10 })).toEqual(['d']);
    expect(idx.search({ words: ['kopi'], limit: 10 })).toEqual(['d']);
  });

  it('filters by category, and a word nobody has ends the search', () => {
    expect(idx.search({ words: ['kain'], category: 'Tenun', limit: 10 })).toEqual(['b']);
    expect(idx.search({ words: ['kain', 'zzz'], limit: 10 })).toEqual([]);
    expect(idx.search({ words: [], limit: 10 })).toEqual([]);
  });

  it('agrees with a plain scan for random catalogs and queries', () => {
    const word = fc.stringMatching(/^[a-e]{1,4}$/);
    fc.assert(
      fc.property(
        fc.array(fc.record({ words: fc.array(word, { minLength: 1, maxLength: 4 }), active: fc.boolean(), category: fc.constantFrom('A', 'B') }), { maxLength: 40 }),
        fc.array(fc.stringMatching(/^[a-e]{1,2}$/), { minLength: 1, maxLength: 3 }),
        fc.option(fc.constantFrom('A', 'B'), { nil: null }),
        (rows, query, category) => {
          const entries = rows.map((r, i) => ({ id: `p${String(i).padStart(3, '0')}`, name: `${r.words.join(' ')} ${i}`, ...r }));
          const index = SearchIndex.build(entries);
          const expected = [...entries]
            .sort((a, b) => a.name.localeCompare(b.name, 'id') || (a.id < b.id ? -1 : 1))
            .filter((e) => e.active && (category === null || e.category === category) && matchesQuery(e.words, query))
            .map((e) => e.id);
          expect(index.search({ words: query, category, limit: 1000 })).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('building the index in slices', () => {
  // Big enough that the merge sort merges runs several times over.
  const syllables = ['ka', 'in', 'ba', 'tik', 'te', 'nun', 'ko', 'pi', 'ma', 'du', 'cuk', 'li', 'sa', 'sak'];
  let seed = 7;
  const next = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  const big = Array.from({ length: 3000 }, (_, i) => {
    const name = Array.from({ length: 3 }, () => syllables[next(syllables.length)]! + syllables[next(syllables.length)]!).join(' ');
    return entry(`p${String(next(100_000)).padStart(5, '0')}-${i}`, `${name} ${i % 7}`, [], i % 3 === 0 ? 'A' : 'B', i % 11 !== 0);
  });

  it('gives the same answers as building it at once, and as a plain scan in name order', async () => {
    const whole = SearchIndex.build(big);
    const sliced = await SearchIndex.buildInSlices(big, { pause: () => Promise.resolve() });
    for (const words of [['ka'], ['tik', 'ko'], ['li'], ['sakma'], ['3']]) {
      const expected = [...big]
        .sort((a, b) => a.name.localeCompare(b.name, 'id') || (a.id < b.id ? -1 : 1))
        .filter((e) => e.active && matchesQuery(e.words, words))
        .slice(0, 500)
        .map((e) => e.id);
      expect(whole.search({ words, limit: 500 })).toEqual(expected);
      expect(sliced.search({ words, limit: 500 })).toEqual(expected);
    }
  });

  it('pauses whenever a slice has used its time, in steps small enough that a slice ends on time', async () => {
    // A clock that moves 1 ms at each step: with a 1 ms slice, every step ends one.
    let t = 0;
    let pauses = 0;
    await SearchIndex.buildInSlices(big, {
      sliceMs: 1,
      now: () => ++t,
      pause: () => {
        pauses++;
        return Promise.resolve();
      },
    });
    // 3,000 products: sorting, merging, word lists and postings give a step per thousand or so units of work.
    expect(pauses).toBeGreaterThanOrEqual(15);
    const none = await SearchIndex.buildInSlices(big, { sliceMs: 1e9, pause: () => Promise.reject(new Error('paused')) });
    expect(none.size).toBe(big.length);
  });
});
