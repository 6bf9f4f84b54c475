// A product sheet (CSV or XLSX, already split into cells) read into rows of
// values, with every cell problem named by row and column. Which products the
// rows create or change is the server's to decide (it knows the catalog);
// what a cell means is decided here, once.
import { PRODUCT_LIMITS } from './product-rules.ts';
import { columnOfHeader, parseTaxCell, parseWholeCell, parseYesNoCell, type CellProblem, type ImportColumn } from './import-cells.ts';

export type SheetCell = string | number | boolean | null;

/** What a row says, only for the cells that are not empty: an empty cell never wipes a value. */
export interface ImportValues {
  sku: string;
  name: string;
  barcode: string;
  category: string;
  /** A producer's id or name, as typed. */
  producer: string;
  price: number;
  cost: number;
  unit: string;
  tax: 'ppn' | 'exempt';
  active: boolean;
  consigned: boolean;
  story: string;
  storyOnReceipt: boolean;
  stock: number;
}

export interface SheetRow {
  /** The row number a spreadsheet shows: the header is row 1. */
  row: number;
  values: Partial<ImportValues>;
}

export type SheetProblem =
  | { row: number; column: ImportColumn; problem: CellProblem }
  | { row: number; column: null; problem: { code: 'no-header' } | { code: 'duplicate-header'; header: string } | { code: 'missing-column'; column: ImportColumn } };

export interface ReadSheet {
  rows: SheetRow[];
  problems: SheetProblem[];
  /** Headers of columns the import does not know, skipped (said to the user). */
  ignored: string[];
  columns: ImportColumn[];
}

/** Most stock one import sets for one product at once. */
export const MAX_IMPORT_STOCK = 1_000_000;

const cellText = (c: SheetCell): string => (c === null ? '' : typeof c === 'string' ? c.trim() : String(c));

/** A barcode typed into a spreadsheet arrives as a number ("8991234567895" as 8.99e12): its digits, never an exponent. */
function codeText(c: SheetCell): string {
  if (typeof c === 'number' && Number.isInteger(c)) return BigInt(c).toString();
  return cellText(c);
}

/**
 * Reads a sheet whose first non-empty row is the header. A row of empty
 * cells is skipped. The SKU column is required: it is how a row finds its
 * product again (re-importing the same file changes nothing).
 */
export function readProductSheet(sheet: readonly (readonly SheetCell[])[]): ReadSheet {
  const problems: SheetProblem[] = [];
  const headerAt = sheet.findIndex((r) => r.some((c) => cellText(c) !== ''));
  if (headerAt < 0) return { rows: [], problems: [{ row: 1, column: null, problem: { code: 'no-header' } }], ignored: [], columns: [] };
  const header = sheet[headerAt] ?? [];
  const columns: (ImportColumn | null)[] = [];
  const ignored: string[] = [];
  const seen = new Set<ImportColumn>();
  header.forEach((h) => {
    const text = cellText(h);
    const col = columnOfHeader(text);
    if (col === null) {
      if (text !== '') ignored.push(text);
      columns.push(null);
    } else if (seen.has(col)) {
      problems.push({ row: headerAt + 1, column: null, problem: { code: 'duplicate-header', header: text } });
      columns.push(null);
    } else {
      seen.add(col);
      columns.push(col);
    }
  });
  if (!seen.has('sku')) problems.push({ row: headerAt + 1, column: null, problem: { code: 'missing-column', column: 'sku' } });

  const rows: SheetRow[] = [];
  for (let i = headerAt + 1; i < sheet.length; i++) {
    const cells = sheet[i] ?? [];
    if (!cells.some((c) => cellText(c) !== '')) continue;
    const row = i + 1;
    const values: Partial<ImportValues> = {};
    columns.forEach((col, j) => {
      if (col === null) return;
      const cell = cells[j] ?? null;
      if (cellText(cell) === '') return;
      const problem = readCell(values, col, cell);
      if (problem) problems.push({ row, column: col, problem });
    });
    rows.push({ row, values });
  }
  return { rows, problems, ignored, columns: [...seen] };
}

function readCell(values: Partial<ImportValues>, col: ImportColumn, cell: SheetCell): CellProblem | null {
  const put = <K extends keyof ImportValues>(key: K, r: { ok: true; value: ImportValues[K] } | { ok: false; problem: CellProblem }): CellProblem | null => {
    if (!r.ok) return r.problem;
    values[key] = r.value;
    return null;
  };
  const bool = (c: SheetCell) => parseYesNoCell(c === null ? '' : c);
  switch (col) {
    case 'sku':
    case 'name':
    case 'category':
    case 'producer':
    case 'unit':
    case 'story':
      // The export guards formulas with a leading ' (CSV injection); read back, it is the text it guarded.
      values[col] = cellText(cell).replace(/^'(?=[=+\-@\t\r])/, '');
      return null;
    case 'barcode':
      values.barcode = codeText(cell);
      return null;
    case 'price':
    case 'cost':
      return put(col, parseWholeCell(typeof cell === 'number' ? cell : cellText(cell), PRODUCT_LIMITS.price));
    case 'stock':
      return put('stock', parseWholeCell(typeof cell === 'number' ? cell : cellText(cell), MAX_IMPORT_STOCK));
    case 'tax':
      return put('tax', parseTaxCell(cell === null ? '' : cell));
    case 'active':
    case 'consigned':
    case 'storyOnReceipt':
      return put(col, bool(cell));
  }
}
