// Every code the server, the domain or the browser answers with has words in
// both languages, walked from the single lists the server and domain use, so
// no English message or raw id reaches an Indonesian screen.
import { describe, expect, it } from 'vitest';
import { APPROVAL_KINDS, RETURN_PROBLEM_CODES, type ReturnProblem } from '../../src/domain/approval.ts';
import type { QrisErrorCode } from '../../src/domain/qris.ts';
import { ERROR_CODE_LIST, type ErrorCode, type ErrorParams } from '../../src/protocol/errors.ts';
import { FLAG_KINDS, flagSchema, makeFlag, type Flag, type FlagKind, type FlagParams } from '../../src/protocol/flags.ts';
import { APPROVAL_WORDS, browserErrorText, ERROR_WORDS, flagText, QRIS_WORDS, qrisProblemText, returnProblemText, serverErrorText, type FlagNames } from '../../src/client/i18n/server-words.ts';
import { translate, type Language } from '../../src/client/i18n/strings.ts';
import type { T } from '../../src/client/i18n/use-t.ts';

const tOf = (lang: Language): T => (key, params) => translate(lang, key, params);
const LANGS: Language[] = ['id', 'en'];

/** Words that are complete: something said, every placeholder filled. */
function expectWorded(text: string): void {
  expect(text.trim().length).toBeGreaterThan(3);
  expect(text).not.toMatch(/\{[A-Za-z]+\}/);
  expect(text).not.toMatch(/undefined|\[object/);
}

/** What the server sends with these codes (app.ts, account-handlers.ts, prepare-body.ts). */
const ERROR_PARAMS: Partial<Record<ErrorCode, ErrorParams>> = {
  'body-too-large': { limitMb: 5 },
  'method-not-allowed': { allowed: 'GET, HEAD' },
  'update-required': { claimed: 2, current: 1 },
  'rate-limited': { retryAfterSeconds: 60 },
  'wrong-outlet': { own: 'ntb-mall', asked: 'booth-x' },
};

describe('every server error code', () => {
  it.each(ERROR_CODE_LIST)('%s has words in Indonesian and in English, and they differ', (code) => {
    const [id, en] = LANGS.map((lang) => serverErrorText(tOf(lang), code, ERROR_PARAMS[code] ?? {}));
    expectWorded(id ?? '');
    expectWorded(en ?? '');
    expect(id).not.toBe(en);
    expect(id).not.toContain('?');
    expect(ERROR_WORDS[code]).toBeDefined();
  });

  it('a code this app does not know is named as a code, not shown as the server English', () => {
    expect(serverErrorText(tOf('id'), 'brand-new-code')).toBe('Server menolak (kode brand-new-code). Hubungi admin.');
  });
});

const SAMPLE_PARAMS: { [K in FlagKind]: FlagParams<K> } = {
  'stock-negative': { productId: 'p-ckl-005', outletId: 'ntb-mall', level: -4985 },
  'outlet-unknown': { outletId: 'booth-x' },
  'product-unknown': { productId: 'p-ghost', name: 'Kopi Hantu' },
  'price-differs': { productId: 'p-ckl-005', name: 'Cokelat Lombok', soldAt: 60_000, catalogPrice: 55_000 },
  'outside-enrolment': { act: 'sale', outletId: 'booth-x', enrolledAt: 'ntb-mall' },
  'person-not-at-outlet': { role: 'cashier', userId: 'u-dewi', outletId: 'ntb-mall' },
  'approval-missing': { approval: 'price-override', lineId: 'l-1' },
  'approval-forged': { approval: 'void-line', approverId: 'u-dewi', lineId: null, outletId: 'ntb-mall' },
  'cart-line-unapproved': { productId: 'p-ckl-005', name: 'Cokelat Lombok', qty: 2 },
  'return-sale-unknown': { act: 'refund', saleId: 's-1' },
  'return-other-outlet': { act: 'void', outletId: 'booth-x', saleOutletId: 'ntb-mall' },
  'return-amount-differs': { act: 'refund', amount: 60_000, expected: 55_000 },
  'return-lines-invalid': { act: 'refund', problem: 'qty-over-left', lineId: null, name: 'Cokelat Lombok', left: 1 },
  'void-not-whole': {},
  'void-after-day': { voidDate: '2026-12-03', saleDate: '2026-12-02' },
  'return-stock-differs': { productId: 'p-ckl-005', back: 5, lines: 1 },
  'legacy-text': { text: 'an old note' },
  'transfer-difference': { transferId: 't-1', productId: 'p-ckl-005', sent: 8, received: 7 },
};

const NAMES: FlagNames = {
  product: (id) => (id === 'p-ckl-005' ? 'Cokelat Lombok' : id),
  outlet: (id) => (id === 'ntb-mall' ? 'NTB Mall' : id),
  user: (id) => (id === 'u-dewi' ? 'Dewi' : id),
  line: (id) => (id === 'l-1' ? 'Cokelat Lombok' : id),
};

describe('every kind of review flag', () => {
  it('the samples cover every kind', () => {
    expect(Object.keys(SAMPLE_PARAMS).sort()).toEqual([...FLAG_KINDS].sort());
  });

  it.each(FLAG_KINDS)('%s is worded in both languages, with names instead of the ids the device knows', (kind) => {
    const flag = makeFlag(kind, SAMPLE_PARAMS[kind] as never);
    // What the server sends parses on the device.
    expect(flagSchema.parse(JSON.parse(JSON.stringify(flag)))).toEqual(flag);
    const [id, en] = LANGS.map((lang) => flagText(tOf(lang), flag, NAMES));
    expectWorded(id ?? '');
    expectWorded(en ?? '');
    // Legacy notes only exist in English; every other kind reads differently in each language.
    if (kind !== 'legacy-text') expect(id).not.toBe(en);
    for (const known of ['p-ckl-005', 'ntb-mall', 'u-dewi', 'l-1']) expect(id).not.toContain(known);
  });

  it('a negative stock flag reads as in the issue, in Indonesian, with the product and outlet names', () => {
    const flag: Flag = makeFlag('stock-negative', { productId: 'p-ckl-005', outletId: 'ntb-mall', level: -4985 });
    expect(flag.message).toBe('stock of p-ckl-005 at ntb-mall is now -4985');
    expect(flagText(tOf('id'), flag, NAMES)).toBe('Stok Cokelat Lombok di NTB Mall sekarang -4985');
    // A product the device does not hold is named by its id.
    expect(flagText(tOf('id'), flag, { ...NAMES, product: (x) => x })).toBe('Stok p-ckl-005 di NTB Mall sekarang -4985');
  });
});

describe('every domain and browser code the screens show', () => {
  const RETURN_SAMPLES: Record<(typeof RETURN_PROBLEM_CODES)[number], ReturnProblem> = {
    'no-lines': { code: 'no-lines' },
    'line-not-on-sale': { code: 'line-not-on-sale', lineId: 'l-9' },
    'qty-not-whole': { code: 'qty-not-whole', name: 'Cokelat Lombok' },
    'qty-over-left': { code: 'qty-over-left', name: 'Cokelat Lombok', left: 1 },
  };
  it.each(RETURN_PROBLEM_CODES)('return problem %s', (code) => {
    const [id, en] = LANGS.map((lang) => returnProblemText(tOf(lang), RETURN_SAMPLES[code]));
    expectWorded(id ?? '');
    expectWorded(en ?? '');
    expect(id).not.toBe(en);
  });

  it.each(Object.keys(QRIS_WORDS) as QrisErrorCode[])('QRIS problem %s', (code) => {
    const [id, en] = LANGS.map((lang) => qrisProblemText(tOf(lang), { code, message: 'English', tag: '54', position: 3 }));
    expectWorded(id ?? '');
    expectWorded(en ?? '');
    expect(id).not.toBe(en);
  });

  it.each(APPROVAL_KINDS)('approval kind %s', (kind) => {
    expect(translate('id', APPROVAL_WORDS[kind])).not.toBe(translate('en', APPROVAL_WORDS[kind]));
  });

  it.each(['NotFoundError', 'NotAllowedError', 'NotReadableError', 'OverconstrainedError', 'SecurityError', 'AbortError', 'NetworkError', 'InvalidStateError', 'NotSupportedError'])(
    'browser %s',
    (name) => {
      const e = new DOMException('Requested device not found', name);
      const [id, en] = LANGS.map((lang) => browserErrorText(tOf(lang), e));
      expectWorded(id ?? '');
      expectWorded(en ?? '');
      expect(id).not.toBe(en);
      expect(id).not.toContain('Requested');
    },
  );
});
