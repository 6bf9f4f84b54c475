// The open cart lives in IndexedDB (sync rule 8): a reload, a crash or an
// app update never loses what the cashier had scanned.
import type { Approval, ApprovalKind } from '../../domain/approval.ts';
import { computeTotals, sizeRefusal, type Discount, type SizeRefusal } from '../../domain/cart.ts';
import { uuidv7 } from '../../domain/id.ts';
import type { KasirDb } from './database.ts';
import type { CartLine, CartRow } from './schema.ts';

export const OPEN_CART = 'open';

export function emptyCart(): CartRow {
  return { id: OPEN_CART, lines: [], orderDiscount: null, note: '', label: null, updatedAt: 0 };
}

/** A change that would take the cart past what a sale may be (domain/cart.ts): nothing of it is stored. */
export class CartSizeError extends Error {
  override name = 'CartSizeError';
  constructor(
    readonly refusal: SizeRefusal,
    /** The line over the limit, by name, when the refusal is about a line. */
    readonly lineName: string,
  ) {
    super(refusal.kind === 'line-qty' ? `${lineName}: at most ${refusal.max} on one line` : `a sale may total at most ${refusal.max}`);
  }
}

const maxQty = (c: CartRow): number => c.lines.reduce((m, l) => Math.max(m, l.qty), 0);

/**
 * Refuses a change that leaves the cart beyond the limits, unless it makes
 * the cart smaller: a cart over them from before (an older app) can still
 * be brought down.
 */
function checkSize(before: CartRow, after: CartRow): void {
  const total = computeTotals(after.lines, after.orderDiscount).total;
  const refusal = sizeRefusal(after.lines, total);
  if (!refusal) return;
  const shrinks = total <= computeTotals(before.lines, before.orderDiscount).total && maxQty(after) <= maxQty(before);
  if (!shrinks) throw new CartSizeError(refusal, refusal.kind === 'line-qty' ? (after.lines[refusal.index]?.name ?? '') : '');
}

async function updateOpen(db: KasirDb, change: (cart: CartRow) => CartRow): Promise<CartRow> {
  return db.transaction('rw', db.carts, async () => {
    const cart = (await db.carts.get(OPEN_CART)) ?? emptyCart();
    const row = { ...change(cart), id: OPEN_CART, updatedAt: Date.now() };
    checkSize(cart, row);
    await db.carts.put(row);
    return row;
  });
}

export async function addToCart(db: KasirDb, line: Omit<CartLine, 'qty' | 'discount' | 'id'>, qty = 1): Promise<void> {
  await updateOpen(db, (cart) => {
    // A line sold at an overridden price is its own line: more of the product comes at the catalog price.
    const existing = cart.lines.find((l) => l.productId === line.productId && l.unitPrice === line.unitPrice && l.listPrice === undefined);
    const lines = existing
      ? cart.lines.map((l) => (l === existing ? { ...l, qty: l.qty + qty } : l))
      : [...cart.lines, { ...line, id: uuidv7(), qty, discount: null }];
    return { ...cart, lines };
  });
}

/** Approvals of `kind` for `lineId` are replaced: only the latest act on a line needs covering. */
function replaceApproval(cart: CartRow, kind: ApprovalKind, lineId: string | null, approval: Approval | null): Approval[] {
  const kept = (cart.approvals ?? []).filter((a) => !(a.kind === kind && a.lineId === lineId));
  return approval ? [...kept, approval] : kept;
}

/**
 * Sells the line at another price. The catalog price is kept as listPrice;
 * setting the line back to it needs no approval and drops the old one.
 */
export async function setLinePrice(db: KasirDb, lineId: string, price: number, approval: Approval | null): Promise<void> {
  await updateOpen(db, (cart) => {
    const line = cart.lines.find((l) => l.id === lineId);
    if (!line) return cart;
    const listPrice = line.listPrice ?? line.unitPrice;
    const back = price === listPrice;
    const lines = cart.lines.map((l): CartLine => {
      if (l !== line) return l;
      const { listPrice: _old, ...rest } = l;
      return back ? { ...rest, unitPrice: listPrice } : { ...rest, unitPrice: price, listPrice };
    });
    return { ...cart, lines, approvals: replaceApproval(cart, 'price-override', lineId, back ? null : approval) };
  });
}

/**
 * Raises a line's quantity. Lowering it takes units out of the sale, which
 * is recorded as a void (and may need a supervisor): void-repo's voidCartUnits.
 */
export async function setLineQty(db: KasirDb, index: number, qty: number): Promise<void> {
  await updateOpen(db, (cart) => ({
    ...cart,
    lines: qty <= 0 ? cart.lines.filter((_, i) => i !== index) : cart.lines.map((l, i) => (i === index ? { ...l, qty } : l)),
  }));
}

/**
 * One more unit (or `units` more) of a line, counted from the stored cart:
 * two quick taps on "+" make two units even when the screen has not shown
 * the first yet.
 */
export async function addLineUnits(db: KasirDb, lineId: string, units = 1): Promise<void> {
  await updateOpen(db, (cart) => ({ ...cart, lines: cart.lines.map((l) => (l.id === lineId ? { ...l, qty: l.qty + units } : l)) }));
}

/** A discount on one line; `approval` when it is beyond the outlet's limit. */
export async function setLineDiscount(db: KasirDb, index: number, discount: Discount | null, approval: Approval | null = null): Promise<void> {
  await updateOpen(db, (cart) => {
    const lineId = cart.lines[index]?.id ?? null;
    return {
      ...cart,
      lines: cart.lines.map((l, i) => (i === index ? { ...l, discount } : l)),
      approvals: lineId ? replaceApproval(cart, 'discount-over-limit', lineId, approval) : (cart.approvals ?? []),
    };
  });
}

export async function setOrderDiscount(db: KasirDb, discount: Discount | null, approval: Approval | null = null): Promise<void> {
  await updateOpen(db, (cart) => ({ ...cart, orderDiscount: discount, approvals: replaceApproval(cart, 'discount-over-limit', null, approval) }));
}

/**
 * Approvals asked for at payment (a discount that grew past the limit as
 * lines changed), each replacing the one it supersedes. Void approvals are
 * never replaced: voided lines name theirs by id.
 */
export async function addCartApprovals(db: KasirDb, approvals: readonly Approval[]): Promise<void> {
  await updateOpen(db, (cart) => {
    let list = cart.approvals ?? [];
    for (const a of approvals) list = [...list.filter((x) => x.kind === 'void-line' || !(x.kind === a.kind && x.lineId === a.lineId)), a];
    return { ...cart, approvals: list };
  });
}

export async function setCartNote(db: KasirDb, note: string): Promise<void> {
  await updateOpen(db, (cart) => ({ ...cart, note }));
}

/** Throws the open cart away with no trace; a cart with lines is voided through void-repo instead. */
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

// ------------------------------------------------- a change of cashier

/**
 * Marks the open cart as left on the counter by `user` (at "Ganti Kasir" or
 * sign-out): the next person to sign in is asked before it becomes theirs.
 * Called inside the sign-out's transaction.
 */
export async function leaveOpenCart(db: KasirDb, user: { id: string; name: string }): Promise<void> {
  const open = await db.carts.get(OPEN_CART);
  if (!open || open.lines.length === 0 || open.leftBy) return;
  await db.carts.put({ ...open, leftBy: { id: user.id, name: user.name } });
}

/** The person who left the open cart, when someone else must say whether to take it on. */
export async function cartLeftFor(db: KasirDb, userId: string): Promise<{ id: string; name: string } | null> {
  const open = await db.carts.get(OPEN_CART);
  if (!open?.leftBy || open.lines.length === 0 || open.leftBy.id === userId) return null;
  return open.leftBy;
}

/** The cashier signed in now takes the open cart on, or its own comes back to them. */
export async function takeOverCart(db: KasirDb): Promise<void> {
  await db.transaction('rw', db.carts, async () => {
    const open = await db.carts.get(OPEN_CART);
    if (!open?.leftBy) return;
    const { leftBy: _gone, ...rest } = open;
    await db.carts.put(rest);
  });
}

/** Holds the open cart under the name of the cashier who left it; the new cashier starts empty. */
export async function holdLeftCart(db: KasirDb): Promise<void> {
  await db.transaction('rw', db.carts, async () => {
    const open = await db.carts.get(OPEN_CART);
    if (!open) return;
    const { leftBy, ...rest } = open;
    if (open.lines.length > 0) await db.carts.add({ ...rest, id: uuidv7(), label: open.label ?? leftBy?.name ?? null, updatedAt: Date.now() });
    await db.carts.delete(OPEN_CART);
  });
}

export async function heldCarts(db: KasirDb): Promise<CartRow[]> {
  const rows = await db.carts.orderBy('updatedAt').toArray();
  return rows.filter((c) => c.id !== OPEN_CART);
}
