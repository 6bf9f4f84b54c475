// Every `error.code` the server answers with, in one list, without zod: the
// counter words refusals in its first download, which carries no schema.
/**
 * `error.code` of the refusals these routes give, so a client can act on the
 * code and show the message. The HTTP status is in brackets.
 */
export const AUTH_ERROR_CODES = {
  /** [401] No credential, an unknown or malformed one, or a rotated-away device token. */
  unauthenticated: 'unauthenticated',
  /** [401] This device was revoked: its unsynced sales stay on it; export them from the sync panel. */
  deviceRevoked: 'device-revoked',
  /** [401] The session ended: signed out, 8 hours passed, or 30 minutes unused. Sign in again. */
  sessionExpired: 'session-expired',
  /** [401] Sign-in with a wrong username or password (the two are not told apart). */
  signInFailed: 'sign-in-failed',
  /** [403] The credential is valid but this route needs another kind or role. */
  forbidden: 'forbidden',
  /** [403] A device named another device (push body, import file, sales query). */
  wrongDevice: 'wrong-device',
  /** [403] A device or supervisor asked for another outlet. */
  wrongOutlet: 'wrong-outlet',
  /** [429] Too many attempts; Retry-After says in how many seconds to try again. */
  rateLimited: 'rate-limited',
  /** [400] No registration has this enrolment code. */
  enrolmentCodeUnknown: 'enrolment-code-unknown',
  /** [409] This enrolment code was already used by a device. */
  enrolmentCodeUsed: 'enrolment-code-used',
  /** [410] This enrolment code expired (24 hours) or its registration was revoked. */
  enrolmentCodeExpired: 'enrolment-code-expired',
  /** [409] The device id is already enrolled and not revoked. */
  deviceAlreadyEnrolled: 'device-already-enrolled',
  /** [409] Another user has this username. */
  usernameTaken: 'username-taken',
  /** [400] No outlet has this id. */
  unknownOutlet: 'unknown-outlet',
  /** [400] The PIN is one a passer-by guesses first. */
  weakPin: 'weak-pin',
  /** [400] Only admins may have no outlet. */
  outletRequired: 'outlet-required',
  /** [409] The change would leave no active admin. */
  lastAdmin: 'last-admin',
  /** [404] No device registration or user with this id. */
  notFound: 'not-found',
  /** [403] The session's password was printed by the server: replace it (POST /api/auth/password) before anything else. */
  passwordChangeRequired: 'password-change-required',
  /** [400] The current password given to replace it is wrong. */
  wrongPassword: 'wrong-password',
  /** [403] A device asked for the review without naming a supervisor or admin of its outlet signed in on it (a cashier is refused). */
  reviewerNeeded: 'reviewer-needed',
} as const;

/** The refusals of any route: the body, the URL, the server itself. */
export const GENERAL_ERROR_CODES = {
  /** [400] A field is missing or wrong; `field` names it. */
  invalidRequest: 'invalid-request',
  /** [400] The body is not JSON. */
  malformedJson: 'malformed-json',
  /** [400] The URL cannot be decoded. */
  badUrl: 'bad-url',
  /** [400] The request cannot be read (a control character in a header). */
  badRequest: 'bad-request',
  /** [431] The headers are too large. */
  headersTooLarge: 'headers-too-large',
  /** [413] The body is over the route's limit (`params.limitMb`). */
  bodyTooLarge: 'body-too-large',
  /** [415] The body is not application/json. */
  unsupportedMediaType: 'unsupported-media-type',
  /** [405] A known path asked with another method (`params.allowed`). */
  methodNotAllowed: 'method-not-allowed',
  /** [426] Written for another protocol version: update the app (`params.claimed`, `params.current`). */
  updateRequired: 'update-required',
  /** [503] The server cannot write to its storage until someone restarts it. */
  storageFailed: 'storage-failed',
  /** [500] The server failed; send the same request again. */
  serverError: 'server-error',
  /** [503] The health check's write was refused: the database is down or its disk full. */
  storeUnavailable: 'store-unavailable',
  /** [404] This server has no local certificate authority to offer tablets (`npm run tls:init` makes one). */
  noLocalCa: 'no-local-ca',
  /** [409] An id (a resolution's, a stock event's) is already used by something else. */
  idConflict: 'id-conflict',
} as const;

/** The refusals of product administration and the product import. */
export const PRODUCT_ERROR_CODES = {
  /** [400] A product field breaks a rule of domain/product-rules.ts; `field` names it, `params.problem` the rule (`max`, `expected` where they apply). */
  productInvalid: 'product-invalid',
  /** [409] Another product has this SKU (`params.name`, `params.sku`). */
  skuTaken: 'sku-taken',
  /** [409] Another product has this barcode (`params.name`, `params.barcode`). */
  barcodeTaken: 'barcode-taken',
  /** [400] No producer has this id (`params.producer`). */
  unknownProducer: 'unknown-producer',
  /** [400] The import file is neither a CSV nor an XLSX this server can read (`params.reason`). */
  importUnreadable: 'import-unreadable',
} as const;

/**
 * [400/409] Outlets and producers refused by their rules (domain/outlet-settings.ts,
 * domain/producer.ts); `field` names the form field, `params` what the words need.
 */
export const CATALOG_ADMIN_ERROR_CODES = {
  outletIdInvalid: 'outlet-id-invalid',
  outletNameMissing: 'outlet-name-missing',
  npwpInvalid: 'npwp-invalid',
  /** `params.qris`: the QRIS problem's code. */
  qrisInvalid: 'qris-invalid',
  cutoffInvalid: 'cutoff-invalid',
  roundingInvalid: 'rounding-invalid',
  /** `params.min`, `params.max`. */
  limitOutOfRange: 'limit-out-of-range',
  boothDatesMissing: 'booth-dates-missing',
  boothDatesReversed: 'booth-dates-reversed',
  homeOutletMissing: 'home-outlet-missing',
  homeOutletSelf: 'home-outlet-self',
  /** [400] The home outlet is not an outlet, or is itself a booth. */
  homeOutletUnknown: 'home-outlet-unknown',
  lapasMissing: 'lapas-missing',
  /** [409] Another outlet has this id. */
  outletIdTaken: 'outlet-id-taken',
  producerIdInvalid: 'producer-id-invalid',
  producerNameMissing: 'producer-name-missing',
  phoneInvalid: 'phone-invalid',
  payoutIncomplete: 'payout-incomplete',
  termOutOfRange: 'term-out-of-range',
  termCategoryTwice: 'term-category-twice',
  /** `params.sumBp`. */
  levySumNot100: 'levy-sum-not-100',
  levyShareInvalid: 'levy-share-invalid',
  levyDateInvalid: 'levy-date-invalid',
  /** `params.date`. */
  levySameDate: 'levy-same-date',
  levySourceMissing: 'levy-source-missing',
  levyForUmkm: 'levy-for-umkm',
  /** [409] A rule already in force was changed or removed (`params.date`): add a newer one instead. */
  levyRuleInForce: 'levy-rule-in-force',
  /** [409] Another producer has this id. */
  producerIdTaken: 'producer-id-taken',
} as const;

/** The refusals of producer settlement and the PNBP record. */
export const SETTLEMENT_ERROR_CODES = {
  /** [400] A period whose start is after its end. */
  periodInvalid: 'period-invalid',
  /** [409] The producer has a draft already (`params.id`): approve or discard it first. */
  settlementDraftExists: 'settlement-draft-exists',
  /** [409] Nothing is left to settle up to the period end (`params.to`). */
  settlementEmpty: 'settlement-empty',
  /** [409] The act does not fit the settlement's state (`params.state`, `params.act`): approved is frozen, paid is done. */
  settlementFrozen: 'settlement-frozen',
  /** [409] Lines without HPP under a profit rule (`params.lines`): approval needs the recorded reason. */
  settlementCostUnknown: 'settlement-cost-unknown',
  /** [409] Lines sold before the workshop's first levy rule (`params.lines`). */
  settlementNoLevyRule: 'settlement-no-levy-rule',
  /** [409] A draft is not shared: approve it first. */
  settlementNotShareable: 'settlement-not-shareable',
  /** [404] No statement has this link (mistyped, or cut short when copied). */
  statementLinkUnknown: 'statement-link-unknown',
  /** [410] The link's time is over (`params.expiredAt`, ms): ask the store for a new one. */
  statementLinkExpired: 'statement-link-expired',
  /** [410] The store revoked the link (`params.revokedAt`, ms). */
  statementLinkRevoked: 'statement-link-revoked',
  /** [400] A Kode Billing is 15 digits. */
  kodeBillingInvalid: 'kode-billing-invalid',
  /** [400] An NTPN is 16 letters and digits, with the date paid. */
  ntpnInvalid: 'ntpn-invalid',
} as const;

/** The refusals of the label screen and of product photos. */
export const LABEL_ERROR_CODES = {
  /** [400] The uploaded photo is not a WebP file (checked by its bytes). */
  photoNotWebp: 'photo-not-webp',
  /** [400] The uploaded photo is over 200 KB or 1024 px a side: resize it on the device first. */
  photoTooLarge: 'photo-too-large',
} as const;

/** The refusals of the Kas Masuk / Kas Keluar reasons an admin keeps. */
export const CASH_REASON_ERROR_CODES = {
  /** [409] Another reason has this code (`params.code`). */
  cashReasonCodeTaken: 'cash-reason-code-taken',
  /** [409] The change would leave Kas Masuk or Kas Keluar (`params.direction`) without an offered reason. */
  cashReasonLastOffered: 'cash-reason-last-offered',
} as const;

export const ERROR_CODES = {
  ...AUTH_ERROR_CODES,
  ...GENERAL_ERROR_CODES,
  ...PRODUCT_ERROR_CODES,
  ...CATALOG_ADMIN_ERROR_CODES,
  ...LABEL_ERROR_CODES,
  ...SETTLEMENT_ERROR_CODES,
  ...CASH_REASON_ERROR_CODES,
} as const;
export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];
export const ERROR_CODE_LIST = Object.values(ERROR_CODES) as [ErrorCode, ...ErrorCode[]];

export function isErrorCode(code: string | null): code is ErrorCode {
  return code !== null && (ERROR_CODE_LIST as readonly string[]).includes(code);
}
