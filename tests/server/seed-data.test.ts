// The demo catalog a fresh server loads: real-looking NTB goods with valid
// barcodes, whole-rupiah prices, and producers a settlement can be made to.
import { describe, expect, it } from 'vitest';
import { isValidEan13 } from '../../src/domain/ean13.ts';
import { productSchema, producerSchema, outletSchema, stockLevelSchema } from '../../src/protocol/schemas.ts';
import { demoCatalog } from '../../src/server/seed-data.ts';

const catalog = demoCatalog();
const HANDMADE = /cukli|batik|tenun|kerajinan/i;
const FOOD = /kopi|madu|olahan pangan|ketahanan pangan/i;

describe('the demo catalog', () => {
  it('has at least 40 products across cukli, batik, tenun, kopi, madu and olahan pangan', () => {
    expect(catalog.products.length).toBeGreaterThanOrEqual(40);
    const categories = new Set(catalog.products.map((p) => p.category.toLowerCase()));
    for (const want of ['cukli', 'batik', 'tenun', 'kopi', 'madu', 'olahan pangan']) {
      expect([...categories].some((c) => c.includes(want)), want).toBe(true);
    }
  });

  it('every barcode is a valid EAN-13, and no two products share one', () => {
    for (const p of catalog.products) {
      expect(p.barcode, p.sku).not.toBeNull();
      expect(isValidEan13(p.barcode ?? ''), `${p.sku} ${p.barcode ?? ''}`).toBe(true);
    }
    const codes = catalog.products.map((p) => p.barcode);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('packaged food carries a GS1 Indonesia code (899), handmade goods an in-store code (20-29)', () => {
    let food = 0;
    let handmade = 0;
    for (const p of catalog.products) {
      const code = p.barcode ?? '';
      if (p.category === 'Hasil Ketahanan Pangan') {
        // Fresh produce from the Lapas farms has no GS1 registration: an in-store code.
        food++;
        expect(code, p.sku).toMatch(/^2\d/);
      } else if (FOOD.test(p.category)) {
        food++;
        expect(code.startsWith('899'), `${p.sku} ${code}`).toBe(true);
      } else if (HANDMADE.test(p.category)) {
        handmade++;
        expect(code, p.sku).toMatch(/^2\d/);
      } else {
        throw new Error(`${p.sku}: category ${p.category} is neither food nor handmade`);
      }
    }
    expect(food).toBeGreaterThan(0);
    expect(handmade).toBeGreaterThan(0);
  });

  it('names the two Lapas in the brief and at least two UMKM as producers', () => {
    const names = catalog.producers.map((p) => p.name);
    expect(names).toContain('Lapas Kelas IIA Lombok Barat');
    expect(names.some((n) => /^Lapas Perempuan\b.*\bMataram$/.test(n))).toBe(true);
    expect(catalog.producers.filter((p) => p.kind === 'umkm').length).toBeGreaterThanOrEqual(2);
    for (const p of catalog.producers.filter((x) => x.kind === 'lapas')) {
      expect(p.receiptLine, p.id).toMatch(/^Karya warga binaan /);
    }
  });

  it('prices are whole rupiah above zero', () => {
    for (const p of catalog.products) {
      expect(Number.isSafeInteger(p.price), p.sku).toBe(true);
      expect(p.price, p.sku).toBeGreaterThan(0);
    }
  });

  it('every product has a known producer, a unique id and sku, and passes the wire schema', () => {
    const producers = new Set(catalog.producers.map((p) => p.id));
    for (const p of catalog.products) {
      expect(producers.has(p.producerId), p.sku).toBe(true);
      expect(productSchema.safeParse(p).success, p.sku).toBe(true);
    }
    for (const p of catalog.producers) expect(producerSchema.safeParse(p).success, p.id).toBe(true);
    for (const o of catalog.outlets) expect(outletSchema.safeParse(o).success, o.id).toBe(true);
    expect(new Set(catalog.products.map((p) => p.id)).size).toBe(catalog.products.length);
    expect(new Set(catalog.products.map((p) => p.sku)).size).toBe(catalog.products.length);
  });

  it('opening stock covers every product at every outlet, never negative', () => {
    expect(catalog.stock).toHaveLength(catalog.products.length * catalog.outlets.length);
    for (const s of catalog.stock) {
      expect(stockLevelSchema.safeParse(s).success).toBe(true);
      expect(s.level).toBeGreaterThanOrEqual(0);
    }
    const keys = new Set(catalog.stock.map((s) => `${s.outletId}/${s.productId}`));
    expect(keys.size).toBe(catalog.stock.length);
  });
});

describe('demo product pictures', () => {
  it('every product has a small picture that the PWA serves from public/', async () => {
    const { existsSync } = await import('node:fs');
    const { join } = await import('node:path');
    for (const p of demoCatalog().products) {
      expect(p.imageUrl, p.sku).toMatch(/^\/images\/[a-z]+\.svg$/);
      expect(existsSync(join('public', p.imageUrl ?? '')), p.imageUrl ?? '').toBe(true);
    }
  });
});
