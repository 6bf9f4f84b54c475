// ESC/POS bytes for a receipt already laid out by domain/receipt.ts. The
// layout decides every column; the encoder only turns lines into bytes, so
// the printed receipt matches the on-screen and WhatsApp ones exactly.
import ReceiptPrinterEncoder from '@point-of-sale/receipt-printer-encoder';
import type { ReceiptWidth } from '../../../domain/receipt.ts';

export interface EscPosOptions {
  /** Characters a line: 32 for 58 mm paper, 48 (or 42) for 80 mm. */
  columns: ReceiptWidth;
  /** Send a cut command; false for printers without a cutter (tear bar). */
  cut: boolean;
  /** Text to print as a QR code under the receipt, e.g. a dynamic QRIS payload. */
  qr?: string | null;
  /** The receipt number, printed as a Code 128 under the receipt so a refund can scan it. */
  barcode?: string | null;
}

// The cutter and the tear bar sit a few lines above the print head; without
// this feed the last lines of the receipt end up on the next one.
const FEED_LINES = 4;

/**
 * Keeps a laid-out line as it is (its spaces are the columns) but never lets
 * a byte through that the printer would read as a command or print through a
 * code page guess.
 */
function printable(line: string): string {
  return line.replace(/[^\x20-\x7e]/gu, '?');
}

export function encodeReceipt(lines: readonly string[], opts: EscPosOptions): Uint8Array {
  const encoder = new ReceiptPrinterEncoder({ language: 'esc-pos', columns: opts.columns });
  // The lines are ASCII, and cp437 is code page 0, the one every ESC/POS
  // printer (clones included) starts in; 'auto' would switch code pages,
  // which cheap printers handle worst.
  encoder.initialize().codepage('cp437');
  // A line longer than the paper (the layout never makes one) is wrapped by the encoder rather than cut, so no amount is lost.
  for (const line of lines) encoder.line(printable(line));
  if (opts.qr) {
    // 58 mm heads are 384 dots wide; a QRIS payload is a version 7-10 code,
    // which fits at 5 dots a module there and reads better larger on 80 mm.
    encoder
      .newline()
      .align('center')
      .qrcode(opts.qr, { model: 2, size: opts.columns === 32 ? 5 : 7, errorlevel: 'm' })
      .align('left');
  }
  if (opts.barcode) {
    // 2 dots a module (the encoder's width 1 sends GS w 2): an 11-character
    // receipt number is 178 modules with its quiet zones, 356 dots, inside a
    // 58 mm head's 384; 60 dots is 7.5 mm high.
    encoder
      .newline()
      .align('center')
      .barcode(opts.barcode, 'code128', { height: 60, width: 1, text: 'below' })
      .align('left');
  }
  encoder.newline(FEED_LINES);
  if (opts.cut) encoder.cut('partial');
  return encoder.encode();
}
