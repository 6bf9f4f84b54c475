// The rules a product must meet before it is saved, the same on the form and the server.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeInStoreEan13 } from '../../src/domain/ean13.ts';
import { barcodeProblem, PRODUCT_LIMITS, productProblems, type ProductDraft } from '../../src/domain/product-rules.ts';

const good: ProductDraft = { name: 'Kotak Tisu Cukli', sku: 'CKL-001', barcode: '8991234567891', category: 'Cukli', producerId: 'lapas-mataram', price: 185_000, cost: 90_000, unit: 'pcs', tax: 'ppn', story: null };

describe('a product draft', () => {
  it('a complete one has no problem', () => {
    expect(productProblems(good)).toEqual([]);
    expect(productProblems({ ...good, barcode: null, cost: null })).toEqual([]);
  });

  it.each([
    [{ name: '  ' }, { field: 'name', code: 'required' }],
    [{ sku: '' }, { field: 'sku', code: 'required' }],
    [{ sku: 'CKL 001' }, { field: 'sku', code: 'sku-shape' }],
    [{ sku: 'x'.repeat(65) }, { field: 'sku', code: 'too-long', max: 64 }],
    [{ category: '' }, { field: 'category', code: 'required' }],
    [{ producerId: '' }, { field: 'producerId', code: 'required' }],
    [{ price: -1 }, { field: 'price', code: 'negative' }],
    [{ price: 1.5 }, { field: 'price', code: 'not-whole' }],
    [{ price: PRODUCT_LIMITS.price + 1 }, { field: 'price', code: 'over-limit', max: PRODUCT_LIMITS.price }],
    [{ cost: -5 }, { field: 'cost', code: 'negative' }],
    [{ barcode: '12345' }, { field: 'barcode', code: 'barcode-shape' }],
    [{ barcode: '8991234567890' }, { field: 'barcode', code: 'barcode-check-digit', expected: 1 }],
    [{ unit: '' }, { field: 'unit', code: 'required' }],
    [{ story: 'x'.repeat(1001) }, { field: 'story', code: 'too-long', max: 1000 }],
  ])('%o is refused with %o', (change, problem) => {
    expect(productProblems({ ...good, ...change } as ProductDraft)).toEqual([problem]);
  });

  it('every valid in-store code passes; changing its last digit is named as the check digit', () => {
    fc.assert(
      fc.property(fc.integer({ min: 20, max: 29 }), fc.integer({ min: 0, max: 9_999_999_999 }), fc.integer({ min: 1, max: 9 }), (prefix, serial, shift) => {
        const code = makeInStoreEan13(prefix, serial);
        expect(barcodeProblem(code)).toBeNull();
        const last = Number(code[12]);
        const wrong = code.slice(0, 12) + String((last + shift) % 10);
        expect(barcodeProblem(wrong)).toEqual({ field: 'barcode', code: 'barcode-check-digit', expected: last });
      }),
    );
  });

  it('problems come at most one per field, and only for fields that break a rule', () => {
    fc.assert(
      fc.property(fc.record({ name: fc.string(), sku: fc.string(), price: fc.integer({ min: -10, max: 2_000_000_000 }), category: fc.string() }), (change) => {
        const problems = productProblems({ ...good, ...change });
        const fields = problems.map((p) => p.field);
        expect(new Set(fields).size).toBe(fields.length);
        if (change.price >= 0 && change.price <= PRODUCT_LIMITS.price) expect(fields).not.toContain('price');
      }),
    );
  });
});
