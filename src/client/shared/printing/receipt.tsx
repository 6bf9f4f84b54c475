// The receipt a cashier prints, reprints or sends: one layout (domain/receipt)
// for the thermal printer, the print dialog and WhatsApp.
import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { layoutReceipt, receiptText, type ReceiptInput, type ReceiptWidth } from '../../../domain/receipt.ts';
import type { Sale } from '../../../domain/sale.ts';
import { normalizeWhatsAppPhone, waMeLink } from '../../../domain/whatsapp.ts';
import { producersById, receiptStories } from '../../db/catalog-repo.ts';
import type { KasirDb } from '../../db/database.ts';
import { loadSettings, type Settings } from '../../db/settings-repo.ts';
import type { T } from '../../i18n/use-t.ts';
import { useT } from '../../i18n/use-t.ts';
import { printerErrorText, sendToPrinter } from './printer.ts';
import { useDb } from '../services/services.tsx';
import { Barcode } from '../../ui/Barcode.tsx';

export function receiptWidth(settings: Pick<Settings, 'paperWidth'>): ReceiptWidth {
  return settings.paperWidth === 80 ? 48 : 32;
}

export async function loadReceiptInput(db: KasirDb, sale: Sale): Promise<ReceiptInput> {
  const settings = await loadSettings(db);
  const producers = await producersById(db, [...new Set(sale.lines.map((l) => l.producerId))]);
  return {
    sale,
    storeName: settings.storeName,
    storeAddress: settings.storeAddress,
    npwp: settings.npwp.trim() || null,
    // The outlet's own words, under the receipt's thanks.
    ...(settings.receiptFooter.trim() !== '' ? { footer: settings.receiptFooter } : {}),
    producers: Object.fromEntries(producers.flatMap((p) => (p ? [[p.id, { name: p.name, receiptLine: p.receiptLine }]] : []))),
    stories: await receiptStories(db, sale.lines.map((l) => l.productId)),
  };
}

/**
 * ESC/POS when a printer is paired; otherwise, or when it fails, the print
 * dialog. Returns the failure text to show, or null.
 */
export async function printReceipt(settings: Settings, lines: readonly string[], t: T, receiptNo: string | null = null): Promise<string | null> {
  if (settings.printer !== 'dialog') {
    try {
      // The ESC/POS encoder is a seventh of the app: loaded (from the precache) on the first print, not on start.
      const { encodeReceipt } = await import('./escpos.ts');
      await sendToPrinter(settings.printer, encodeReceipt(lines, { columns: receiptWidth(settings), cut: true, barcode: receiptNo }));
      return null;
    } catch (e) {
      globalThis.print?.();
      return printerErrorText(t, e);
    }
  }
  globalThis.print?.();
  return null;
}

export function ReceiptActions({ sale, reprint }: { sale: Sale; reprint: boolean }) {
  const t = useT();
  const db = useDb();
  const settings = useLiveQuery(() => loadSettings(db), [db]);
  const input = useLiveQuery(() => loadReceiptInput(db, sale), [db, sale]);
  const [phone, setPhone] = useState('');
  const [printError, setPrintError] = useState<string | null>(null);
  if (!settings || !input) return null;
  const width = receiptWidth(settings);
  const lines = layoutReceipt(input, width);
  const phoneCheck = phone.trim() === '' ? null : normalizeWhatsAppPhone(phone);
  const waHref = phoneCheck === null ? waMeLink(null, receiptText(input, 32)) : phoneCheck.ok ? waMeLink(phoneCheck.digits, receiptText(input, 32)) : null;

  return (
    <div className="receipt-actions">
      <pre className={`receipt-preview paper-${settings.paperWidth}`} aria-label={t('saleDetail', { receipt: sale.receiptNo })}>
        {lines.join('\n')}
      </pre>
      {/* Shown only by the print stylesheet. */}
      <div className={`print-area paper-${settings.paperWidth}`} aria-hidden="true">
        <pre>{lines.join('\n')}</pre>
        <Barcode text={sale.receiptNo} label={t('receiptBarcode', { receipt: sale.receiptNo })} moduleMm={settings.paperWidth === 80 ? 0.33 : 0.25} />
      </div>
      <button type="button" className="primary" onClick={() => void printReceipt(settings, lines, t, sale.receiptNo).then((err) => setPrintError(err ? t('printFailed', { reason: err }) : null))}>
        {reprint ? t('reprint') : t('printReceipt')}
      </button>
      {printError ? (
        <p role="alert" className="error">
          {printError}
        </p>
      ) : null}
      <label className="field compact">
        <span>{t('waNumber')}</span>
        <input type="tel" inputMode="tel" value={phone} onChange={(e) => setPhone(e.target.value)} aria-invalid={phoneCheck !== null && !phoneCheck.ok} />
      </label>
      {phoneCheck && !phoneCheck.ok ? (
        <p className="error" role="alert">
          {t('waInvalid')}
        </p>
      ) : null}
      {waHref ? (
        <a className="button secondary" href={waHref} target="_blank" rel="noopener noreferrer">
          {t('sendWhatsApp')}
        </a>
      ) : null}
    </div>
  );
}
