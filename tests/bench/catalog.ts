// A big, realistic catalog for the search and scan figures: the demo
// catalog's words recombined into 50,000 distinct products.
import { ean13CheckDigit } from '../../src/domain/ean13.ts';
import type { Product } from '../../src/domain/catalog.ts';
import type { PullAnswer } from '../../src/protocol/schemas.ts';
import { demoCatalog } from '../../src/server/seed-data.ts';

const KINDS = ['Kain', 'Selendang', 'Kotak', 'Tas', 'Dompet', 'Piring', 'Kopi', 'Madu', 'Keripik', 'Dodol', 'Sambal', 'Kemeja', 'Sarung', 'Bingkai', 'Nampan'];
const MOTIFS = ['Sasambo', 'Lumbung', 'Kangkung', 'Rinjani', 'Subahnale', 'Sasak', 'Gembok', 'Mutiara', 'Senggigi', 'Gili', 'Sembalun', 'Tanjung', 'Pringgasela', 'Sukarara', 'Banyumulek'];
const SIZES = ['Kecil', 'Sedang', 'Besar', '100 g', '250 g', '500 g', '1 kg', 'Biru', 'Merah', 'Hitam', 'Emas', 'Hijau'];

export function bigCatalog(n: number): PullAnswer {
  const demo = demoCatalog();
  const categories = [...new Set(demo.products.map((p) => p.category))];
  const products: Product[] = [];
  for (let i = 0; i < n; i++) {
    const kind = KINDS[i % KINDS.length]!;
    const motif = MOTIFS[Math.floor(i / KINDS.length) % MOTIFS.length]!;
    const size = SIZES[Math.floor(i / (KINDS.length * MOTIFS.length)) % SIZES.length]!;
    const producer = demo.producers[i % demo.producers.length]!;
    const body = `20${String(i).padStart(10, '0')}`;
    products.push({
      id: `big-${i}`,
      sku: `BIG-${String(i).padStart(6, '0')}`,
      barcode: `${body}${ean13CheckDigit(body)}`,
      name: `${kind} ${motif} ${size} No. ${i}`,
      category: categories[i % categories.length]!,
      producerId: producer.id,
      price: 5_000 + (i % 300) * 5_000,
      unit: 'pcs',
      active: true,
      imageUrl: null,
    });
  }
  return {
    version: 1,
    users: [],
    epoch: 0,
    full: true,
    outlets: demo.outlets,
    producers: demo.producers,
    products,
    stock: products.map((p, i) => ({ outletId: 'ntb-mall', productId: p.id, level: 1 + (i % 20) })),
  };
}
