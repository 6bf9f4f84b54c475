// The open cart lives in IndexedDB (sync rule 8): a reload, a crash or an
// app update never loses what the cashier had scanned.
import type { Discount } from '../../domain/cart.ts';
import { uuidv7 } from '../../domain/id.ts';
import type { KasirDb } from './database.ts';
import type { CartLine, CartRow } from './schema.ts';

export const OPEN_CART = 'open';

export function emptyCart(): CartRow {
  return { id: OPEN_CART, lines: [], orderDiscount: null, note: '', label: null, updatedAt: 0 };
}

async function updateOpen(db: KasirDb, change: (cart: CartRow) => CartRow): Promise<void> {
  await db.transaction('rw', db.carts, async () => {
    const cart = (await db.carts.get(OPEN_CART)) ?? emptyCart();
    await db.carts.put({ ...change(cart), id: OPEN_CART, updatedAt: Date.now() });
  });
}

export function addToCart(db: KasirDb, line: Omit<CartLine, 'qty' | 'discount'>, qty = 1): Promise<void> {
  return updateOpen(db, (cart) => {
    const existing = cart.lines.find((l) => l.productId === line.productId && l.unitPrice === line.unitPrice);
    const lines = existing
      ? cart.lines.map((l) => (l === existing ? { ...l, qty: l.qty + qty } : l))
      : [...cart.lines, { ...line, qty, discount: null }];
    return { ...cart, lines };
  });
}

export function setLineQty(db: KasirDb, index: number, qty: number): Promise<void> {
  return updateOpen(db, (cart) => ({
    ...cart,
    lines: qty <= 0 ? cart.lines.filter((_, i) => i !== index) : cart.lines.map((l, i) => (i === index ? { ...l, qty } : l)),
  }));
}

export function removeLine(db: KasirDb, index: number): Promise<void> {
  return updateOpen(db, (cart) => ({ ...cart, lines: cart.lines.filter((_, i) => i !== index) }));
}

export function setLineDiscount(db: KasirDb, index: number, discount: Discount | null): Promise<void> {
  return updateOpen(db, (cart) => ({ ...cart, lines: cart.lines.map((l, i) => (i === index ? { ...l, discount } : l)) }));
}

export function setOrderDiscount(db: KasirDb, discount: Discount | null): Promise<void> {
  return updateOpen(db, (cart) => ({ ...cart, orderDiscount: discount }));
}

export function setCartNote(db: KasirDb, note: string): Promise<void> {
  return updateOpen(db, (cart) => ({ ...cart, note }));
}

export async function clearCart(db: KasirDb): Promise<void> {
  await db.carts.delete(OPEN_CART);
}

export async function getOpenCart(db: KasirDb): Promise<CartRow> {
  return (await db.carts.get(OPEN_CART)) ?? emptyCart();
}

/** Parks the open cart under a new id; the screen starts a fresh one. */
export async function holdCart(db: KasirDb, label: string): Promise<string | null> {
  return db.transaction('rw', db.carts, async () => {
    const open = await db.carts.get(OPEN_CART);
    if (!open || open.lines.length === 0) return null;
    const id = uuidv7();
    await db.carts.add({ ...open, id, label: label.trim() || null, updatedAt: Date.now() });
    await db.carts.delete(OPEN_CART);
    return id;
  });
}

/**
 * Brings a held cart back. If the open cart has lines, it is held in turn,
 * so switching between customers never loses one.
 */
export async function resumeCart(db: KasirDb, id: string): Promise<void> {
  await db.transaction('rw', db.carts, async () => {
    const held = await db.carts.get(id);
    if (!held) return;
    const open = await db.carts.get(OPEN_CART);
    if (open && open.lines.length > 0) await db.carts.add({ ...open, id: uuidv7(), label: open.label ?? null, updatedAt: Date.now() });
    await db.carts.put({ ...held, id: OPEN_CART, updatedAt: Date.now() });
    await db.carts.delete(id);
  });
}

export async function heldCarts(db: KasirDb): Promise<CartRow[]> {
  const rows = await db.carts.orderBy('updatedAt').toArray();
  return rows.filter((c) => c.id !== OPEN_CART);
}

export async function discardHeldCart(db: KasirDb, id: string): Promise<void> {
  if (id !== OPEN_CART) await db.carts.delete(id);
}
