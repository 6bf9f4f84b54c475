// The slip for a void or a refund: what went back, how much money, who gave
// it and who approved. Plain fixed-width lines like the receipt, so it goes
// to the same thermal printer, print dialog or screen.
import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { formatNumber, formatRupiah } from '../../../domain/money.ts';
import { paymentMethodLabel, toReceiptAscii, type ReceiptWidth } from '../../../domain/receipt.ts';
import { formatWita } from '../../../domain/time.ts';
import type { SaleReturnRow, SaleRow } from '../../db/schema.ts';
import { loadSettings } from '../../db/settings-repo.ts';
import { useT } from '../../i18n/use-t.ts';
import { printReceipt, receiptWidth } from './receipt.tsx';
import { useDb } from '../services/services.tsx';

function fit(text: string, width: number): string[] {
  const out: string[] = [];
  for (let s = text; s.length > 0; s = s.slice(width)) out.push(s.slice(0, width));
  return out.length > 0 ? out : [''];
}

function row(left: string, right: string, width: number): string[] {
  if (left.length + 1 + right.length <= width) return [left + ' '.repeat(width - left.length - right.length) + right];
  return [...fit(left, width), right.padStart(width)];
}

function centre(text: string, width: number): string[] {
  return fit(text, width).map((l) => ' '.repeat(Math.floor((width - l.length) / 2)) + l);
}

export interface SlipInput {
  sale: SaleRow;
  ret: SaleReturnRow;
  storeName: string;
  storeAddress: string;
}

/** In Bahasa Indonesia, like the receipt: it is the shop's record, kept with the cash. */
export function layoutRefundSlip({ sale, ret, storeName, storeAddress }: SlipInput, width: ReceiptWidth): string[] {
  const rule = '-'.repeat(width);
  const out: string[] = [...centre(toReceiptAscii(storeName), width), ...centre(toReceiptAscii(storeAddress), width), rule];
  out.push(...centre(ret.kind === 'void' ? 'PEMBATALAN PENJUALAN' : 'RETUR BARANG', width));
  out.push(...row('Tanggal', formatWita(ret.createdAt), width));
  out.push(...row('No. Struk', toReceiptAscii(sale.receiptNo), width));
  out.push(...row('Oleh', toReceiptAscii(ret.byName), width));
  out.push(...row('Disetujui', toReceiptAscii(ret.approverName), width));
  out.push(rule);
  for (const r of ret.lines) {
    const line = sale.lines.find((l) => l.id === r.lineId);
    if (!line) continue;
    out.push(...fit(toReceiptAscii(line.name), width));
    out.push(...row(`  ${r.qty} x ${formatNumber(line.unitPrice)}`, formatNumber(line.unitPrice * r.qty), width));
  }
  out.push(rule);
  out.push(...row('DIKEMBALIKAN', formatRupiah(ret.amount), width));
  out.push(...row('Cara', paymentMethodLabel(ret.method, 'id'), width));
  out.push(...fit(toReceiptAscii(`Alasan: ${ret.reason}`), width));
  out.push(rule);
  return out;
}

/** The slip on screen, with its print button. */
export function RefundSlip({ sale, ret }: { sale: SaleRow; ret: SaleReturnRow }) {
  const t = useT();
  const db = useDb();
  const settings = useLiveQuery(() => loadSettings(db), [db]);
  const [printError, setPrintError] = useState<string | null>(null);
  if (!settings) return null;
  const lines = layoutRefundSlip({ sale, ret, storeName: settings.storeName, storeAddress: settings.storeAddress }, receiptWidth(settings));
  return (
    <div className="receipt-actions">
      <pre className={`receipt-preview paper-${settings.paperWidth}`} aria-label={t('refundSlip', { receipt: sale.receiptNo })}>
        {lines.join('\n')}
      </pre>
      <div className={`print-area paper-${settings.paperWidth}`} aria-hidden="true">
        <pre>{lines.join('\n')}</pre>
      </div>
      <button type="button" className="primary" onClick={() => void printReceipt(settings, lines, t).then((err) => setPrintError(err ? t('printFailed', { reason: err }) : null))}>
        {t('printRefundSlip')}
      </button>
      {printError ? (
        <p role="alert" className="error">
          {printError}
        </p>
      ) : null}
    </div>
  );
}
