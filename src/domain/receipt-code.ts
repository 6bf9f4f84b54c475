// The receipt number as a scannable code: Code 128 (set B), so the counter's
// 1D scanners, which read the products' EAN-13s, read the receipt too.
// The modules are drawn here (SVG for the print dialog) and by the printer
// itself from the same text (ESC/POS), so both carry the same code.

/** `XXXX-000123`: four hex digits of the device id, the device's counter (domain/id.ts receiptNumber). */
export const RECEIPT_NO_RE = /^[0-9A-F]{4}-\d{6,}$/;

/**
 * A scanned or typed text read as a receipt number, or null. A person may
 * type it in lower case or with spaces; a scanner types it as printed.
 */
export function asReceiptNumber(text: string): string | null {
  const s = text.trim().toUpperCase().replace(/\s+/g, '');
  return RECEIPT_NO_RE.test(s) && s.length <= 40 ? s : null;
}

// Code 128 bar/space widths, symbols 0-105, then the stop (ISO/IEC 15417).
const PATTERNS = [
  '212222', '222122', '222221', '121223', '121322', '131222', '122213', '122312', '132212', '221213', '221312', '231212', '112232', '122132',
  '122231', '113222', '123122', '123221', '223211', '221132', '221231', '213212', '223112', '312131', '311222', '321122', '321221', '312212',
  '322112', '322211', '212123', '212321', '232121', '111323', '131123', '131321', '112313', '132113', '132311', '211313', '231113', '231311',
  '112133', '112331', '132131', '113123', '113321', '133121', '313121', '211331', '231131', '213113', '213311', '213131', '311123', '311321',
  '331121', '312113', '312311', '332111', '314111', '221411', '431111', '111224', '111422', '121124', '121421', '141122', '141221', '112214',
  '112412', '122114', '122411', '142112', '142211', '241211', '221114', '413111', '241112', '134111', '111242', '121142', '121241', '114212',
  '124112', '124211', '411212', '421112', '421211', '212141', '214121', '412121', '111143', '111341', '131141', '114113', '114311', '411113',
  '411311', '113141', '114131', '311141', '411131', '211412', '211214', '211232',
] as const;
const STOP = '2331112';
const START_B = 104;

export class BarcodeTextError extends Error {
  override name = 'BarcodeTextError';
}

/**
 * Code 128 set B of printable ASCII: the widths of alternating bars and
 * spaces (bar first), start, data, check symbol and stop. Without the
 * quiet zones, which the drawing adds (10 modules each side).
 */
export function code128Widths(text: string): number[] {
  if (text.length === 0 || text.length > 80) throw new BarcodeTextError('a Code 128 text has 1 to 80 characters');
  const symbols = [START_B];
  for (const ch of text) {
    const c = ch.charCodeAt(0);
    if (c < 32 || c > 126) throw new BarcodeTextError(`Code 128 set B cannot carry ${JSON.stringify(ch)}`);
    symbols.push(c - 32);
  }
  let check = START_B;
  for (let i = 1; i < symbols.length; i++) check += (symbols[i] ?? 0) * i;
  symbols.push(check % 103);
  const widths: number[] = [];
  for (const s of symbols) for (const w of PATTERNS[s] ?? '') widths.push(Number(w));
  for (const w of STOP) widths.push(Number(w));
  return widths;
}

/** The bars as x offsets and widths in modules, quiet zone included; `total` is the whole width. */
export function code128Bars(text: string, quiet = 10): { bars: { x: number; w: number }[]; total: number } {
  const widths = code128Widths(text);
  const bars: { x: number; w: number }[] = [];
  let x = quiet;
  widths.forEach((w, i) => {
    if (i % 2 === 0) bars.push({ x, w });
    x += w;
  });
  return { bars, total: x + quiet };
}
