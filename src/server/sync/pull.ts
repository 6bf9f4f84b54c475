// Sync rule 12 on the server: what changed after the version a device holds,
// and the epoch that tells a device the database was replaced.
import type { Outlet, Producer } from '../../domain/catalog.ts';
import type { PullResponse } from '../../protocol/schemas.ts';
import { pullUsers } from '../accounts/accounts.ts';
import { num, str } from '../store/db.ts';
import type { Store } from '../store/store.ts';

export interface PullOptions {
  /**
   * Send the users who may sign in at `outletId` with their PIN hashes
   * (a device's pull). Off for a management session: PIN hashes only ever
   * go to the devices of the user's own outlet.
   */
  users?: boolean;
}

/**
 * A new random epoch at every server start. A database restored from a
 * backup hands out catalog versions again that devices already saw with
 * other contents; its epoch differs from the one those devices hold (the
 * restore brings back an old one, the start replaces it), so they pull in full.
 */
export async function newEpoch(store: Store): Promise<number> {
  const epoch = 1 + Math.floor(Math.random() * 2 ** 52);
  await store.db.run(
    "INSERT INTO counters (name, value) VALUES ('epoch', ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value",
    [epoch],
  );
  return epoch;
}

/**
 * Rule 12: everything changed after `since`, and the version to ask from
 * next time. With an outlet, its stock only and (unless `options.users` is
 * false) the users who may sign in there.
 */
export async function pull(store: Store, since: number, outletId: string | null, clientEpoch: number | null = null, options: PullOptions = {}): Promise<PullResponse> {
  return store.db.tx(async (tx) => {
    const [c] = await tx.all("SELECT value FROM counters WHERE name = 'catalog'");
    const version = num(c?.value);
    const [e] = await tx.all("SELECT value FROM counters WHERE name = 'epoch'");
    const epoch = e ? num(e.value) : 0;
    // A client ahead of the server, or from another epoch (the database was
    // restored or replaced), would otherwise miss changes: it gets everything.
    const full = since === 0 || since > version || (clientEpoch !== null && clientEpoch !== epoch);
    const from = full ? 0 : since;
    const outlets = await tx.all('SELECT * FROM outlets WHERE version > ? ORDER BY id', [from]);
    const producers = await tx.all('SELECT * FROM producers WHERE version > ? ORDER BY id', [from]);
    const products = await tx.all('SELECT * FROM products WHERE version > ? ORDER BY id', [from]);
    const stock = outletId
      ? await tx.all('SELECT * FROM stock_levels WHERE version > ? AND outlet_id = ?', [from, outletId])
      : await tx.all('SELECT * FROM stock_levels WHERE version > ?', [from]);
    const users = outletId !== null && (options.users ?? true) ? await pullUsers(tx, outletId, from, full) : [];
    return {
      version,
      epoch,
      full,
      users,
      outlets: outlets.map((r) => ({
        id: str(r.id),
        name: str(r.name),
        kind: str(r.kind) as Outlet['kind'],
        address: str(r.address),
        discountLimitBp: num(r.discount_limit_bp),
      })),
      producers: producers.map((r) => ({
        id: str(r.id),
        name: str(r.name),
        kind: str(r.kind) as Producer['kind'],
        receiptLine: r.receipt_line === null ? null : str(r.receipt_line),
        consignment: num(r.consignment) === 1,
      })),
      products: products.map((r) => ({
        id: str(r.id),
        sku: str(r.sku),
        barcode: r.barcode === null ? null : str(r.barcode),
        name: str(r.name),
        category: str(r.category),
        producerId: str(r.producer_id),
        price: num(r.price),
        unit: str(r.unit),
        active: num(r.active) === 1,
        imageUrl: r.image_url === null || r.image_url === undefined ? null : str(r.image_url),
      })),
      stock: stock.map((r) => ({ productId: str(r.product_id), outletId: str(r.outlet_id), level: num(r.level) })),
    };
  });
}
