// Shelf and price labels: the A4 sheet templates (sizes in mm), where each
// label of a print run lands on which sheet (with a start offset, so a
// half-used sheet is used up first), how a long product name is shortened
// to fit, and which barcode symbology a product's code is drawn in. The
// label screen, its print stylesheet and the roll printer all read this.
import { toEan13 } from './ean13.ts';
import { formatRupiah, type Rupiah } from './money.ts';

/** Why a product is on the "Label perlu dicetak" list. */
export const LABEL_REASONS = ['new-product', 'price-changed'] as const;
export type LabelReason = (typeof LABEL_REASONS)[number];

export const SHEET_TEMPLATE_IDS = ['a4-3x10', 'a4-4x10'] as const;
export type SheetTemplateId = (typeof SHEET_TEMPLATE_IDS)[number];

/** One label sheet, everything in millimetres from the sheet's top-left corner. */
export interface SheetTemplate {
  readonly id: SheetTemplateId;
  readonly pageWidthMm: number;
  readonly pageHeightMm: number;
  readonly columns: number;
  readonly rows: number;
  readonly labelWidthMm: number;
  readonly labelHeightMm: number;
  readonly marginTopMm: number;
  readonly marginLeftMm: number;
  /** Space between two labels side by side / one above the other. */
  readonly gapXMm: number;
  readonly gapYMm: number;
  /** How many characters of the name fit on one line at the label's name size. */
  readonly nameCharsPerLine: number;
  readonly nameLines: number;
}

/**
 * The two A4 sheets sold in Indonesian stationery shops for price labels:
 * 30 labels of 64 x 27 mm (3 x 10, the "label A4 isi 30" of Tom & Jerry and
 * Koala packs) and 40 labels of 45.7 x 25.4 mm (4 x 10, the Avery L7654
 * layout most "isi 40" packs copy). Margins are those packs' die-cut
 * positions; a sheet that differs is better served by measuring it than by
 * guessing, so every figure is here, in one place.
 */
export const SHEET_TEMPLATES: Readonly<Record<SheetTemplateId, SheetTemplate>> = {
  'a4-3x10': {
    id: 'a4-3x10',
    pageWidthMm: 210,
    pageHeightMm: 297,
    columns: 3,
    rows: 10,
    labelWidthMm: 64,
    labelHeightMm: 27,
    marginTopMm: 13.5,
    marginLeftMm: 7,
    gapXMm: 2.5,
    gapYMm: 0,
    nameCharsPerLine: 26,
    nameLines: 2,
  },
  'a4-4x10': {
    id: 'a4-4x10',
    pageWidthMm: 210,
    pageHeightMm: 297,
    columns: 4,
    rows: 10,
    labelWidthMm: 45.7,
    labelHeightMm: 25.4,
    marginTopMm: 21.5,
    marginLeftMm: 9.75,
    gapXMm: 2.5,
    gapYMm: 0,
    nameCharsPerLine: 19,
    nameLines: 2,
  },
};

export function labelsPerSheet(t: SheetTemplate): number {
  return t.columns * t.rows;
}

/** Where one label sits: its slot on its sheet (1-based, row by row) and its top-left corner in mm. */
export interface LabelSlot {
  readonly sheet: number;
  readonly position: number;
  readonly row: number;
  readonly column: number;
  readonly xMm: number;
  readonly yMm: number;
}

export class LabelLayoutError extends Error {
  override name = 'LabelLayoutError';
}

/** The label's top-left corner for a 1-based position on a sheet. */
export function slotAt(t: SheetTemplate, sheet: number, position: number): LabelSlot {
  const index = position - 1;
  const row = Math.floor(index / t.columns);
  const column = index % t.columns;
  // Rounded to a hundredth of a mm: the print stylesheet needs no more, and sums of 0.1 do not drift.
  const round = (mm: number): number => Math.round(mm * 100) / 100;
  return {
    sheet,
    position,
    row: row + 1,
    column: column + 1,
    xMm: round(t.marginLeftMm + column * (t.labelWidthMm + t.gapXMm)),
    yMm: round(t.marginTopMm + row * (t.labelHeightMm + t.gapYMm)),
  };
}

/** A start position must be a label on the sheet: 1 (a fresh sheet) up to the last one. */
export function isValidStartPosition(t: SheetTemplate, start: number): boolean {
  return Number.isInteger(start) && start >= 1 && start <= labelsPerSheet(t);
}

/** Sheets a run of `count` labels takes when the first sheet begins at `start`. */
export function sheetsNeeded(t: SheetTemplate, count: number, start = 1): number {
  if (!isValidStartPosition(t, start)) throw new LabelLayoutError(`start position ${String(start)} is not a label of a ${t.columns} x ${t.rows} sheet`);
  if (!Number.isInteger(count) || count < 0) throw new LabelLayoutError(`a label count is a whole number, got ${String(count)}`);
  if (count === 0) return 0;
  return Math.ceil((start - 1 + count) / labelsPerSheet(t));
}

/** The most labels one print run makes: 100 sheets of 40, more than any shelf needs and still a page a browser prints. */
export const MAX_LABELS_PER_RUN = 4000;
/** The most copies of one product's label in one run. */
export const MAX_COPIES = 500;

/** Each copy of each item, in order, placed on the sheets from `start` on. */
export function placeLabels<T>(t: SheetTemplate, items: readonly { item: T; copies: number }[], start = 1): { item: T; slot: LabelSlot }[] {
  const total = items.reduce((n, i) => n + i.copies, 0);
  if (total > MAX_LABELS_PER_RUN) throw new LabelLayoutError(`${total} labels is more than one run prints (${MAX_LABELS_PER_RUN})`);
  sheetsNeeded(t, total, start);
  const per = labelsPerSheet(t);
  const out: { item: T; slot: LabelSlot }[] = [];
  let index = start - 1;
  for (const { item, copies } of items) {
    if (!Number.isInteger(copies) || copies < 0 || copies > MAX_COPIES) throw new LabelLayoutError(`copies of one label are 0 to ${MAX_COPIES}, got ${String(copies)}`);
    for (let c = 0; c < copies; c++, index++) out.push({ item, slot: slotAt(t, Math.floor(index / per) + 1, (index % per) + 1) });
  }
  return out;
}

/**
 * The name in at most `lines` lines of `perLine` characters, broken between
 * words; what does not fit ends in "…". A word longer than a line is cut.
 * Whitespace runs become one space, so a name typed with double spaces or a
 * newline from a spreadsheet prints as one.
 */
export function fitName(name: string, perLine: number, lines: number): string[] {
  if (perLine < 2 || lines < 1) throw new LabelLayoutError('a name needs at least one line of two characters');
  const len = (s: string): number => [...s].length;
  const out: string[] = [];
  let current = '';
  let cut = false;
  for (const whole of name.trim().split(/\s+/u).filter((w) => w !== '')) {
    let word = whole;
    if (current !== '' && len(current) + 1 + len(word) <= perLine) {
      current = `${current} ${word}`;
      continue;
    }
    if (current !== '') out.push(current);
    current = '';
    // A word alone longer than a line is cut into line-long pieces.
    while (out.length < lines && len(word) > perLine) {
      out.push([...word].slice(0, perLine).join(''));
      word = [...word].slice(perLine).join('');
    }
    if (out.length === lines) {
      cut = true;
      break;
    }
    current = word;
  }
  if (current !== '') {
    if (out.length < lines) out.push(current);
    else cut = true;
  }
  return cut ? withEllipsis(out, perLine) : out;
}

function withEllipsis(lines: string[], perLine: number): string[] {
  const last = [...(lines[lines.length - 1] ?? '')];
  const kept = last.length >= perLine ? last.slice(0, perLine - 1) : last;
  lines[lines.length - 1] = `${kept.join('').trimEnd()}…`;
  return lines;
}

/** What a label's barcode is drawn as: EAN-13 for a valid EAN-13 (or UPC-A), Code 128 for any other code. */
export type LabelBarcode = { readonly symbology: 'ean13'; readonly value: string } | { readonly symbology: 'code128'; readonly value: string };

/** Code 128 encodes printable ASCII; a code with anything else is not one a scanner can type back. */
const CODE128_TEXT = /^[\x20-\x7e]{1,48}$/;

/**
 * The barcode to print for a product: its EAN-13 when the barcode is one
 * (a GS1 899... code or an in-store 20-29 code), else Code 128 of the
 * barcode, else of the SKU, which a scanner types back as the cashier would
 * search it. Null when neither can be drawn.
 */
export function labelBarcode(p: { barcode: string | null; sku: string }): LabelBarcode | null {
  const ean = p.barcode === null ? null : toEan13(p.barcode);
  if (ean !== null) return { symbology: 'ean13', value: ean };
  for (const code of [p.barcode, p.sku]) if (code !== null && CODE128_TEXT.test(code)) return { symbology: 'code128', value: code };
  return null;
}

/** What one label shows; the screen and the roll printer make it from the label data the server sends. */
export interface LabelContent {
  readonly name: string;
  readonly price: Rupiah;
  readonly sku: string;
  readonly producer: string;
  readonly barcode: LabelBarcode | null;
}

/**
 * A roll label as text lines for a thermal printer of `columns` characters:
 * the name in two lines at most, the price, then (after the barcode the
 * printer draws itself) the SKU and producer. ASCII only: the printer is in
 * code page 437, where "…" does not exist.
 */
export function rollLabelText(label: LabelContent, columns: number): { name: string[]; price: string; footer: string } {
  const ascii = (s: string): string => s.replace(/…/gu, '~').replace(/[^\x20-\x7e]/gu, '?');
  const name = fitName(label.name, columns, 2).map((l) => ascii(l.replace(/…$/u, '~')));
  const footer = ascii(`${label.sku} ${label.producer}`);
  return { name, price: formatRupiah(label.price), footer: footer.length <= columns ? footer : `${footer.slice(0, columns - 1)}~` };
}

/**
 * How far a device moves every label on a sheet to meet its printer: inkjets
 * and lasers each feed A4 a millimetre or two off, so a sheet printed as
 * drawn lands labels across the die-cut edges. Per device (the printer is
 * the device's), in 0.5 mm steps, at most 10 mm either way: more is not a
 * feed error but the wrong template.
 */
export const LABEL_OFFSET_MAX_MM = 10;

export interface SheetOffset {
  /** Positive moves the labels down. */
  topMm: number;
  /** Positive moves the labels right. */
  leftMm: number;
}

/** An offset as typed, kept within the limit and rounded to half millimetres; not a number counts as none. */
export function clampOffsetMm(mm: number): number {
  if (!Number.isFinite(mm)) return 0;
  const r = Math.round(mm * 2) / 2;
  return Math.min(LABEL_OFFSET_MAX_MM, Math.max(-LABEL_OFFSET_MAX_MM, r)) + 0;
}

/** Where a label lands with the device's offset. */
export function offsetSlot(slot: LabelSlot, offset: SheetOffset): { xMm: number; yMm: number } {
  return { xMm: slot.xMm + clampOffsetMm(offset.leftMm), yMm: slot.yMm + clampOffsetMm(offset.topMm) };
}
