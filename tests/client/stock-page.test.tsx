// The Stok area as a supervisor uses it on the tablet: found by roles and
// names, in Bahasa Indonesia; a cashier is kept out; goods are received,
// a large adjustment asks for a supervisor's PIN, a stock take is counted
// and approved. Each screen passes axe's checks.
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import axe from 'axe-core';
import { afterEach, describe, expect, it } from 'vitest';
import { stockOf } from '../../src/client/db/catalog-repo.ts';
import type { KasirDb } from '../../src/client/db/database.ts';
import { approveAs, freshDb, renderApp, setOutletSettings, SUPERVISOR } from './harness.tsx';
import { OUTLET, productBySku } from './sync-harness.ts';

let db: KasirDb | null = null;
afterEach(() => {
  db?.close();
  db = null;
});

async function violations(): Promise<string[]> {
  const r = await axe.run(document.body, { rules: { 'color-contrast': { enabled: false } } });
  return r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

const KOPI = productBySku('KOP-001');

async function pick(user: ReturnType<typeof userEvent.setup>, label: string, option: string): Promise<void> {
  await user.click(screen.getByRole('button', { name: new RegExp(label) }));
  await user.click(await screen.findByRole('option', { name: option }));
}

describe('the Stok area', () => {
  it('a cashier sees no Stok link, and the page sends them to a supervisor', async () => {
    db = await freshDb();
    renderApp({ db, sync: null }, '/stok');
    expect(await screen.findByRole('alert')).toHaveTextContent('Stok dikelola oleh supervisor atau admin');
    expect(screen.queryByRole('link', { name: 'Stok' })).toBeNull();
  });

  it('a supervisor receives goods on a producer note by searching and typing quantities', async () => {
    db = await freshDb(true, { signedIn: SUPERVISOR });
    const user = userEvent.setup();
    renderApp({ db, sync: null }, '/stok');
    expect(await screen.findByRole('link', { name: 'Stok' })).toBeInTheDocument();
    expect(await screen.findByRole('tab', { name: 'Terima barang', selected: true })).toBeInTheDocument();
    expect(await violations()).toEqual([]);

    await pick(user, 'Produsen', 'UMKM Kopi Sembalun Rinjani');
    await user.type(screen.getByRole('textbox', { name: 'Nomor nota titipan' }), 'NT-0042');
    await user.type(screen.getByRole('textbox', { name: 'Cari produk' }), 'arabika sembalun');
    await user.click(await screen.findByRole('button', { name: `Tambah ${KOPI.name}` }));
    const qty = screen.getByRole('textbox', { name: `Jumlah ${KOPI.name}` });
    await user.clear(qty);
    await user.type(qty, '24');
    await user.tab();
    const before = (await stockOf(db, OUTLET, [KOPI.id])).get(KOPI.id) ?? 0;
    await user.click(screen.getByRole('button', { name: 'Simpan penerimaan' }));
    expect(await screen.findByText(/Penerimaan tersimpan: 24 barang dari nota NT-0042/)).toBeInTheDocument();
    expect((await stockOf(db, OUTLET, [KOPI.id])).get(KOPI.id)).toBe(before + 24);
    const [row] = await db.outbox.toArray();
    expect(row?.type).toBe('stock.receive');
  });

  it('an adjustment over the limit asks for a supervisor PIN and carries the approval', async () => {
    db = await freshDb(true, { signedIn: SUPERVISOR });
    const user = userEvent.setup();
    renderApp({ db, sync: null }, '/stok');
    await user.click(await screen.findByRole('tab', { name: 'Penyesuaian' }));
    // This catalog came from a pull without reasons: the built-in ones are offered all the same.
    expect(await violations()).toEqual([]);
    await pick(user, 'Alasan', 'Rusak');
    await user.type(screen.getByRole('textbox', { name: 'Cari produk' }), 'arabika sembalun');
    await user.click(await screen.findByRole('button', { name: `Tambah ${KOPI.name}` }));
    const change = screen.getByRole('textbox', { name: `Perubahan ${KOPI.name}` });
    await user.clear(change);
    await user.type(change, '-20');
    await user.tab();
    await user.click(screen.getByRole('button', { name: 'Simpan penyesuaian' }));
    await approveAs(user, SUPERVISOR);
    expect(await screen.findByText('Penyesuaian 1 barang tersimpan.')).toBeInTheDocument();
    const [row] = await db.outbox.toArray();
    expect(row).toMatchObject({ type: 'stock.adjust', payload: { reason: 'rusak', approval: { kind: 'stock-adjust', approverId: SUPERVISOR.id } } });
  });

  it('the limits are the outlet’s, shown on the form: 20 units under a limit of 25 save without a PIN; a limit of 5 asks one', async () => {
    db = await freshDb(true, { signedIn: SUPERVISOR });
    await setOutletSettings(db, { adjustQtyLimit: 25, adjustValueLimit: 5_000_000 });
    const user = userEvent.setup();
    renderApp({ db, sync: null }, '/stok');
    await user.click(await screen.findByRole('tab', { name: 'Penyesuaian' }));
    expect(await screen.findByText(/Lebih dari 25 barang atau senilai lebih dari Rp 5\.000\.000 perlu PIN supervisor/)).toBeInTheDocument();
    const adjustBy = async (n: string) => {
      await pick(user, 'Alasan', 'Rusak');
      await user.type(screen.getByRole('textbox', { name: 'Cari produk' }), 'arabika sembalun');
      await user.click(await screen.findByRole('button', { name: `Tambah ${KOPI.name}` }));
      const change = screen.getByRole('textbox', { name: `Perubahan ${KOPI.name}` });
      await user.clear(change);
      await user.type(change, n);
      await user.tab();
      await user.click(screen.getByRole('button', { name: 'Simpan penyesuaian' }));
    };
    await adjustBy('-20');
    expect(await screen.findByText('Penyesuaian 1 barang tersimpan.')).toBeInTheDocument();
    expect(screen.queryByRole('dialog')).toBeNull();
    const [row] = await db.outbox.toArray();
    expect(row).toMatchObject({ type: 'stock.adjust', payload: { approval: null } });

    await setOutletSettings(db, { adjustQtyLimit: 5 });
    expect(await screen.findByText(/Lebih dari 5 barang/)).toBeInTheDocument();
    await adjustBy('-6');
    expect(await screen.findByRole('dialog')).toBeInTheDocument();
  });

  it('a stock take: counted by typing, differences reviewed, approved with a PIN', async () => {
    db = await freshDb(true, { signedIn: SUPERVISOR });
    const user = userEvent.setup();
    renderApp({ db, sync: null }, '/stok');
    await user.click(await screen.findByRole('tab', { name: 'Stok opname' }));
    await user.click(await screen.findByRole('button', { name: 'Mulai hitung' }));
    await user.type(await screen.findByRole('textbox', { name: 'Cari produk' }), 'arabika sembalun');
    await user.click(await screen.findByRole('button', { name: `Tambah ${KOPI.name}` }));
    const counted = await screen.findByRole('textbox', { name: `Hitungan ${KOPI.name}` });
    await user.clear(counted);
    await user.type(counted, '30');
    await user.tab();
    await waitFor(async () => expect((await db?.stockCounts.toArray())?.[0]?.lines[0]?.counted).toBe(30));
    await user.click(screen.getByRole('button', { name: 'Tinjau selisih' }));
    const table = await screen.findByRole('table', { name: /Selisih hitungan/ });
    const books = (await stockOf(db, OUTLET, [KOPI.id])).get(KOPI.id) ?? 0;
    expect(within(table).getByRole('row', { name: new RegExp(KOPI.name) })).toHaveTextContent(String(30 - books));
    expect(await violations()).toEqual([]);
    await user.click(screen.getByRole('button', { name: 'Setujui selisih' }));
    await approveAs(user, SUPERVISOR);
    expect(await screen.findByText('Stok opname disetujui: 1 produk disesuaikan.')).toBeInTheDocument();
    expect((await stockOf(db, OUTLET, [KOPI.id])).get(KOPI.id)).toBe(30);
  });

  it('the history shows the levels per producer', async () => {
    db = await freshDb(true, { signedIn: SUPERVISOR });
    const user = userEvent.setup();
    renderApp({ db, sync: null }, '/stok');
    await user.click(await screen.findByRole('tab', { name: 'Riwayat' }));
    expect(await screen.findByRole('table', { name: /Stok outlet ini/ })).toBeInTheDocument();
    await waitFor(() => expect(screen.getByRole('list', { name: 'Per produsen' })).toHaveTextContent('UMKM Kopi Sembalun Rinjani: 110 barang'));
    expect(await violations()).toEqual([]);
  });
});
