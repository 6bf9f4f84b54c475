// Issue 11 items 4 and 6: what a cart may hold and who may take things out
// of it. Stock short of a line is a warning (the server decides stock); an
// outlet's large-sale limits ask a supervisor before payment; a line past
// 9,999 units or a sale past Rp 1.000.000.000 is refused with the reason.
// By default a cashier takes lines out of the open cart alone, each removal
// recorded with who did it; an outlet may ask a supervisor for it instead.
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { KasirDb } from '../../src/client/db/database.ts';
import { useLanguage } from '../../src/client/i18n/use-t.ts';
import { DEFAULT_DISCOUNT_LIMIT_BP, missingApprovals } from '../../src/domain/approval.ts';
import { uuidv7 } from '../../src/domain/id.ts';
import { cartVoidPayloadSchema, saleRecordPayloadSchema } from '../../src/protocol/schemas.ts';
import { demoCatalog } from '../../src/server/seed-data.ts';
import { approveAs, CASHIER, CASHIER_2, freshDb, renderApp, setOutletSettings, SUPERVISOR, wireUsers } from './harness.tsx';

// Each case walks several screens with PIN checks; on a two-core machine shared with other runs
// that outgrows the default 5 s by far.
vi.setConfig({ testTimeout: 60_000 });

let db: KasirDb | null = null;
afterEach(() => {
  db?.close();
  db = null;
});

type User = ReturnType<typeof userEvent.setup>;

const RINJANI = 'Kain Batik Tulis Gembok Motif Rinjani Pewarna Alam'; // Rp 1.250.000, stock 3 at NTB Mall
const KOPI = 'Kopi Bubuk Sembalun Arabika 250 g'; // Rp 65.000
const MADU = 'Madu Hutan Sumbawa 500 ml'; // Rp 150.000

async function add(user: User, query: string, name: string): Promise<void> {
  const search = await screen.findByRole('searchbox', { name: 'Cari produk' });
  await user.clear(search);
  await user.type(search, query);
  await user.click(await screen.findByRole('button', { name: new RegExp(`^Tambah ${name} `) }));
  await within(await screen.findByRole('list', { name: 'Keranjang' })).findByText(name);
}

const qtyBox = (name: string) => screen.getByRole('textbox', { name: `Jumlah ${name}` });

/** Pays the exact amount once the payment panel opens (after a PIN check, which a loaded machine makes slow). */
async function payExact(user: User): Promise<void> {
  await user.click(await screen.findByRole('button', { name: 'Uang Pas' }, { timeout: 30_000 }));
  await user.click(screen.getByRole('button', { name: 'Selesaikan Penjualan' }));
  await screen.findByRole('status', { name: 'Penjualan tersimpan' }, { timeout: 30_000 });
}

/** An open cart as the device stores it, with one line of `qty` units of the demo product `sku`. */
async function cartWith(d: KasirDb, sku: string, qty: number): Promise<void> {
  const p = demoCatalog().products.find((x) => x.sku === sku);
  if (!p) throw new Error(`no demo product ${sku}`);
  const line = { id: uuidv7(), productId: p.id, producerId: p.producerId, name: p.name, sku: p.sku, unitPrice: p.price, qty, discount: null };
  await d.carts.put({ id: 'open', lines: [line], orderDiscount: null, note: '', label: null, updatedAt: Date.now() });
}

describe('stock and size', () => {
  it('a line selling more than the stock shows warns "Stok tersisa 3", and the sale still goes through', async () => {
    db = await freshDb();
    const user = userEvent.setup();
    renderApp({ db, sync: null });
    await add(user, 'rinjani', RINJANI);
    const cart = screen.getByRole('list', { name: 'Keranjang' });
    await user.click(screen.getByRole('button', { name: `Tambah jumlah ${RINJANI}` }));
    await user.click(screen.getByRole('button', { name: `Tambah jumlah ${RINJANI}` }));
    await waitFor(() => expect(qtyBox(RINJANI)).toHaveValue('3'));
    // Three of three: nothing to warn about.
    expect(within(cart).queryByText(/Stok tersisa/)).toBeNull();
    await user.click(screen.getByRole('button', { name: `Tambah jumlah ${RINJANI}` }));
    expect(await within(cart).findByText('Stok tersisa 3')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Bayar' }));
    await payExact(user);
    const [sale] = await db.sales.toArray();
    expect(sale?.lines).toEqual([expect.objectContaining({ name: RINJANI, qty: 4 })]);
  });

  it('in English the warning reads "3 left in stock"', async () => {
    db = await freshDb();
    useLanguage.getState().setLang('en');
    await cartWith(db, 'BTK-004', 5);
    renderApp({ db, sync: null });
    expect(await within(await screen.findByRole('list', { name: 'Cart' })).findByText('3 left in stock')).toBeInTheDocument();
  });

  it("past the outlet's large-sale limits a supervisor approves before payment, and the approval goes on the sale", async () => {
    db = await freshDb();
    await db.settings.bulkPut([
      { key: 'largeLineQty', value: 2 },
      { key: 'largeSaleTotal', value: 3_000_000 },
    ]);
    const user = userEvent.setup();
    renderApp({ db, sync: null });
    await add(user, 'rinjani', RINJANI);
    await user.click(screen.getByRole('button', { name: `Tambah jumlah ${RINJANI}` }));
    await user.click(screen.getByRole('button', { name: `Tambah jumlah ${RINJANI}` }));
    await waitFor(() => expect(qtyBox(RINJANI)).toHaveValue('3'));

    await user.click(screen.getByRole('button', { name: 'Bayar' }));
    const dialog = await screen.findByRole('dialog', { name: 'Persetujuan supervisor' });
    expect(dialog).toHaveAccessibleDescription(`Penjualan besar: 3 × ${RINJANI} (batas 2 per baris); total Rp 3.750.000 (batas Rp 3.000.000)`);
    // Given up: no payment.
    await user.click(within(dialog).getByRole('button', { name: 'Batal' }));
    expect(screen.queryByRole('button', { name: 'Uang Pas' })).toBeNull();

    await user.click(screen.getByRole('button', { name: 'Bayar' }));
    await approveAs(user, SUPERVISOR);
    await payExact(user);
    const [sale] = await db.sales.toArray();
    expect(sale?.approvals).toEqual([
      expect.objectContaining({ kind: 'large-sale', approverId: SUPERVISOR.id, requestedBy: CASHIER.id, lineId: null, detail: `Penjualan besar: 3 × ${RINJANI} (batas 2 per baris); total Rp 3.750.000 (batas Rp 3.000.000)` }),
    ]);
    const [row] = await db.outbox.toArray();
    expect(saleRecordPayloadSchema.safeParse(row?.payload).success).toBe(true);
  });

  it('within the default limits nobody is asked', async () => {
    db = await freshDb();
    const user = userEvent.setup();
    renderApp({ db, sync: null });
    await add(user, 'rinjani', RINJANI);
    await user.click(screen.getByRole('button', { name: 'Bayar' }));
    expect(await screen.findByRole('button', { name: 'Uang Pas' })).toBeInTheDocument();
    expect(screen.queryByRole('dialog', { name: 'Persetujuan supervisor' })).toBeNull();
  });

  it('a line past 9,999 units is refused with the reason, and the line stays as it was', async () => {
    db = await freshDb();
    await cartWith(db, 'KOP-001', 9999);
    const user = userEvent.setup();
    renderApp({ db, sync: null });
    await waitFor(() => expect(qtyBox(KOPI)).toHaveValue('9999'));
    await user.click(screen.getByRole('button', { name: `Tambah jumlah ${KOPI}` }));
    expect(await screen.findByRole('alert')).toHaveTextContent(`Paling banyak 9.999 ${KOPI} dalam satu baris; jumlah 10.000 ditolak. Periksa jumlahnya.`);
    expect(qtyBox(KOPI)).toHaveValue('9999');
    expect((await db.carts.get('open'))?.lines[0]?.qty).toBe(9999);
  });

  it('a sale past Rp 1.000.000.000 is refused from the cart and from the search, saying the total and the limit', async () => {
    db = await freshDb();
    // 800 × Rp 1.250.000 is the limit exactly: allowed.
    await cartWith(db, 'BTK-004', 800);
    const user = userEvent.setup();
    renderApp({ db, sync: null });
    await waitFor(() => expect(screen.getByTestId('cart-total')).toHaveTextContent('Rp 1.000.000.000'));
    await user.click(screen.getByRole('button', { name: `Tambah jumlah ${RINJANI}` }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Total Rp 1.001.250.000 melebihi batas satu penjualan (Rp 1.000.000.000); perubahan ditolak. Periksa jumlah dan harganya.',
    );
    expect(screen.getByTestId('cart-total')).toHaveTextContent('Rp 1.000.000.000');

    const search = screen.getByRole('searchbox', { name: 'Cari produk' });
    await user.type(search, 'kopi arabika 250');
    await user.click(await screen.findByRole('button', { name: new RegExp(`^Tambah ${KOPI} `) }));
    await waitFor(() => expect(screen.getAllByRole('alert').map((a) => a.textContent)).toContain('Total Rp 1.000.065.000 melebihi batas satu penjualan (Rp 1.000.000.000); perubahan ditolak. Periksa jumlah dan harganya.'));
    expect(within(screen.getByRole('list', { name: 'Keranjang' })).queryByText(KOPI)).toBeNull();
  });
});

describe('taking lines out of the open cart', () => {
  it('by default a cashier lowers and removes lines alone; the sale keeps each removal with who did it', async () => {
    db = await freshDb();
    const user = userEvent.setup();
    renderApp({ db, sync: null });
    await add(user, 'madu 500', MADU);
    await add(user, 'kopi arabika 250', KOPI);
    await user.click(screen.getByRole('button', { name: `Tambah jumlah ${KOPI}` }));
    await waitFor(() => expect(qtyBox(KOPI)).toHaveValue('2'));
    await user.click(screen.getByRole('button', { name: `Kurangi jumlah ${KOPI}` }));
    await waitFor(() => expect(qtyBox(KOPI)).toHaveValue('1'));
    await user.click(screen.getByRole('button', { name: `Hapus ${MADU}` }));
    await waitFor(() => expect(within(screen.getByRole('list', { name: 'Keranjang' })).queryByText(MADU)).toBeNull());
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.getByTestId('voided-lines')).toHaveTextContent(`Dihapus dari keranjang: 1 × ${KOPI}, 1 × ${MADU}`);

    await user.click(screen.getByRole('button', { name: 'Bayar' }));
    await payExact(user);
    const [sale] = await db.sales.toArray();
    expect(sale?.lines.map((l) => [l.name, l.qty])).toEqual([[KOPI, 1]]);
    expect(sale?.voidedLines).toEqual([
      expect.objectContaining({ name: KOPI, qty: 1, approvalId: null, by: CASHIER.id }),
      expect.objectContaining({ name: MADU, qty: 1, approvalId: null, by: CASHIER.id }),
    ]);
    expect(sale?.approvals).toBeUndefined();
    // What the server re-checks finds nothing missing: this is the outlet's policy.
    expect(missingApprovals(sale!, sale?.approvals ?? [], DEFAULT_DISCOUNT_LIMIT_BP)).toEqual([]);
    const [row] = await db.outbox.toArray();
    expect(saleRecordPayloadSchema.safeParse(row?.payload).success).toBe(true);
  });

  it('by default a cashier empties the cart alone, and a cart.void names them with no approval', async () => {
    db = await freshDb(true, { signedIn: wireUsers([CASHIER_2])[0] ?? null });
    const user = userEvent.setup();
    renderApp({ db, sync: null });
    await add(user, 'madu 500', MADU);
    await user.click(screen.getByRole('button', { name: 'Batalkan Transaksi' }));
    await user.click(within(screen.getByRole('group', { name: 'Kosongkan keranjang?' })).getByRole('button', { name: 'Batalkan Transaksi' }));
    expect(await screen.findByText('Keranjang kosong. Cari atau pindai produk untuk mulai.')).toBeInTheDocument();
    expect(screen.queryByRole('dialog')).toBeNull();
    const [row] = await db.outbox.toArray();
    expect(row).toMatchObject({ type: 'cart.void' });
    const payload = cartVoidPayloadSchema.parse(row?.payload);
    expect(payload).toMatchObject({ by: CASHIER_2.id, approvals: [] });
    expect(payload.lines).toEqual([expect.objectContaining({ name: MADU, qty: 1, approvalId: null, by: CASHIER_2.id })]);
  });

  it('where the outlet requires it, removing a line asks a supervisor and a cancelled approval removes nothing', async () => {
    db = await freshDb();
    await db.settings.put({ key: 'cartRemovalNeedsApproval', value: true });
    const user = userEvent.setup();
    renderApp({ db, sync: null });
    await add(user, 'madu 500', MADU);
    await user.click(screen.getByRole('button', { name: `Hapus ${MADU}` }));
    const dialog = await screen.findByRole('dialog', { name: 'Persetujuan supervisor' });
    expect(dialog).toHaveAccessibleDescription(`Hapus 1 × ${MADU} dari keranjang (jumlah 1 → 0)`);
    await user.click(within(dialog).getByRole('button', { name: 'Batal' }));
    expect(within(screen.getByRole('list', { name: 'Keranjang' })).getByText(MADU)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: `Hapus ${MADU}` }));
    await approveAs(user, SUPERVISOR);
    expect(await screen.findByText('Keranjang kosong. Cari atau pindai produk untuk mulai.')).toBeInTheDocument();
    const payload = cartVoidPayloadSchema.parse((await db.outbox.toArray())[0]?.payload);
    expect(payload.approvals).toEqual([expect.objectContaining({ kind: 'void-line', approverId: SUPERVISOR.id, requestedBy: CASHIER.id })]);
    expect(payload.lines[0]).toMatchObject({ approvalId: payload.approvals[0]?.id, by: CASHIER.id });
  });
});

describe("the cart rules are the outlet's, from the server", () => {
  it('Pengaturan shows them read-only to a supervisor too, and the counter follows them', async () => {
    db = await freshDb(true, { signedIn: wireUsers([SUPERVISOR])[0] ?? null });
    await setOutletSettings(db, { cartRemovalNeedsApproval: true, largeSaleTotal: 10_000_000 });
    const user = userEvent.setup();
    const view = renderApp({ db, sync: null }, '/pengaturan');
    const section = await screen.findByRole('region', { name: 'Kasir dan struk' });
    expect(within(section).queryByRole('checkbox')).toBeNull();
    expect(within(section).getByText('Menghapus atau mengurangi barang di keranjang perlu persetujuan supervisor').nextElementSibling).toHaveTextContent('Ya');
    expect(within(section).getByText('Persetujuan supervisor bila total penjualan lebih dari (Rp)').nextElementSibling).toHaveTextContent('Rp 10.000.000');
    view.unmount();

    renderApp({ db, sync: null });
    await add(user, 'madu 500', MADU);
    await user.click(screen.getByRole('button', { name: `Hapus ${MADU}` }));
    expect(await screen.findByRole('dialog', { name: 'Persetujuan supervisor' })).toBeInTheDocument();
  });
});
