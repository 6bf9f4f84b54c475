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
import { auditEntryWords, auditNoteWords } from '../../src/client/i18n/audit-words.ts';
import { pushAnswerText } from '../../src/client/i18n/push-words.ts';
import { PUSH_PROBLEM_CODES, pushProblem, type PushProblemCode, type PushProblemParams } from '../../src/protocol/push-problems.ts';
import { AUDIT_NOTE_CODES, auditNote, type AuditNoteCode, type AuditNoteParams } from '../../src/protocol/audit-notes.ts';
import type { T } from '../../src/client/i18n/use-t.ts';
// The back office's words, registered as its chunks do when they load.
import '../../src/client/i18n/products-strings.ts';
import '../../src/client/i18n/labels-strings.ts';
import '../../src/client/i18n/stock-strings.ts';
import '../../src/client/i18n/settlement-strings.ts';
import '../../src/client/i18n/shift-strings.ts';
import '../../src/client/i18n/shift-admin-strings.ts';

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
  'sku-taken': { name: 'Cukli Kotak Perhiasan', sku: 'CKL-005' },
  'barcode-taken': { name: 'Cukli Kotak Perhiasan', barcode: '2000000000015' },
  'import-unreadable': { reason: 'not an XLSX workbook' },
  'qris-invalid': { qris: 'crc-mismatch' },
  'limit-out-of-range': { min: 1, max: 9999 },
  'term-category-twice': { category: 'Tenun' },
  'levy-sum-not-100': { index: 0, sumBp: 9500, sum: '95' },
  'levy-same-date': { index: 1, date: '2024-01-01' },
  'levy-rule-in-force': { date: '2024-01-01' },
  'settlement-empty': { to: '2026-03-31' },
  'settlement-cost-unknown': { lines: 2 },
  'settlement-no-levy-rule': { lines: 1 },
  'cash-reason-code-taken': { code: 'beli-es' },
  'cash-reason-last-offered': { direction: 'in' },
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
  'tax-exemption-differs': { productId: 'p-ckl-005', name: 'Cokelat Lombok', claimed: true, catalog: false },
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
  'count-out-of-scope': { productId: 'p-ckl-005', category: 'Tenun' },
  'count-uncounted': { category: 'Tenun', uncounted: 3 },
  'qris-disputed': { paymentId: 'pay-1', amount: 150_000, note: 'tidak ada di mutasi BRI' },
  'payment-not-awaiting': { paymentId: 'pay-1', saleId: 's-1' },
  'shift-closed': { act: 'sale', shiftId: 'sh-1', zNo: 3 },
  'shift-unknown': { act: 'close', shiftId: 'sh-1' },
  'shift-figures-differ': { method: 'cash', stated: 150_000, counted: 140_000 },
  'z-number-repeated': { drawerId: 'd-1', zNo: 3 },
  'slip-figures-differ': { shiftId: 'sh-2', method: 'qris', stated: 60_000, counted: 45_000 },
  'slip-merged-twice': { shiftId: 'sh-2', zNo: 4 },
  'slip-missing': { shiftId: 'sh-3', zNo: 4 },
  'cash-reason-unknown': { direction: 'out', reason: 'beli-es' },
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

/** One note of each code, as the server writes them (src/server/accounts, src/server/sync). */
const NOTE_SAMPLES: { [K in AuditNoteCode]: AuditNoteParams[K] } = {
  'user.created': { role: 'cashier', name: 'Lalu Kasir', username: 'lalu', outletId: 'ntb-mall', pin: true, password: false },
  'user.renamed': { username: 'lalu', from: 'Lalu', to: 'Lalu Kasir' },
  'user.role-changed': { username: 'lalu', from: 'cashier', to: 'supervisor' },
  'user.outlet-changed': { username: 'lalu', from: 'ntb-mall', to: null },
  'user.deactivated': { username: 'lalu' },
  'user.reactivated': { username: 'lalu' },
  'user.pin-set': { username: 'lalu' },
  'user.pin-changed': { username: 'lalu' },
  'user.password-set': { username: 'lalu' },
  'user.password-changed': { username: 'lalu' },
  'user.password-replaced-one-time': {},
  'user.password-changed-own': {},
  'device.registered': { label: 'Tablet 2', outletId: 'ntb-mall' },
  'device.enrolled': { deviceId: 'dev-1', label: 'Tablet 2' },
  'device.rotated': { deviceId: 'dev-1' },
  'device.revoked': { label: 'Tablet 2', deviceId: 'dev-1' },
  'device.revoked-unused': { label: 'Tablet 2' },
  'auth.signed-in': { role: 'admin', from: '10.0.0.5' },
  'auth.sign-in-refused': { why: 'wrong-password', from: '10.0.0.5' },
  'auth.signed-out': {},
  'sale.voided': { amount: 32_000, method: 'cash', approverId: 'u-spv', reason: 'salah input' },
  'sale.refunded': { amount: 15_000, method: 'qris', approverId: 'u-spv', reason: 'barang rusak' },
  'cart.cleared': { lines: 2, items: 'Cukli ×1, Madu ×2', unapproved: 1 },
  'approval.given': { kind: 'price-override', requestedBy: 'u-kasir', lineId: 'l1', detail: 'Rp 30.000' },
  'approval.forged': { kind: 'refund', approverId: 'u-kasir', lineId: null, detail: 'Rp 15.000' },
  'sync.resent-after-restore': { count: 3, fromSeq: 10, toSeq: 12 },
  'flag.resolved': { action: 'stock-count', counted: 12, delta: 4, note: 'dihitung ulang' },
  'product.created': { name: 'Cukli Kotak', sku: 'CKL-1', price: 120_000 },
  'product.changed': { name: 'Cukli Kotak', sku: 'CKL-1', fields: 'price,story', priceFrom: 120_000, priceTo: 125_000 },
  'product.imported': { rows: 20, created: 18, updated: 1, unchanged: 1, producersCreated: 'UMKM Baru' },
  'outlet.created': { name: 'Booth PRJ', kind: 'booth' },
  'outlet.changed': { name: 'Booth PRJ', fields: 'qrisStatic,endDate' },
  'producer.created': { name: 'Bengkel Cukli', kind: 'lapas' },
  'producer.changed': { name: 'Bengkel Cukli', fields: 'levyRules' },
  'label.printed': { name: 'Cukli Kotak', sku: 'CKL-1', price: 120_000 },
  'label.skipped': { name: 'Cukli Kotak', sku: 'CKL-1', price: 120_000, reason: 'price-change' },
  'product.photo-set': { sku: 'CKL-1', width: 320, height: 240, bytes: 18_000 },
  'product.photo-removed': { sku: 'CKL-1' },
  'stock.reason-saved': { code: 'pameran', label: 'Dipajang di pameran', active: true, created: true },
  'stock.adjusted': { reason: 'rusak', lines: 1, units: -2, approverId: 'u-spv', note: 'pecah' },
  'payment.confirmed': { receiptNo: 'AB12-000007', amount: 150_000, reference: 'BRI 8812' },
  'payment.disputed': { receiptNo: null, amount: null, note: 'tidak ada di mutasi' },
  'stock.counted': { products: 40, changed: 1, approverId: 'u-spv' },
  'stock.received': { noteNo: 'NK-12', producerId: 'lapas-mataram', lines: 2, units: 20, cost: 800_000 },
  'transfer.sent': { toOutletId: 'booth-1', lines: 2, units: 20 },
  'transfer.received': { fromOutletId: 'ntb-mall', units: 19, differs: true },
  'settlement.drafted': { producerId: 'lapas-mataram', from: '2026-03-01', to: '2026-03-31', lines: 12, returns: 1 },
  'settlement.discarded': { producerId: 'lapas-mataram', from: '2026-03-01', to: '2026-03-31' },
  'settlement.corrected': { producerId: 'umkm-kopi', amount: -5_000, note: 'Selisih retur Februari' },
  'settlement.approved': { producerId: 'lapas-mataram', from: '2026-03-01', to: '2026-03-31', payable: 1_250_000, costDecision: 'HPP belum dicatat bengkel' },
  'settlement.paid': { producerId: 'umkm-kopi', amount: 400_000, method: 'transfer', reference: 'BRI 0042', date: '2026-04-02' },
  'settlement.shared': { producerId: 'umkm-kopi', from: '2026-03-01', to: '2026-03-31', expiresAt: Date.UTC(2026, 4, 2) },
  'settlement.share-revoked': { producerId: 'umkm-kopi', from: '2026-03-01', to: '2026-03-31', links: 2 },
  'pnbp.recorded': { lapas: 'Lapas Kelas IIA Mataram', from: '2026-03-01', to: '2026-03-31', amount: 150_000, kodeBilling: '820260401234567', ntpn: '' },
  'shift.closed': { zNo: 3, drawerId: 'd-1', counted: 450_000, selisih: -5_000, approverId: 'u-spv' },
  'cash.moved': { direction: 'out', amount: 600_000, reason: 'setoran-bank', note: 'BRI', approverId: 'u-spv' },
  'cash-reason.saved': { code: 'beli-es', label: 'Beli es', direction: 'out', active: false, created: false, fields: 'label,active' },
};

describe('every audit note', () => {
  const names = { user: (id: string) => `nama:${id}`, device: (id: string) => `alat:${id}`, outlet: (id: string) => `outlet:${id}` };
  it.each(AUDIT_NOTE_CODES)('%s has words in Indonesian and in English, with names for ids', (code) => {
    const note = auditNote(code, NOTE_SAMPLES[code] as never);
    const [id, en] = LANGS.map((lang) => auditNoteWords(tOf(lang), note, names));
    expectWorded(id ?? '');
    expectWorded(en ?? '');
    expect(id).not.toBe(en);
    // Ids that name people and outlets are shown as names.
    for (const [k, v] of Object.entries(NOTE_SAMPLES[code])) {
      if (k === 'approverId' || k === 'requestedBy') expect(id).toContain(`nama:${String(v)}`);
      if (k === 'outletId' && v !== null) expect(id).toContain(`outlet:${String(v)}`);
    }
  });

  it('an entry without a note, or with a code this app does not know, shows its detail', () => {
    const t = tOf('id');
    const names = { user: (x: string) => x, device: (x: string) => x, outlet: (x: string) => x };
    expect(auditEntryWords(t, { detail: 'signed out', note: null }, names)).toBe('signed out');
    expect(auditEntryWords(t, { detail: 'future thing', note: { code: 'shift.close', params: {} } }, names)).toBe('future thing');
    expect(auditEntryWords(t, { detail: 'signed out', note: { code: 'auth.signed-out', params: {} } }, names)).toBe('Keluar.');
  });
});

/** One answer of each code, as the server's handlers write them. */
const PUSH_SAMPLES: { [K in PushProblemCode]: PushProblemParams[K] } = {
  flagged: {},
  'sale-other-device': { receipt: 'NTB-0001', owner: 'dev-2' },
  'sale-line-too-large': { receipt: 'NTB-0001', name: 'Cukli', qty: 12_000, max: 9999 },
  'sale-total-too-large': { receipt: 'NTB-0001', total: 2_000_000_000, max: 1_000_000_000 },
  'already-stored': { what: 'return', ref: 'r-1' },
  'id-repeated': { ref: 'NTB-0001', id: 'l-1' },
  'id-taken': { ref: 'NTB-0001', id: 'l-1' },
  'not-a-reviewer': { userId: 'u-kasir', outletId: 'ntb-mall' },
  'resolve-other-outlet': { enrolled: 'booth-1', asked: 'ntb-mall' },
  'subject-missing': { what: 'sale', ref: 'NTB-0009' },
  'subject-other-outlet': { what: 'sale', ref: 'NTB-0009', outletId: 'booth-1', asked: 'ntb-mall' },
  'mutation-id-reused': { seq: 4 },
  'seq-never-stored': { seq: 3, lastSeq: 9 },
  'seq-reused': { seq: 3 },
  'unknown-type': { type: 'shift.close' },
  'invalid-payload': { field: 'sale.lines.0.qty' },
};

describe('every answer to a pushed mutation', () => {
  const names = { product: (x: string) => `produk:${x}`, outlet: (x: string) => `outlet:${x}`, user: (x: string) => `orang:${x}`, line: (x: string) => `baris:${x}` };
  it.each(PUSH_PROBLEM_CODES)('%s has words in Indonesian and in English', (code) => {
    const flags = code === 'flagged' ? [makeFlag('stock-negative', { productId: 'p-1', outletId: 'ntb-mall', level: -2 })] : [];
    const problem = pushProblem(code, PUSH_SAMPLES[code] as never, flags);
    const [id, en] = LANGS.map((lang) => pushAnswerText(tOf(lang), { problem, reason: 'english reason' }, names) ?? '');
    expectWorded(id ?? '');
    expectWorded(en ?? '');
    expect(id).not.toBe(en);
    expect(id).not.toContain('english reason');
    if (code === 'flagged') expect(id).toContain('produk:p-1');
  });

  it('a code this app does not know shows the server reason', () => {
    expect(pushAnswerText(tOf('id'), { problem: { code: 'later-thing', params: {}, flags: [] }, reason: 'english reason' }, names)).toBe('english reason');
    expect(pushAnswerText(tOf('id'), { problem: null, reason: null }, names)).toBeNull();
  });
});
