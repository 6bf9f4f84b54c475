// The HTTP paths alone, by operation id, for the device. The route table
// (routes.ts) stays the one declaration of every route; this copy of its
// paths exists because the table carries every route's zod schemas and
// OpenAPI text, which the counter's first download must not (issue 12).
// It cannot drift: the type below makes each path here the table's own
// literal path and names every operation, so a route added, renamed or moved
// in the table does not compile until it is here, and
// tests/protocol/route-paths.test.ts compares them at run time as well.
import type { OperationId, ROUTE_TABLE } from './routes.ts';

type TablePaths = { readonly [K in OperationId]: (typeof ROUTE_TABLE)[K]['path'] };

export const ROUTE_PATHS = {
  metrics: '/metrics',
  health: '/api/health',
  syncPush: '/api/sync/push',
  syncImport: '/api/sync/import',
  syncPull: '/api/sync/pull',
  listSales: '/api/sales',
  saleByReceipt: '/api/sales/by-receipt/:receiptNo',
  review: '/api/review',
  resolveFlag: '/api/review/resolve',
  stockReport: '/api/stock',
  listShifts: '/api/shifts',
  listCashReasons: '/api/cash-reasons',
  createCashReason: '/api/admin/cash-reasons',
  updateCashReason: '/api/admin/cash-reasons/:code',
  listAdjustReasons: '/api/stock/reasons',
  saveAdjustReason: '/api/admin/stock/reasons',
  openapi: '/api/openapi.json',
  enrolDevice: '/api/devices/enrol',
  rotateDeviceCredential: '/api/devices/rotate',
  signIn: '/api/auth/login',
  signOut: '/api/auth/logout',
  currentSession: '/api/auth/session',
  changePassword: '/api/auth/password',
  listDevices: '/api/admin/devices',
  registerDevice: '/api/admin/devices',
  revokeDevice: '/api/admin/devices/:registrationId/revoke',
  listUsers: '/api/admin/users',
  createUser: '/api/admin/users',
  updateUser: '/api/admin/users/:userId',
  caCertificate: '/api/tls/ca-certificate',
  listAudit: '/api/admin/audit',
  listProducts: '/api/admin/products',
  createProduct: '/api/admin/products',
  nextProductBarcode: '/api/admin/products/barcodes/next',
  importProducts: '/api/admin/products/import',
  exportProductsCsv: '/api/admin/products/export.csv',
  exportProductsXlsx: '/api/admin/products/export.xlsx',
  getProduct: '/api/admin/products/:productId',
  updateProduct: '/api/admin/products/:productId',
  listOutlets: '/api/admin/outlets',
  createOutlet: '/api/admin/outlets',
  updateOutlet: '/api/admin/outlets/:outletId',
  listProducers: '/api/admin/producers',
  createProducer: '/api/admin/producers',
  updateProducer: '/api/admin/producers/:producerId',
  settlementOwed: '/api/admin/settlements/owed',
  listSettlements: '/api/admin/settlements',
  createSettlement: '/api/admin/settlements',
  getSettlement: '/api/admin/settlements/:settlementId',
  correctSettlement: '/api/admin/settlements/:settlementId/corrections',
  approveSettlement: '/api/admin/settlements/:settlementId/approve',
  paySettlement: '/api/admin/settlements/:settlementId/pay',
  discardSettlement: '/api/admin/settlements/:settlementId/discard',
  premiCsv: '/api/admin/settlements/premi.csv',
  premiXlsx: '/api/admin/settlements/premi.xlsx',
  shareSettlement: '/api/admin/settlements/:settlementId/links',
  revokeSettlementLinks: '/api/admin/settlements/:settlementId/links/revoke',
  sharedStatement: '/api/statements/:token',
  getPnbp: '/api/admin/pnbp',
  savePnbp: '/api/admin/pnbp',
  salesReport: '/api/reports/sales',
  stockValueReport: '/api/reports/stock',
  slowProductsReport: '/api/reports/slow-products',
  listPendingLabels: '/api/admin/labels',
  markLabelsPrinted: '/api/admin/labels/printed',
  labelData: '/api/admin/labels/data',
  searchLabelProducts: '/api/admin/labels/products',
  uploadProductPhoto: '/api/admin/products/:productId/photo',
  removeProductPhoto: '/api/admin/products/:productId/photo/remove',
  productPhoto: '/api/products/:productId/image/:version',
} as const satisfies TablePaths;

// ------------------------------------------------------------------- names
// The paths by the names clients and tests call them.

export const ROUTES = {
  health: ROUTE_PATHS.health,
  metrics: ROUTE_PATHS.metrics,
  push: ROUTE_PATHS.syncPush,
  import: ROUTE_PATHS.syncImport,
  pull: ROUTE_PATHS.syncPull,
  sales: ROUTE_PATHS.listSales,
} as const;

/** A receipt number's sale, as a device asks for it: /api/sales/by-receipt/AB12-000123. */
export function saleByReceiptPath(receiptNo: string): string {
  return ROUTE_PATHS.saleByReceipt.replace(':receiptNo', encodeURIComponent(receiptNo));
}

export const REVIEW_ROUTE = ROUTE_PATHS.review;

export const RESOLVE_FLAG_ROUTE = ROUTE_PATHS.resolveFlag;

export const OPENAPI_ROUTE = ROUTE_PATHS.openapi;

export const STOCK_ROUTES = {
  report: ROUTE_PATHS.stockReport,
  reasons: ROUTE_PATHS.listAdjustReasons,
  saveReason: ROUTE_PATHS.saveAdjustReason,
} as const;

export const SHIFTS_ROUTE = ROUTE_PATHS.listShifts;

export const CA_CERTIFICATE_ROUTE = ROUTE_PATHS.caCertificate;

/** `devices` and `users` are each one path for two routes: GET lists, POST adds. */
export const AUTH_ROUTES = {
  enrol: ROUTE_PATHS.enrolDevice,
  rotate: ROUTE_PATHS.rotateDeviceCredential,
  login: ROUTE_PATHS.signIn,
  logout: ROUTE_PATHS.signOut,
  session: ROUTE_PATHS.currentSession,
  password: ROUTE_PATHS.changePassword,
  devices: ROUTE_PATHS.listDevices,
  revokeDevice: ROUTE_PATHS.revokeDevice,
  users: ROUTE_PATHS.listUsers,
  user: ROUTE_PATHS.updateUser,
  audit: ROUTE_PATHS.listAudit,
} as const;

/** Product administration, by the names the admin pages call them. */
export const PRODUCT_ROUTES = {
  list: ROUTE_PATHS.listProducts,
  one: ROUTE_PATHS.updateProduct,
  nextBarcode: ROUTE_PATHS.nextProductBarcode,
  import: ROUTE_PATHS.importProducts,
  exportCsv: ROUTE_PATHS.exportProductsCsv,
  exportXlsx: ROUTE_PATHS.exportProductsXlsx,
} as const;

/** Outlets and producers in the back office. */
export const CATALOG_ADMIN_ROUTES = {
  outlets: ROUTE_PATHS.listOutlets,
  outlet: ROUTE_PATHS.updateOutlet,
  producers: ROUTE_PATHS.listProducers,
  producer: ROUTE_PATHS.updateProducer,
} as const;

/** Producer settlement and the PNBP record. */
export const SETTLEMENT_ROUTES = {
  owed: ROUTE_PATHS.settlementOwed,
  list: ROUTE_PATHS.listSettlements,
  one: ROUTE_PATHS.getSettlement,
  correct: ROUTE_PATHS.correctSettlement,
  approve: ROUTE_PATHS.approveSettlement,
  pay: ROUTE_PATHS.paySettlement,
  discard: ROUTE_PATHS.discardSettlement,
  premiCsv: ROUTE_PATHS.premiCsv,
  premiXlsx: ROUTE_PATHS.premiXlsx,
  pnbp: ROUTE_PATHS.getPnbp,
  share: ROUTE_PATHS.shareSettlement,
  revokeLinks: ROUTE_PATHS.revokeSettlementLinks,
  shared: ROUTE_PATHS.sharedStatement,
} as const;

/** The reports' routes. */
export const REPORT_ROUTES = {
  sales: ROUTE_PATHS.salesReport,
  stock: ROUTE_PATHS.stockValueReport,
  slow: ROUTE_PATHS.slowProductsReport,
} as const;

/** The label screen's and product photos' routes. */
export const LABEL_ROUTES = {
  pending: ROUTE_PATHS.listPendingLabels,
  printed: ROUTE_PATHS.markLabelsPrinted,
  data: ROUTE_PATHS.labelData,
  search: ROUTE_PATHS.searchLabelProducts,
  uploadPhoto: ROUTE_PATHS.uploadProductPhoto,
  removePhoto: ROUTE_PATHS.removeProductPhoto,
  photo: ROUTE_PATHS.productPhoto,
} as const;

/** The cash reasons an admin keeps (Kas Masuk / Kas Keluar). */
export const CASH_REASON_ROUTES = {
  list: ROUTE_PATHS.listCashReasons,
  create: ROUTE_PATHS.createCashReason,
} as const;

/** One reason's path for an edit: /api/admin/cash-reasons/beli-plastik. */
export function cashReasonPath(code: string): string {
  return ROUTE_PATHS.updateCashReason.replace(':code', encodeURIComponent(code));
}
