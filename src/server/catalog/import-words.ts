// The import's row errors in the caller's language (Accept-Language: id by
// default, en): the answer goes straight into a table on the admin's screen
// and into the hands of API clients, so it is worded here, on the server.
import type { CellProblem, ImportColumn } from '../../domain/import-cells.ts';
import type { ProductProblem } from '../../domain/product-rules.ts';
import { formatNumber } from '../../domain/money.ts';

export type ImportLang = 'id' | 'en';

/** The first language of an Accept-Language header this server words imports in; Bahasa Indonesia otherwise. */
export function importLangOf(header: string | undefined): ImportLang {
  const first = (header ?? '')
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^q=([\d.]+)$/.exec(p.trim())?.[1]).find((v) => v !== undefined);
      return { tag: tag.toLowerCase(), q: q === undefined ? 1 : Number(q) };
    })
    .filter((l) => l.tag !== '' && l.q > 0)
    .sort((a, b) => b.q - a.q)
    .find((l) => l.tag.startsWith('en') || l.tag.startsWith('id'));
  return first?.tag.startsWith('en') ? 'en' : 'id';
}

export type ImportProblem =
  | { code: 'cell'; problem: CellProblem }
  | { code: 'product'; problem: ProductProblem }
  | { code: 'no-header' }
  | { code: 'duplicate-header'; header: string }
  | { code: 'missing-column'; column: ImportColumn }
  | { code: 'required-new'; column: ImportColumn }
  | { code: 'unknown-producer'; producer: string }
  | { code: 'ambiguous-producer'; producer: string }
  | { code: 'duplicate-sku'; firstRow: number }
  | { code: 'barcode-taken'; name: string; sku: string }
  | { code: 'barcode-in-file'; firstRow: number }
  | { code: 'unreadable'; reason: string }
  | { code: 'empty' };

const rp = (n: number): string => `Rp ${formatNumber(n)}`;

function cellWords(p: CellProblem, lang: ImportLang): string {
  const id = lang === 'id';
  switch (p.code) {
    case 'not-a-number':
      return id ? 'bukan angka: tulis misalnya 32000, 32.000 atau Rp 32.000' : 'not a number: write e.g. 32000, 32.000 or Rp 32.000';
    case 'fraction':
      return id ? 'rupiah tidak memakai pecahan: tulis bilangan bulat (32,5 tidak bisa; 32.500 artinya tiga puluh dua ribu lima ratus)' : 'rupiah has no fractions: write a whole number (32,5 is refused; 32.500 means thirty-two thousand five hundred)';
    case 'ambiguous-comma':
      return id ? 'koma di sini tidak jelas (32,000 bisa berarti 32 atau 32 ribu): tulis 32000 atau 32.000' : 'this comma is ambiguous (32,000 may mean 32 or 32 thousand): write 32000 or 32.000';
    case 'negative':
      return id ? 'tidak boleh negatif' : 'cannot be negative';
    case 'too-large':
      return id ? `terlalu besar (paling banyak ${formatNumber(p.max)})` : `too large (at most ${formatNumber(p.max)})`;
    case 'not-yes-no':
      return id ? 'tulis ya atau tidak' : 'write yes or no (ya/tidak)';
    case 'not-a-tax':
      return id ? 'tulis PPN atau bebas' : 'write PPN or bebas (exempt)';
  }
}

function productWords(p: ProductProblem, lang: ImportLang): string {
  const id = lang === 'id';
  switch (p.code) {
    case 'required':
      return id ? 'wajib diisi' : 'required';
    case 'too-long':
      return id ? `terlalu panjang (paling banyak ${p.max} huruf)` : `too long (at most ${p.max} characters)`;
    case 'sku-shape':
      return id ? 'SKU hanya huruf, angka dan - _ . / (tanpa spasi)' : 'an SKU is letters, digits and - _ . / (no spaces)';
    case 'barcode-shape':
      return id ? 'barcode berupa 8, 12, 13 atau 14 angka' : 'a barcode is 8, 12, 13 or 14 digits';
    case 'barcode-check-digit':
      return id ? `digit pemeriksa salah: angka terakhir seharusnya ${p.expected} (salah ketik atau salah pindai?)` : `the check digit is wrong: the last digit should be ${p.expected} (a typo or a misread?)`;
    case 'not-whole':
      return id ? 'harus bilangan bulat rupiah' : 'must be whole rupiah';
    case 'negative':
      return id ? 'tidak boleh negatif' : 'cannot be negative';
    case 'over-limit':
      return id ? `di atas batas satu penjualan (${rp(p.max)})` : `above what one sale may total (${rp(p.max)})`;
  }
}

export function importWords(p: ImportProblem, lang: ImportLang): string {
  const id = lang === 'id';
  switch (p.code) {
    case 'cell':
      return cellWords(p.problem, lang);
    case 'product':
      return productWords(p.problem, lang);
    case 'no-header':
      return id ? 'berkas kosong: baris pertama harus berisi judul kolom (SKU, Nama, Harga, ...)' : 'the file is empty: the first row must hold the column headers (SKU, Name, Price, ...)';
    case 'duplicate-header':
      return id ? `kolom "${p.header}" muncul dua kali; hapus salah satunya` : `column "${p.header}" appears twice; remove one`;
    case 'missing-column':
      return id ? 'kolom SKU tidak ada: setiap baris butuh SKU agar produknya bisa dikenali lagi' : 'no SKU column: every row needs an SKU so its product can be found again';
    case 'required-new':
      return id ? 'wajib diisi untuk produk baru' : 'required for a new product';
    case 'unknown-producer':
      return id ? `produsen "${p.producer}" tidak dikenal: tambahkan di daftar produsen, perbaiki ejaannya, atau centang "buat produsen baru"` : `unknown producer "${p.producer}": add it to the producers, fix the spelling, or tick "create new producers"`;
    case 'ambiguous-producer':
      return id ? `beberapa produsen bernama "${p.producer}": tulis id produsennya` : `several producers are named "${p.producer}": write the producer's id`;
    case 'duplicate-sku':
      return id ? `SKU ini sudah ada di baris ${p.firstRow} berkas ini` : `this SKU is already in row ${p.firstRow} of this file`;
    case 'barcode-taken':
      return id ? `barcode sudah dipakai produk "${p.name}" (SKU ${p.sku})` : `the barcode is already used by "${p.name}" (SKU ${p.sku})`;
    case 'barcode-in-file':
      return id ? `barcode ini sudah ada di baris ${p.firstRow} berkas ini` : `this barcode is already in row ${p.firstRow} of this file`;
    case 'unreadable':
      return id ? `berkas tidak bisa dibaca (${p.reason}): simpan sebagai CSV atau XLSX` : `the file cannot be read (${p.reason}): save it as CSV or XLSX`;
    case 'empty':
      return id ? 'berkas tidak berisi baris produk' : 'the file holds no product rows';
  }
}

export type ImportNote =
  | { code: 'ignored-columns'; headers: string[] }
  | { code: 'stock-without-outlet'; rows: number }
  | { code: 'stock-existing'; rows: number; outletId: string }
  | { code: 'producers-created'; names: string[] }
  | { code: 'encoding'; encoding: string };

export function noteWords(n: ImportNote, lang: ImportLang): string {
  const id = lang === 'id';
  switch (n.code) {
    case 'ignored-columns':
      return id ? `kolom yang diabaikan: ${n.headers.join(', ')}` : `columns ignored: ${n.headers.join(', ')}`;
    case 'stock-without-outlet':
      return id ? `kolom stok diabaikan di ${n.rows} baris: pilih outlet untuk stok awal` : `stock column ignored in ${n.rows} rows: choose an outlet for the opening stock`;
    case 'stock-existing':
      return id ? `stok ${n.rows} produk yang sudah ada tidak diubah: stok awal hanya untuk produk baru; koreksi stok lewat penyesuaian atau stok opname` : `stock of ${n.rows} existing products left as it is: opening stock is for new products only; correct stock with an adjustment or a stock take`;
    case 'producers-created':
      return id ? `produsen baru: ${n.names.join(', ')}` : `new producers: ${n.names.join(', ')}`;
    case 'encoding':
      return id ? `berkas dibaca sebagai ${n.encoding}` : `file read as ${n.encoding}`;
  }
}
