// Sync rule 12 on the server: what changed after the version a device holds,
// and the epoch that tells a device the database was replaced.
import { z } from 'zod';
import type { Outlet, Producer } from '../../domain/catalog.ts';
import { outletSettingsSchema } from '../../protocol/common.ts';
import type { PullResponse } from '../../protocol/schemas.ts';
import { pullUsers } from '../accounts/accounts.ts';
import { Refusal } from '../refusal.ts';
import { num, optStr, str, type Row, type SqlTx } from '../store/db.ts';
import type { Store } from '../store/store.ts';
import { adjustReasons, transfersFor } from '../stock/stock.ts';
import { cashReasons } from '../shifts/cash-reasons.ts';

export interface PullOptions {
  /**
   * Send the users who may sign in at `outletId` with their PIN hashes
   * (a device's pull). Off for a management session: PIN hashes only ever
   * go to the devices of the user's own outlet.
   */
  users?: boolean;
  /**
   * A paged pull: at most this many stock levels and products in the answer,
   * and a cursor to go on from. Absent: everything in one answer (devices
   * from before paging ask so, and must not mistake a first page for all).
   */
  limit?: number;
  /** The previous page's cursor. */
  cursor?: string;
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
 * Where a paged pull stands: the pull it belongs to (`from`, `version`,
 * `epoch`, `full`, fixed by its first page) and the last row sent, in the
 * order products then stock levels, each by (version, key).
 */
const cursorSchema = z.object({
  from: z.number().int().min(0),
  version: z.number().int().min(0),
  epoch: z.number().int().min(0),
  full: z.boolean(),
  section: z.enum(['products', 'stock']),
  /** The last row sent in `section`: its version and key; null before the section's first row. */
  at: z.object({ v: z.number().int().min(0), key: z.array(z.string()).min(1).max(2) }).nullable(),
});
type PullCursor = z.infer<typeof cursorSchema>;

function encodeCursor(c: PullCursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

function decodeCursor(raw: string): PullCursor {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    json = null;
  }
  const parsed = cursorSchema.safeParse(json);
  if (!parsed.success) throw new Refusal('invalid', 'invalid-request', 'this cursor was not made by this server: start the pull again without cursor', 'cursor');
  return parsed.data;
}

/**
 * Rule 12: everything changed after `since`, and the version to ask from
 * next time. With an outlet, its stock only and (unless `options.users` is
 * false) the users who may sign in there. With `options.limit`, one page of
 * it (see docs/sync-rules.md, "the pull comes in pages").
 */
export async function pull(store: Store, since: number, outletId: string | null, clientEpoch: number | null = null, options: PullOptions = {}): Promise<PullResponse> {
  const cursor = options.cursor === undefined ? null : decodeCursor(options.cursor);
  return store.db.tx(async (tx) => {
    const [c] = await tx.all("SELECT value FROM counters WHERE name = 'catalog'");
    const version = num(c?.value);
    const [e] = await tx.all("SELECT value FROM counters WHERE name = 'epoch'");
    const epoch = e ? num(e.value) : 0;
    // A page goes on with its pull while the database is the one it began on;
    // after a restore (another epoch, or a version it never reached) the
    // device starts over, from what the cursor says it held.
    if (cursor && cursor.epoch === epoch && cursor.version <= version) return page(tx, cursor, outletId, options.limit ?? null);
    // A cursor of a version this database never reached is the same proof of a restore as such a `since`.
    const askedSince = cursor ? (cursor.version > version ? cursor.version : cursor.from) : since;
    const askedEpoch = cursor ? cursor.epoch : clientEpoch;
    return firstPage(tx, { since: askedSince, clientEpoch: askedEpoch, version, epoch: e ? epoch : null, now: store.now() }, outletId, options);
  });
}

async function firstPage(
  tx: SqlTx,
  at: { since: number; clientEpoch: number | null; version: number; epoch: number | null; now: number },
  outletId: string | null,
  options: PullOptions,
): Promise<PullResponse> {
  const { since, clientEpoch, version } = at;
  let epoch = at.epoch ?? 0;
  // A device of this epoch holding a version this database never reached
  // proves it went back in time (a restore). The epoch moves so that every
  // other device, whose version may look plausible, pulls in full too. Only
  // a device of the current epoch moves it, and compare-and-set, so devices
  // finding it together move it once.
  if (at.epoch !== null && since > version && clientEpoch === epoch) {
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
  const users = outletId !== null && (options.users ?? true) ? await pullUsers(tx, outletId, from, full) : [];
  // Transfers are a small list sent whole with every first page (a booth receives one offline once it has
  // pulled it); adjustment reasons come as they changed, like the catalog; cash reasons whole (a handful,
  // and a device that pulled before they were sent gets the built-in ones too).
  const transfers = await transfersFor(tx, outletId, at.now);
  const reasons = await adjustReasons(tx, full ? -1 : from);
  const head = {
    transfers,
    adjustReasons: reasons,
    cashReasons: await cashReasons(tx),
    version,
    epoch,
    full,
    users,
    outlets: outlets.map(outletOf),
    producers: producers.map(producerOf),
  };
  if (options.limit === undefined) {
    const products = await tx.all('SELECT * FROM products WHERE version > ? ORDER BY id', [from]);
    const stock = outletId
      ? await tx.all('SELECT * FROM stock_levels WHERE version > ? AND outlet_id = ?', [from, outletId])
      : await tx.all('SELECT * FROM stock_levels WHERE version > ?', [from]);
    return { ...head, products: products.map(productOf), stock: stock.map(stockOf), first: true, more: false, cursor: null, total: products.length };
  }
  const [count] = await tx.all('SELECT COUNT(*) AS n FROM products WHERE version > ?', [from]);
  const rest = await page(tx, { from, version, epoch, full, section: 'products', at: null }, outletId, options.limit);
  return { ...rest, ...head, first: true, total: num(count?.n) };
}

/**
 * The rows after `cursor`, at most `limit` (everything with null), and where
 * the next page starts. Products come first, so a device can search the
 * catalog while the stock levels still come down.
 */
async function page(tx: SqlTx, cursor: PullCursor, outletId: string | null, limit: number | null): Promise<PullResponse> {
  const budget = limit ?? Number.MAX_SAFE_INTEGER;
  let section = cursor.section;
  let at = cursor.at;
  const products: Row[] = [];
  const stock: Row[] = [];
  let more = false;
  if (section === 'products') {
    const rows = await productsAfter(tx, cursor.from, at, budget + 1);
    more = rows.length > budget;
    products.push(...rows.slice(0, budget));
    const last = products[products.length - 1];
    if (more && last) at = { v: num(last.version), key: [str(last.id)] };
    else {
      section = 'stock';
      at = null;
    }
  }
  const room = budget - products.length;
  if (section === 'stock' && !more) {
    if (room === 0) more = true;
    else {
      const rows = await stockAfter(tx, cursor.from, at, outletId, room + 1);
      more = rows.length > room;
      stock.push(...rows.slice(0, room));
      const last = stock[stock.length - 1];
      if (last) at = { v: num(last.version), key: [str(last.outlet_id), str(last.product_id)] };
    }
  }
  return {
    version: cursor.version,
    epoch: cursor.epoch,
    full: cursor.full,
    users: [],
    outlets: [],
    producers: [],
    transfers: [],
    adjustReasons: [],
    cashReasons: [],
    products: products.map(productOf),
    stock: stock.map(stockOf),
    first: false,
    more,
    cursor: more ? encodeCursor({ ...cursor, section, at }) : null,
    total: null,
  };
}

// Keyset paging: (version, key) after the cursor's, spelled out so both
// engines use the (version, key) indexes the same way.
async function stockAfter(tx: SqlTx, from: number, at: PullCursor['at'], outletId: string | null, limit: number): Promise<Row[]> {
  const where: string[] = ['version > ?'];
  const params: (string | number)[] = [from];
  if (outletId !== null) {
    where.push('outlet_id = ?');
    params.push(outletId);
  }
  if (at) {
    const [o = '', p = ''] = at.key;
    where.push('(version > ? OR (version = ? AND (outlet_id > ? OR (outlet_id = ? AND product_id > ?))))');
    params.push(at.v, at.v, o, o, p);
  }
  params.push(limit);
  return tx.all(`SELECT * FROM stock_levels WHERE ${where.join(' AND ')} ORDER BY version, outlet_id, product_id LIMIT ?`, params);
}

async function productsAfter(tx: SqlTx, from: number, at: PullCursor['at'], limit: number): Promise<Row[]> {
  if (!at) return tx.all('SELECT * FROM products WHERE version > ? ORDER BY version, id LIMIT ?', [from, limit]);
  const id = at.key[0] ?? '';
  return tx.all('SELECT * FROM products WHERE version > ? AND (version > ? OR (version = ? AND id > ?)) ORDER BY version, id LIMIT ?', [from, at.v, at.v, id, limit]);
}

// The settings go down only once an admin saved them on the server: until
// then each device keeps the values set on it (client settings-repo.ts).
const outletOf = (r: Row): Outlet => {
  const settings = r.settings === null || r.settings === undefined ? null : outletSettingsSchema.parse(JSON.parse(str(r.settings)));
  return {
    id: str(r.id),
    name: str(r.name),
    kind: str(r.kind) as Outlet['kind'],
    address: str(r.address),
    discountLimitBp: num(r.discount_limit_bp),
    active: num(r.active) === 1,
    startDate: optStr(r.start_date),
    endDate: optStr(r.end_date),
    homeOutletId: optStr(r.home_outlet_id),
    lapas: optStr(r.lapas),
    ...(settings ? { settings } : {}),
  };
};

const producerOf = (r: Row) => ({
  id: str(r.id),
  name: str(r.name),
  kind: str(r.kind) as Producer['kind'],
  receiptLine: r.receipt_line === null ? null : str(r.receipt_line),
  consignment: num(r.consignment) === 1,
});

const productOf = (r: Row) => ({
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
  // Product administration's fields, only where they differ from what a
  // device reads when they are absent (PPN applies, the producer's terms, no
  // story): a full pull of 50,000 products stays as small as it was.
  ...(r.tax === 'exempt' ? { tax: 'exempt' as const } : {}),
  ...(r.consigned === null || r.consigned === undefined ? {} : { consigned: num(r.consigned) === 1 }),
  ...(r.story === null || r.story === undefined ? {} : { story: str(r.story) }),
  ...(r.story_on_receipt !== null && r.story_on_receipt !== undefined && num(r.story_on_receipt) === 1 ? { storyOnReceipt: true } : {}),
});

const stockOf = (r: Row) => ({ productId: str(r.product_id), outletId: str(r.outlet_id), level: num(r.level) });
