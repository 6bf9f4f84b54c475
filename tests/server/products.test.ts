// Product administration through its routes, on SQLite and PostgreSQL: the
// form's create and edit (never delete), in-store codes, the list, and the
// import and export of the catalog as people make such files in Indonesia.
import { beforeEach, describe, expect, it } from 'vitest';
import writeXlsxFile from 'write-excel-file/node';
import { isValidEan13 } from '../../src/domain/ean13.ts';
import { importResponseSchema, productListSchema, productSavedSchema, XLSX_MEDIA_TYPE, type ImportResponse, type ProductList, type ProductSaved } from '../../src/protocol/products.ts';
import { LABEL_ROUTES, PRODUCT_ROUTES } from '../../src/protocol/routes.ts';
import { listAudit } from '../../src/server/accounts/audit.ts';
import { adminSession, backends, bearer, createTestUser, errorOf, get, jsonWith, post, pull, send, serverPerTest, sessionFor, type HttpAnswer, type TestServer } from './helpers.ts';

const NEW = { name: 'Tas Anyaman Ketak', sku: 'KTK-101', category: 'Anyaman', producerId: 'lapas-lobar', price: 165_000, cost: 80_000, unit: 'pcs', story: 'Dianyam dari ketak oleh warga binaan bengkel kerja Lapas Lombok Barat.', storyOnReceipt: true };

describe.each(backends)('products ($name)', (backend) => {
  let server: TestServer;
  let url: string;
  let admin: string;
  serverPerTest(backend, (s) => {
    server = s;
    url = s.baseUrl;
  });
  beforeEach(async () => {
    admin = await adminSession(server.store);
  });

  const create = (body: object, token = admin): Promise<HttpAnswer> => post(url, PRODUCT_ROUTES.list, body, jsonWith(token));
  const patch = (id: string, body: object, token = admin): Promise<HttpAnswer> => send(url, 'PATCH', PRODUCT_ROUTES.one.replace(':productId', id), body, jsonWith(token));
  const list = async (query: string, token = admin): Promise<ProductList> => {
    const res = await get(url, `${PRODUCT_ROUTES.list}?${query}`, bearer(token));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return productListSchema.parse(res.body);
  };
  const saved = async (res: HttpAnswer): Promise<ProductSaved> => {
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return productSavedSchema.parse(res.body);
  };
  const nextCode = async (): Promise<string> => {
    const res = await post(url, PRODUCT_ROUTES.nextBarcode, undefined, bearer(admin));
    expect(res.status).toBe(200);
    return (res.body as { barcode: string }).barcode;
  };
  async function importFile(body: Uint8Array | string, query: string, opts: { type?: string; lang?: string; token?: string } = {}): Promise<{ status: number; body: unknown; answer: ImportResponse | null }> {
    const res = await fetch(`${url}${PRODUCT_ROUTES.import}?${query}`, {
      method: 'POST',
      headers: { ...bearer(opts.token ?? admin), 'content-type': opts.type ?? 'text/csv', ...(opts.lang ? { 'accept-language': opts.lang } : {}) },
      body: typeof body === 'string' ? body : Buffer.from(body),
    });
    const json = (await res.json()) as unknown;
    return { status: res.status, body: json, answer: res.status === 200 ? importResponseSchema.parse(json) : null };
  }
  const imported = async (body: Uint8Array | string, query: string, opts: { type?: string; lang?: string; token?: string } = {}): Promise<ImportResponse> => {
    const r = await importFile(body, query, opts);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.answer as ImportResponse;
  };
  const audit = () => server.store.db.tx((tx) => listAudit(tx, { limit: 1000 }));
  const bySku = async (sku: string) => (await list(`q=${encodeURIComponent(sku)}`)).products.find((p) => p.sku === sku);

  // ------------------------------------------------------------------ form

  it('a new product is saved with its cost, tax and story, audited, and comes down to devices with the next pull', async () => {
    const before = await pull(url, 0, 'ntb-mall');
    const { product, priceChanged } = await saved(await create({ ...NEW, tax: 'exempt' }));
    expect(product).toMatchObject({ ...NEW, tax: 'exempt', active: true, consigned: true, barcode: null, producerName: 'Lapas Kelas IIA Lombok Barat' });
    expect(priceChanged).toEqual([]);
    const after = await pull(url, before.version, 'ntb-mall');
    expect(after.products).toEqual([
      expect.objectContaining({ id: product.id, sku: 'KTK-101', price: 165_000, tax: 'exempt', story: NEW.story, storyOnReceipt: true }),
    ]);
    // Cost (HPP) is for the office, not for every tablet.
    expect(after.products[0]).not.toHaveProperty('cost');
    const entry = (await audit()).find((e) => e.action === 'product.create' && e.subject === product.id);
    expect(JSON.parse(entry?.detail ?? '{}')).toMatchObject({ after: { name: NEW.name, price: 165_000 } });
  });

  it('a wrong check digit, a taken barcode or SKU and an unknown producer are refused, naming the field and the other product', async () => {
    const wrongDigit = await create({ ...NEW, barcode: '8991234567890' });
    expect(wrongDigit.status).toBe(400);
    expect(errorOf(wrongDigit)).toMatchObject({ code: 'product-invalid', field: 'barcode', params: { problem: 'barcode-check-digit', expected: 1 } });

    const taken = await create({ ...NEW, barcode: '2100000010004' });
    expect(taken.status).toBe(409);
    expect(errorOf(taken)).toMatchObject({ code: 'barcode-taken', field: 'barcode', params: { name: 'Kotak Tisu Cukli Motif Sasak' } });

    const sku = await create({ ...NEW, sku: 'CKL-001' });
    expect(sku.status).toBe(409);
    expect(errorOf(sku)).toMatchObject({ code: 'sku-taken', field: 'sku', params: { name: 'Kotak Tisu Cukli Motif Sasak' } });

    const producer = await create({ ...NEW, producerId: 'lapas-tidak-ada' });
    expect(producer.status).toBe(400);
    expect(errorOf(producer)).toMatchObject({ code: 'unknown-producer', field: 'producerId' });

    const negative = await create({ ...NEW, price: -1 });
    expect(errorOf(negative)).toMatchObject({ code: 'product-invalid', field: 'price', params: { problem: 'negative' } });
    expect(await bySku('KTK-101')).toBeUndefined();
  });

  it('an edit changes only what is sent, keeps the photo, answers a price change for the labels list, and is audited before and after', async () => {
    await server.store.db.run("UPDATE products SET image_url = '/images/cukli.svg' WHERE id = 'p-ckl-005'");
    const renamed = await saved(await patch('p-ckl-005', { name: 'Bingkai Foto Cukli 4R Mahoni' }));
    expect(renamed.priceChanged).toEqual([]);
    expect(renamed.product).toMatchObject({ name: 'Bingkai Foto Cukli 4R Mahoni', price: 120_000, imageUrl: '/images/cukli.svg', sku: 'CKL-005' });

    const v = (await pull(url, 0, 'ntb-mall')).version;
    const repriced = await saved(await patch('p-ckl-005', { price: 135_000 }));
    expect(repriced.priceChanged).toEqual(['p-ckl-005']);
    const down = await pull(url, v, 'ntb-mall');
    expect(down.products).toEqual([expect.objectContaining({ id: 'p-ckl-005', price: 135_000, imageUrl: '/images/cukli.svg' })]);
    const entry = (await audit()).find((e) => e.action === 'product.update' && e.detail.includes('135000'));
    expect(JSON.parse(entry?.detail ?? '{}')).toEqual({ before: { price: 120_000 }, after: { price: 135_000 } });
    // The shelf label is out of date: it waits on "Label perlu dicetak" with the new price.
    const labels = await get(url, LABEL_ROUTES.pending, bearer(admin));
    expect((labels.body as { labels: { productId: string; reason: string; price: number }[] }).labels).toContainEqual(
      expect.objectContaining({ productId: 'p-ckl-005', reason: 'price-changed', price: 135_000 }),
    );

    // The same values again change nothing and take no version.
    const same = await saved(await patch('p-ckl-005', { price: 135_000 }));
    expect(same.priceChanged).toEqual([]);
    expect((await pull(url, down.version, 'ntb-mall')).products).toEqual([]);
  });

  it('deactivating keeps the product (its sales stay) and takes it off the counter with the next pull; it can come back', async () => {
    const v = (await pull(url, 0, 'ntb-mall')).version;
    await saved(await patch('p-ckl-004', { active: false }));
    expect((await pull(url, v, 'ntb-mall')).products).toEqual([expect.objectContaining({ id: 'p-ckl-004', active: false })]);
    expect((await list('active=false')).products.map((p) => p.id)).toEqual(['p-ckl-004']);
    await saved(await patch('p-ckl-004', { active: true }));
    expect((await list('active=false')).total).toBe(0);
    expect(await patch('p-tidak-ada', { active: false })).toMatchObject({ status: 404 });
  });

  it('"Buat kode" gives valid 20-prefixed codes, never the same twice, even when asked together, skipping codes typed in by hand', async () => {
    const first = await nextCode();
    expect(first).toBe('2000000000015');
    // Someone types the next code into a product by hand: it is skipped.
    await saved(await create({ ...NEW, barcode: '2000000000022' }));
    const codes = [first, ...(await Promise.all([nextCode(), nextCode(), nextCode(), nextCode()]))];
    expect(new Set(codes).size).toBe(5);
    expect(codes).not.toContain('2000000000022');
    for (const c of codes) expect(isValidEan13(c) && c.startsWith('20')).toBe(true);
  });

  it('a supervisor manages products too; their list shows their own outlet and refuses another', async () => {
    const supervisor = await sessionFor(server.store, await createTestUser(server.store, { username: 'penyelia', role: 'supervisor' }));
    await saved(await create(NEW, supervisor));
    const mine = await list('q=ktk', supervisor);
    expect(mine.products).toEqual([expect.objectContaining({ sku: 'KTK-101', stock: 0 })]);
    const other = await get(url, `${PRODUCT_ROUTES.list}?outletId=booth-pameran`, bearer(supervisor));
    expect(other.status).toBe(403);
    expect(errorOf(other).code).toBe('wrong-outlet');
  });

  // ------------------------------------------------------------------ list

  it('the list searches name, SKU and barcode, filters, sorts and pages', async () => {
    expect((await list('q=gembok%20sasambo')).products.map((p) => p.sku)).toEqual(['BTK-001']);
    expect((await list('q=ckl-00')).total).toBe(9);
    expect((await list('q=2100000010004')).products.map((p) => p.sku)).toEqual(['CKL-001']);
    expect((await list('q=100%25')).total).toBe(0);
    const cukli = await list('category=Cukli&producerId=lapas-lobar&sort=price&dir=desc');
    expect(cukli.products.map((p) => p.sku)).toEqual(['CKL-006', 'CKL-005', 'CKL-009', 'CKL-004']);
    expect(cukli.categories).toContain('Batik Tulis Gembok');
    const page1 = await list('sort=sku&limit=10');
    const page2 = await list('sort=sku&limit=10&offset=10');
    expect(page1.total).toBe(page2.total);
    expect(page1.products).toHaveLength(10);
    expect(page2.products[0]?.sku.localeCompare(page1.products[9]?.sku ?? '')).toBe(1);
    // CKL-008 has 2 at NTB Mall, BTK-004 3.
    const low = await list('outletId=ntb-mall&stockBelow=4&sort=stock');
    expect(low.products.map((p) => [p.sku, p.stock])).toEqual([
      ['CKL-008', 2],
      ['BTK-004', 3],
    ]);
    expect((await get(url, `${PRODUCT_ROUTES.list}?stockBelow=4`, bearer(admin))).status).toBe(400);
  });

  // ---------------------------------------------------------------- import

  const SHEET = [
    'SKU;Nama;Kategori;Produsen;Harga;HPP;Barcode;Stok;Aktif;Cerita',
    'KTK-201;Tas Ketak Bulat;Anyaman;Lapas Kelas IIA Lombok Barat;Rp 165.000;80.000;;5;ya;"Dianyam tangan;',
    'dua minggu per tas"',
    'KTK-202;Tempat Buah Ketak;Anyaman;lapas-lobar;95.000,-;;2000000000039;3;ya;',
    'CKL-001;;;;Rp 190.000;;;7;;',
  ].join('\r\n');

  it('a dry run counts and writes nothing; applying writes it all, sets opening stock for new products, and audits each product', async () => {
    const v = (await pull(url, 0, 'ntb-mall')).version;
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(SHEET)]);
    const dry = await imported(bom, 'dryRun=true&outletId=ntb-mall');
    expect(dry).toMatchObject({ rows: 3, created: 2, updated: 1, unchanged: 0, errors: [], applied: false, priceChanged: ['p-ckl-001'] });
    expect((await pull(url, v, 'ntb-mall')).products).toEqual([]);

    const done = await imported(bom, 'dryRun=false&outletId=ntb-mall');
    expect(done).toMatchObject({ rows: 3, created: 2, updated: 1, unchanged: 0, errors: [], applied: true, priceChanged: ['p-ckl-001'] });
    expect(done.notes.join(' ')).toContain('stok 1 produk yang sudah ada tidak diubah');
    const ktk = await bySku('KTK-201');
    expect(ktk).toMatchObject({ name: 'Tas Ketak Bulat', price: 165_000, cost: 80_000, producerId: 'lapas-lobar', story: 'Dianyam tangan;\r\ndua minggu per tas', consigned: true });
    expect(await bySku('CKL-001')).toMatchObject({ price: 190_000, name: 'Kotak Tisu Cukli Motif Sasak', barcode: '2100000010004' });
    const down = await pull(url, v, 'ntb-mall');
    expect(down.products.map((p) => p.sku).sort()).toEqual(['CKL-001', 'KTK-201', 'KTK-202']);
    expect(down.stock.filter((s) => s.productId === ktk?.id)).toEqual([{ productId: ktk?.id, outletId: 'ntb-mall', level: 5 }]);
    const actions = (await audit()).map((e) => e.action);
    expect(actions.filter((a) => a === 'product.create')).toHaveLength(2);
    expect(actions.filter((a) => a === 'product.update')).toHaveLength(1);
    expect(actions).toContain('product.import');

    // The same file again changes nothing.
    expect(await imported(bom, 'dryRun=false&outletId=ntb-mall')).toMatchObject({ rows: 3, created: 0, updated: 0, unchanged: 3, applied: false });
  });

  it('one bad row and nothing is written; each error names its row and column, in Bahasa or in English', async () => {
    const sheet = ['sku,name,category,producer,price,barcode', 'A-1,Kopi Arabika,Kopi,umkm-kopi-sembalun,"32,5",', 'A-2,Kopi Robusta,Kopi,Produsen Hantu,30000,', 'A-3,Madu,Madu,umkm-madu-sumbawa,45000,8991234567890', 'A-4,Madu Kecil,Madu,umkm-madu-sumbawa,25000,2100000010004'].join('\n');
    const id = await imported(sheet, 'dryRun=false');
    expect(id.applied).toBe(false);
    expect(id.errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [2, 'price', 'fraction'],
      [3, 'producer', 'unknown-producer'],
      [4, 'barcode', 'barcode-check-digit'],
      [5, 'barcode', 'barcode-taken'],
    ]);
    expect(id.errors[0]?.message).toContain('rupiah tidak memakai pecahan');
    expect(id.errors[3]?.message).toContain('Kotak Tisu Cukli Motif Sasak');
    expect(await bySku('A-3')).toBeUndefined();
    const en = await imported(sheet, 'dryRun=true', { lang: 'en-US,en;q=0.9,id;q=0.8' });
    expect(en.errors[0]?.message).toContain('rupiah has no fractions');
    expect(en.errors[2]?.message).toContain('the last digit should be 1');
  });

  it('an unknown producer is created when the import is told to', async () => {
    const sheet = 'SKU;Nama;Kategori;Produsen;Harga\nDS-1;Sambal Sasak;Makanan;UMKM Sambal Baru;25.000\nDS-2;Sambal Hijau;Makanan;umkm sambal baru;25.000\n';
    const r = await imported(sheet, 'dryRun=false&createProducers=true');
    expect(r).toMatchObject({ created: 2, applied: true });
    expect(r.notes.join(' ')).toContain('UMKM Sambal Baru');
    const [a, b] = [await bySku('DS-1'), await bySku('DS-2')];
    expect(a?.producerId).toBe(b?.producerId);
    expect((await pull(url, 0)).producers).toContainEqual(expect.objectContaining({ id: a?.producerId, name: 'UMKM Sambal Baru', kind: 'umkm', consignment: true }));
  });

  it('a Windows-1252 file keeps its letters; the stock column without an outlet is ignored and said so', async () => {
    const text = 'SKU;Nama;Kategori;Produsen;Harga;Stok\r\nKP-1;Kopi Caf\u00e9 Sembalun \u2013 250 g;Kopi;UMKM Kopi Sembalun Rinjani;70.000;4\r\n';
    const bytes = Uint8Array.from([...text].map((ch) => (ch === '\u2013' ? 0x96 : ch.charCodeAt(0))));
    const r = await imported(bytes, 'dryRun=false');
    expect(r).toMatchObject({ created: 1, applied: true });
    expect(r.notes.join(' ')).toContain('Windows-1252');
    expect(r.notes.join(' ')).toContain('kolom stok diabaikan di 1 baris');
    expect((await bySku('KP-1'))?.name).toBe('Kopi Café Sembalun – 250 g');
  });

  it('an XLSX workbook imports the same as a CSV, numbers and all', async () => {
    const xlsx = await writeXlsxFile(
      [
        [{ value: 'SKU' }, { value: 'Nama' }, { value: 'Kategori' }, { value: 'Produsen' }, { value: 'Harga' }, { value: 'Barcode' }, { value: 'Aktif' }],
        [{ value: 'XL-1' }, { value: 'Madu Hutan 500 ml' }, { value: 'Madu' }, { value: 'umkm-madu-sumbawa' }, { value: 125000, type: Number }, { value: '2000000000046' }, { value: 'ya' }],
      ],
      {},
    ).toBuffer();
    const r = await imported(new Uint8Array(xlsx), 'dryRun=false', { type: XLSX_MEDIA_TYPE });
    expect(r).toMatchObject({ rows: 1, created: 1, applied: true, errors: [] });
    expect(await bySku('XL-1')).toMatchObject({ price: 125_000, barcode: '2000000000046', producerId: 'umkm-madu-sumbawa' });
    const broken = await importFile(new Uint8Array([0x50, 0x4b, 1, 2, 3]), 'dryRun=true', { type: XLSX_MEDIA_TYPE });
    expect(broken.status).toBe(400);
    expect((broken.body as { error: { code: string } }).error.code).toBe('import-unreadable');
    const json = await post(url, `${PRODUCT_ROUTES.import}?dryRun=true`, {}, jsonWith(admin));
    expect(json.status).toBe(415);
  });

  // ---------------------------------------------------------------- export

  it('export, then import the same file: every row unchanged (CSV with ; and XLSX)', async () => {
    await saved(await create({ ...NEW, barcode: await nextCode(), story: 'Baris satu\nbaris "dua"; tiga', consigned: false }));
    const csv = await fetch(`${url}${PRODUCT_ROUTES.exportCsv}`, { headers: bearer(admin) });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.headers.get('content-disposition')).toContain('produk.csv');
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes.slice(3));
    expect(text.split('\r\n')[0]).toBe('SKU;Nama;Barcode;Kategori;Produsen;Harga;HPP;Satuan;Pajak;Aktif;Titip Jual;Cerita;Cerita di Struk');
    const total = (await list('')).total;
    expect(await imported(bytes, 'dryRun=false')).toMatchObject({ rows: total, created: 0, updated: 0, unchanged: total, errors: [] });

    const xlsx = await fetch(`${url}${PRODUCT_ROUTES.exportXlsx}?outletId=ntb-mall`, { headers: bearer(admin) });
    expect(xlsx.headers.get('content-type')).toBe(XLSX_MEDIA_TYPE);
    const book = new Uint8Array(await xlsx.arrayBuffer());
    expect(await imported(book, 'dryRun=true&outletId=ntb-mall', { type: XLSX_MEDIA_TYPE })).toMatchObject({ rows: total, unchanged: total, errors: [] });

    // Edited in the sheet: one price, then imported again.
    const edited = text.replace(/^(CKL-002;[^;]*;[^;]*;[^;]*;[^;]*;)85000;/m, '$1Rp 87.500;');
    expect(await imported(edited, 'dryRun=false')).toMatchObject({ updated: 1, unchanged: total - 1, priceChanged: ['p-ckl-002'] });
  });
});
