import { describe, it, expect } from 'vitest';
import { matchesQuery, queryWords, searchWords, type Product } from '../../src/domain/catalog.ts';

function product(over: Partial<Product> = {}): Product {
  return {
    id: 'p1',
    sku: 'GBK-001',
    barcode: '2000000000015',
    name: 'Kain Batik Tulis Gembok Motif Sasambo',
    category: 'Batik',
    producerId: 'lapas-lobar',
    price: 750_000,
    unit: 'lembar',
    active: true,
    ...over,
  };
}

const finds = (p: Product, producer: string, query: string): boolean => matchesQuery(searchWords(p, producer), queryWords(query));

describe('searchWords', () => {
  it('collects lower-case words from name, SKU, barcode, category and producer', () => {
    const words = searchWords(product(), 'Lapas Kelas IIA Lombok Barat');
    expect(words).toEqual(
      expect.arrayContaining(['kain', 'batik', 'tulis', 'gembok', 'motif', 'sasambo', 'gbk', '001', '2000000000015', 'lapas', 'kelas', 'iia', 'lombok', 'barat']),
    );
  });

  it('lists each word once', () => {
    const words = searchWords(product(), 'Batik Gembok');
    expect(words.filter((w) => w === 'batik')).toHaveLength(1);
    expect(new Set(words).size).toBe(words.length);
  });

  it('splits on punctuation and drops empty words', () => {
    const words = searchWords(product({ name: 'Kopi  Arabika/Sembalun (250 g) -- bubuk', barcode: null, sku: 'KP.250' }), '');
    expect(words).toEqual(expect.arrayContaining(['kopi', 'arabika', 'sembalun', '250', 'g', 'bubuk', 'kp']));
    expect(words).not.toContain('');
  });

  it('folds accents so café is found as cafe', () => {
    expect(searchWords(product({ name: 'Café Crème Brûlée' }), '')).toEqual(expect.arrayContaining(['cafe', 'creme', 'brulee']));
  });

  it('copes with a product without a barcode', () => {
    expect(() => searchWords(product({ barcode: null }), 'UMKM')).not.toThrow();
  });
});

describe('queryWords', () => {
  it('lower-cases, folds accents and splits what the cashier typed', () => {
    expect(queryWords('  Batik   GEM ')).toEqual(['batik', 'gem']);
    expect(queryWords('Crème-brûlée')).toEqual(['creme', 'brulee']);
    expect(queryWords('')).toEqual([]);
    expect(queryWords(' ,.; ')).toEqual([]);
  });
});

describe('matchesQuery', () => {
  it('finds "batik gem" in Kain Batik Tulis Gembok', () => {
    expect(finds(product(), 'Lapas IIA Lombok Barat', 'batik gem')).toBe(true);
  });

  it('matches words in any order and any case', () => {
    expect(finds(product(), '', 'GEMBOK kain')).toBe(true);
    expect(finds(product(), '', 'sasambo tulis batik')).toBe(true);
  });

  it('requires every query word to match some product word', () => {
    expect(finds(product(), '', 'batik kopi')).toBe(false);
    expect(finds(product(), '', 'batik gem x')).toBe(false);
  });

  it('matches word prefixes, not the middle of a word', () => {
    expect(finds(product(), '', 'bok')).toBe(false);
    expect(finds(product(), '', 'atik')).toBe(false);
    expect(finds(product(), '', 'gembok-x')).toBe(false);
  });

  it('finds a product by its producer, SKU or barcode', () => {
    expect(finds(product(), 'Lapas Kelas IIA Lombok Barat', 'lombok barat')).toBe(true);
    expect(finds(product(), '', 'gbk 001')).toBe(true);
    expect(finds(product(), '', '2000000000015')).toBe(true);
    expect(finds(product(), '', '200000')).toBe(true);
  });

  it('finds an accented name from an unaccented query and the other way round', () => {
    const p = product({ name: 'Kopi Café Sembalun' });
    expect(finds(p, '', 'cafe')).toBe(true);
    expect(finds(product({ name: 'Kopi Cafe Sembalun' }), '', 'café')).toBe(true);
  });

  it('matches everything for an empty query', () => {
    expect(matchesQuery(['kain'], [])).toBe(true);
    expect(finds(product(), '', '   ')).toBe(true);
  });

  it('matches nothing when the product has no words and the query has some', () => {
    expect(matchesQuery([], ['kain'])).toBe(false);
  });
});
