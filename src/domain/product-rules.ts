// What a product must be before it is saved, from the admin form, the
// import or the API alike: the one check the client shows next to each field
// and the server applies again before it writes.
import { MAX_SALE_TOTAL } from './cart.ts';
import { wrongCheckDigit } from './ean13.ts';

/** PPN applies to the product (under an outlet that charges PPN), or it is exempt (e.g. basic foodstuffs, PNBP goods). */
export const PRODUCT_TAXES = ['ppn', 'exempt'] as const;
export type ProductTax = (typeof PRODUCT_TAXES)[number];

export const PRODUCT_LIMITS = {
  name: 200,
  sku: 64,
  category: 100,
  unit: 20,
  story: 1000,
  /** A price above what one sale may total could never be sold. */
  price: MAX_SALE_TOTAL,
} as const;

/** Letters, digits and - _ . / : what shelf labels and spreadsheets keep intact. */
const SKU_SHAPE = /^[A-Za-z0-9][A-Za-z0-9._/-]*$/;
/** EAN-8, UPC-A, EAN-13 and the GTIN-14 of a carton. */
const BARCODE_SHAPE = /^\d{8}$|^\d{12,14}$/;

export interface ProductDraft {
  name: string;
  sku: string;
  barcode: string | null;
  category: string;
  producerId: string;
  price: number;
  /** HPP, integer rupiah; null when not known. */
  cost: number | null;
  unit: string;
  tax: ProductTax;
  story: string | null;
}

export type ProductField = keyof ProductDraft;

export type ProductProblem =
  | { field: ProductField; code: 'required' }
  | { field: ProductField; code: 'too-long'; max: number }
  | { field: 'sku'; code: 'sku-shape' }
  | { field: 'barcode'; code: 'barcode-shape' }
  | { field: 'barcode'; code: 'barcode-check-digit'; expected: number }
  | { field: 'price' | 'cost'; code: 'not-whole' }
  | { field: 'price' | 'cost'; code: 'negative' }
  | { field: 'price' | 'cost'; code: 'over-limit'; max: number };

export const PRODUCT_PROBLEM_CODES = ['required', 'too-long', 'sku-shape', 'barcode-shape', 'barcode-check-digit', 'not-whole', 'negative', 'over-limit'] as const;
export type ProductProblemCode = ProductProblem['code'];

function textProblem(field: 'name' | 'sku' | 'category' | 'unit' | 'producerId', value: string, max: number): ProductProblem | null {
  if (value.trim() === '') return { field, code: 'required' };
  if (value.length > max) return { field, code: 'too-long', max };
  return null;
}

function moneyProblem(field: 'price' | 'cost', value: number): ProductProblem | null {
  if (!Number.isInteger(value)) return { field, code: 'not-whole' };
  if (value < 0) return { field, code: 'negative' };
  if (value > PRODUCT_LIMITS.price) return { field, code: 'over-limit', max: PRODUCT_LIMITS.price };
  return null;
}

/** A barcode's own problem (shape, check digit); null when it may be saved. */
export function barcodeProblem(barcode: string): ProductProblem | null {
  if (!BARCODE_SHAPE.test(barcode)) return { field: 'barcode', code: 'barcode-shape' };
  const wrong = wrongCheckDigit(barcode.length === 14 ? barcode.slice(1) : barcode);
  if (wrong) return { field: 'barcode', code: 'barcode-check-digit', expected: wrong.expected };
  return null;
}

/** Every problem of a draft, at most one per field, in form order; empty when it may be saved. */
export function productProblems(d: ProductDraft): ProductProblem[] {
  const out: (ProductProblem | null)[] = [
    textProblem('name', d.name, PRODUCT_LIMITS.name),
    d.sku.trim() === '' ? { field: 'sku', code: 'required' } : d.sku.length > PRODUCT_LIMITS.sku ? { field: 'sku', code: 'too-long', max: PRODUCT_LIMITS.sku } : SKU_SHAPE.test(d.sku) ? null : { field: 'sku', code: 'sku-shape' },
    d.barcode === null || d.barcode === '' ? null : barcodeProblem(d.barcode),
    textProblem('category', d.category, PRODUCT_LIMITS.category),
    textProblem('producerId', d.producerId, 64),
    moneyProblem('price', d.price),
    d.cost === null ? null : moneyProblem('cost', d.cost),
    textProblem('unit', d.unit, PRODUCT_LIMITS.unit),
    d.story !== null && d.story.length > PRODUCT_LIMITS.story ? { field: 'story', code: 'too-long', max: PRODUCT_LIMITS.story } : null,
  ];
  return out.filter((p): p is ProductProblem => p !== null);
}

/** Text as it is saved: trimmed, inner runs of spaces kept as typed. */
export function tidyText(value: string): string {
  return value.trim();
}
