// A product rule broken, in the reader's words: from the form's own check
// (domain/product-rules.ts) or from the server's product-invalid refusal,
// which carries the same rule in params.problem.
import { formatRupiah } from '../../../../domain/money.ts';
import { PRODUCT_PROBLEM_CODES, type ProductProblem, type ProductProblemCode } from '../../../../domain/product-rules.ts';
import { PRODUCT_ERROR_CODES } from '../../../../protocol/errors.ts';
import type { StringKey } from '../../../i18n/strings.ts';
import type { T } from '../../../i18n/use-t.ts';
import { serverErrorText } from '../../../i18n/server-words.ts';
import { ManagementError, managementErrorText } from '../../../shared/services/management-session.ts';

const PROBLEM_WORDS: Record<ProductProblemCode, StringKey> = {
  required: 'prodProblemRequired',
  'too-long': 'prodProblemTooLong',
  'sku-shape': 'prodProblemSkuShape',
  'barcode-shape': 'prodProblemBarcodeShape',
  'barcode-check-digit': 'prodProblemBarcodeCheckDigit',
  'not-whole': 'prodProblemNotWhole',
  negative: 'prodProblemNegative',
  'over-limit': 'prodProblemOverLimit',
};

export function problemText(t: T, p: { code: ProductProblemCode; max?: number; expected?: number }): string {
  return t(PROBLEM_WORDS[p.code], {
    max: p.code === 'over-limit' ? formatRupiah(p.max ?? 0) : (p.max ?? 0),
    expected: p.expected ?? '?',
  });
}

export const formProblemText = (t: T, p: ProductProblem): string => problemText(t, p);

/** Where a server refusal belongs on the product form, and its words; field null: about the whole form. */
export function refusalOnForm(t: T, e: unknown): { field: string | null; text: string } {
  if (!(e instanceof ManagementError)) return { field: null, text: managementErrorText(t, e) };
  if (e.code === PRODUCT_ERROR_CODES.productInvalid) {
    const problem = (PRODUCT_PROBLEM_CODES as readonly string[]).find((c) => c === e.params.problem) as ProductProblemCode | undefined;
    const max = typeof e.params.max === 'number' ? e.params.max : undefined;
    const expected = typeof e.params.expected === 'number' ? e.params.expected : undefined;
    if (problem) return { field: e.field, text: problemText(t, { code: problem, ...(max !== undefined ? { max } : {}), ...(expected !== undefined ? { expected } : {}) }) };
  }
  if (e.code === PRODUCT_ERROR_CODES.skuTaken || e.code === PRODUCT_ERROR_CODES.barcodeTaken || e.code === PRODUCT_ERROR_CODES.unknownProducer) {
    return { field: e.field, text: serverErrorText(t, e.code, e.params) };
  }
  return { field: null, text: managementErrorText(t, e) };
}
