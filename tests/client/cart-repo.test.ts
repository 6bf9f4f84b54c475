// The cart as stored is the truth: a change is counted from it, never from
// what a screen rendered before the last write landed.
import { afterEach, describe, expect, it } from 'vitest';
import { addLineUnits, addToCart, getOpenCart } from '../../src/client/db/cart-repo.ts';
import type { KasirDb } from '../../src/client/db/database.ts';
import { freshDb } from './harness.tsx';

let db: KasirDb;
afterEach(() => db?.close());

describe('the open cart', () => {
  it('counts quick taps on "+" from the stored line, so none is lost', async () => {
    db = await freshDb(false);
    await addToCart(db, { productId: 'p1', producerId: 'u1', name: 'Kopi', sku: 'K1', unitPrice: 65_000 });
    const [line] = (await getOpenCart(db)).lines;
    if (!line) throw new Error('no line');
    // Three taps before any of them is shown: each screen still says qty 1.
    await Promise.all([addLineUnits(db, line.id), addLineUnits(db, line.id), addLineUnits(db, line.id)]);
    expect((await getOpenCart(db)).lines).toEqual([expect.objectContaining({ id: line.id, qty: 4 })]);
  });

  it('leaves the cart as it is when the line was removed meanwhile', async () => {
    db = await freshDb(false);
    await addToCart(db, { productId: 'p1', producerId: 'u1', name: 'Kopi', sku: 'K1', unitPrice: 65_000 });
    await addLineUnits(db, 'gone-line');
    expect((await getOpenCart(db)).lines).toEqual([expect.objectContaining({ qty: 1 })]);
  });
});
