// The device sells by its outlet's server settings: the business day ends at
// the outlet's cutoff (a sale at 01:00 WITA at a fair belongs to the day it
// opened), a void then is still "today", and the receipt carries the outlet's
// name, NPWP and footer.
import { afterEach, describe, expect, it } from 'vitest';
import { addToCart, getOpenCart } from '../../src/client/db/cart-repo.ts';
import type { KasirDb } from '../../src/client/db/database.ts';
import { checkout } from '../../src/client/db/sales-repo.ts';
import { dayCutoffOf, loadSettings } from '../../src/client/db/settings-repo.ts';
import { loadReceiptInput } from '../../src/client/shared/printing/receipt.tsx';
import { layoutReceipt } from '../../src/domain/receipt.ts';
import { freshDb, setOutletSettings } from './harness.tsx';

let db: KasirDb;
afterEach(() => db?.close());

// 14 Feb 2026 01:00 WITA.
const ONE_AM = Date.UTC(2026, 1, 13, 17, 0);

async function sellOne(now: number) {
  await addToCart(db, { productId: 'p-kop-001', producerId: 'umkm-kopi-sembalun', name: 'Kopi', sku: 'KOP-001', unitPrice: 45_000 });
  const settings = await loadSettings(db);
  return checkout(db, { cart: await getOpenCart(db), tenders: [{ method: 'cash', amount: 45_000 }], cashier: 'Sari', taxMode: settings.taxMode, roundingStep: settings.roundingStep, dayCutoffMinutes: dayCutoffOf(settings), now });
}

describe("the outlet's settings at the counter", () => {
  it('a sale at 01:00 WITA counts on the day before with the default 04:00 cutoff, on its own day with a midnight cutoff', async () => {
    db = await freshDb(true);
    expect((await sellOne(ONE_AM)).businessDate).toBe('2026-02-13');
    await setOutletSettings(db, { dayCutoff: '00:00' });
    expect((await sellOne(ONE_AM)).businessDate).toBe('2026-02-14');
  });

  it('a checkout that names no cutoff takes the outlet\'s, not midnight\'s (sales made before 04:00 WITA stay on the day being sold)', async () => {
    db = await freshDb(true);
    await addToCart(db, { productId: 'p-kop-001', producerId: 'umkm-kopi-sembalun', name: 'Kopi', sku: 'KOP-001', unitPrice: 45_000 });
    const sale = await checkout(db, { cart: await getOpenCart(db), tenders: [{ method: 'cash', amount: 45_000 }], cashier: 'Sari', taxMode: 'none', roundingStep: 0, now: ONE_AM });
    expect(sale.businessDate).toBe('2026-02-13');
  });

  it("the receipt carries the outlet's receipt name, NPWP (with PPN) and footer from the server", async () => {
    db = await freshDb(true);
    await setOutletSettings(db, { receiptName: 'Kasir Karya @ Senggigi', npwp: '01.234.567.8-912.000', taxMode: 'ppn-included', receiptFooter: 'Sampai jumpa di Festival Senggigi' });
    const sale = await sellOne(ONE_AM);
    expect(sale.taxMode).toBe('ppn-included');
    const text = layoutReceipt(await loadReceiptInput(db, sale), 32).join('\n');
    expect(text).toContain('Kasir Karya @ Senggigi');
    expect(text).toContain('NPWP 01.234.567.8-912.000');
    expect(text.replace(/\s+/g, ' ')).toContain('Sampai jumpa di Festival Senggigi');
  });
});
