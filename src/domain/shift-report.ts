// The X and Z reports as printed: fixed-width lines in Bahasa Indonesia for
// the receipt printer (32/42/48 columns), the print dialog and WhatsApp. The
// shop's record, so one language, like the receipt.
import { formatRupiah } from './money.ts';
import { PAYMENT_METHODS } from './payment.ts';
import { paymentMethodLabel, toReceiptAscii, type ReceiptWidth } from './receipt.ts';
import { selisih, type PerMethod, type ShiftFigures } from './shift.ts';
import { formatWita } from './time.ts';

export interface ShiftReportInput {
  storeName: string;
  drawerLabel: string;
  businessDate: string;
  openedAt: number;
  openedBy: string;
  figures: Pick<ShiftFigures, 'openingFloat' | 'salesCount' | 'gross' | 'discounts' | 'tax' | 'rounding' | 'net' | 'voids' | 'refunds' | 'cashIn' | 'cashOut' | 'expected'>;
  /** The Z: who closed and counted what; absent on an X report (nothing closes). */
  close?: { zNo: number; closedAt: number; closedBy: string; approvedBy: string | null; counted: PerMethod; note: string };
  /** An X report's moment. */
  at: number;
}

const money = (n: number): string => formatRupiah(n).replace(/\u00a0/g, ' ');

function row(left: string, right: string, width: number): string {
  const l = toReceiptAscii(left);
  const r = toReceiptAscii(right);
  if (l.length + 1 + r.length <= width) return l + ' '.repeat(width - l.length - r.length) + r;
  return `${l.slice(0, Math.max(0, width - r.length - 1))} ${r}`;
}

const centre = (text: string, width: number): string => {
  const s = toReceiptAscii(text).slice(0, width);
  return ' '.repeat(Math.floor((width - s.length) / 2)) + s;
};

export function layoutShiftReport(input: ShiftReportInput, width: ReceiptWidth): string[] {
  const rule = '-'.repeat(width);
  const f = input.figures;
  const z = input.close;
  const out = [
    centre(input.storeName, width),
    centre(z ? `LAPORAN Z No. ${z.zNo}` : 'LAPORAN X', width),
    rule,
    row('Laci', input.drawerLabel, width),
    row('Hari kerja', input.businessDate, width),
    row('Dibuka', formatWita(input.openedAt), width),
    row('Dibuka oleh', input.openedBy, width),
    ...(z ? [row('Ditutup', formatWita(z.closedAt), width), row('Ditutup oleh', z.closedBy, width)] : [row('Dicetak', formatWita(input.at), width)]),
    ...(z?.approvedBy ? [row('Disetujui oleh', z.approvedBy, width)] : []),
    rule,
    row('Penjualan', String(f.salesCount), width),
    row('Penjualan kotor', money(f.gross), width),
    row('Diskon', money(-f.discounts), width),
    row('PPN', money(f.tax), width),
    row('Pembulatan', money(f.rounding), width),
    row('Penjualan bersih', money(f.net), width),
    row(`Pembatalan (${f.voids.count})`, money(-f.voids.amount), width),
    row(`Retur (${f.refunds.count})`, money(-f.refunds.amount), width),
    rule,
    row('Kas Awal', money(f.openingFloat), width),
    row('Kas Masuk', money(f.cashIn), width),
    row('Kas Keluar', money(-f.cashOut), width),
    rule,
  ];
  for (const m of PAYMENT_METHODS) {
    const label = paymentMethodLabel(m, 'id');
    out.push(row(`${label} diharapkan`, money(f.expected[m]), width));
    if (z) {
      out.push(row(`${label} terhitung`, money(z.counted[m]), width));
      out.push(row(`Selisih ${label}`, money(selisih(z.counted, f.expected)[m]), width));
    }
  }
  if (z && z.note.trim() !== '') out.push(rule, toReceiptAscii(`Catatan: ${z.note}`).slice(0, width * 3));
  out.push(rule);
  return out;
}
