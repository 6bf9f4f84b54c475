// The catalog as the server keeps it: outlets, producers, products and their
// opening stock. Every write takes a new catalog version, so devices pull it
// (sync rule 12).
import { DEFAULT_DISCOUNT_LIMIT_BP } from '../../domain/approval.ts';
import type { Outlet, Producer, Product } from '../../domain/catalog.ts';
import type { StockLevel } from '../../protocol/schemas.ts';
import { num, type SqlTx } from '../store/db.ts';
import { bumpVersion, insertAll, lockCatalog } from '../store/sql.ts';
import type { Store } from '../store/store.ts';

export interface Catalog {
  outlets: Outlet[];
  producers: Producer[];
  products: Product[];
  /** Opening stock per outlet and product. */
  stock: StockLevel[];
}

/** Loads the demo catalog on a fresh database only; existing data is never touched. */
export async function seedIfEmpty(store: Store, catalog: Catalog): Promise<boolean> {
  return store.db.tx(async (tx) => {
    // A second process starting on the same empty database waits for the
    // first one's catalog here, then finds it instead of loading it again.
    await lockCatalog(tx, store.db.dialect);
    const [row] = await tx.all('SELECT COUNT(*) AS n FROM products');
    if (num(row?.n) > 0) return false;
    await writeCatalog(tx, catalog);
    return true;
  });
}

/** Rows written at once past which the planner's statistics are refreshed (Store.refreshStatistics). */
export const BULK_ROWS = 1_000;

export async function upsertCatalog(store: Store, catalog: Partial<Catalog>): Promise<number> {
  const version = await store.db.tx((tx) => writeCatalog(tx, { outlets: [], producers: [], products: [], stock: [], ...catalog }));
  if ((catalog.products?.length ?? 0) + (catalog.stock?.length ?? 0) >= BULK_ROWS) await store.refreshStatistics(['products', 'stock_levels']);
  return version;
}

async function writeCatalog(tx: SqlTx, c: Catalog): Promise<number> {
  const v = await bumpVersion(tx);
  // One statement may touch a row once: the last of repeated ids wins, as row-by-row upserts would.
  const last = <T>(items: readonly T[], key: (x: T) => string): T[] => [...new Map(items.map((x) => [key(x), x])).values()];
  await insertAll(
    tx,
    'INSERT INTO outlets (id, name, kind, address, discount_limit_bp, version)',
    // An outlet sent without a limit gets the default, as domain/catalog.ts says absent means.
    last(c.outlets, (o) => o.id).map((o) => [o.id, o.name, o.kind, o.address, o.discountLimitBp ?? DEFAULT_DISCOUNT_LIMIT_BP, v]),
    ` ON CONFLICT (id) DO UPDATE SET name = excluded.name, kind = excluded.kind, address = excluded.address,
        discount_limit_bp = excluded.discount_limit_bp, version = excluded.version`,
  );
  await insertAll(
    tx,
    'INSERT INTO producers (id, name, kind, receipt_line, consignment, version)',
    last(c.producers, (p) => p.id).map((p) => [p.id, p.name, p.kind, p.receiptLine, p.consignment ? 1 : 0, v]),
    ` ON CONFLICT (id) DO UPDATE SET name = excluded.name, kind = excluded.kind, receipt_line = excluded.receipt_line,
        consignment = excluded.consignment, version = excluded.version`,
  );
  await insertAll(
    tx,
    'INSERT INTO products (id, sku, barcode, name, category, producer_id, price, unit, active, image_url, version)',
    last(c.products, (p) => p.id).map((p) => [p.id, p.sku, p.barcode, p.name, p.category, p.producerId, p.price, p.unit, p.active ? 1 : 0, p.imageUrl ?? null, v]),
    ` ON CONFLICT (id) DO UPDATE SET sku = excluded.sku, barcode = excluded.barcode, name = excluded.name,
        category = excluded.category, producer_id = excluded.producer_id, price = excluded.price,
        unit = excluded.unit, active = excluded.active, image_url = excluded.image_url, version = excluded.version`,
  );
  await insertAll(
    tx,
    'INSERT INTO stock_levels (outlet_id, product_id, level, version)',
    last(c.stock, (s) => `${s.outletId}\u0000${s.productId}`).map((s) => [s.outletId, s.productId, s.level, v]),
    ' ON CONFLICT (outlet_id, product_id) DO UPDATE SET level = excluded.level, version = excluded.version',
  );
  return v;
}
