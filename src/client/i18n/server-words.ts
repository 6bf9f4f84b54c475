// Codes from the server, the domain and the browser, worded in the reader's
// language. The server's `message` is English for API clients; a screen shows
// these words instead, with names from the device's catalog where it has them.
import type { ApprovalKind, ReturnProblem } from '../../domain/approval.ts';
import { formatRupiah } from '../../domain/money.ts';
import type { QrisError, QrisErrorCode } from '../../domain/qris.ts';
import { isErrorCode, type ErrorCode } from '../../protocol/error-codes.ts';
import type { ErrorParams } from '../../protocol/errors.ts';
import type { Flag, FlagKind, FlagParams } from '../../protocol/flags.ts';
import { CATALOG_ADMIN_ERROR_WORDS } from './outlets-strings.ts';
import type { StringKey } from './strings.ts';
import type { T } from './use-t.ts';

export const ERROR_WORDS: Record<ErrorCode, StringKey> = {
  unauthenticated: 'srvUnauthenticated',
  'device-revoked': 'srvDeviceRevoked',
  'session-expired': 'srvSessionExpired',
  'sign-in-failed': 'srvSignInFailed',
  forbidden: 'srvForbidden',
  'wrong-device': 'srvWrongDevice',
  'wrong-outlet': 'srvWrongOutlet',
  'rate-limited': 'srvRateLimited',
  'enrolment-code-unknown': 'srvEnrolmentCodeUnknown',
  'enrolment-code-used': 'srvEnrolmentCodeUsed',
  'enrolment-code-expired': 'srvEnrolmentCodeExpired',
  'device-already-enrolled': 'srvDeviceAlreadyEnrolled',
  'username-taken': 'srvUsernameTaken',
  'unknown-outlet': 'srvUnknownOutlet',
  'weak-pin': 'srvWeakPin',
  'outlet-required': 'srvOutletRequired',
  'last-admin': 'srvLastAdmin',
  'not-found': 'srvNotFound',
  'invalid-request': 'srvInvalidRequest',
  'malformed-json': 'srvMalformedJson',
  'bad-url': 'srvBadUrl',
  'bad-request': 'srvBadRequest',
  'headers-too-large': 'srvHeadersTooLarge',
  'body-too-large': 'srvBodyTooLarge',
  'unsupported-media-type': 'srvUnsupportedMediaType',
  'method-not-allowed': 'srvMethodNotAllowed',
  'update-required': 'srvUpdateRequired',
  'storage-failed': 'srvStorageFailed',
  'server-error': 'srvServerError',
  'reviewer-needed': 'srvReviewerNeeded',
  'password-change-required': 'srvPasswordChangeRequired',
  'wrong-password': 'srvWrongPassword',
  'store-unavailable': 'srvStoreUnavailable',
  'no-local-ca': 'srvNoLocalCa',
  'id-conflict': 'srvIdConflict',
  'product-invalid': 'srvProductInvalid',
  'sku-taken': 'srvSkuTaken',
  'barcode-taken': 'srvBarcodeTaken',
  'unknown-producer': 'srvUnknownProducer',
  'import-unreadable': 'srvImportUnreadable',
  ...CATALOG_ADMIN_ERROR_WORDS,
  'photo-not-webp': 'srvPhotoNotWebp',
  'photo-too-large': 'srvPhotoTooLarge',
  'period-invalid': 'srvPeriodInvalid',
  'settlement-draft-exists': 'srvSettlementDraftExists',
  'settlement-empty': 'srvSettlementEmpty',
  'settlement-frozen': 'srvSettlementFrozen',
  'settlement-not-shareable': 'srvSettlementNotShareable',
  'statement-link-unknown': 'srvStatementLinkUnknown',
  'statement-link-expired': 'srvStatementLinkExpired',
  'statement-link-revoked': 'srvStatementLinkRevoked',
  'settlement-cost-unknown': 'srvSettlementCostUnknown',
  'settlement-no-levy-rule': 'srvSettlementNoLevyRule',
  'kode-billing-invalid': 'srvKodeBillingInvalid',
  'ntpn-invalid': 'srvNtpnInvalid',
  'cash-reason-code-taken': 'srvCashReasonCodeTaken',
  'cash-reason-last-offered': 'srvCashReasonLastOffered',
};

/**
 * A server refusal in the reader's words. A code this app does not know (a
 * newer server) is named as a code, never shown as the server's English.
 * Parameters the words need but the answer lacks (an older server) read "?".
 */
export function serverErrorText(t: T, code: string | null, params: ErrorParams = {}): string {
  if (!isErrorCode(code)) return t('srvUnknownCode', { code: code ?? '?' });
  return t(ERROR_WORDS[code], params).replace(/\{[A-Za-z]+\}/g, '?');
}

/** Names the device holds for the ids a flag carries; each falls back to the id. */
export interface FlagNames {
  product: (id: string) => string;
  outlet: (id: string) => string;
  user: (id: string) => string;
  /** A line of the flagged sale, by its id: its product's name. */
  line: (id: string) => string;
}

export const APPROVAL_WORDS: Record<ApprovalKind, StringKey> = {
  'void-line': 'approvalKindVoidLine',
  'void-sale': 'approvalKindVoidSale',
  refund: 'approvalKindRefund',
  'price-override': 'approvalKindPriceOverride',
  'discount-over-limit': 'approvalKindDiscountOverLimit',
  'large-sale': 'approvalKindLargeSale',
  'stock-adjust': 'approvalKindStockAdjust',
  'stock-count': 'approvalKindStockCount',
  'cash-out': 'approvalKindCashOut',
  'shift-selisih': 'approvalKindShiftSelisih',
};

const act = (t: T, a: 'sale' | 'void' | 'refund'): string => t(a === 'sale' ? 'flagActSale' : a === 'void' ? 'returnKindVoid' : 'returnKindRefund');
const onLine = (t: T, n: FlagNames, lineId: string | null): string => (lineId ? t('flagOnLine', { product: n.line(lineId) }) : '');

export function returnProblemText(t: T, p: ReturnProblem): string {
  switch (p.code) {
    case 'no-lines':
      return t('returnNoLines');
    case 'line-not-on-sale':
      return t('returnLineNotOnSale', { line: p.lineId });
    case 'qty-not-whole':
      return t('returnQtyNotWhole', { name: p.name });
    case 'qty-over-left':
      return t('returnQtyOverLeft', { name: p.name, left: p.left });
  }
}

function returnLinesProblem(p: FlagParams<'return-lines-invalid'>, n: FlagNames): ReturnProblem {
  switch (p.problem) {
    case 'no-lines':
      return { code: 'no-lines' };
    case 'line-not-on-sale':
      return { code: 'line-not-on-sale', lineId: p.lineId ?? '?' };
    case 'qty-not-whole':
      return { code: 'qty-not-whole', name: p.name ?? (p.lineId ? n.line(p.lineId) : '?') };
    case 'qty-over-left':
      return { code: 'qty-over-left', name: p.name ?? '?', left: p.left ?? 0 };
  }
}

/** Each kind's words; a kind without them does not compile. */
export const FLAG_WORDS: { [K in FlagKind]: (t: T, p: FlagParams<K>, n: FlagNames) => string } = {
  'stock-negative': (t, p, n) => t('flagStockNegative', { product: n.product(p.productId), outlet: n.outlet(p.outletId), level: p.level }),
  'outlet-unknown': (t, p) => t('flagOutletUnknown', { outlet: p.outletId }),
  'product-unknown': (t, p) => t('flagProductUnknown', { product: `${p.name} (${p.productId})` }),
  'price-differs': (t, p) => t('flagPriceDiffers', { product: p.name, soldAt: formatRupiah(p.soldAt), catalogPrice: formatRupiah(p.catalogPrice) }),
  'tax-exemption-differs': (t, p) => t(p.claimed ? 'flagSoldExemptCatalogTaxed' : 'flagSoldTaxedCatalogExempt', { product: p.name }),
  'outside-enrolment': (t, p, n) => t('flagOutsideEnrolment', { act: act(t, p.act), outlet: n.outlet(p.outletId), enrolledAt: n.outlet(p.enrolledAt) }),
  'person-not-at-outlet': (t, p, n) =>
    t('flagPersonNotAtOutlet', { role: t(p.role === 'cashier' ? 'roleCashier' : 'flagRoleUser'), person: n.user(p.userId), outlet: n.outlet(p.outletId) }),
  'approval-missing': (t, p, n) => t('flagApprovalMissing', { approval: t(APPROVAL_WORDS[p.approval]), line: onLine(t, n, p.lineId) }),
  'approval-forged': (t, p, n) =>
    t('flagApprovalForged', { approver: n.user(p.approverId), approval: t(APPROVAL_WORDS[p.approval]).toLowerCase(), line: onLine(t, n, p.lineId), outlet: n.outlet(p.outletId) }),
  'cart-line-unapproved': (t, p) => t('flagCartLineUnapproved', { product: p.name, qty: p.qty }),
  'return-sale-unknown': (t, p) => t('flagReturnSaleUnknown', { act: act(t, p.act), sale: p.saleId }),
  'return-other-outlet': (t, p, n) => t('flagReturnOtherOutlet', { act: act(t, p.act), outlet: n.outlet(p.outletId), saleOutlet: n.outlet(p.saleOutletId) }),
  'return-amount-differs': (t, p) => t('flagReturnAmountDiffers', { act: act(t, p.act), amount: formatRupiah(p.amount), expected: formatRupiah(p.expected) }),
  'return-lines-invalid': (t, p, n) => t('flagReturnLinesInvalid', { act: act(t, p.act), problem: returnProblemText(t, returnLinesProblem(p, n)) }),
  'void-not-whole': (t) => t('flagVoidNotWhole'),
  'void-after-day': (t, p) => t('flagVoidAfterDay', { voidDate: p.voidDate, saleDate: p.saleDate }),
  'return-stock-differs': (t, p, n) => t('flagReturnStockDiffers', { product: n.product(p.productId), back: p.back, lines: p.lines }),
  'legacy-text': (t, p) => t('flagLegacyText', { text: p.text }),
  'transfer-difference': (t, p, n) => t('flagTransferDifference', { product: n.product(p.productId), sent: p.sent, received: p.received }),
  'count-out-of-scope': (t, p, n) => t('flagCountOutOfScope', { product: n.product(p.productId), category: p.category }),
  'count-uncounted': (t, p) => t('flagCountUncounted', { n: p.uncounted, category: p.category }),
  'qris-disputed': (t, p) => t('flagQrisDisputed', { amount: formatRupiah(p.amount), note: p.note }),
  'payment-not-awaiting': (t) => t('flagPaymentNotAwaiting'),
  'shift-closed': (t, p) => t('flagShiftClosed', { zNo: p.zNo }),
  'shift-unknown': (t, p) => t('flagShiftUnknown', { shift: p.shiftId.slice(-6) }),
  'shift-figures-differ': (t, p) =>
    t('flagShiftFiguresDiffer', {
      method: p.method === 'sales' ? t('flagShiftSalesCount') : t(p.method),
      stated: p.method === 'sales' ? p.stated : formatRupiah(p.stated),
      counted: p.method === 'sales' ? p.counted : formatRupiah(p.counted),
    }),
  'z-number-repeated': (t, p) => t('flagZNumberRepeated', { zNo: p.zNo }),
  'slip-figures-differ': (t, p) =>
    t('flagSlipFiguresDiffer', {
      shift: p.shiftId.slice(-6),
      method: p.method === 'sales' ? t('flagShiftSalesCount') : t(p.method),
      stated: p.method === 'sales' ? p.stated : formatRupiah(p.stated),
      counted: p.method === 'sales' ? p.counted : formatRupiah(p.counted),
    }),
  'slip-merged-twice': (t, p) => t('flagSlipMergedTwice', { shift: p.shiftId.slice(-6), zNo: p.zNo }),
  'slip-missing': (t, p) => t('flagSlipMissing', { shift: p.shiftId.slice(-6), zNo: p.zNo }),
  'cash-reason-unknown': (t, p) => t(p.direction === 'in' ? 'flagCashReasonUnknownIn' : 'flagCashReasonUnknownOut', { reason: p.reason }),
};

export function flagText(t: T, flag: Flag, names: FlagNames): string {
  // The union's kind and params travel together; TypeScript cannot see that through the lookup.
  const words = FLAG_WORDS[flag.kind] as (t: T, p: Flag['params'], n: FlagNames) => string;
  return words(t, flag.params, names);
}

/** The ids a flag names, so a page can look their names up in one go. */
export function flagIds(flag: Flag): { products: string[]; outlets: string[]; users: string[] } {
  const p = flag.params as Partial<Record<string, unknown>>;
  const pick = (...keys: string[]) => keys.flatMap((k) => (typeof p[k] === 'string' ? [p[k]] : []));
  return { products: pick('productId'), outlets: pick('outletId', 'enrolledAt', 'saleOutletId'), users: pick('userId', 'approverId') };
}

export const QRIS_WORDS: Record<QrisErrorCode, StringKey> = {
  empty: 'qrisEmpty',
  'bad-character': 'qrisBadCharacter',
  'too-long': 'qrisTooLong',
  'bad-tag': 'qrisBadTag',
  'bad-length': 'qrisBadLength',
  'duplicate-tag': 'qrisDuplicateTag',
  'bad-template': 'qrisBadTemplate',
  'missing-tag': 'qrisMissingTag',
  'bad-format-indicator': 'qrisBadFormatIndicator',
  'bad-initiation': 'qrisBadInitiation',
  'crc-not-last': 'qrisCrcNotLast',
  'bad-crc-format': 'qrisBadCrcFormat',
  'crc-mismatch': 'qrisCrcMismatch',
  'bad-currency': 'qrisBadCurrency',
  'bad-country': 'qrisBadCountry',
  'missing-merchant-account': 'qrisMissingMerchantAccount',
  'bad-amount': 'qrisBadAmount',
  'amount-not-integer': 'qrisAmountNotInteger',
  'amount-not-positive': 'qrisAmountNotPositive',
  'amount-too-large': 'qrisAmountTooLarge',
};

export function qrisProblemText(t: T, e: QrisError): string {
  return t(QRIS_WORDS[e.code], { tag: e.tag ?? '?', position: e.position === undefined ? '?' : e.position + 1 });
}

const BROWSER_WORDS: Readonly<Record<string, StringKey>> = {
  NotFoundError: 'browserNotFound',
  NotAllowedError: 'browserNotAllowed',
  NotReadableError: 'browserNotReadable',
  OverconstrainedError: 'browserOverconstrained',
  SecurityError: 'browserSecurity',
  AbortError: 'browserAborted',
  NetworkError: 'browserNetwork',
  InvalidStateError: 'browserInvalidState',
  NotSupportedError: 'browserNotSupported',
};

/**
 * A browser's DOMException (camera, WebUSB, Web Serial, Bluetooth) by its
 * name, which is the same in every language, unlike its message ("Requested
 * device not found"). Null for anything that is not a browser error.
 */
export function browserErrorText(t: T, e: unknown): string | null {
  const name = typeof e === 'object' && e !== null && 'name' in e && typeof e.name === 'string' ? e.name : null;
  if (name === null || !(e instanceof Error || (typeof DOMException !== 'undefined' && e instanceof DOMException))) return null;
  const key = BROWSER_WORDS[name];
  if (key) return t(key);
  return name.endsWith('Error') && name !== 'Error' && name !== 'TypeError' && name !== 'RangeError' ? t('browserOther', { name }) : null;
}
