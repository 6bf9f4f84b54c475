// The floor: the same rows a checkout writes (sale, stock events, outbox row,
// device counters, cart delete) in one raw IndexedDB transaction with strict
// durability, with none of Dexie, zod or the domain code.
import { searchWords } from '../../../src/domain/catalog.ts';
import type { CartRow } from '../../../src/client/db/schema.ts';
import type { PullAnswer } from '../../../src/protocol/schemas.ts';

export function openRaw(name: string): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(name, 1);
    req.onupgradeneeded = () => {
      const db = req.result;
      const sales = db.createObjectStore('sales', { keyPath: 'id' });
      sales.createIndex('receiptNo', 'receiptNo');
      sales.createIndex('createdAt', 'createdAt');
      sales.createIndex('businessDate', 'businessDate');
      sales.createIndex('sync', 'sync');
      const ev = db.createObjectStore('stockEvents', { keyPath: 'id' });
      ev.createIndex('productId', 'productId');
      ev.createIndex('saleId', 'saleId');
      ev.createIndex('state', 'state');
      const ob = db.createObjectStore('outbox', { keyPath: 'seq' });
      ob.createIndex('id', 'id', { unique: true });
      ob.createIndex('status_seq', ['status', 'seq']);
      ob.createIndex('saleId', 'saleId');
      db.createObjectStore('device', { keyPath: 'key' });
      db.createObjectStore('carts', { keyPath: 'id' });
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('open failed'));
  });
}

export function rawCheckout(db: IDBDatabase, cart: CartRow, i: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const tx = db.transaction(['sales', 'stockEvents', 'outbox', 'device', 'carts'], 'readwrite', { durability: 'strict' });
    const id = `sale-${i}-${Math.random()}`;
    const now = Date.now();
    const dev = tx.objectStore('device');
    const get = dev.get('self');
    get.onsuccess = () => {
      const d = (get.result as { nextSeq: number } | undefined) ?? { nextSeq: 1 };
      dev.put({ key: 'self', nextSeq: d.nextSeq + 1, nextReceipt: d.nextSeq + 1 });
      const lines = cart.lines.map((l, k) => ({ ...l, id: `${id}-l${k}`, net: l.unitPrice * l.qty }));
      const sale = { id, receiptNo: `R-${i}`, createdAt: now, businessDate: '2026-11-27', sync: 'pending', lines, total: lines.reduce((a, l) => a + l.net, 0) };
      tx.objectStore('sales').add(sale);
      for (const [k, l] of cart.lines.entries()) {
        tx.objectStore('stockEvents').add({ id: `${id}-e${k}`, productId: l.productId, saleId: id, delta: -l.qty, state: 'pending' });
      }
      tx.objectStore('outbox').add({ seq: d.nextSeq, id: `${id}-m`, status: 'pending', saleId: id, payload: { sale } });
      tx.objectStore('carts').delete('open');
    };
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('tx failed'));
    tx.onabort = () => reject(tx.error ?? new Error('tx aborted'));
  });
}

let rawCatalog: IDBDatabase | null = null;

/** The same products with the same multi-entry word index, written without Dexie. */
export async function openRawCatalog(pull: PullAnswer): Promise<void> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const req = indexedDB.open(`raw-catalog-${Date.now()}`, 1);
    req.onupgradeneeded = () => {
      const store = req.result.createObjectStore('products', { keyPath: 'id' });
      store.createIndex('words', 'words', { multiEntry: true });
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('open failed'));
  });
  const names = new Map(pull.producers.map((p) => [p.id, p.name]));
  await new Promise<void>((resolve, reject) => {
    const tx = db.transaction('products', 'readwrite');
    for (const p of pull.products) tx.objectStore('products').put({ ...p, words: searchWords(p, names.get(p.producerId) ?? '') });
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('tx failed'));
  });
  rawCatalog = db;
}

/** The floor for a keystroke: one indexed prefix range on the longest word, first `limit` rows. */
export function rawPrefixSearch(query: string, limit: number): Promise<unknown[]> {
  const db = rawCatalog;
  if (!db) throw new Error('openRawCatalog first');
  const words = query.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  const lead = [...words].sort((a, b) => b.length - a.length)[0] ?? '';
  return new Promise((resolve, reject) => {
    const out: unknown[] = [];
    const seen = new Set<unknown>();
    const req = db.transaction('products').objectStore('products').index('words').openCursor(IDBKeyRange.bound(lead, `${lead}\uffff`));
    req.onsuccess = () => {
      const c = req.result;
      if (!c || out.length >= limit) return resolve(out);
      if (!seen.has(c.primaryKey)) {
        seen.add(c.primaryKey);
        out.push(c.value);
      }
      c.continue();
    };
    req.onerror = () => reject(req.error ?? new Error('cursor failed'));
  });
}
