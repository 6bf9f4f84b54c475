// Who makes what and where it is sold. Every product names its producer so
// that each sale line can be settled to a Lapas workshop or an UMKM later.
import type { Rupiah } from './money.ts';
import type { OutletSettings } from './outlet-settings.ts';

export type ProducerKind = 'lapas' | 'umkm';

export interface Producer {
  id: string;
  name: string;
  kind: ProducerKind;
  /** Receipt line, e.g. "Karya warga binaan Lapas Kelas IIA Lombok Barat". */
  receiptLine: string | null;
  /** Consignment (titip jual): the store owes the producer sales less a fee. */
  consignment: boolean;
}

export type OutletKind = 'store' | 'booth' | 'showroom';

export interface Outlet {
  id: string;
  name: string;
  kind: OutletKind;
  address: string;
  /** Basis points of a price a cashier may discount without a supervisor; absent means the default (10%). */
  discountLimitBp?: number;
  /** Absent means active (rows from before the outlet administration). */
  active?: boolean;
  /** A booth's first and last business day, `YYYY-MM-DD`. */
  startDate?: string | null;
  endDate?: string | null;
  /** The outlet a booth's stock comes from and returns to. */
  homeOutletId?: string | null;
  /** The Lapas a showroom belongs to. */
  lapas?: string | null;
  /** The counter's settings as the server holds them; absent until a server with the outlet administration sends them. */
  settings?: OutletSettings;
}

export interface Product {
  id: string;
  sku: string;
  barcode: string | null;
  name: string;
  category: string;
  producerId: string;
  price: Rupiah;
  unit: string;
  active: boolean;
  /** A small picture for the touch grid (same-origin path or URL); null shows a coloured tile. */
  imageUrl?: string | null;
  /** PPN applies ('ppn', the default) or the product is exempt; absent on rows from before product administration. */
  tax?: 'ppn' | 'exempt';
  /** Consigned (titip jual) or store-owned; absent means the producer's own terms. */
  consigned?: boolean;
  /** A few sentences on the craft and the workshop, shown on the product's detail. */
  story?: string | null;
  /** Print the story under the item on the receipt. */
  storyOnReceipt?: boolean;
}

/** Lower-case word tokens a product can be found by (name, SKU, barcode, category, producer). */
export function searchWords(product: Product, producerName: string): string[] {
  const text = [product.name, product.sku, product.barcode ?? '', product.category, producerName].join(' ');
  const words = text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0);
  return [...new Set(words)];
}

/** Splits what the cashier typed into lower-case word prefixes. */
export function queryWords(query: string): string[] {
  return query
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0);
}

/** Every query word must be a prefix of some product word ("batik gem" finds "Batik Tulis Gembok"). */
export function matchesQuery(words: readonly string[], query: readonly string[]): boolean {
  return query.every((q) => words.some((w) => w.startsWith(q)));
}
