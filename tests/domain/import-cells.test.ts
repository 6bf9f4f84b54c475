// Cells as people type them in Indonesian spreadsheets, and a whole sheet read into rows.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { columnOfHeader, decodeCsvBytes, detectDelimiter, EXPORT_HEADERS, IMPORT_COLUMNS, parseTaxCell, parseWholeCell, parseYesNoCell, taxText, yesNoText } from '../../src/domain/import-cells.ts';
import { readProductSheet } from '../../src/domain/product-import.ts';
import { formatNumber, formatRupiah } from '../../src/domain/money.ts';

const MAX = 1_000_000_000;

describe('a money cell', () => {
  it.each([
    ['32000', 32_000],
    ['32.000', 32_000],
    ['Rp 32.000', 32_000],
    ['Rp32.000', 32_000],
    ['rp. 32.000', 32_000],
    ['IDR 32.000', 32_000],
    ['32.000,-', 32_000],
    ['32.000,00', 32_000],
    ['1.250.000', 1_250_000],
    ['1 250 000', 1_250_000],
    ['0', 0],
    ['  850.000  ', 850_000],
  ])('%s is %i rupiah', (text, value) => {
    expect(parseWholeCell(text, MAX)).toEqual({ ok: true, value });
  });

  it.each([
    ['32,5', 'fraction'],
    ['32.5', 'fraction'],
    ['32.000,50', 'fraction'],
    ['32,000', 'ambiguous-comma'],
    ['abc', 'not-a-number'],
    ['32.00.0', 'not-a-number'],
    ['1,2,3', 'not-a-number'],
    ['-5.000', 'negative'],
    ['2.000.000.000', 'too-large'],
    ['Rp', 'not-a-number'],
  ])('%s is refused as %s', (text, code) => {
    const r = parseWholeCell(text, MAX);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problem.code).toBe(code);
  });

  it('a spreadsheet number is taken as is; a fraction of one is refused', () => {
    expect(parseWholeCell(32000, MAX)).toEqual({ ok: true, value: 32000 });
    expect(parseWholeCell(32.5, MAX)).toEqual({ ok: false, problem: { code: 'fraction' } });
    expect(parseWholeCell(-1, MAX)).toEqual({ ok: false, problem: { code: 'negative' } });
  });

  it('any whole amount written as Rp with dots, plainly or with ",-" reads back as itself', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX }), fc.constantFrom('plain', 'grouped', 'rupiah', 'dash'), (n, style) => {
        const text = style === 'plain' ? String(n) : style === 'grouped' ? formatNumber(n) : style === 'rupiah' ? formatRupiah(n) : `${formatNumber(n)},-`;
        expect(parseWholeCell(text, MAX)).toEqual({ ok: true, value: n });
      }),
    );
  });

  it('no text ever reads as a fraction or above the limit', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), (text) => {
        const r = parseWholeCell(text, 5_000);
        if (r.ok) {
          expect(Number.isInteger(r.value)).toBe(true);
          expect(r.value).toBeGreaterThanOrEqual(0);
          expect(r.value).toBeLessThanOrEqual(5_000);
        }
      }),
    );
  });
});

describe('yes/no and tax cells', () => {
  it.each(['ya', 'Ya', 'YES', 'true', '1', 'aktif', 'y'])('%s is yes', (v) => expect(parseYesNoCell(v)).toEqual({ ok: true, value: true }));
  it.each(['tidak', 'Tidak', 'no', 'FALSE', '0', 'nonaktif', 'n'])('%s is no', (v) => expect(parseYesNoCell(v)).toEqual({ ok: true, value: false }));
  it('a spreadsheet boolean is itself; anything else is refused', () => {
    expect(parseYesNoCell(true)).toEqual({ ok: true, value: true });
    expect(parseYesNoCell('mungkin')).toEqual({ ok: false, problem: { code: 'not-yes-no' } });
  });
  it('tax words', () => {
    expect(parseTaxCell('PPN')).toEqual({ ok: true, value: 'ppn' });
    expect(parseTaxCell('bebas')).toEqual({ ok: true, value: 'exempt' });
    expect(parseTaxCell('exempt')).toEqual({ ok: true, value: 'exempt' });
    expect(parseTaxCell('kadang')).toEqual({ ok: false, problem: { code: 'not-a-tax' } });
  });
  it('what the export writes reads back the same', () => {
    for (const b of [true, false]) expect(parseYesNoCell(yesNoText(b))).toEqual({ ok: true, value: b });
    for (const t of ['ppn', 'exempt'] as const) expect(parseTaxCell(taxText(t))).toEqual({ ok: true, value: t });
  });
});

describe('headers', () => {
  it.each([
    ['Nama', 'name'],
    ['name', 'name'],
    ['Nama Produk', 'name'],
    ['HARGA', 'price'],
    ['Harga (Rp)', 'price'],
    ['price', 'price'],
    ['Kode', 'barcode'],
    ['barcode', 'barcode'],
    ['SKU', 'sku'],
    ['kategori', 'category'],
    ['Produsen', 'producer'],
    ['Stok', 'stock'],
    ['HPP', 'cost'],
    ['aktif', 'active'],
    ['Cerita', 'story'],
    ['\uFEFFSKU', 'sku'],
    ['Warna', null],
  ])('%s is the %s column', (header, column) => expect(columnOfHeader(header)).toBe(column));

  it('every header the export writes is read back as its column', () => {
    for (const c of IMPORT_COLUMNS) expect(columnOfHeader(EXPORT_HEADERS[c])).toBe(c);
  });
});

describe('files', () => {
  it('UTF-8 with a BOM loses the BOM; without one reads the same', () => {
    const text = 'Nama;Harga\nKopi Sembalun;70.000';
    const bytes = new TextEncoder().encode(text);
    expect(decodeCsvBytes(new Uint8Array([0xef, 0xbb, 0xbf, ...bytes]))).toEqual({ text, encoding: 'utf-8' });
    expect(decodeCsvBytes(bytes)).toEqual({ text, encoding: 'utf-8' });
  });

  it('bytes that are not UTF-8 are Windows-1252, as Excel saves on Windows', () => {
    // "Café" with é as 0xE9 and the euro sign as 0x80.
    const bytes = new Uint8Array([0x43, 0x61, 0x66, 0xe9, 0x3b, 0x80]);
    expect(decodeCsvBytes(bytes)).toEqual({ text: 'Café;€', encoding: 'windows-1252' });
  });

  it('the separator is told from the header line, outside quotes', () => {
    expect(detectDelimiter('Nama;Harga;Kategori\n"a,b";1;c')).toBe(';');
    expect(detectDelimiter('Nama,Harga,Kategori\na;b,1,c')).toBe(',');
    expect(detectDelimiter('"Nama; lengkap",Harga\n')).toBe(',');
    expect(detectDelimiter('Nama\tHarga\n')).toBe('\t');
  });
});

describe('a product sheet', () => {
  it('reads rows by their spreadsheet number, skipping empty rows; an empty cell says nothing', () => {
    const sheet = readProductSheet([
      ['SKU', 'Nama', 'Harga', 'Warna', 'Stok', 'Aktif'],
      ['CKL-001', 'Kotak Tisu', 'Rp 185.000', 'merah', '', 'ya'],
      ['', '', '', '', '', ''],
      ['CKL-002', '', '85000', null, 12, 'tidak'],
    ]);
    expect(sheet.problems).toEqual([]);
    expect(sheet.ignored).toEqual(['Warna']);
    expect(sheet.rows).toEqual([
      { row: 2, values: { sku: 'CKL-001', name: 'Kotak Tisu', price: 185_000, active: true } },
      { row: 4, values: { sku: 'CKL-002', price: 85_000, stock: 12, active: false } },
    ]);
  });

  it('names each bad cell by row and column', () => {
    const sheet = readProductSheet([
      ['sku', 'harga', 'aktif'],
      ['A-1', '32,5', 'ya'],
      ['A-2', '10.000', 'barangkali'],
    ]);
    expect(sheet.problems).toEqual([
      { row: 2, column: 'price', problem: { code: 'fraction' } },
      { row: 3, column: 'active', problem: { code: 'not-yes-no' } },
    ]);
  });

  it('a sheet without an SKU column is refused as a whole; a repeated header too', () => {
    expect(readProductSheet([['Nama', 'Harga'], ['Kopi', '1']]).problems).toEqual([{ row: 1, column: null, problem: { code: 'missing-column', column: 'sku' } }]);
    expect(readProductSheet([['SKU', 'Harga', 'Price']]).problems).toEqual([{ row: 1, column: null, problem: { code: 'duplicate-header', header: 'Price' } }]);
    expect(readProductSheet([]).problems).toEqual([{ row: 1, column: null, problem: { code: 'no-header' } }]);
  });

  it('a barcode a spreadsheet stored as a number keeps its digits; a formula guard is dropped', () => {
    const sheet = readProductSheet([
      ['SKU', 'Barcode', 'Nama'],
      ['K-1', 8991234567895, "'=Kopi"],
    ]);
    expect(sheet.rows[0]?.values).toEqual({ sku: 'K-1', barcode: '8991234567895', name: '=Kopi' });
  });
});
