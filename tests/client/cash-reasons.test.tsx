// Cash reasons on the device and in the back office: the Kas Masuk / Kas
// Keluar form offers only the active reasons of its direction, as the pull
// brought them (in the reader's language); the admin adds, edits and turns off
// reasons against a fake server held to the contract, supervisors cannot; and
// the supervisor's shift screen reads its outlet's shifts with their filters,
// Z beside the server's count, movements with reasons and flags.
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import axe from 'axe-core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { KasirDb } from '../../src/client/db/database.ts';
import { applyPull } from '../../src/client/db/catalog-repo.ts';
import { useLanguage } from '../../src/client/i18n/use-t.ts';
import { makeFlag } from '../../src/protocol/flags.ts';
import { CASH_REASON_ROUTES, cashReasonPath, REVIEW_ROUTE, ROUTE_TABLE, SHIFTS_ROUTE } from '../../src/protocol/routes.ts';
import { cashMovePayloadSchema, reviewResponseSchema } from '../../src/protocol/schemas.ts';
import { cashReasonCreateSchema, cashReasonListSchema, cashReasonSchema, cashReasonWriteSchema, shiftListSchema, type CashReason, type ShiftRow } from '../../src/protocol/shift.ts';
import { adminOutletListSchema } from '../../src/protocol/catalog-admin.ts';
import { CATALOG_ADMIN_ROUTES } from '../../src/protocol/catalog-admin-routes.ts';
import { DEFAULT_OUTLET_SETTINGS } from '../../src/domain/outlet-settings.ts';
import { ADMIN, answer, bodyOf, errorAnswer, FakeManagementServer, SUPERVISOR } from './admin-fake.ts';
import { demoPull, freshDb, renderApp } from './harness.tsx';

// Under load a form filled key by key through react-aria takes its time; nothing here waits on a clock.
vi.setConfig({ testTimeout: 60_000 });

const BUILTIN: CashReason[] = [
  { code: 'beli-plastik', label: 'Beli plastik', labelEn: 'Plastic bags', direction: 'out', builtin: true, active: true },
  { code: 'lain-lain', label: 'Lain-lain', labelEn: 'Other', direction: 'both', builtin: true, active: true },
  { code: 'setoran-bank', label: 'Setoran ke bank', labelEn: 'Bank deposit', direction: 'out', builtin: true, active: true },
  { code: 'kembalian-tambahan', label: 'Uang kembalian tambahan', labelEn: 'Extra change float', direction: 'in', builtin: true, active: true },
];

let db: KasirDb | null = null;
afterEach(() => {
  db?.close();
  db = null;
  useLanguage.getState().setLang('id');
  sessionStorage.clear();
});

async function violations(): Promise<string[]> {
  const r = await axe.run(document.body, { rules: { 'color-contrast': { enabled: false } } });
  return r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

const optionsOf = (select: HTMLElement) => within(select).getAllByRole('option').map((o) => o.textContent);

describe('the Kas Masuk / Kas Keluar form', () => {
  it('before any pull offers the built-in reasons; after a pull only the active reasons of each direction, in the reader’s language', async () => {
    db = await freshDb(true);
    const user = userEvent.setup();
    renderApp({ db, sync: null }, '/shift');
    const form = await screen.findByRole('form', { name: 'Kas Masuk / Kas Keluar' });
    const reason = within(form).getByRole('combobox', { name: 'Alasan' });
    await waitFor(() => expect(optionsOf(reason)).toEqual(['Beli plastik', 'Lain-lain', 'Setoran ke bank']));

    // The admin added "Beli es batu" (out) and turned "Beli plastik" off; the pull brings the whole list.
    const pulled: CashReason[] = [
      { ...BUILTIN[0]!, active: false },
      ...BUILTIN.slice(1),
      { code: 'beli-es', label: 'Beli es batu', labelEn: 'Ice', direction: 'out', builtin: false, active: true },
      { code: 'titipan', label: 'Uang titipan', labelEn: '', direction: 'in', builtin: false, active: true },
    ];
    await applyPull(db, { ...demoPull(2), full: false, producers: [], products: [], stock: [], outlets: [], cashReasons: pulled }, []);
    await waitFor(() => expect(optionsOf(reason)).toEqual(['Lain-lain', 'Setoran ke bank', 'Beli es batu']));
    await user.click(within(form).getByRole('radio', { name: 'Kas Masuk' }));
    await waitFor(() => expect(optionsOf(within(form).getByRole('combobox', { name: 'Alasan' }))).toEqual(['Lain-lain', 'Uang kembalian tambahan', 'Uang titipan']));

    useLanguage.getState().setLang('en');
    // English labels; a reason without one shows its Bahasa label.
    await waitFor(() => expect(optionsOf(within(form).getByRole('combobox', { name: 'Reason' }))).toEqual(['Other', 'Extra change float', 'Uang titipan']));
    useLanguage.getState().setLang('id');

    await user.click(await within(form).findByRole('radio', { name: 'Kas Keluar' }));
    await waitFor(() => expect(optionsOf(within(form).getByRole('combobox', { name: 'Alasan' }))).toContain('Beli es batu'));
    await user.selectOptions(within(form).getByRole('combobox', { name: 'Alasan' }), 'Beli es batu');
    await user.type(within(form).getByRole('textbox', { name: /Jumlah/ }), '15.000');
    await user.click(within(form).getByRole('button', { name: 'Simpan' }));
    expect(await within(form).findByText('Kas Keluar Rp 15.000 tersimpan.')).toBeInTheDocument();
    const queued = await db.outbox.orderBy('seq').last();
    expect(queued?.type).toBe('cash.move');
    expect(cashMovePayloadSchema.parse(queued?.payload)).toMatchObject({ direction: 'out', amount: 15_000, reason: 'beli-es' });
  });

  it('a pull from a server that sends no reasons keeps the list the device has', async () => {
    db = await freshDb(true);
    await applyPull(db, { ...demoPull(2), full: false, cashReasons: [{ code: 'beli-es', label: 'Beli es batu', labelEn: 'Ice', direction: 'out', builtin: false, active: true }, ...BUILTIN] }, []);
    await applyPull(db, { ...demoPull(3), full: false }, []);
    expect((await db.cashReasons.toArray()).map((r) => r.code).sort()).toEqual(['beli-es', 'beli-plastik', 'kembalian-tambahan', 'lain-lain', 'setoran-bank']);
  });
});

describe('the admin’s cash reasons', () => {
  let server: FakeManagementServer;
  let reasons: CashReason[];

  beforeEach(async () => {
    db = await freshDb(false);
    reasons = BUILTIN.map((r) => ({ ...r }));
    server = new FakeManagementServer()
      .on('GET', CASH_REASON_ROUTES.list, () => answer(cashReasonListSchema, { reasons }))
      .on('POST', CASH_REASON_ROUTES.create, (req) => {
        const body = bodyOf(cashReasonCreateSchema, req);
        if (reasons.some((r) => r.code === body.code)) return errorAnswer(409, 'cash-reason-code-taken', 'taken', 'code');
        const made: CashReason = { ...body, builtin: false };
        reasons = [...reasons, made];
        return answer(cashReasonSchema, made);
      })
      .on('PATCH', ROUTE_TABLE.updateCashReason.path, (req) => {
        const body = bodyOf(cashReasonWriteSchema, req);
        const code = req.params.code ?? '';
        const before = reasons.find((r) => r.code === code);
        if (!before) return errorAnswer(404, 'not-found', 'no such reason', 'code');
        const after = { ...before, ...body };
        reasons = reasons.map((r) => (r.code === code ? after : r));
        return answer(cashReasonSchema, after);
      })
      .install();
  });
  afterEach(() => {
    expect(server.violations).toEqual([]);
  });

  it('an admin adds a reason with both labels, edits it, and turns it off after a dialog', async () => {
    server.signedIn(ADMIN);
    const user = userEvent.setup();
    renderApp({ db: db!, sync: null }, '/admin/alasan-kas');
    const table = await screen.findByRole('grid', { name: 'Daftar alasan kas' });
    expect(await within(table).findByRole('rowheader', { name: /Setoran ke bank/ })).toBeInTheDocument();
    expect(await violations()).toEqual([]);

    await user.click(screen.getByRole('button', { name: 'Tambah alasan' }));
    let form = screen.getByRole('form', { name: 'Alasan kas baru' });
    await user.type(within(form).getByRole('textbox', { name: 'Kode' }), 'Beli Es!');
    await user.click(within(form).getByRole('button', { name: 'Simpan alasan' }));
    expect(await within(form).findByText('Kode 2-40 huruf kecil, angka atau tanda hubung, diawali huruf.')).toBeInTheDocument();
    expect(within(form).getByText('Isi nama alasan dalam Bahasa Indonesia.')).toBeInTheDocument();
    expect(server.calls('POST', CASH_REASON_ROUTES.create)).toHaveLength(0);

    await user.clear(within(form).getByRole('textbox', { name: 'Kode' }));
    await user.type(within(form).getByRole('textbox', { name: 'Kode' }), 'beli-es');
    await user.type(within(form).getByRole('textbox', { name: 'Nama alasan (Bahasa Indonesia)' }), 'Beli es batu');
    await user.type(within(form).getByRole('textbox', { name: /Nama alasan \(bahasa Inggris\)/ }), 'Ice');
    await user.click(within(form).getByRole('button', { name: 'Simpan alasan' }));
    expect(await screen.findByText('Alasan "Beli es batu" tersimpan. Perangkat memakainya setelah sinkron berikutnya.')).toHaveAttribute('role', 'status');
    expect(cashReasonCreateSchema.parse(server.calls('POST', CASH_REASON_ROUTES.create)[0]?.body)).toEqual({ code: 'beli-es', label: 'Beli es batu', labelEn: 'Ice', direction: 'out', active: true });

    const grid = await screen.findByRole('grid', { name: 'Daftar alasan kas' });
    await user.click(await within(grid).findByRole('button', { name: 'Ubah Beli es batu' }));
    form = screen.getByRole('form', { name: 'Ubah alasan Beli es batu' });
    expect(within(form).queryByRole('textbox', { name: 'Kode' })).toBeNull();
    await user.click(within(form).getByRole('button', { name: /Ditawarkan untuk/ }));
    await user.click(await screen.findByRole('option', { name: 'Kas Masuk dan Kas Keluar' }));
    await user.click(within(form).getByRole('button', { name: 'Simpan alasan' }));
    await waitFor(() => expect(server.calls('PATCH', cashReasonPath('beli-es'))).toHaveLength(1));
    expect(await screen.findByText(/^Alasan "Beli es batu" tersimpan/)).toBeInTheDocument();
    expect(cashReasonWriteSchema.parse(server.calls('PATCH', cashReasonPath('beli-es'))[0]?.body)).toEqual({ label: 'Beli es batu', labelEn: 'Ice', direction: 'both', active: true });

    const again = await screen.findByRole('grid', { name: 'Daftar alasan kas' });
    await user.click(await within(again).findByRole('button', { name: 'Nonaktifkan Beli es batu' }));
    const dialog = await screen.findByRole('alertdialog', { name: 'Nonaktifkan alasan "Beli es batu"?' });
    expect(within(dialog).getByText(/tetap tersimpan/)).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Nonaktifkan' }));
    await waitFor(() => expect(reasons.find((r) => r.code === 'beli-es')?.active).toBe(false));
    const after = await screen.findByRole('grid', { name: 'Daftar alasan kas' });
    expect(await within(after).findByRole('button', { name: 'Aktifkan Beli es batu' })).toBeInTheDocument();
  });

  it('the last offered reason of a direction is not turned off, and a code the server has is placed at its field', async () => {
    reasons = reasons.map((r) => (r.code === 'kembalian-tambahan' ? { ...r, active: false } : r));
    server.signedIn(ADMIN);
    const user = userEvent.setup();
    renderApp({ db: db!, sync: null }, '/admin/alasan-kas');
    const table = await screen.findByRole('grid', { name: 'Daftar alasan kas' });
    await user.click(await within(table).findByRole('button', { name: 'Nonaktifkan Lain-lain' }));
    await user.click(within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Nonaktifkan' }));
    expect(await screen.findByText('Kas Masuk harus punya paling sedikit satu alasan yang ditawarkan. Tambah atau aktifkan alasan lain dulu.')).toHaveAttribute('role', 'alert');
    expect(server.calls('PATCH', cashReasonPath('lain-lain'))).toHaveLength(0);

    // Another admin added "beli-es" meanwhile: this screen does not know, the server refuses.
    await user.click(screen.getByRole('button', { name: 'Tambah alasan' }));
    reasons = [...reasons, { code: 'beli-es', label: 'Es', labelEn: '', direction: 'out', builtin: false, active: true }];
    const form = screen.getByRole('form', { name: 'Alasan kas baru' });
    await user.type(within(form).getByRole('textbox', { name: 'Kode' }), 'beli-es');
    await user.type(within(form).getByRole('textbox', { name: 'Nama alasan (Bahasa Indonesia)' }), 'Beli es');
    await user.click(within(form).getByRole('button', { name: 'Simpan alasan' }));
    expect(await within(form).findByText('Sudah ada alasan kas dengan kode ?: pilih kode lain.')).toBeInTheDocument();
    expect(within(form).getByRole('textbox', { name: 'Kode' })).toHaveAttribute('aria-invalid', 'true');
  });

  it('a supervisor has no cash reasons tab and is told the page is the admin’s', async () => {
    server.signedIn(SUPERVISOR);
    renderApp({ db: db!, sync: null }, '/admin/alasan-kas');
    expect(await screen.findByRole('alert')).toHaveTextContent(/admin/i);
    expect(screen.queryByRole('link', { name: 'Alasan kas' })).toBeNull();
    expect(server.calls('GET', CASH_REASON_ROUTES.list)).toHaveLength(0);
  });
});

describe('the supervisor’s shift screen', () => {
  const base = Date.UTC(2026, 11, 4, 2, 0);
  const perMethod = (cash: number) => ({ cash, qris: 0, card: 0, transfer: 0 });
  const totals = { salesCount: 2, gross: 130_000, discounts: 0, tax: 0, rounding: 0, net: 130_000, voids: { count: 0, amount: 0 }, refunds: { count: 0, amount: 0 }, cashIn: 0, cashOut: 20_000 };
  const closed: ShiftRow = {
    id: 'shift-1',
    outletId: 'ntb-mall',
    drawerId: 'drawer-0001-abcd',
    deviceId: 'device-1',
    openedBy: 'u-baiq',
    openedAt: base,
    businessDate: '2026-12-04',
    openingFloat: 200_000,
    closed: { zNo: 3, closedBy: 'u-baiq', approverId: 'u-spv', closedAt: base + 8 * 3_600_000, counted: perMethod(305_000), expected: perMethod(310_000), totals, note: 'uang robek' },
    server: { expected: perMethod(310_000), totals },
    endedBySlip: null,
    mergedShiftIds: [],
    flags: [makeFlag('cash-reason-unknown', { direction: 'out', reason: 'beli-bensin' })],
    movements: [
      { id: 'm-1', direction: 'out', amount: 20_000, reason: 'beli-plastik', note: 'kantong', by: 'u-baiq', approverId: null, createdAt: base + 3_600_000, flags: [] },
      { id: 'm-2', direction: 'out', amount: 10_000, reason: 'beli-bensin', note: '', by: 'u-baiq', approverId: null, createdAt: base + 7_200_000, flags: [makeFlag('cash-reason-unknown', { direction: 'out', reason: 'beli-bensin' })] },
    ],
  };

  it('shows the outlet’s shifts, filters them, and opens a shift’s Z beside the server’s count with movements and flags', async () => {
    db = await freshDb(false);
    const server = new FakeManagementServer()
      .on('GET', SHIFTS_ROUTE, (req) => {
        const state = req.query.get('state') ?? 'all';
        const shifts = state === 'open' ? [] : [closed];
        return answer(shiftListSchema, { shifts, people: { 'u-baiq': 'Baiq Nuraini', 'u-spv': 'Baiq Nurul' } });
      })
      .on('GET', CASH_REASON_ROUTES.list, () => answer(cashReasonListSchema, { reasons: BUILTIN }))
      .on('GET', CATALOG_ADMIN_ROUTES.outlets, () =>
        answer(adminOutletListSchema, {
          outlets: [{ id: 'ntb-mall', name: 'NTB Mall', kind: 'store', address: '', active: true, startDate: null, endDate: null, homeOutletId: null, lapas: null, discountLimitBp: 1000, settings: DEFAULT_OUTLET_SETTINGS, version: 1 }],
        }),
      )
      .install();
    server.signedIn(SUPERVISOR);
    const user = userEvent.setup();
    renderApp({ db, sync: null }, '/admin/shift');
    const table = await screen.findByRole('grid', { name: 'Daftar shift' });
    const row = (await within(table).findByRole('rowheader', { name: /2026-12-04/ })).closest('[role="row"]') as HTMLElement;
    expect(row).toHaveTextContent(/Z 3/);
    expect(row).toHaveTextContent(/-Rp 5\.000/);
    expect(row).toHaveTextContent(/1 tanda/);
    // A supervisor's own outlet, always: the request names it.
    expect(server.calls('GET', SHIFTS_ROUTE)[0]?.query.get('outletId')).toBe('ntb-mall');
    expect(await violations()).toEqual([]);

    await user.click(screen.getByRole('button', { name: /Tampilkan/ }));
    await user.click(await screen.findByRole('option', { name: 'Masih terbuka' }));
    expect(await screen.findByText('Tidak ada shift yang cocok.')).toBeInTheDocument();
    expect(server.calls('GET', SHIFTS_ROUTE).at(-1)?.query.get('state')).toBe('open');
    await user.click(screen.getByRole('button', { name: /Tampilkan/ }));
    await user.click(await screen.findByRole('option', { name: 'Dengan Selisih' }));
    await user.type(screen.getByLabelText('Dari tanggal'), '2026-12-05');
    await user.type(screen.getByLabelText('Sampai tanggal'), '2026-12-01');
    expect(await screen.findByText('Tanggal awal harus sebelum tanggal akhir.')).toBeInTheDocument();
    await user.clear(screen.getByLabelText('Dari tanggal'));
    await user.type(screen.getByLabelText('Dari tanggal'), '2026-11-01');
    await waitFor(() => expect(server.calls('GET', SHIFTS_ROUTE).at(-1)?.query.toString()).toBe('outletId=ntb-mall&state=selisih&from=2026-11-01&to=2026-12-01'));

    const shown = await screen.findByRole('grid', { name: 'Daftar shift' });
    await user.click(within(shown).getByRole('button', { name: 'Buka shift 2026-12-04 Baiq Nuraini' }));
    const dialog = await screen.findByRole('dialog', { name: 'Shift 2026-12-04, Baiq Nuraini' });
    const figures = within(dialog).getByRole('table', { name: 'Laporan Z dan hitungan server' });
    const cash = within(figures).getByRole('rowheader', { name: 'Tunai' }).closest('tr') as HTMLElement;
    expect(cash).toHaveTextContent(/Rp 310\.000.*Rp 310\.000.*Rp 305\.000.*-Rp 5\.000/);
    expect(within(dialog).getByText(/Selisih disetujui Baiq Nurul/)).toBeInTheDocument();
    const moves = within(dialog).getByRole('table', { name: 'Kas Masuk / Kas Keluar' });
    expect(within(moves).getAllByRole('row').map((r) => r.textContent)).toEqual([
      expect.stringContaining('Alasan'),
      expect.stringMatching(/Kas Keluar.*Rp 20\.000.*Beli plastik · kantong.*Baiq Nuraini/),
      expect.stringMatching(/Kas Keluar.*Rp 10\.000.*beli-bensin.*tidak ada di daftar alasan kas server/),
    ]);
    expect(within(within(dialog).getByRole('list')).getByRole('listitem')).toHaveTextContent('Kas Keluar dengan alasan "beli-bensin" yang tidak ada di daftar alasan kas server');
    expect(await violations()).toEqual([]);
    await user.click(within(dialog).getByRole('button', { name: 'Tutup' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(server.violations).toEqual([]);
  });
});

describe('Tinjauan', () => {
  it('lists a Kas Keluar the server flagged for an unknown reason, worded in the reader’s language, the known reason by its label', async () => {
    db = await freshDb(true);
    await applyPull(db, { ...demoPull(2), full: false, cashReasons: BUILTIN }, []);
    const unknown = makeFlag('cash-reason-unknown', { direction: 'out', reason: 'beli-bensin' });
    const flaggedCash = [
      { id: 'm-9', shiftId: 's-1', outletId: 'ntb-mall', direction: 'out' as const, amount: 25_000, reason: 'beli-bensin', note: 'motor', by: 'u-baiq', approverId: null, createdAt: Date.UTC(2026, 11, 4, 3, 0), receivedAt: Date.UTC(2026, 11, 4, 3, 5), flags: [unknown] },
      { id: 'm-8', shiftId: 's-1', outletId: 'ntb-mall', direction: 'out' as const, amount: 600_000, reason: 'setoran-bank', note: '', by: 'u-baiq', approverId: null, createdAt: Date.UTC(2026, 11, 4, 2, 0), receivedAt: Date.UTC(2026, 11, 4, 3, 5), flags: [makeFlag('approval-missing', { approval: 'cash-out', lineId: null })] },
    ];
    const management = new FakeManagementServer()
      .on('GET', REVIEW_ROUTE, () => answer(reviewResponseSchema, { flaggedSales: [], negativeStock: [], flaggedReturns: [], resolved: [], flaggedStock: [], qrisPayments: [], flaggedCash }))
      .install();
    management.signedIn(SUPERVISOR);
    renderApp({ db, sync: null }, '/tinjauan');
    const list = await screen.findByRole('list', { name: 'Kas Masuk / Kas Keluar bertanda (2)' });
    const items = within(list).getAllByRole('listitem').filter((li) => li.parentElement === list);
    // Names come from the device's own catalog, read after the list is drawn.
    await waitFor(() => expect(items[0]).toHaveTextContent(/Kas Keluar.*Rp 25\.000.*beli-bensin.*Baiq Nuraini.*NTB Mall.*motor/));
    expect(items[0]).toHaveTextContent('Kas Keluar dengan alasan "beli-bensin" yang tidak ada di daftar alasan kas server');
    await waitFor(() => expect(items[1]).toHaveTextContent(/Rp 600\.000.*Setoran ke bank/));
    useLanguage.getState().setLang('en');
    expect(await within(list).findByText('Cash out with reason "beli-bensin", which is not on the server\'s list of cash reasons')).toBeInTheDocument();
    await waitFor(() => expect(items[1]).toHaveTextContent(/Bank deposit/));
    expect(management.violations).toEqual([]);
  });
});
