// A report table saved as a file, as the reader's spreadsheet opens it: CSV
// with ; and a BOM (Excel in Indonesia), or XLSX. papaparse and
// write-excel-file are loaded on the first export, never with the page.
export interface ExportColumn<R> {
  header: string;
  value: (row: R) => string | number | null;
}

/** Text a spreadsheet would run as a formula gets a leading ' (as the product export does). */
const guarded = (v: string | number | null): string | number | null => (typeof v === 'string' && /^[=+\-@\t\r]/.test(v) ? `'${v}` : v);

function save(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  // Revoking at once can cancel the download in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export async function exportCsv<R>(fileName: string, columns: readonly ExportColumn<R>[], rows: readonly R[]): Promise<void> {
  const { default: Papa } = await import('papaparse');
  const text = Papa.unparse(
    { fields: columns.map((c) => c.header), data: rows.map((r) => columns.map((c) => guarded(c.value(r)))) },
    { delimiter: ';', newline: '\r\n' },
  );
  save(new Blob([`\uFEFF${text}\r\n`], { type: 'text/csv;charset=utf-8' }), fileName);
}

export async function exportXlsx<R>(fileName: string, sheet: string, columns: readonly ExportColumn<R>[], rows: readonly R[]): Promise<void> {
  const { default: writeXlsxFile } = await import('write-excel-file/browser');
  const head = columns.map((c) => ({ value: c.header, type: String, fontWeight: 'bold' as const }));
  const body = rows.map((r) =>
    columns.map((c) => {
      const v = c.value(r);
      return v === null ? null : typeof v === 'number' ? { value: v, type: Number } : { value: v, type: String };
    }),
  );
  // Excel refuses a sheet name over 31 characters or with []:*?/\.
  const blob = await writeXlsxFile([head, ...body], { sheet: sheet.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31) }).toBlob();
  save(blob, fileName);
}
