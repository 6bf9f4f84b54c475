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

/**
 * Printer dots per narrowest bar. At 203 dpi a dot is 0.125 mm; EAN-13's
 * X-dimension may be 80% to 200% of 0.33 mm (0.264-0.66 mm, GS1 General
 * Specifications 5.2.1.4), so 2 dots (0.25 mm) is under the smallest a
 * scanner is promised to read and 3 dots (0.375 mm, 114%) is the first that
 * fits. 95 modules plus the 11 + 7 quiet-zone modules make 339 dots, inside
 * even a 58 mm head's 384.
 */
export const MODULE_DOTS = 3;
/** 96 dots (12 mm): a bar about half the nominal height, as small shelf labels print it; a hand scanner reads it in one pass. */
export const BAR_HEIGHT_DOTS = 96;

/**
 * The encoder's `width` for a module of `dots`: it sends GS w with width + 1
 * for EAN-13 and Code 128 (its ESC/POS barcode command), so width 2 is 3 dots.
 */
export const encoderWidthFor = (dots: number): number => dots - 1;

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
      encoder.barcode(label.barcode.value, label.barcode.symbology, { height: BAR_HEIGHT_DOTS, width: encoderWidthFor(MODULE_DOTS), text: 'below' });
    }
    encoder.line(text.footer);
    encoder.align('left').newline(3);
    if (opts.cut) encoder.cut('partial');
  }
  return encoder.encode();
}
