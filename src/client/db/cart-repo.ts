// The open cart lives in IndexedDB (sync rule 8): a reload, a crash or an
// app update never loses what the cashier had scanned.
import type { Discount } from '../../domain/cart.ts';
import type { KasirDb } from './database.ts';
import type { CartLine, CartRow } from './schema.ts';

export const OPEN_CART = 'open';

export function emptyCart(): CartRow {
  return { id: OPEN_CART, lines: [], orderDiscount: null, note: '', updatedAt: 0 };
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
