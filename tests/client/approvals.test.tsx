// A supervisor's PIN at the counter: another price, a discount beyond the
// outlet's limit, units taken out of the cart, an emptied cart. Each is
// recorded with both people (who asked, who approved), offline.
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { KasirDb } from '../../src/client/db/database.ts';
import { DEFAULT_DISCOUNT_LIMIT_BP, missingApprovals } from '../../src/domain/approval.ts';
import { cartVoidPayloadSchema, saleRecordPayloadSchema } from '../../src/protocol/schemas.ts';
import { ADMIN, approveAs, CASHIER, CASHIER_2, freshDb, renderApp, SUPERVISOR } from './harness.tsx';

// Each case walks several screens with PIN checks; on a two-core machine shared with other runs
// that outgrows the default 5 s by far.
vi.setConfig({ testTimeout: 60_000 });

let db: KasirDb | null = null;
afterEach(() => {
  vi.restoreAllMocks();
  db?.close();
  db = null;
});

type User = ReturnType<typeof userEvent.setup>;

/**
 * Numbers typed at a person's pace: four keys or more within ~35 ms and an
 * Enter is what a barcode scanner does, and the counter would take them as one.
 */
async function typeSlowly(el: HTMLElement, text: string): Promise<void> {
  await userEvent.setup({ delay: 45 }).type(el, text);
}

async function add(user: User, query: string, name: string): Promise<void> {
  const search = await screen.findByRole('searchbox', { name: 'Cari produk' });
  await user.clear(search);
  await user.type(search, query);
  await user.click(await screen.findByRole('button', { name: new RegExp(`^Tambah ${name} `) }));
  await within(await screen.findByRole('list', { name: 'Keranjang' })).findByText(name);
}

async function payExact(user: User): Promise<void> {
  await user.click(screen.getByRole('button', { name: 'Bayar' }));
  await user.click(await screen.findByRole('button', { name: 'Uang Pas' }, { timeout: 30_000 }));
  await user.click(screen.getByRole('button', { name: 'Selesaikan Penjualan' }));
  await screen.findByRole('status', { name: 'Penjualan tersimpan' });
}

async function onlySale(d: KasirDb) {
  const sales = await d.sales.toArray();
  expect(sales).toHaveLength(1);
  return sales[0]!;
}

/** The outlet's stricter policy: a supervisor's PIN for every unit taken out of the cart. */
async function requireApprovalToRemove(d: KasirDb): Promise<void> {
  await d.settings.put({ key: 'cartRemovalNeedsApproval', value: true });
}

const MADU = 'Madu Hutan Sumbawa 500 ml'; // Rp 150.000
const KOPI = 'Kopi Bubuk Sembalun Arabika 250 g'; // Rp 65.000

describe('price override', () => {
  it('needs a supervisor; the sale keeps the catalog price as listPrice and names both people', async () => {
    db = await freshDb();
    const user = userEvent.setup();
    renderApp({ db, sync: null });
    await add(user, 'madu 500', MADU);
    await user.click(screen.getByRole('button', { name: `Ubah harga ${MADU}` }));
    const price = screen.getByRole('textbox', { name: `Harga ${MADU}` });
    await user.clear(price);
    await typeSlowly(price, '120.000{Enter}');

    const dialog = await screen.findByRole('dialog', { name: 'Persetujuan supervisor' });
    expect(dialog).toHaveAccessibleDescription(`Ubah harga ${MADU}: Rp 150.000 → Rp 120.000`);
    // Only supervisors and admins of this outlet (or every outlet) are offered; no cashier, no other outlet.
    const offered = within(dialog).getAllByRole('radio').map((r) => r.textContent);
    expect(offered).toEqual(['Lalu Ahmad Supervisor', 'Ni Made Sari Admin']);
    expect(screen.getByTestId('cart-total')).toHaveTextContent('Rp 150.000');
    await approveAs(user, SUPERVISOR);
    await waitFor(() => expect(screen.getByTestId('cart-total')).toHaveTextContent('Rp 120.000'));
    expect(screen.queryByRole('dialog', { name: 'Persetujuan supervisor' })).toBeNull();
    expect(screen.getByTestId('list-price')).toHaveTextContent('katalog Rp 150.000');

    await payExact(user);
    const sale = await onlySale(db);
    expect(sale.lines[0]).toMatchObject({ unitPrice: 120_000, listPrice: 150_000 });
    expect(sale.approvals).toEqual([
      expect.objectContaining({ kind: 'price-override', approverId: SUPERVISOR.id, requestedBy: CASHIER.id, lineId: sale.lines[0]?.id, detail: `Ubah harga ${MADU}: Rp 150.000 → Rp 120.000` }),
    ]);
    expect(sale).toMatchObject({ cashierId: CASHIER.id, cashier: CASHIER.name });
    // What the server will re-check: nothing is missing.
    expect(missingApprovals(sale, sale.approvals ?? [], DEFAULT_DISCOUNT_LIMIT_BP)).toEqual([]);
    const [row] = await db.outbox.toArray();
    expect(saleRecordPayloadSchema.safeParse(row?.payload).success).toBe(true);
  });

  it('stays as it was when the supervisor cancels, and a wrong PIN approves nothing', async () => {
    db = await freshDb();
    const user = userEvent.setup();
    renderApp({ db, sync: null });
    await add(user, 'madu 500', MADU);
    await user.click(screen.getByRole('button', { name: `Ubah harga ${MADU}` }));
    await user.clear(screen.getByRole('textbox', { name: `Harga ${MADU}` }));
    await user.type(screen.getByRole('textbox', { name: `Harga ${MADU}` }), '1{Enter}');
    await approveAs(user, SUPERVISOR, '1111');
    expect(await screen.findByRole('alert')).toHaveTextContent('PIN salah. Sisa 4 kali');
    await user.click(within(screen.getByRole('dialog', { name: 'Persetujuan supervisor' })).getByRole('button', { name: 'Batal' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.getByTestId('cart-total')).toHaveTextContent('Rp 150.000');
    expect((await db.carts.get('open'))?.approvals ?? []).toEqual([]);
  });

  it('a supervisor signed in approves their own act with their own PIN', async () => {
    db = await freshDb(true, { signedIn: SUPERVISOR });
    const user = userEvent.setup();
    renderApp({ db, sync: null });
    await add(user, 'kopi arabika 250', KOPI);
    await user.click(screen.getByRole('button', { name: `Ubah harga ${KOPI}` }));
    await user.clear(screen.getByRole('textbox', { name: `Harga ${KOPI}` }));
    await typeSlowly(screen.getByRole('textbox', { name: `Harga ${KOPI}` }), '60000{Enter}');
    const dialog = await screen.findByRole('dialog', { name: 'Persetujuan supervisor' });
    expect(within(dialog).getByRole('radio', { name: /^Lalu Ahmad/ })).toHaveAttribute('aria-checked', 'true');
    // Focus is already in the PIN field: the keyboard is enough.
    await waitFor(() => expect(within(dialog).getByLabelText('PIN')).toHaveFocus());
    await user.keyboard(`${SUPERVISOR.pinText}{Enter}`);
    await waitFor(() => expect(screen.getByTestId('cart-total')).toHaveTextContent('Rp 60.000'));
    expect((await db.carts.get('open'))?.approvals).toEqual([expect.objectContaining({ approverId: SUPERVISOR.id, requestedBy: SUPERVISOR.id })]);
  });

  it('five wrong PINs lock the supervisor in the approval dialog too', async () => {
    db = await freshDb();
    const user = userEvent.setup();
    renderApp({ db, sync: null });
    await add(user, 'kopi arabika 250', KOPI);
    await user.click(screen.getByRole('button', { name: `Ubah harga ${KOPI}` }));
    await user.clear(screen.getByRole('textbox', { name: `Harga ${KOPI}` }));
    await typeSlowly(screen.getByRole('textbox', { name: `Harga ${KOPI}` }), '1000{Enter}');
    for (let i = 0; i < 5; i++) await approveAs(user, SUPERVISOR, '0000');
    expect(await screen.findByTestId('pin-locked')).toHaveTextContent('Lalu Ahmad terkunci karena 5 kali salah PIN. Coba lagi dalam 5 menit');
    expect((await db.lockouts.get(SUPERVISOR.id))?.lockedUntil).toBeGreaterThan(Date.now());
  });
});

describe('discount beyond the limit', () => {
  it('a line discount above the outlet limit asks for a PIN when applied, and goes on the sale', async () => {
    db = await freshDb();
    const user = userEvent.setup();
    renderApp({ db, sync: null });
    await add(user, 'madu 500', MADU);
    await user.click(screen.getByRole('button', { name: `Diskon ${MADU}` }));
    await user.type(screen.getByRole('textbox', { name: `Diskon ${MADU}` }), '20{Enter}');
    const dialog = await screen.findByRole('dialog', { name: 'Persetujuan supervisor' });
    expect(dialog).toHaveAccessibleDescription(`Diskon 20% untuk ${MADU} (Rp 30.000 dari Rp 150.000), di atas batas 10%`);
    await approveAs(user, ADMIN);
    await waitFor(() => expect(screen.getByTestId('cart-total')).toHaveTextContent('Rp 120.000'));
    await payExact(user);
    const sale = await onlySale(db);
    expect(sale.approvals).toEqual([expect.objectContaining({ kind: 'discount-over-limit', approverId: ADMIN.id, requestedBy: CASHIER.id, lineId: sale.lines[0]?.id })]);
    expect(missingApprovals(sale, sale.approvals ?? [], DEFAULT_DISCOUNT_LIMIT_BP)).toEqual([]);
  });

  it("follows the outlet's own limit from the pull, and an order discount above it asks too", async () => {
    db = await freshDb();
    await db.outlets.update('ntb-mall', { discountLimitBp: 500 });
    const user = userEvent.setup();
    renderApp({ db, sync: null });
    await add(user, 'madu 500', MADU);
    await user.click(screen.getByRole('button', { name: 'Diskon transaksi' }));
    await user.type(screen.getByRole('textbox', { name: 'Diskon transaksi' }), '6{Enter}');
    const dialog = await screen.findByRole('dialog', { name: 'Persetujuan supervisor' });
    expect(dialog).toHaveAccessibleDescription('Diskon transaksi 6% (Rp 9.000 dari Rp 150.000), di atas batas 5%');
    await approveAs(user, SUPERVISOR);
    await waitFor(() => expect(screen.getByTestId('cart-total')).toHaveTextContent('Rp 141.000'));
    await payExact(user);
    const sale = await onlySale(db);
    expect(sale.approvals).toEqual([expect.objectContaining({ kind: 'discount-over-limit', lineId: null, approverId: SUPERVISOR.id })]);
  });

  it('a discount within the limit needs nobody', async () => {
    db = await freshDb();
    const user = userEvent.setup();
    renderApp({ db, sync: null });
    await add(user, 'madu 500', MADU);
    await user.click(screen.getByRole('button', { name: `Diskon ${MADU}` }));
    await user.type(screen.getByRole('textbox', { name: `Diskon ${MADU}` }), '10{Enter}');
    await waitFor(() => expect(screen.getByTestId('cart-total')).toHaveTextContent('Rp 135.000'));
    expect(screen.queryByRole('dialog', { name: 'Persetujuan supervisor' })).toBeNull();
  });

  it('an amount discount that grows past the limit when a line is voided is asked for again before payment', async () => {
    db = await freshDb();
    await requireApprovalToRemove(db);
    const user = userEvent.setup();
    renderApp({ db, sync: null });
    await add(user, 'madu 500', MADU);
    await add(user, 'kopi arabika 250', KOPI);
    // Rp 20.000 of Rp 215.000 is within 10%...
    await user.click(screen.getByRole('button', { name: 'Diskon transaksi' }));
    await user.selectOptions(screen.getByRole('combobox', { name: 'Jenis diskon' }), 'amount');
    await typeSlowly(screen.getByRole('textbox', { name: 'Diskon transaksi' }), '20000{Enter}');
    await waitFor(() => expect(screen.getByTestId('cart-total')).toHaveTextContent('Rp 195.000'));
    // ...of Rp 65.000 it is not.
    await user.click(screen.getByRole('button', { name: `Hapus ${MADU}` }));
    await approveAs(user, SUPERVISOR);
    await waitFor(() => expect(screen.getByTestId('cart-total')).toHaveTextContent('Rp 45.000'));
    await user.click(screen.getByRole('button', { name: 'Bayar' }));
    const dialog = await screen.findByRole('dialog', { name: 'Persetujuan supervisor' });
    expect(dialog).toHaveAccessibleDescription('Sebelum bayar: diskon transaksi di atas batas 10%');
    await approveAs(user, SUPERVISOR);
    await user.click(await screen.findByRole('button', { name: 'Uang Pas' }, { timeout: 30_000 }));
    await user.click(screen.getByRole('button', { name: 'Selesaikan Penjualan' }));
    await screen.findByRole('status', { name: 'Penjualan tersimpan' });
    const sale = await onlySale(db);
    expect(missingApprovals(sale, sale.approvals ?? [], DEFAULT_DISCOUNT_LIMIT_BP)).toEqual([]);
    expect(sale.approvals?.map((a) => a.kind).sort()).toEqual(['discount-over-limit', 'void-line']);
  });
});

describe('voids in the cart, where the outlet asks a supervisor for them', () => {
  it('lowering a quantity needs a PIN; the unit taken out goes onto the sale as a voided line', async () => {
    db = await freshDb();
    await requireApprovalToRemove(db);
    const user = userEvent.setup();
    renderApp({ db, sync: null });
    await add(user, 'kopi arabika 250', KOPI);
    await user.click(screen.getByRole('button', { name: `Tambah jumlah ${KOPI}` }));
    await user.click(screen.getByRole('button', { name: `Tambah jumlah ${KOPI}` }));
    await waitFor(() => expect(screen.getByRole('textbox', { name: `Jumlah ${KOPI}` })).toHaveValue('3'));
    await user.click(screen.getByRole('button', { name: `Kurangi jumlah ${KOPI}` }));
    const dialog = await screen.findByRole('dialog', { name: 'Persetujuan supervisor' });
    expect(dialog).toHaveAccessibleDescription(`Hapus 1 × ${KOPI} dari keranjang (jumlah 3 → 2)`);
    await approveAs(user, SUPERVISOR);
    await waitFor(() => expect(screen.getByRole('textbox', { name: `Jumlah ${KOPI}` })).toHaveValue('2'));
    // Typing a lower number asks too, once the cashier leaves the box.
    const qty = screen.getByRole('textbox', { name: `Jumlah ${KOPI}` });
    await user.clear(qty);
    await user.type(qty, '1{Enter}');
    await approveAs(user, ADMIN);
    await waitFor(() => expect(screen.getByRole('textbox', { name: `Jumlah ${KOPI}` })).toHaveValue('1'));
    expect(screen.getByTestId('voided-lines')).toHaveTextContent(`1 × ${KOPI}, 1 × ${KOPI}`);

    await payExact(user);
    const sale = await onlySale(db);
    expect(sale.lines).toEqual([expect.objectContaining({ qty: 1 })]);
    expect(sale.voidedLines).toEqual([
      expect.objectContaining({ name: KOPI, qty: 1, unitPrice: 65_000 }),
      expect.objectContaining({ name: KOPI, qty: 1, unitPrice: 65_000 }),
    ]);
    const voids = (sale.approvals ?? []).filter((a) => a.kind === 'void-line');
    expect(voids.map((a) => a.approverId)).toEqual([SUPERVISOR.id, ADMIN.id]);
    expect(voids.every((a) => a.requestedBy === CASHIER.id && a.lineId === sale.lines[0]?.id)).toBe(true);
    expect(sale.voidedLines?.map((v) => v.approvalId)).toEqual(voids.map((a) => a.id));
    expect(missingApprovals(sale, sale.approvals ?? [], DEFAULT_DISCOUNT_LIMIT_BP)).toEqual([]);
  });

  it('removing a line is a void too, and a cancelled approval removes nothing', async () => {
    db = await freshDb();
    await requireApprovalToRemove(db);
    const user = userEvent.setup();
    renderApp({ db, sync: null });
    await add(user, 'madu 500', MADU);
    await add(user, 'kopi arabika 250', KOPI);
    await user.click(screen.getByRole('button', { name: `Hapus ${MADU}` }));
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(within(screen.getByRole('list', { name: 'Keranjang' })).getByText(MADU)).toBeInTheDocument();
    // Focus is back on the button that asked.
    expect(screen.getByRole('button', { name: `Hapus ${MADU}` })).toHaveFocus();

    await user.click(screen.getByRole('button', { name: `Hapus ${MADU}` }));
    await approveAs(user, SUPERVISOR);
    await waitFor(() => expect(within(screen.getByRole('list', { name: 'Keranjang' })).queryByText(MADU)).toBeNull());
    await payExact(user);
    const sale = await onlySale(db);
    expect(sale.lines.map((l) => l.name)).toEqual([KOPI]);
    expect(sale.voidedLines).toEqual([expect.objectContaining({ name: MADU, qty: 1, unitPrice: 150_000 })]);
    expect(sale.approvals).toEqual([expect.objectContaining({ kind: 'void-line', lineId: null, approverId: SUPERVISOR.id })]);
  });

  it('emptying a cart with goods needs a PIN and queues a cart.void with the lines and both people', async () => {
    db = await freshDb(true, { signedIn: CASHIER_2 });
    await requireApprovalToRemove(db);
    const user = userEvent.setup();
    renderApp({ db, sync: null });
    await add(user, 'madu 500', MADU);
    await add(user, 'kopi arabika 250', KOPI);
    await user.click(screen.getByRole('button', { name: 'Batalkan Transaksi' }));
    await user.click(within(screen.getByRole('group', { name: 'Kosongkan keranjang?' })).getByRole('button', { name: 'Batalkan Transaksi' }));
    const dialog = await screen.findByRole('dialog', { name: 'Persetujuan supervisor' });
    expect(dialog).toHaveAccessibleDescription('Kosongkan keranjang: 2 barang, Rp 215.000');
    await approveAs(user, SUPERVISOR);
    expect(await screen.findByText('Keranjang kosong. Cari atau pindai produk untuk mulai.')).toBeInTheDocument();

    expect(await db.carts.count()).toBe(0);
    expect(await db.sales.count()).toBe(0);
    const rows = await db.outbox.toArray();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ seq: 1, type: 'cart.void', status: 'pending', saleId: null });
    const payload = cartVoidPayloadSchema.parse(rows[0]?.payload);
    expect(payload).toMatchObject({ outletId: 'ntb-mall', by: CASHIER_2.id });
    expect(payload.lines.map((l) => [l.name, l.qty, l.unitPrice])).toEqual([
      [MADU, 1, 150_000],
      [KOPI, 1, 65_000],
    ]);
    expect(payload.approvals).toEqual([expect.objectContaining({ kind: 'void-line', approverId: SUPERVISOR.id, requestedBy: CASHIER_2.id })]);
    expect(new Set(payload.lines.map((l) => l.approvalId))).toEqual(new Set([payload.approvals[0]?.id]));
    expect((await db.device.get('self'))?.nextSeq).toBe(2);
  });

  it('voiding the last unit empties the cart and queues a cart.void at once', async () => {
    db = await freshDb();
    await requireApprovalToRemove(db);
    const user = userEvent.setup();
    renderApp({ db, sync: null });
    await add(user, 'kopi arabika 250', KOPI);
    await user.click(screen.getByRole('button', { name: `Kurangi jumlah ${KOPI}` }));
    await approveAs(user, SUPERVISOR);
    expect(await screen.findByText('Keranjang kosong. Cari atau pindai produk untuk mulai.')).toBeInTheDocument();
    const [row] = await db.outbox.toArray();
    expect(cartVoidPayloadSchema.parse(row?.payload).lines).toEqual([expect.objectContaining({ name: KOPI, qty: 1 })]);
  });
});
