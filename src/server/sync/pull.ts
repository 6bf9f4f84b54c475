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

const randomEpoch = (): number => 1 + Math.floor(Math.random() * 2 ** 52);

/**
 * The database's epoch, made once with it. A start keeps it: a restart is
 * not a restore, and a new epoch would send every device a full catalog.
 */
export async function ensureEpoch(store: Store): Promise<void> {
  await store.db.run("INSERT INTO counters (name, value) VALUES ('epoch', ?) ON CONFLICT (name) DO NOTHING", [randomEpoch()]);
}

/**
 * A new epoch, for a database put back from a backup (`npm run restored`).
 * It hands out catalog versions again that devices already saw with other
 * contents; a device whose epoch differs pulls in full. A pull also finds a
 * restore by itself when a device holds a version the database never reached.
 */
export async function newEpoch(store: Store): Promise<number> {
  const epoch = randomEpoch();
  const upsert = 'INSERT INTO counters (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value';
  await store.db.tx(async (tx) => {
    await tx.run(upsert, ['epoch', epoch]);
    // Sales made before this moment that arrive later came back from a device (sync/after-restore.ts).
    await tx.run(upsert, ['restored-at', store.now()]);
  });
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
    let epoch = e ? num(e.value) : 0;
    // A device of this epoch holding a version this database never reached
    // proves it went back in time (a restore). The epoch moves so that every
    // other device, whose version may look plausible, pulls in full too. Only
    // a device of the current epoch moves it, and compare-and-set, so devices
    // finding it together move it once.
    if (e && since > version && clientEpoch === epoch) {
      const next = randomEpoch();
      const moved = await tx.run("UPDATE counters SET value = ? WHERE name = 'epoch' AND value = ?", [next, epoch]);
      const [now] = moved > 0 ? [{ value: next }] : await tx.all("SELECT value FROM counters WHERE name = 'epoch'");
      if (now) epoch = num(now.value);
    }
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
