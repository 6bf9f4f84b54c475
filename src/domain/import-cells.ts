// Cells of a product sheet as people type them in Indonesia: "Rp 32.000",
// "32.000,-", "ya"/"tidak", headers in Bahasa or English, files saved by
// Excel as UTF-8 (with or without a BOM) or Windows-1252. Each reader says
// what is wrong instead of guessing, so the import can name row and column.

/** The columns the import understands; every other column is ignored (and named as such). */
export const IMPORT_COLUMNS = ['sku', 'name', 'barcode', 'category', 'producer', 'price', 'cost', 'unit', 'tax', 'active', 'consigned', 'story', 'storyOnReceipt', 'stock'] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number];

/** The header the export writes for each column (Bahasa, as the store's staff read it). */
export const EXPORT_HEADERS: Record<ImportColumn, string> = {
  sku: 'SKU',
  name: 'Nama',
  barcode: 'Barcode',
  category: 'Kategori',
  producer: 'Produsen',
  price: 'Harga',
  cost: 'HPP',
  unit: 'Satuan',
  tax: 'Pajak',
  active: 'Aktif',
  consigned: 'Titip Jual',
  story: 'Cerita',
  storyOnReceipt: 'Cerita di Struk',
  stock: 'Stok',
};

const HEADER_ALIASES: Record<ImportColumn, readonly string[]> = {
  sku: ['sku', 'kode sku', 'kode produk', 'kode barang', 'handle', 'id produk'],
  name: ['nama', 'name', 'nama produk', 'nama barang', 'product', 'product name', 'produk'],
  barcode: ['barcode', 'kode', 'kode barcode', 'kode batang', 'ean', 'gtin', 'upc'],
  category: ['kategori', 'category', 'jenis'],
  producer: ['produsen', 'producer', 'pembuat', 'pemasok', 'supplier', 'maker', 'lapas umkm'],
  price: ['harga', 'price', 'harga jual', 'selling price', 'harga rp'],
  cost: ['hpp', 'cost', 'harga pokok', 'modal', 'harga modal', 'cost price'],
  unit: ['satuan', 'unit', 'uom'],
  tax: ['pajak', 'tax', 'ppn', 'kena ppn'],
  active: ['aktif', 'active', 'status'],
  consigned: ['titip jual', 'konsinyasi', 'consigned', 'consignment', 'titipan'],
  story: ['cerita', 'story', 'deskripsi', 'description', 'keterangan'],
  storyOnReceipt: ['cerita di struk', 'story on receipt', 'cetak cerita'],
  stock: ['stok', 'stock', 'stok awal', 'opening stock', 'jumlah', 'qty'],
};

const normHeader = (h: string): string =>
  h
    .replace(/^\uFEFF/, '')
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

const ALIAS_TO_COLUMN = new Map<string, ImportColumn>(IMPORT_COLUMNS.flatMap((c) => [...HEADER_ALIASES[c], normHeader(EXPORT_HEADERS[c])].map((a) => [normHeader(a), c] as const)));

/** The column a header names ("Nama Produk", "HARGA (Rp)", "Price"), or null for one the import does not know. */
export function columnOfHeader(header: string): ImportColumn | null {
  return ALIAS_TO_COLUMN.get(normHeader(header)) ?? null;
}

// ----------------------------------------------------------------- values

export type CellProblem =
  | { code: 'not-a-number' }
  | { code: 'fraction' }
  | { code: 'ambiguous-comma' }
  | { code: 'negative' }
  | { code: 'too-large'; max: number }
  | { code: 'not-yes-no' }
  | { code: 'not-a-tax' };

export type CellResult<T> = { ok: true; value: T } | { ok: false; problem: CellProblem };

const ok = <T>(value: T): CellResult<T> => ({ ok: true, value });
const bad = <T>(problem: CellProblem): CellResult<T> => ({ ok: false, problem });

/**
 * A whole number of rupiah (or pieces) as Indonesians write it: "32000",
 * "32.000", "Rp 32.000", "Rp32.000,-", "32.000,00", "1 250 000". A dot groups
 * thousands and a comma starts decimals; decimals other than zeros are a
 * fraction of a rupiah, which does not exist. "32,000" could be an English
 * thirty-two thousand or an Indonesian thirty-two: refused rather than guessed.
 * A number cell of a spreadsheet arrives as a number and is taken as is.
 */
export function parseWholeCell(cell: string | number, max: number): CellResult<number> {
  if (typeof cell === 'number') {
    if (!Number.isFinite(cell)) return bad({ code: 'not-a-number' });
    if (!Number.isInteger(cell)) return bad({ code: 'fraction' });
    if (cell < 0) return bad({ code: 'negative' });
    if (cell > max) return bad({ code: 'too-large', max });
    return ok(cell);
  }
  let t = cell
    .trim()
    .replace(/^(rp\.?|idr)\s*/i, '')
    .replace(/,-$/, '')
    .replace(/[\s\u00a0]/g, '');
  let negative = false;
  if (t.startsWith('-')) {
    negative = true;
    t = t.slice(1);
  }
  if (!/^[\d.,]+$/.test(t) || !/\d/.test(t)) return bad({ code: 'not-a-number' });
  const [whole = '', decimals, ...more] = t.split(',');
  if (more.length > 0) return bad({ code: 'not-a-number' });
  if (whole.includes('.') && !/^\d{1,3}(\.\d{3})+$/.test(whole)) {
    // "32.5" or "1.50": a dot that does not group thousands is an English decimal point.
    return bad(/^\d+\.\d+$/.test(whole) ? { code: 'fraction' } : { code: 'not-a-number' });
  }
  if (whole === '') return bad({ code: 'not-a-number' });
  if (decimals !== undefined) {
    if (!/^\d+$/.test(decimals)) return bad({ code: 'not-a-number' });
    if (!whole.includes('.') && decimals.length === 3) return bad({ code: 'ambiguous-comma' });
    if (!/^0+$/.test(decimals)) return bad({ code: 'fraction' });
  }
  const n = Number(whole.replaceAll('.', ''));
  if (!Number.isSafeInteger(n)) return bad({ code: 'too-large', max });
  if (negative && n !== 0) return bad({ code: 'negative' });
  if (n > max) return bad({ code: 'too-large', max });
  return ok(n);
}

const YES = new Set(['ya', 'y', 'yes', 'true', '1', 'aktif', 'active', 'benar', 'iya', 'v', 'x', 'titip', 'titip jual', 'konsinyasi']);
const NO = new Set(['tidak', 't', 'n', 'no', 'false', '0', 'nonaktif', 'non aktif', 'tidak aktif', 'inactive', 'salah', 'bukan', 'milik toko', 'toko']);

/** ya/tidak, yes/no, 1/0, aktif/nonaktif, TRUE/FALSE (a spreadsheet's booleans arrive as booleans). */
export function parseYesNoCell(cell: string | number | boolean): CellResult<boolean> {
  if (typeof cell === 'boolean') return ok(cell);
  const t = String(cell).trim().toLowerCase().replace(/\s+/g, ' ');
  if (YES.has(t)) return ok(true);
  if (NO.has(t)) return ok(false);
  return bad({ code: 'not-yes-no' });
}

/** "PPN"/"ya" applies PPN; "bebas"/"tidak"/"exempt" does not. */
export function parseTaxCell(cell: string | number | boolean): CellResult<'ppn' | 'exempt'> {
  const t = String(cell).trim().toLowerCase();
  if (['ppn', 'kena ppn', 'pkp', 'taxable', 'ya', 'yes', 'y', '1', 'true'].includes(t)) return ok('ppn');
  if (['bebas', 'bebas ppn', 'tidak', 'tidak kena', 'exempt', 'no', 'n', 't', '0', 'false', 'non ppn', 'non-ppn'].includes(t)) return ok('exempt');
  return bad({ code: 'not-a-tax' });
}

/** The words of a cell's value as the export writes them, so a round trip reads back the same. */
export const yesNoText = (v: boolean): string => (v ? 'ya' : 'tidak');
export const taxText = (v: 'ppn' | 'exempt'): string => (v === 'ppn' ? 'PPN' : 'bebas');

// ------------------------------------------------------------------ files

/**
 * The text of a CSV file: UTF-8 (a BOM is dropped) when its bytes are valid
 * UTF-8, otherwise Windows-1252, which is what Excel on an Indonesian Windows
 * saves as "CSV (Comma delimited)". No UTF-8 text with accents decodes as
 * valid 1252-only bytes by accident the other way round, so trying UTF-8
 * first is safe.
 */
export function decodeCsvBytes(bytes: Uint8Array): { text: string; encoding: 'utf-8' | 'windows-1252' } {
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(body), encoding: 'utf-8' };
  } catch {
    const text = new TextDecoder('windows-1252').decode(body);
    // Some TextDecoders (Node's without full ICU) decode 1252 as Latin-1,
    // leaving 0x80-0x9F as control characters: put 1252's letters there.
    return { text: text.replace(/[\u0080-\u009f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80] ?? c), encoding: 'windows-1252' };
  }
}

/** Windows-1252 at 0x80-0x9F (the five holes stay as they are). */
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

/**
 * `;` or `,` by the header line: Excel in Indonesia (decimal comma) saves
 * with semicolons, elsewhere with commas. Counted outside quotes.
 */
export function detectDelimiter(text: string): ';' | ',' | '\t' {
  let semis = 0;
  let commas = 0;
  let tabs = 0;
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && ch === ';') semis++;
    else if (!quoted && ch === ',') commas++;
    else if (!quoted && ch === '\t') tabs++;
  }
  if (tabs > semis && tabs > commas) return '\t';
  return semis >= commas && semis > 0 ? ';' : ',';
}
