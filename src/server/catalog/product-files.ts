// Product sheets in and out: CSV through papaparse (separator detected, as
// Excel in Indonesia saves with ";"), XLSX through read-excel-file and
// write-excel-file. Only cells here; what they mean is domain/product-import.ts.
import Papa from 'papaparse';
import readXlsxFile from 'read-excel-file/node';
import writeXlsxFile from 'write-excel-file/node';
import { decodeCsvBytes, detectDelimiter } from '../../domain/import-cells.ts';
import type { SheetCell } from '../../domain/product-import.ts';

export type SheetFormat = 'csv' | 'xlsx';

export class UnreadableFile extends Error {
  override name = 'UnreadableFile';
}

/** An XLSX is a ZIP: it starts with "PK". */
const isZip = (b: Uint8Array): boolean => b[0] === 0x50 && b[1] === 0x4b;

export async function readSheetFile(bytes: Uint8Array, format: SheetFormat): Promise<{ cells: SheetCell[][]; encoding: string | null }> {
  if (format === 'xlsx' || isZip(bytes)) {
    if (!isZip(bytes)) throw new UnreadableFile('not an XLSX workbook');
    try {
      const [first] = await readXlsxFile(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      const data = first?.data ?? [];
      return { cells: data.map((row) => row.map((c) => (c === null || typeof c === 'string' || typeof c === 'number' || typeof c === 'boolean' ? c : String(c)))), encoding: null };
    } catch (e) {
      throw new UnreadableFile(e instanceof Error ? e.message : 'not an XLSX workbook');
    }
  }
  const { text, encoding } = decodeCsvBytes(bytes);
  const parsed = Papa.parse<string[]>(text, { delimiter: detectDelimiter(text), skipEmptyLines: 'greedy' });
  // A quote left open runs to the end of the file: the rows after it would be one cell.
  const fatal = parsed.errors.find((e) => e.code === 'MissingQuotes');
  if (fatal) throw new UnreadableFile(`row ${fatal.row === undefined ? '?' : fatal.row + 1}: a quote is never closed`);
  return { cells: parsed.data, encoding };
}

/** CSV as Excel in Indonesia opens it: ";" separated, UTF-8 with a BOM (without it Excel reads 1252), CRLF. */
export function writeCsv(rows: readonly (readonly (string | number | null)[])[]): Buffer {
  const text = Papa.unparse(
    rows.map((r) => r.map((c) => (c === null ? '' : c))),
    { delimiter: ';', newline: '\r\n', quotes: false, escapeFormulae: true },
  );
  return Buffer.from(`\uFEFF${text}\r\n`, 'utf8');
}

/** One sheet; codes (SKU, barcode) as text so Excel never turns 8991234567895 into 8,99E+12. */
export async function writeXlsx(rows: readonly (readonly (string | number | null)[])[], sheet: string): Promise<Buffer> {
  const data = rows.map((r, i) => r.map((c) => (c === null ? null : typeof c === 'number' ? { value: c, type: Number } : { value: c, type: String, ...(i === 0 ? { fontWeight: 'bold' as const } : {}) })));
  return writeXlsxFile(data, { sheet }).toBuffer();
}
