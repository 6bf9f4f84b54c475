// ESC/POS bytes for roll labels on the receipt printer: per label the name,
// the price large, the barcode drawn by the printer itself (EAN-13 or Code
// 128, digits under it), the SKU and producer, then a cut or a tear gap.
// Loaded with the encoder on the first roll print, like the receipt's.
import ReceiptPrinterEncoder from '@point-of-sale/receipt-printer-encoder';
import { rollLabelText, type LabelContent } from '../../../domain/labels.ts';
import type { ReceiptWidth } from '../../../domain/receipt.ts';

export interface RollLabelOptions {
  columns: ReceiptWidth;
  /** Cut between labels; false for a tear bar. */
  cut: boolean;
}

export function encodeRollLabels(labels: readonly LabelContent[], opts: RollLabelOptions): Uint8Array {
  const encoder = new ReceiptPrinterEncoder({ language: 'esc-pos', columns: opts.columns });
  // cp437, as for receipts: the one code page every clone starts in; rollLabelText makes the text ASCII.
  encoder.initialize().codepage('cp437');
  for (const label of labels) {
    const text = rollLabelText(label, opts.columns);
    encoder.align('center');
    for (const line of text.name) encoder.line(line);
    encoder.bold(true).size(2, 2).line(text.price).size(1, 1).bold(false);
    if (label.barcode) {
      // 2 dots a module: an EAN-13 is 95 modules (190 dots), inside even a 58 mm head's 384; 60 dots is 7.5 mm high.
      encoder.barcode(label.barcode.value, label.barcode.symbology, { height: 60, width: 2, text: 'below' });
    }
    encoder.line(text.footer);
    encoder.align('left').newline(3);
    if (opts.cut) encoder.cut('partial');
  }
  return encoder.encode();
}
