/** The app's routes, for links from any feature (features cannot import app/). */
export const PATHS = {
  checkout: '/',
  sales: '/penjualan',
  review: '/tinjauan',
  settings: '/pengaturan',
  admin: '/admin',
  /** Stock of the device's outlet, for its supervisors and admins. */
  stock: '/stok',
  /** The drawer's shift: Mulai Shift, Kas Masuk / Kas Keluar, X report, Tutup Kasir. */
  shift: '/shift',
  /** Enrolling again, after a revocation or a credential the server no longer knows. */
  enrol: '/daftar',
} as const;

/** The sales page opened on one receipt (typed or scanned), to refund it: /penjualan?struk=AB12-000123. */
export const RECEIPT_PARAM = 'struk';
export function saleLookupPath(receiptNo: string): string {
  return `${PATHS.sales}?${RECEIPT_PARAM}=${encodeURIComponent(receiptNo)}`;
}
