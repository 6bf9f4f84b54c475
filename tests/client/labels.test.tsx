// The Label tab as a supervisor uses it: the "Label perlu dicetak" list into
// a print run, a scan that adds a product, quantities, a half-used A4 sheet,
// printing and marking printed; and the photo dialog, which shrinks a photo
// to WebP on the device, refuses a browser that cannot, and words the
// server's refusals. Every element is found by role and name; axe checks them.
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import axe from 'axe-core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { KasirDb } from '../../src/client/db/database.ts';
import {
  labelDataRequestSchema,
  labelDataResponseSchema,
  labelSearchQuerySchema,
  labelSearchResponseSchema,
  markLabelsPrintedRequestSchema,
  markLabelsPrintedResponseSchema,
  pendingLabelListSchema,
  photoRemoveResponseSchema,
  photoUploadRequestSchema,
  photoUploadResponseSchema,
  type LabelProduct,
  type PendingLabel,
} from '../../src/protocol/labels.ts';
import { LABEL_ROUTES } from '../../src/protocol/routes.ts';
import { makeInStoreEan13 } from '../../src/domain/ean13.ts';
import { answer, bodyOf, CASHIER, errorAnswer, FakeManagementServer, SUPERVISOR } from './admin-fake.ts';
import { freshDb, renderApp } from './harness.tsx';
import { CHROMIUM_LOSSY_40X30 } from '../domain/webp-fixtures.ts';

const T0 = Date.UTC(2026, 1, 14, 5, 5);

const product = (over: Partial<LabelProduct> & Pick<LabelProduct, 'productId' | 'name' | 'sku'>): LabelProduct => ({
  barcode: null,
  category: 'Kerajinan',
  price: 32_000,
  unit: 'pcs',
  active: true,
  producerId: 'lapas-lobar',
  producerName: 'Lapas Kelas IIA Lombok Barat',
  imageUrl: null,
  ...over,
});

const CUKLI = product({ productId: 'p-cukli', name: 'Kotak Perhiasan Cukli Motif Sasak Besar', sku: 'CKL-01', barcode: makeInStoreEan13(21, 1000), price: 185_000 });
const KOPI = product({ productId: 'p-kopi', name: 'Kopi Robusta Sembalun 250 g', sku: 'KOP-02', barcode: '8997001001004', price: 45_000, producerName: 'UMKM Kopi Sembalun' });
const TENUN = product({ productId: 'p-tenun', name: 'Kain Tenun Sukarara', sku: 'TNN-07', price: 350_000 });

let db: KasirDb;
let server: FakeManagementServer;
let pending: PendingLabel[];
const catalog = [CUKLI, KOPI, TENUN];

beforeEach(async () => {
  db = await freshDb(false);
  pending = [
    { ...CUKLI, reason: 'price-changed', queuedAt: T0 },
    { ...KOPI, reason: 'new-product', queuedAt: T0 - 60_000 },
  ];
  server = new FakeManagementServer()
    .on('GET', LABEL_ROUTES.pending, () => answer(pendingLabelListSchema, { labels: pending }))
    .on('POST', LABEL_ROUTES.data, (req) => {
      const { productIds } = bodyOf(labelDataRequestSchema, req);
      return answer(labelDataResponseSchema, { products: catalog.filter((p) => productIds.includes(p.productId)), missing: [] });
    })
    .on('GET', LABEL_ROUTES.search, (req) => {
      const { q } = labelSearchQuerySchema.parse(Object.fromEntries(req.query));
      const query = q.toLowerCase();
      return answer(labelSearchResponseSchema, { products: catalog.filter((p) => p.barcode === q || p.sku.toLowerCase() === query || p.name.toLowerCase().includes(query)) });
    })
    .on('POST', LABEL_ROUTES.printed, (req) => {
      const { productIds } = bodyOf(markLabelsPrintedRequestSchema, req);
      const removed = pending.filter((p) => productIds.includes(p.productId)).map((p) => p.productId);
      pending = pending.filter((p) => !productIds.includes(p.productId));
      return answer(markLabelsPrintedResponseSchema, { removed });
    })
    .install();
  server.signedIn(SUPERVISOR);
});

afterEach(() => {
  expect(server.violations).toEqual([]);
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  db.close();
});

async function violations(): Promise<string[]> {
  const r = await axe.run(document.body, { rules: { 'color-contrast': { enabled: false } } });
  return r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

async function openLabels() {
  // A supervisor lands on Produk; the label tab is one tap away.
  renderApp({ db, sync: null }, '/admin/label');
  await screen.findByRole('heading', { name: 'Cetak Label' });
  return screen.findByRole('grid', { name: 'Label perlu dicetak' });
}

function runTable(): HTMLElement {
  return screen.getByRole('grid', { name: 'Cetakan' });
}

describe('the label screen', () => {
  it('a supervisor opens it, sees why each label is due, and puts the whole list in the print run', async () => {
    const list = await openLabels();
    expect(await within(list).findByRole('rowheader', { name: CUKLI.name })).toBeInTheDocument();
    const cukliRow = within(list).getByRole('rowheader', { name: CUKLI.name }).closest('tr') as HTMLElement;
    expect(cukliRow).toHaveTextContent('Harga berubah');
    expect(cukliRow).toHaveTextContent('Rp 185.000');
    expect(within(list).getByRole('rowheader', { name: KOPI.name }).closest('tr')).toHaveTextContent('Produk baru');
    expect(screen.getByText('2 produk menunggu label')).toBeInTheDocument();

    await userEvent.setup().click(screen.getByRole('button', { name: 'Masukkan semua ke cetakan' }));
    const run = await waitFor(runTable);
    expect(within(run).getByRole('rowheader', { name: CUKLI.name })).toBeInTheDocument();
    expect(within(run).getByRole('rowheader', { name: KOPI.name })).toBeInTheDocument();
    expect(screen.getByText('2 label, 1 lembar')).toBeInTheDocument();
    expect(within(list).getByRole('button', { name: `Tambah ${CUKLI.name} ke cetakan` })).toBeDisabled();
  });

  it('prints a half-used 3x10 sheet from position 29 onto a second sheet, each label with its name, price and barcode, then marks the list printed', async () => {
    const print = vi.fn();
    vi.stubGlobal('print', print);
    const user = userEvent.setup();
    await openLabels();
    await user.click(screen.getByRole('button', { name: 'Masukkan semua ke cetakan' }));
    const run = await waitFor(runTable);
    const copies = within(run).getByRole('textbox', { name: `Jumlah label ${CUKLI.name}` });
    await user.clear(copies);
    await user.type(copies, '2');
    await user.tab();
    const start = screen.getByRole('textbox', { name: 'Mulai dari label ke-' });
    await user.clear(start);
    await user.type(start, '29');
    await user.tab();
    expect(await screen.findByText('3 label, 2 lembar')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Cetak 3 label' }));
    expect(print).toHaveBeenCalledOnce();
    const sheets = [...document.querySelectorAll<HTMLElement>('.label-print .label-sheet')];
    expect(sheets).toHaveLength(2);
    expect(sheets[0]?.style.width).toBe('210mm');
    const first = [...(sheets[0]?.querySelectorAll<HTMLElement>('.label') ?? [])];
    expect(first.map((l) => l.dataset.position)).toEqual(['29', '30']);
    // Position 29 is row 10, column 2 of a 3 x 10 sheet of 64 x 27 mm labels.
    expect(first[0]?.style).toMatchObject({ left: '73.5mm', top: '256.5mm', width: '64mm', height: '27mm' });
    expect(first[0]).toHaveTextContent('Kotak Perhiasan CukliMotif Sasak Besar');
    expect(first[0]).toHaveTextContent('Rp 185.000');
    expect(first[0]?.querySelector('[role="img"]')).toHaveAttribute('data-symbology', 'ean13');
    expect(first[0]?.querySelector('svg')).not.toBeNull();
    const second = [...(sheets[1]?.querySelectorAll<HTMLElement>('.label') ?? [])];
    expect(second.map((l) => l.dataset.position)).toEqual(['1']);
    expect(second[0]).toHaveTextContent('Rp 45.000');

    await user.click(screen.getByRole('button', { name: 'Tandai sudah dicetak (2)' }));
    expect(await screen.findByText('2 produk dikeluarkan dari daftar "Label perlu dicetak".')).toBeInTheDocument();
    expect(bodyOf(markLabelsPrintedRequestSchema, server.calls('POST', LABEL_ROUTES.printed)[0]!).productIds.sort()).toEqual([CUKLI.productId, KOPI.productId]);
    expect(await screen.findByText('Tidak ada label yang perlu dicetak.')).toBeInTheDocument();
  });

  it('Lewati takes one product off the list without printing it', async () => {
    const user = userEvent.setup();
    const list = await openLabels();
    await within(list).findByRole('rowheader', { name: CUKLI.name });
    await user.click(within(list).getByRole('button', { name: `Lewati ${CUKLI.name}: keluarkan dari daftar tanpa mencetak` }));
    expect(await screen.findByText(`${CUKLI.name} dikeluarkan dari daftar tanpa dicetak.`)).toBeInTheDocument();
    const [call] = server.calls('POST', LABEL_ROUTES.printed);
    expect(bodyOf(markLabelsPrintedRequestSchema, call!)).toEqual({ productIds: [CUKLI.productId], skipped: true });
    expect(await screen.findByText('1 produk menunggu label')).toBeInTheDocument();
    expect(within(list).queryByRole('rowheader', { name: CUKLI.name })).toBeNull();
  });

  it('calibration: an offset saved on this device moves every label on the sheet, and a test print draws each position', async () => {
    const seen: string[] = [];
    vi.stubGlobal('print', () => {
      seen.push(...[...document.querySelectorAll<HTMLElement>('.label-print .label-sheet.test .label')].slice(0, 1).map((l) => `${l.dataset.position} ${l.style.top} ${l.style.left}`));
    });
    const user = userEvent.setup();
    await openLabels();
    await user.click(screen.getByRole('button', { name: 'Masukkan semua ke cetakan' }));
    const down = screen.getByRole('textbox', { name: 'Geser ke bawah (mm, minus ke atas)' });
    await user.clear(down);
    await user.type(down, '1.5');
    await user.tab();
    const left = screen.getByRole('textbox', { name: 'Geser ke kanan (mm, minus ke kiri)' });
    await user.clear(left);
    await user.type(left, '-2');
    await user.tab();
    // Kept on this device, and the labels move: position 1 of a 3 x 10 sheet is at 7 mm, 13.5 mm.
    await waitFor(async () => expect((await db.settings.get('labelOffsetTopMm'))?.value).toBe(1.5));
    expect((await db.settings.get('labelOffsetLeftMm'))?.value).toBe(-2);
    await waitFor(() => expect(document.querySelector<HTMLElement>('.label-print .label[data-position="1"]')?.style).toMatchObject({ top: '15mm', left: '5mm' }));

    await user.click(screen.getByRole('button', { name: 'Cetak uji' }));
    expect(seen).toEqual(['1 15mm 5mm']);
  });

  it('a name search offers products to add, and a product can leave the run again', async () => {
    const user = userEvent.setup();
    await openLabels();
    const search = screen.getByRole('searchbox', { name: 'Cari nama, SKU, atau pindai barcode' });
    // Pasted, not typed: keys this fast would be taken for a scan.
    await user.click(search);
    await user.paste('tenun');
    const results = await screen.findByRole('list', { name: 'Cari produk' });
    await user.click(await within(results).findByRole('button', { name: `Tambah ${TENUN.name} ke cetakan` }));
    expect(within(runTable()).getByRole('rowheader', { name: TENUN.name })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: `Tambah ${KOPI.name} ke cetakan` }));
    expect(within(runTable()).getByRole('rowheader', { name: KOPI.name })).toBeInTheDocument();
    await user.click(within(runTable()).getByRole('button', { name: `Hapus ${KOPI.name} dari cetakan` }));
    expect(within(runTable()).queryByRole('rowheader', { name: KOPI.name })).not.toBeInTheDocument();
    expect(screen.getByText('1 label, 1 lembar')).toBeInTheDocument();
  });

  it('a scan adds its product to the run wherever the focus is, as at the counter', async () => {
    await openLabels();
    const start = screen.getByRole('heading', { name: 'Cetak Label' });
    start.focus();
    let t = 1e11;
    for (const ch of [...(CUKLI.barcode ?? ''), 'Enter']) {
      const ev = new KeyboardEvent('keydown', { key: ch, bubbles: true, cancelable: true });
      Object.defineProperty(ev, 'timeStamp', { value: (t += 5) });
      (document.activeElement ?? document.body).dispatchEvent(ev);
    }
    const run = await waitFor(runTable);
    expect(within(run).getByRole('rowheader', { name: CUKLI.name })).toBeInTheDocument();
  });

  it('refuses a start position off the sheet and a run too large to print', async () => {
    const user = userEvent.setup();
    await openLabels();
    await user.click(screen.getByRole('button', { name: 'Masukkan semua ke cetakan' }));
    await waitFor(runTable);
    await user.click(screen.getByRole('radio', { name: 'A4 4 x 10 (40 label 45,7 x 25,4 mm)' }));
    const copies = within(runTable()).getByRole('textbox', { name: `Jumlah label ${KOPI.name}` });
    await user.clear(copies);
    await user.type(copies, '500');
    await user.tab();
    expect(await screen.findByText('501 label, 13 lembar')).toBeInTheDocument();
    await user.click(screen.getByRole('radio', { name: 'Rol 58 mm (printer struk)' }));
    expect(screen.queryByRole('textbox', { name: 'Mulai dari label ke-' })).not.toBeInTheDocument();
    expect(screen.getByText('501 label di rol')).toBeInTheDocument();
  });

  it('is refused to a cashier by the server, in words', async () => {
    server.signedIn(CASHIER);
    renderApp({ db, sync: null }, '/admin/label');
    expect(await screen.findByRole('alert')).toHaveTextContent('Halaman ini hanya untuk admin');
    expect(server.calls('GET', LABEL_ROUTES.pending)).toHaveLength(0);
  });

  it('passes axe with the list, the run and the options on screen', async () => {
    const user = userEvent.setup();
    await openLabels();
    await user.click(screen.getByRole('button', { name: 'Masukkan semua ke cetakan' }));
    await waitFor(runTable);
    expect(await violations()).toEqual([]);
  });
});

describe('the photo dialog', () => {
  /** A canvas that "encodes" to `type`: jsdom has no canvas of its own. */
  function fakeCanvas(type: string, bytes: Uint8Array<ArrayBuffer>) {
    vi.stubGlobal('createImageBitmap', vi.fn(async () => ({ width: 4000, height: 3000, close: () => undefined })));
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue({ fillRect: vi.fn(), drawImage: vi.fn(), fillStyle: '' } as unknown as CanvasRenderingContext2D);
    vi.spyOn(HTMLCanvasElement.prototype, 'toBlob').mockImplementation(function (this: HTMLCanvasElement, cb: BlobCallback) {
      cb(new Blob([bytes], { type }));
    });
  }

  async function openPhoto() {
    const user = userEvent.setup();
    await openLabels();
    await user.click(screen.getByRole('searchbox', { name: 'Cari nama, SKU, atau pindai barcode' }));
    await user.paste('kopi');
    const results = await screen.findByRole('list', { name: 'Cari produk' });
    await user.click(within(results).getByRole('button', { name: `Foto ${KOPI.name}` }));
    const dialog = await screen.findByRole('dialog', { name: `Foto produk: ${KOPI.name}` });
    const input = dialog.querySelector<HTMLInputElement>('input[type="file"]');
    if (!input) throw new Error('no file input');
    return { user, dialog, input };
  }

  const webp = Uint8Array.from(Buffer.from(CHROMIUM_LOSSY_40X30, 'base64'));

  it('shrinks the chosen photo to WebP at 320 px, uploads it and shows it saved', async () => {
    fakeCanvas('image/webp', webp);
    server.on('POST', LABEL_ROUTES.uploadPhoto, (req) => {
      const { webpBase64 } = bodyOf(photoUploadRequestSchema, req);
      expect(webpBase64).toBe(CHROMIUM_LOSSY_40X30);
      return answer(photoUploadResponseSchema, { productId: req.params.productId ?? '', imageUrl: '/api/products/p-kopi/image/0123456789abcdef', bytes: webp.length, width: 320, height: 240 });
    });
    const { user, dialog, input } = await openPhoto();
    expect(within(dialog).getByText('Belum ada foto.')).toBeInTheDocument();
    await user.upload(input, new File(['jpeg'], 'kopi.jpg', { type: 'image/jpeg' }));
    expect(await within(dialog).findByText('320 x 240 px, 1 KB')).toBeInTheDocument();
    expect(HTMLCanvasElement.prototype.toBlob).toHaveBeenCalledWith(expect.any(Function), 'image/webp', 0.8);
    expect(await violations()).toEqual([]);
    await user.click(within(dialog).getByRole('button', { name: 'Simpan foto' }));
    expect(await within(dialog).findByRole('status')).toHaveTextContent('Foto tersimpan.');
    expect(within(dialog).getByRole('img', { name: `Foto ${KOPI.name}` })).toHaveAttribute('src', '/api/products/p-kopi/image/0123456789abcdef');
    expect(server.calls('POST', LABEL_ROUTES.uploadPhoto.replace(':productId', KOPI.productId))).toHaveLength(1);

    // And taken off again: the product goes back to its tile.
    server.on('POST', LABEL_ROUTES.removePhoto, (req) => answer(photoRemoveResponseSchema, { productId: req.params.productId ?? '', imageUrl: null }));
    await user.click(within(dialog).getByRole('button', { name: 'Hapus foto' }));
    expect(await within(dialog).findByText('Foto dihapus. Perangkat kasir menampilkan kotak warna setelah sinkron berikutnya.')).toBeInTheDocument();
    expect(within(dialog).getByText('Belum ada foto.')).toBeInTheDocument();
    expect(server.calls('POST', LABEL_ROUTES.removePhoto.replace(':productId', KOPI.productId))).toHaveLength(1);
  });

  it('says so when the browser cannot encode WebP, and sends nothing', async () => {
    fakeCanvas('image/png', Uint8Array.from([0x89, 0x50, 0x4e, 0x47]));
    const { user, dialog, input } = await openPhoto();
    await user.upload(input, new File(['jpeg'], 'kopi.jpg', { type: 'image/jpeg' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('Peramban ini tidak bisa membuat gambar WebP.');
    expect(within(dialog).getByRole('button', { name: 'Simpan foto' })).toBeDisabled();
    expect(server.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/photo'))).toHaveLength(0);
  });

  it("words the server's refusal of a file that is not WebP", async () => {
    fakeCanvas('image/webp', webp);
    server.on('POST', LABEL_ROUTES.uploadPhoto, () => errorAnswer(400, 'photo-not-webp', 'the photo is not a WebP file', 'webpBase64'));
    const { user, dialog, input } = await openPhoto();
    await user.upload(input, new File(['jpeg'], 'kopi.jpg', { type: 'image/jpeg' }));
    await user.click(await within(dialog).findByRole('button', { name: 'Simpan foto' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('Foto tidak tersimpan: Server menolak foto: berkasnya bukan gambar WebP.');
  });
});
