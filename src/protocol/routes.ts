// Every HTTP route, declared once. The server registers its Fastify routes
// from this table (server/http/routes.ts) and writes its OpenAPI document from
// it (server/openapi.ts); clients take the paths from route-paths.ts, which
// the compiler holds to this table. A route added here
// does not compile on the server until it has a handler, and appears in the
// document by itself.
//
// The route names (ROUTES, AUTH_ROUTES, ...) live here rather than beside the
// schemas they use: schemas.ts and auth.ts cannot import this table without
// an import cycle, as the table imports their schemas.
import { z } from 'zod';
import { CATALOG_ADMIN_ROUTE_TABLE } from './catalog-admin-routes.ts';
import { SETTLEMENT_ROUTE_TABLE } from './settlement-routes.ts';
import { SHIFT_ROUTE_TABLE } from './shift-routes.ts';
import { REPORT_ROUTE_TABLE } from './report-routes.ts';
import {
  adminDeviceListSchema,
  adminDeviceSchema,
  adminUserListSchema,
  adminUserSchema,
  auditListSchema,
  caCertificateSchema,
  auditQuerySchema,
  createUserRequestSchema,
  enrolRequestSchema,
  enrolResponseSchema,
  changePasswordRequestSchema,
  loginRequestSchema,
  loginResponseSchema,
  okResponseSchema,
  registerDeviceRequestSchema,
  registerDeviceResponseSchema,
  rotateResponseSchema,
  sessionResponseSchema,
  updateUserRequestSchema,
} from './auth.ts';
import {
  adminProductSchema,
  barcodeResponseSchema,
  CSV_MEDIA_TYPE,
  exportQuerySchema,
  importQuerySchema,
  importResponseSchema,
  productCreateSchema,
  productListQuerySchema,
  productListSchema,
  productPatchSchema,
  productSavedSchema,
  XLSX_MEDIA_TYPE,
} from './products.ts';
import {
  healthResponseSchema,
  flagResolvePayloadSchema,
  outboxExportSchema,
  pullQuerySchema,
  pullResponseSchema,
  pushRequestSchema,
  pushResponseSchema,
  reviewQuerySchema,
  resolvedFlagSchema,
  reviewResponseSchema,
  salesListResponseSchema,
  salesQuerySchema,
} from './schemas.ts';
import {
  labelDataRequestSchema,
  labelDataResponseSchema,
  labelSearchQuerySchema,
  labelSearchResponseSchema,
  markLabelsPrintedRequestSchema,
  markLabelsPrintedResponseSchema,
  pendingLabelListSchema,
  photoRemoveResponseSchema,
  photoUploadRequestSchema,
  photoUploadResponseSchema,
} from './labels.ts';
import { receiptLookupParamsSchema, receiptLookupResponseSchema } from './receipts.ts';
import { shiftListSchema, shiftQuerySchema } from './shift.ts';
import { adjustReasonInputSchema, adjustReasonListSchema, adjustReasonSchema, stockQuerySchema, stockReportSchema } from './stock.ts';

// ------------------------------------------------------------------ access

/**
 * Who may call a route, decided on the server (server/auth/guard.ts):
 * open: anyone (health, the API document, enrolment, sign-in).
 * device: an enrolled device's token.
 * device-or-staff: a device's token, or a supervisor's or admin's session.
 * session: any signed-in user's session.
 * staff: a supervisor's or admin's session.
 * admin: an admin's session.
 * metrics: an admin's session, or the server's METRICS_TOKEN (for a Prometheus that has no session).
 */
export const ACCESS = ['open', 'device', 'device-or-staff', 'session', 'staff', 'admin', 'metrics'] as const;
export type Access = (typeof ACCESS)[number];

/** What each rule asks for, in the words of a 403 and of the API document. */
export const ACCESS_TEXT: Record<Access, string> = {
  open: 'no credential',
  device: "an enrolled device's token",
  'device-or-staff': "an enrolled device's token, or a supervisor's or admin's session",
  session: 'a signed-in session',
  staff: "a supervisor's or admin's session",
  admin: "an admin's session",
  metrics: "an admin's session, or the METRICS_TOKEN the server was started with",
};

// ------------------------------------------------------------------- shape

export type HttpMethod = 'GET' | 'POST' | 'PATCH';

/** The refusals a route may answer besides 5XX, which every route may; the document says what each means. */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 410 | 413 | 415 | 426 | 429;

export interface RouteBody {
  readonly schema: z.ZodType;
  /** Its name among the document's components. */
  readonly component: string;
  /**
   * The route takes the body as text and the server parses, validates and
   * hashes it itself, off the event loop when it is big
   * (server/prepare-pool.ts); `schema` is what that check applies.
   */
  readonly rawJson?: true;
  /**
   * The body is a file of one of these media types (an import sheet), handed
   * to the handler as bytes; `schema` only says so to the types.
   */
  readonly rawFile?: { readonly mediaTypes: readonly string[] };
}

export interface RouteSpec {
  readonly method: HttpMethod;
  /** Fastify's form: `/api/admin/users/:userId`; /metrics where Prometheus looks by default. */
  readonly path: `/api/${string}` | '/metrics';
  readonly access: Access;
  readonly summary: string;
  readonly description?: string;
  /** One entry per `:name` in the path, each with a maximum length. */
  readonly params?: z.ZodObject;
  readonly query?: z.ZodObject;
  readonly body?: RouteBody;
  /** Bytes; the server's default when absent. */
  readonly bodyLimit?: number;
  readonly response: {
    readonly description: string;
    readonly schema: z.ZodType;
    /** Its name among the document's components; inlined where absent. */
    readonly component?: string;
    /** application/json unless said (the metrics are Prometheus's text format). */
    readonly contentType?: 'text/plain' | 'image/webp';
    /** With `format=csv` the answer is CSV text (text/csv) under this name instead of JSON. */
    readonly csv?: { readonly filename: string };
    /** The answer is a file to save, not JSON: its type and the name a browser saves it under. */
    readonly file?: { readonly contentType: string; readonly filename: string; /** Bytes (a spreadsheet), written in the document as binary. */ readonly binary?: true };
  };
  readonly errors: readonly ErrorStatus[];
  /** A session whose password must be replaced may call it (the rest answer 403 password-change-required). */
  readonly whilePasswordMustChange?: true;
}

export type RouteTable = Readonly<Record<string, RouteSpec>>;

const BODY_ERRORS = [400, 413, 415, 426] as const;
const AUTH_ERRORS = [401, 403] as const;
const JSON_ERRORS = [400, 413, 415] as const;

/** Path parameters are ids the server made; a longer one cannot name anything. */
const pathId = z.string().min(1).max(64);

/** A tablet offline for a week exports far more than one push carries. */
const IMPORT_BODY_LIMIT = 64 * 1024 * 1024;

/** Bytes of a file, on either end (a Buffer on the server is one). */
const fileBytes = z.custom<Uint8Array>((v) => v instanceof Uint8Array, 'a file');

// ------------------------------------------------------------------- table

/** Keyed by operation id; in the order the document lists them. */
export const ROUTE_TABLE = {
  metrics: {
    method: 'GET',
    path: '/metrics',
    access: 'metrics',
    summary: "Prometheus metrics: requests and errors by route, push mutations by result, pull bytes, store transaction times, each device's sync lag",
    response: { description: 'Prometheus text exposition format 0.0.4', schema: z.string(), contentType: 'text/plain' },
    errors: [...AUTH_ERRORS],
  },
  health: {
    method: 'GET',
    path: '/api/health',
    access: 'open',
    summary: 'The server is up and its store takes writes (503 storage-failed or store-unavailable when it does not); which protocol version it speaks',
    response: { description: 'Up and writable', schema: healthResponseSchema, component: 'HealthResponse' },
    errors: [],
  },
  syncPush: {
    method: 'POST',
    path: '/api/sync/push',
    access: 'device',
    summary: "A device's queued mutations (sales), in seq order",
    description:
      'The whole request is stored in one transaction, with one result per mutation: a mutation that does not fit is rejected alone and still takes its seq. Only if that transaction fails is the request stored again one transaction per mutation, keeping those before the one that failed. A seq already stored is answered from the record (replay); a seq that skips ahead stops the batch with `gap.expectedSeq`.',
    body: { schema: pushRequestSchema, component: 'PushRequest', rawJson: true },
    response: { description: 'One result per mutation handled', schema: pushResponseSchema, component: 'PushResponse' },
    errors: [...BODY_ERRORS, ...AUTH_ERRORS],
  },
  syncImport: {
    method: 'POST',
    path: '/api/sync/import',
    access: 'device-or-staff',
    summary: 'A file of unsynced sales exported by a device, replayed through the push rules',
    description: `Importing the same file twice, or after the device synced after all, stores nothing twice. Bodies up to ${IMPORT_BODY_LIMIT / 1024 / 1024} MB. A supervisor or admin imports any device's file; a device only its own.`,
    body: { schema: outboxExportSchema, component: 'OutboxExport', rawJson: true },
    bodyLimit: IMPORT_BODY_LIMIT,
    response: { description: 'One result per mutation handled', schema: pushResponseSchema, component: 'PushResponse' },
    errors: [...BODY_ERRORS, ...AUTH_ERRORS],
  },
  syncPull: {
    method: 'GET',
    path: '/api/sync/pull',
    access: 'device-or-staff',
    summary: 'Catalog and stock changes since a version',
    description:
      "A device gets its own outlet (outletId absent or its own; another is refused) and the users who may sign in on it, with PIN hashes. A supervisor's session gets their outlet, an admin's any or all; sessions get no users.",
    query: pullQuerySchema,
    response: { description: 'The changes, or everything when `full`', schema: pullResponseSchema, component: 'PullResponse' },
    errors: [400, ...AUTH_ERRORS],
  },
  listSales: {
    method: 'GET',
    path: '/api/sales',
    access: 'device-or-staff',
    summary: 'Stored sales, oldest first (by device seq when one device is asked for)',
    description: "A device reads its own sales only; a supervisor's session their outlet's; an admin's every outlet's.",
    query: salesQuerySchema,
    response: { description: 'Sales', schema: salesListResponseSchema, component: 'SalesListResponse' },
    errors: [400, ...AUTH_ERRORS],
  },
  saleByReceipt: {
    method: 'GET',
    path: '/api/sales/by-receipt/:receiptNo',
    access: 'device-or-staff',
    summary: 'The sale of a receipt number (typed or scanned from the receipt), with every void and refund the server holds of it',
    description:
      "For a refund on any device of the sale's outlet: a device finds its own outlet's sales only (whoever is signed in on it, cashier or supervisor), a supervisor's session their outlet's, an admin's any. Usually one sale; an empty list when none.",
    params: receiptLookupParamsSchema,
    response: { description: 'The sales with that receipt number', schema: receiptLookupResponseSchema, component: 'ReceiptLookupResponse' },
    errors: [400, ...AUTH_ERRORS],
  },
  review: {
    method: 'GET',
    path: '/api/review',
    access: 'device-or-staff',
    summary: 'What a supervisor must look at: flagged sales and stock below zero, and the flags resolved lately',
    description:
      "A supervisor's session sees their outlet; an admin's every outlet. A device sees its own outlet for the user signed in on it by PIN (`userId`), who must be a supervisor or admin there now; a cashier is refused. A device closes flags with the `flag.resolve` mutation.",
    query: reviewQuerySchema,
    response: { description: 'Open flags, negative stock and resolved flags', schema: reviewResponseSchema, component: 'ReviewResponse' },
    errors: [400, ...AUTH_ERRORS],
  },
  resolveFlag: {
    method: 'POST',
    path: '/api/review/resolve',
    access: 'staff',
    summary: "Closes a flag from a supervisor's or admin's session: accepted with a note, a price noted, or stock counted",
    description:
      'The body is a `flag.resolve` payload whose `by` is the signed-in user. A stock count becomes a `count` stock event of the counted quantity minus the level the server holds. Sending the same resolution again answers the stored one. Audited.',
    body: { schema: flagResolvePayloadSchema, component: 'FlagResolvePayload' },
    response: { description: 'The flag as resolved', schema: resolvedFlagSchema, component: 'ResolvedFlag' },
    errors: [...JSON_ERRORS, ...AUTH_ERRORS, 404, 409],
  },
  stockReport: {
    method: 'GET',
    path: '/api/stock',
    access: 'device-or-staff',
    summary: 'Stock levels per outlet and product (with producer and price), the latest stock events with who, why and document, and transfers in transit',
    description:
      "A supervisor's session sees their outlet (another is refused); an admin's any or all. A device sees its own outlet for the supervisor or admin signed in on it by PIN (`userId`), as for the review.",
    query: stockQuerySchema,
    response: { description: 'Levels, history and transfers in transit', schema: stockReportSchema, component: 'StockReport' },
    errors: [400, ...AUTH_ERRORS],
  },
  listShifts: {
    method: 'GET',
    path: '/api/shifts',
    access: 'staff',
    summary: "An outlet's shifts: each Z beside the server's own count, and the flags",
    query: shiftQuerySchema,
    response: { description: 'Shifts, newest first', schema: shiftListSchema, component: 'ShiftList' },
    errors: [400, ...AUTH_ERRORS],
  },
  listAdjustReasons: {
    method: 'GET',
    path: '/api/stock/reasons',
    access: 'staff',
    summary: 'The reasons a stock adjustment may give: the built-in ones (rusak, hilang, sampel, koreksi) and those an admin added',
    response: { description: 'Reasons', schema: adjustReasonListSchema, component: 'AdjustReasonList' },
    errors: [...AUTH_ERRORS],
  },
  saveAdjustReason: {
    method: 'POST',
    path: '/api/admin/stock/reasons',
    access: 'admin',
    summary: 'Adds an adjustment reason, or changes its label or whether it is offered (built-in ones stay offered); devices get it with their next pull. Audited.',
    body: { schema: adjustReasonInputSchema, component: 'AdjustReasonInput' },
    response: { description: 'The reason as saved', schema: adjustReasonSchema, component: 'AdjustReason' },
    errors: [...JSON_ERRORS, ...AUTH_ERRORS],
  },
  openapi: {
    method: 'GET',
    path: '/api/openapi.json',
    access: 'open',
    summary: 'This document',
    // Not described further: a JSON Schema of OpenAPI itself would dwarf the rest.
    response: { description: 'OpenAPI 3.1', schema: z.looseObject({}) },
    errors: [],
  },
  enrolDevice: {
    method: 'POST',
    path: '/api/devices/enrol',
    access: 'open',
    summary: 'A one-time enrolment code buys a device its credential',
    description:
      "Send the code the admin's screen shows and the device's own id (its outbox id, so its unsynced sales stay its own). The credential in the answer is shown once; send it as `Authorization: Bearer` on every sync call. Limited to 10 attempts a minute per address.",
    body: { schema: enrolRequestSchema, component: 'EnrolRequest' },
    response: { description: 'The device is enrolled', schema: enrolResponseSchema, component: 'EnrolResponse' },
    errors: [...JSON_ERRORS, 409, 410, 429],
  },
  rotateDeviceCredential: {
    method: 'POST',
    path: '/api/devices/rotate',
    access: 'device',
    summary: 'A new credential for the calling device; the one sent stops working at once',
    description: 'No body. Store the new credential before anything else: the old one is refused from this moment.',
    response: { description: 'The new credential', schema: rotateResponseSchema, component: 'RotateResponse' },
    errors: AUTH_ERRORS,
  },
  signIn: {
    method: 'POST',
    path: '/api/auth/login',
    access: 'open',
    summary: 'Username and password give a session for the management pages',
    description:
      'The session lasts 8 hours (a shift) and ends earlier after 30 minutes unused. The answer also sets the same session as an HttpOnly cookie for the browser pages (see the sessionCookie scheme). Limited to 20 attempts a minute per address and 5 wrong passwords per 15 minutes per username.',
    body: { schema: loginRequestSchema, component: 'LoginRequest' },
    response: { description: 'Signed in; `token` goes in `Authorization: Bearer`', schema: loginResponseSchema, component: 'LoginResponse' },
    errors: [...JSON_ERRORS, 401, 429],
  },
  signOut: {
    method: 'POST',
    path: '/api/auth/logout',
    access: 'session',
    summary: 'Ends the calling session',
    whilePasswordMustChange: true,
    description: 'Ended on the server, so no copy of the token opens anything afterwards; the answer also clears the session cookie.',
    response: { description: 'Signed out', schema: okResponseSchema, component: 'OkResponse' },
    errors: AUTH_ERRORS,
  },
  currentSession: {
    method: 'GET',
    path: '/api/auth/session',
    access: 'session',
    summary: 'Who is signed in, and until when',
    whilePasswordMustChange: true,
    response: { description: 'The session', schema: sessionResponseSchema, component: 'SessionResponse' },
    errors: AUTH_ERRORS,
  },
  changePassword: {
    method: 'POST',
    path: '/api/auth/password',
    access: 'session',
    whilePasswordMustChange: true,
    summary: 'The signed-in user replaces their own password',
    description:
      'Needs the current password. Ends every other session of the user and keeps this one. A password printed by the server (first start, `npm run admin`) must be replaced this way before the session opens anything else. Wrong current passwords count towards the same per-username limit as sign-in.',
    body: { schema: changePasswordRequestSchema, component: 'ChangePasswordRequest' },
    response: { description: 'Replaced', schema: okResponseSchema, component: 'OkResponse' },
    errors: [...JSON_ERRORS, ...AUTH_ERRORS, 429],
  },
  listDevices: {
    method: 'GET',
    path: '/api/admin/devices',
    access: 'admin',
    summary: 'Device registrations, newest first, with status, last seq and last contact',
    response: { description: 'Devices', schema: adminDeviceListSchema, component: 'AdminDeviceList' },
    errors: AUTH_ERRORS,
  },
  registerDevice: {
    method: 'POST',
    path: '/api/admin/devices',
    access: 'admin',
    summary: 'Registers a device for an outlet and answers its one-time enrolment code (valid 24 hours)',
    body: { schema: registerDeviceRequestSchema, component: 'RegisterDeviceRequest' },
    response: { description: 'The registration and its code, shown once', schema: registerDeviceResponseSchema, component: 'RegisterDeviceResponse' },
    errors: [...JSON_ERRORS, ...AUTH_ERRORS],
  },
  revokeDevice: {
    method: 'POST',
    path: '/api/admin/devices/:registrationId/revoke',
    access: 'admin',
    summary: 'Revokes a device: its next request is refused (code device-revoked); its unsynced sales stay on it',
    description: 'Revoking again changes nothing. The device id may be enrolled again later with a new code.',
    params: z.object({ registrationId: pathId }),
    response: { description: 'The device as listed after revocation', schema: adminDeviceSchema, component: 'AdminDevice' },
    errors: [...AUTH_ERRORS, 404],
  },
  listUsers: {
    method: 'GET',
    path: '/api/admin/users',
    access: 'admin',
    summary: 'Every user, by username; never a hash',
    response: { description: 'Users', schema: adminUserListSchema, component: 'AdminUserList' },
    errors: AUTH_ERRORS,
  },
  createUser: {
    method: 'POST',
    path: '/api/admin/users',
    access: 'admin',
    summary: "Creates a user; a PIN comes down to the outlet's devices with the next pull",
    body: { schema: createUserRequestSchema, component: 'CreateUserRequest' },
    response: { description: 'The user', schema: adminUserSchema, component: 'AdminUser' },
    errors: [...JSON_ERRORS, ...AUTH_ERRORS, 409],
  },
  updateUser: {
    method: 'PATCH',
    path: '/api/admin/users/:userId',
    access: 'admin',
    summary: 'Changes name, role, outlet, active, PIN or password; each change is audited',
    description: 'Deactivating a user or setting a new password ends their sessions. The last active admin cannot be demoted or deactivated.',
    params: z.object({ userId: pathId }),
    body: { schema: updateUserRequestSchema, component: 'UpdateUserRequest' },
    response: { description: 'The user after the change', schema: adminUserSchema, component: 'AdminUser' },
    errors: [...JSON_ERRORS, ...AUTH_ERRORS, 404, 409],
  },
  caCertificate: {
    method: 'GET',
    path: '/api/tls/ca-certificate',
    // Open: a tablet fetches it before anyone signs in on it, and a CA
    // certificate is public by design (its key never leaves data/tls).
    access: 'open',
    summary: "The local certificate authority's certificate (PEM), for tablets to trust this server's HTTPS",
    description:
      'Made by `npm run tls:init`. 404 (code no-local-ca) when this server has none: it uses a certificate from a public authority, or plain HTTP.',
    response: {
      description: 'The CA certificate, PEM',
      schema: caCertificateSchema,
      file: { contentType: 'application/x-x509-ca-cert', filename: 'kasir-karya-ca.crt' },
    },
    errors: [404],
  },
  listAudit: {
    method: 'GET',
    path: '/api/admin/audit',
    access: 'admin',
    summary: 'The audit log of privileged acts, newest first',
    query: auditQuerySchema,
    response: { description: 'Entries', schema: auditListSchema, component: 'AuditList' },
    errors: [400, ...AUTH_ERRORS],
  },
  listProducts: {
    method: 'GET',
    path: '/api/admin/products',
    access: 'staff',
    summary: 'The product list: search by name, SKU or barcode, filter by category, producer, active and stock below a level at an outlet, sorted and paged',
    description: "A supervisor sees stock at their own outlet (another is refused); an admin at the outlet asked for. Paged by `offset`/`limit` over indexed orders.",
    query: productListQuerySchema,
    response: { description: 'One page, the total and the categories', schema: productListSchema, component: 'ProductList' },
    errors: [400, ...AUTH_ERRORS],
  },
  createProduct: {
    method: 'POST',
    path: '/api/admin/products',
    access: 'staff',
    summary: 'Creates a product; devices get it with their next pull. Audited.',
    description: 'The rules of domain/product-rules.ts apply (code product-invalid with the field); a taken SKU or barcode is refused naming the other product (sku-taken, barcode-taken). Consigned defaults to the producer\'s terms.',
    body: { schema: productCreateSchema, component: 'ProductCreate' },
    response: { description: 'The product as saved', schema: productSavedSchema, component: 'ProductSaved' },
    errors: [...JSON_ERRORS, ...AUTH_ERRORS, 409],
  },
  nextProductBarcode: {
    method: 'POST',
    path: '/api/admin/products/barcodes/next',
    access: 'staff',
    summary: 'The next free in-store EAN-13 (prefix 20, check digit computed); never the same code twice',
    response: { description: 'A code no product has', schema: barcodeResponseSchema, component: 'BarcodeResponse' },
    errors: AUTH_ERRORS,
  },
  importProducts: {
    method: 'POST',
    path: '/api/admin/products/import',
    access: 'staff',
    summary: 'Imports a product sheet (CSV or XLSX as the body): a dry run, or all rows applied in one transaction',
    description: `Rows find their product by SKU; an empty cell keeps the stored value; the same file again changes nothing. CSV (; or ,, UTF-8 or Windows-1252) or XLSX; headers in Bahasa or English. Unknown producers are errors unless createProducers=true. With any error nothing is written. Messages in the Accept-Language (id, en). Up to ${IMPORT_BODY_LIMIT / 1024 / 1024} MB.`,
    query: importQuerySchema,
    body: { schema: fileBytes, component: 'ProductSheet', rawFile: { mediaTypes: [CSV_MEDIA_TYPE, XLSX_MEDIA_TYPE] } },
    bodyLimit: IMPORT_BODY_LIMIT,
    response: { description: 'What the file does (or did): counts and row errors', schema: importResponseSchema, component: 'ImportResponse' },
    errors: [...BODY_ERRORS, ...AUTH_ERRORS],
  },
  exportProductsCsv: {
    method: 'GET',
    path: '/api/admin/products/export.csv',
    access: 'staff',
    summary: 'The whole catalog as CSV (; separated, UTF-8 with BOM, as Excel in Indonesia opens it), in the columns the import reads',
    query: exportQuerySchema,
    response: { description: 'The catalog', schema: fileBytes, file: { contentType: `${CSV_MEDIA_TYPE}; charset=utf-8`, filename: 'produk.csv', binary: true } },
    errors: [400, ...AUTH_ERRORS],
  },
  exportProductsXlsx: {
    method: 'GET',
    path: '/api/admin/products/export.xlsx',
    access: 'staff',
    summary: 'The whole catalog as an XLSX workbook, in the columns the import reads',
    query: exportQuerySchema,
    response: { description: 'The catalog', schema: fileBytes, file: { contentType: XLSX_MEDIA_TYPE, filename: 'produk.xlsx', binary: true } },
    errors: [400, ...AUTH_ERRORS],
  },
  getProduct: {
    method: 'GET',
    path: '/api/admin/products/:productId',
    access: 'staff',
    summary: 'One product with its cost, tax, story and producer',
    params: z.object({ productId: pathId }),
    response: { description: 'The product', schema: adminProductSchema, component: 'AdminProduct' },
    errors: [...AUTH_ERRORS, 404],
  },
  updateProduct: {
    method: 'PATCH',
    path: '/api/admin/products/:productId',
    access: 'staff',
    summary: 'Changes the fields sent (deactivate with active: false; products are never deleted); audited; a price change is answered in priceChanged',
    description: 'The photo (imageUrl) is not changed here. Devices get the change with their next pull.',
    params: z.object({ productId: pathId }),
    body: { schema: productPatchSchema, component: 'ProductPatch' },
    response: { description: 'The product after the change', schema: productSavedSchema, component: 'ProductSaved' },
    errors: [...JSON_ERRORS, ...AUTH_ERRORS, 404, 409],
  },
  ...CATALOG_ADMIN_ROUTE_TABLE,
  ...SETTLEMENT_ROUTE_TABLE,
  ...SHIFT_ROUTE_TABLE,
  ...REPORT_ROUTE_TABLE,
  listPendingLabels: {
    method: 'GET',
    path: '/api/admin/labels',
    access: 'staff',
    summary: 'The "Label perlu dicetak" list: products whose shelf label is out of date (new, or the price changed), newest first, with what a label prints now',
    response: { description: 'Products waiting for a label', schema: pendingLabelListSchema, component: 'PendingLabelList' },
    errors: AUTH_ERRORS,
  },
  markLabelsPrinted: {
    method: 'POST',
    path: '/api/admin/labels/printed',
    access: 'staff',
    summary: 'Takes products off the "Label perlu dicetak" list once their labels are printed; each one is audited',
    description: 'Products not on the list are left out of the answer, so marking twice changes nothing.',
    body: { schema: markLabelsPrintedRequestSchema, component: 'MarkLabelsPrintedRequest' },
    response: { description: 'The products taken off the list', schema: markLabelsPrintedResponseSchema, component: 'MarkLabelsPrintedResponse' },
    errors: [...JSON_ERRORS, ...AUTH_ERRORS],
  },
  labelData: {
    method: 'POST',
    path: '/api/admin/labels/data',
    access: 'staff',
    summary: 'What the labels of chosen products print: name, price, barcode, SKU, producer, as the server holds them now',
    body: { schema: labelDataRequestSchema, component: 'LabelDataRequest' },
    response: { description: 'The products in the order asked, and the ids no product has', schema: labelDataResponseSchema, component: 'LabelDataResponse' },
    errors: [...JSON_ERRORS, ...AUTH_ERRORS],
  },
  searchLabelProducts: {
    method: 'GET',
    path: '/api/admin/labels/products',
    access: 'staff',
    summary: 'Products to print labels for, by barcode or SKU (a scan) or by words of the name',
    query: labelSearchQuerySchema,
    response: { description: 'Matching products, exact codes first', schema: labelSearchResponseSchema, component: 'LabelSearchResponse' },
    errors: [400, ...AUTH_ERRORS],
  },
  uploadProductPhoto: {
    method: 'POST',
    path: '/api/admin/products/:productId/photo',
    access: 'staff',
    summary: "Sets a product's photo: a small WebP made on the device (at most 320 px a side); the product's image URL changes and devices pull it",
    description:
      'The file must really be WebP (its bytes are checked), at most 200 KB and 1024 px a side (codes photo-not-webp, photo-too-large). The answer names the versioned URL the photo is served at. Audited.',
    params: z.object({ productId: pathId }),
    body: { schema: photoUploadRequestSchema, component: 'PhotoUploadRequest' },
    bodyLimit: 512 * 1024,
    response: { description: 'The photo as stored', schema: photoUploadResponseSchema, component: 'PhotoUploadResponse' },
    errors: [...JSON_ERRORS, ...AUTH_ERRORS, 404],
  },
  removeProductPhoto: {
    method: 'POST',
    path: '/api/admin/products/:productId/photo/remove',
    access: 'staff',
    summary: "Removes a product's photo: the product shows its coloured tile again, on devices after their next pull",
    description: 'No body. Removing a photo the product does not have changes nothing and is not audited. Audited.',
    params: z.object({ productId: pathId }),
    response: { description: 'The product without a photo', schema: photoRemoveResponseSchema, component: 'PhotoRemoveResponse' },
    errors: [...AUTH_ERRORS, 404],
  },
  productPhoto: {
    method: 'GET',
    path: '/api/products/:productId/image/:version',
    // Open: the counter's <img> carries no bearer token, and a product photo is shown to every customer anyway.
    access: 'open',
    summary: "A product's photo (WebP), cached for ever: a new photo gets a new URL",
    description: 'Answered with `Cache-Control: public, max-age=31536000, immutable` and an ETag. A version that is not the current photo is 404 (code not-found).',
    params: z.object({ productId: pathId, version: z.string().length(16).regex(/^[0-9a-f]{16}$/) }),
    response: { description: 'The WebP file', schema: z.string().describe('WebP bytes'), contentType: 'image/webp' },
    errors: [404],
  },
} as const satisfies RouteTable;

export type OperationId = keyof typeof ROUTE_TABLE;

// ------------------------------------------------------------------- names
// The paths by the names clients and tests call them, from route-paths.ts
// (the paths alone, checked against this table, so the device need not
// download the table).

export {
  AUTH_ROUTES,
  CA_CERTIFICATE_ROUTE,
  CASH_REASON_ROUTES,
  cashReasonPath,
  LABEL_ROUTES,
  OPENAPI_ROUTE,
  PRODUCT_ROUTES,
  REPORT_ROUTES,
  RESOLVE_FLAG_ROUTE,
  REVIEW_ROUTE,
  ROUTE_PATHS,
  ROUTES,
  SETTLEMENT_ROUTES,
  SHIFTS_ROUTE,
  STOCK_ROUTES,
  saleByReceiptPath,
} from './route-paths.ts';
