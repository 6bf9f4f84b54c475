// The demo catalog loaded on a fresh server: NTB Mall's kind of stock, karya
// warga binaan from three Lapas and goods of three UMKM. Prices are typical
// shelf prices in Mataram; barcodes are valid EAN-13 (GS1 Indonesia 899 for
// packaged food, in-store 20-29 for handmade goods without a GS1 code).
import type { Outlet, Producer, Product } from '../domain/catalog.ts';
import { ean13CheckDigit } from '../domain/ean13.ts';
import type { Catalog } from './catalog/catalog.ts';

export const DEMO_OUTLETS: Outlet[] = [
  { id: 'ntb-mall', name: 'NTB Mall', kind: 'store', address: 'Jl. Udayana No. 2, Mataram, NTB' },
  { id: 'booth-pameran', name: 'Booth Pameran UMKM', kind: 'booth', address: 'Taman Sangkareang, Mataram' },
  { id: 'showroom-lobar', name: 'Galeri Lapas Kelas IIA Lombok Barat', kind: 'showroom', address: 'Kuripan, Lombok Barat' },
];

export const DEMO_PRODUCERS: Producer[] = [
  {
    id: 'lapas-lobar',
    name: 'Lapas Kelas IIA Lombok Barat',
    kind: 'lapas',
    receiptLine: 'Karya warga binaan Lapas Kelas IIA Lombok Barat',
    consignment: true,
  },
  {
    id: 'lapas-perempuan-mataram',
    name: 'Lapas Perempuan Kelas III Mataram',
    kind: 'lapas',
    receiptLine: 'Karya warga binaan Lapas Perempuan Mataram',
    consignment: true,
  },
  {
    id: 'lapas-mataram',
    name: 'Lapas Kelas IIA Mataram',
    kind: 'lapas',
    receiptLine: 'Karya warga binaan Lapas Kelas IIA Mataram',
    consignment: true,
  },
  { id: 'umkm-dapur-sasak', name: 'UMKM Dapur Sasak Rasa', kind: 'umkm', receiptLine: null, consignment: true },
  { id: 'umkm-madu-sumbawa', name: 'UMKM Madu Hutan Sumbawa Lestari', kind: 'umkm', receiptLine: null, consignment: true },
  { id: 'umkm-kopi-sembalun', name: 'UMKM Kopi Sembalun Rinjani', kind: 'umkm', receiptLine: null, consignment: false },
];

type Row = [sku: string, name: string, category: string, producerId: string, price: number, unit: string, stock: number];

const HANDMADE: Row[] = [
  ['CKL-001', 'Kotak Tisu Cukli Motif Sasak', 'Cukli', 'lapas-mataram', 185_000, 'pcs', 12],
  ['CKL-002', 'Tempat Pensil Cukli', 'Cukli', 'lapas-mataram', 85_000, 'pcs', 20],
  ['CKL-003', 'Piring Hias Cukli Diameter 30 cm', 'Cukli', 'lapas-mataram', 350_000, 'pcs', 6],
  ['CKL-004', 'Gantungan Kunci Cukli', 'Cukli', 'lapas-lobar', 25_000, 'pcs', 60],
  ['CKL-005', 'Bingkai Foto Cukli 4R', 'Cukli', 'lapas-lobar', 120_000, 'pcs', 15],
  ['CKL-006', 'Kotak Perhiasan Cukli Kecil', 'Cukli', 'lapas-lobar', 145_000, 'pcs', 10],
  ['CKL-007', 'Nampan Cukli Kayu Mahoni', 'Cukli', 'lapas-mataram', 275_000, 'pcs', 5],
  ['CKL-008', 'Meja Lesehan Cukli', 'Cukli', 'lapas-mataram', 2_450_000, 'pcs', 2],
  ['CKL-009', 'Tempat Kartu Nama Cukli', 'Cukli', 'lapas-lobar', 65_000, 'pcs', 18],
  ['BTK-001', 'Kain Batik Tulis Gembok Motif Sasambo', 'Batik Tulis Gembok', 'lapas-lobar', 850_000, 'lembar', 8],
  ['BTK-002', 'Kain Batik Tulis Gembok Motif Lumbung', 'Batik Tulis Gembok', 'lapas-lobar', 750_000, 'lembar', 7],
  ['BTK-003', 'Kain Batik Tulis Gembok Motif Kangkung', 'Batik Tulis Gembok', 'lapas-lobar', 780_000, 'lembar', 5],
  ['BTK-004', 'Kain Batik Tulis Gembok Motif Rinjani Pewarna Alam', 'Batik Tulis Gembok', 'lapas-lobar', 1_250_000, 'lembar', 3],
  ['BTK-005', 'Kemeja Batik Tulis Gembok Lengan Pendek', 'Batik Tulis Gembok', 'lapas-lobar', 425_000, 'pcs', 10],
  ['BTK-006', 'Selendang Batik Tulis Gembok', 'Batik Tulis Gembok', 'lapas-lobar', 275_000, 'pcs', 9],
  ['BTK-007', 'Masker Kain Batik Gembok', 'Batik Tulis Gembok', 'lapas-lobar', 20_000, 'pcs', 40],
  ['TNN-001', 'Kain Tenun Songket Sukarara', 'Tenun', 'lapas-perempuan-mataram', 950_000, 'lembar', 4],
  ['TNN-002', 'Selendang Tenun Ikat Lombok', 'Tenun', 'lapas-perempuan-mataram', 185_000, 'pcs', 12],
  ['TNN-003', 'Sarung Tenun Sasak', 'Tenun', 'lapas-perempuan-mataram', 325_000, 'pcs', 8],
  ['TNN-004', 'Tas Selempang Tenun', 'Tenun', 'lapas-perempuan-mataram', 165_000, 'pcs', 14],
  ['TNN-005', 'Dompet Tenun Motif Subahnale', 'Tenun', 'lapas-perempuan-mataram', 55_000, 'pcs', 25],
  ['TNN-006', 'Taplak Meja Tenun', 'Tenun', 'lapas-perempuan-mataram', 210_000, 'pcs', 6],
  ['KRJ-001', 'Tas Anyaman Ketak', 'Kerajinan', 'lapas-perempuan-mataram', 175_000, 'pcs', 10],
  ['KRJ-002', 'Keranjang Ketak Bulat', 'Kerajinan', 'lapas-mataram', 95_000, 'pcs', 12],
];

const PACKAGED: Row[] = [
  ['KOP-001', 'Kopi Bubuk Sembalun Arabika 250 g', 'Kopi', 'umkm-kopi-sembalun', 65_000, 'bungkus', 40],
  ['KOP-002', 'Kopi Bubuk Sembalun Robusta 250 g', 'Kopi', 'umkm-kopi-sembalun', 45_000, 'bungkus', 50],
  ['KOP-003', 'Kopi Biji Sangrai Arabika Rinjani 500 g', 'Kopi', 'umkm-kopi-sembalun', 125_000, 'bungkus', 20],
  ['KOP-004', 'Kopi Lapas Kopi Robusta Lombok 200 g', 'Kopi', 'lapas-lobar', 35_000, 'bungkus', 30],
  ['MDU-001', 'Madu Hutan Sumbawa 500 ml', 'Madu', 'umkm-madu-sumbawa', 150_000, 'botol', 24],
  ['MDU-002', 'Madu Hutan Sumbawa 250 ml', 'Madu', 'umkm-madu-sumbawa', 85_000, 'botol', 36],
  ['MDU-003', 'Madu Trigona Lombok Utara 150 ml', 'Madu', 'umkm-madu-sumbawa', 120_000, 'botol', 15],
  ['MDU-004', 'Madu Sachet Sumbawa isi 10', 'Madu', 'umkm-madu-sumbawa', 30_000, 'kotak', 30],
  ['PGN-001', 'Keripik Pisang Lapas Perempuan 200 g', 'Olahan Pangan', 'lapas-perempuan-mataram', 18_000, 'bungkus', 45],
  ['PGN-002', 'Keripik Singkong Pedas 200 g', 'Olahan Pangan', 'umkm-dapur-sasak', 15_000, 'bungkus', 60],
  ['PGN-003', 'Dodol Rumput Laut Lombok', 'Olahan Pangan', 'umkm-dapur-sasak', 20_000, 'kotak', 40],
  ['PGN-004', 'Abon Ikan Tongkol 100 g', 'Olahan Pangan', 'umkm-dapur-sasak', 35_000, 'bungkus', 25],
  ['PGN-005', 'Sambal Beberuk Terong Botol', 'Olahan Pangan', 'umkm-dapur-sasak', 28_000, 'botol', 30],
  ['PGN-006', 'Kerupuk Kulit Ikan 150 g', 'Olahan Pangan', 'lapas-mataram', 22_000, 'bungkus', 35],
  ['PGN-007', 'Kue Kering Jahe Lapas Perempuan', 'Olahan Pangan', 'lapas-perempuan-mataram', 30_000, 'toples', 20],
  ['PGN-008', 'Manisan Rumput Laut 250 g', 'Olahan Pangan', 'umkm-dapur-sasak', 25_000, 'bungkus', 30],
  ['PGN-009', 'Jahe Merah Instan 250 g', 'Olahan Pangan', 'lapas-lobar', 32_000, 'bungkus', 28],
  ['PGN-010', 'Minyak Kelapa Murni Lombok 250 ml', 'Olahan Pangan', 'lapas-lobar', 40_000, 'botol', 18],
  ['TNP-001', 'Beras Merah Organik Ketahanan Pangan 1 kg', 'Hasil Ketahanan Pangan', 'lapas-lobar', 28_000, 'kg', 50],
  ['TNP-002', 'Telur Ayam Kampung isi 10', 'Hasil Ketahanan Pangan', 'lapas-lobar', 32_000, 'pak', 20],
  ['TNP-003', 'Sayur Kangkung Hidroponik', 'Hasil Ketahanan Pangan', 'lapas-mataram', 8_000, 'ikat', 30],
];

// One drawing per category in public/images, precached by the service worker.
const CATEGORY_IMAGE: Record<string, string> = {
  Cukli: '/images/cukli.svg',
  'Batik Tulis Gembok': '/images/batik.svg',
  Tenun: '/images/tenun.svg',
  Kerajinan: '/images/kerajinan.svg',
  Kopi: '/images/kopi.svg',
  Madu: '/images/madu.svg',
  'Olahan Pangan': '/images/olahan.svg',
  'Hasil Ketahanan Pangan': '/images/pangan.svg',
};

const withCheck = (body12: string): string => `${body12}${ean13CheckDigit(body12)}`;

function toProducts(rows: Row[], barcode: (i: number, row: Row) => string): Product[] {
  return rows.map((row, i) => {
    const [sku, name, category, producerId, price, unit] = row;
    return {
    id: `p-${sku.toLowerCase()}`,
    sku,
    barcode: barcode(i, row),
    name,
    category,
    producerId,
    price,
    unit,
    active: true,
    imageUrl: CATEGORY_IMAGE[category] ?? null,
    };
  });
}

// In-store codes (prefix 21 handmade, 22 fresh produce): the item number.
// GS1 Indonesia codes: 899 + an invented company prefix per producer + item.
const COMPANY: Record<string, string> = {
  'umkm-kopi-sembalun': '7001',
  'umkm-madu-sumbawa': '7002',
  'umkm-dapur-sasak': '7003',
  'lapas-lobar': '7004',
  'lapas-perempuan-mataram': '7005',
  'lapas-mataram': '7006',
};
const FRESH = 'Hasil Ketahanan Pangan';

export const DEMO_PRODUCTS: Product[] = [
  ...toProducts(HANDMADE, (i) => withCheck(`21${String(1000 + i).padStart(10, '0')}`)),
  ...toProducts(PACKAGED, (i, row) =>
    row[2] === FRESH
      ? withCheck(`22${String(2000 + i).padStart(10, '0')}`)
      : withCheck(`899${COMPANY[row[3]] ?? '7999'}${String(100 + i).padStart(5, '0')}`),
  ),
];

export function demoCatalog(): Catalog {
  const rows = [...HANDMADE, ...PACKAGED];
  const stock = DEMO_OUTLETS.flatMap((o) =>
    DEMO_PRODUCTS.map((p, i) => ({
      outletId: o.id,
      productId: p.id,
      // The store holds the full allocation; a booth and a showroom a third of it.
      level: o.kind === 'store' ? (rows[i]?.[6] ?? 0) : Math.ceil((rows[i]?.[6] ?? 0) / 3),
    })),
  );
  return { outlets: DEMO_OUTLETS, producers: DEMO_PRODUCERS, products: DEMO_PRODUCTS, stock };
}
