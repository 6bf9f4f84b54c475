// The Penyelesaian tab against a fake server held to the contract: what each
// producer is owed, a draft made from the form, its statement with a line of
// unknown HPP marked and approval held until a reason is written, the
// payment recorded, a refusal worded in Indonesian, the PNBP record; axe.
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import axe from 'axe-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KasirDb } from '../../src/client/db/database.ts';
import { adminOutletListSchema, adminProducerListSchema, type AdminProducer } from '../../src/protocol/catalog-admin.ts';
import { CATALOG_ADMIN_ROUTES } from '../../src/protocol/catalog-admin-routes.ts';
import { SETTLEMENT_ROUTES as R } from '../../src/protocol/routes.ts';
import { approveSchema, createSettlementSchema, owedSchema, paySchema, pnbpSchema, pnbpWriteSchema, settlementListSchema, settlementWithLinksSchema, madeLinkSchema, type SettlementWithLinks } from '../../src/protocol/settlement.ts';
import { ADMIN, answer, bodyOf, errorAnswer, FakeManagementServer } from './admin-fake.ts';
import { freshDb, renderApp } from './harness.tsx';

const workshop: AdminProducer = {
  id: 'lapas-mataram',
  name: 'Bengkel Cukli Lapas Mataram',
  kind: 'lapas',
  lapas: 'Lapas Kelas IIA Mataram',
  contactName: 'Bpk. Lalu',
  contactPhone: '0812-3456-7890',
  payout: null,
  receiptLine: null,
  consignment: true,
  terms: { default: { kind: 'fee', bp: 0 }, byCategory: [] },
  levyRules: [{ validFrom: '2026-01-01', premiBp: 5000, pnbpBp: 1500, modalBp: 3500, base: 'profit', source: 'Kepmen' }],
  active: true,
  version: 1,
  productCount: 2,
};

const draft: SettlementWithLinks = {
  id: 'st-1',
  producerId: workshop.id,
  producerName: workshop.name,
  producerKind: 'lapas',
  lapas: workshop.lapas,
  contactPhone: workshop.contactPhone,
  from: '2026-10-01',
  to: '2026-10-31',
  state: 'draft',
  items: [
    { id: 'i1', kind: 'sale', lineId: 'l1', saleId: 's1', returnId: null, receiptNo: 'A-0001', outletId: 'ntb-mall', saleDate: '2026-10-05', date: '2026-10-05', name: 'Kotak Tisu Cukli', qty: 2, unitPrice: 185_000, amount: 370_000, cost: 170_000, note: null },
    { id: 'i2', kind: 'sale', lineId: 'l2', saleId: 's2', returnId: null, receiptNo: 'B-0001', outletId: 'showroom-lobar', saleDate: '2026-10-06', date: '2026-10-06', name: 'Tempat Pensil Cukli', qty: 1, unitPrice: 85_000, amount: 85_000, cost: null, note: null },
  ],
  split: { kind: 'lapas', gross: 455_000, fee: 0, hpp: 170_000, premi: 142_500, pnbp: 42_750, modal: 99_750, payable: 455_000 },
  problems: [{ code: 'cost-unknown', lineIds: ['l2'] }],
  createdBy: 'Ayu Lestari',
  createdAt: Date.UTC(2026, 10, 1),
  approvedBy: null,
  approvedAt: null,
  costDecision: null,
  paid: null,
  links: [],
};

const TOKEN = 'T'.repeat(43);
const LINK = { id: 'link-1', createdBy: 'Ayu Lestari', createdAt: Date.now(), expiresAt: Date.now() + 30 * 86_400_000, revokedAt: null, opens: 0, lastOpenedAt: null };

let db: KasirDb;
let server: FakeManagementServer;
let current: SettlementWithLinks | null;

beforeEach(async () => {
  db = await freshDb(false);
  current = null;
  server = new FakeManagementServer()
    // Registered first, so the newer /owed below is matched before this pattern.
    .on('GET', R.one, () => answer(settlementWithLinksSchema, current as SettlementWithLinks))
    .on('GET', CATALOG_ADMIN_ROUTES.outlets, () => answer(adminOutletListSchema, { outlets: [] }))
    .on('GET', CATALOG_ADMIN_ROUTES.producers, () => answer(adminProducerListSchema, { producers: [workshop] }))
    .on('GET', R.list, () => answer(settlementListSchema, { settlements: current === null ? [] : [{ ...current, items: undefined } as never] }))
    .on('GET', R.owed, () => answer(owedSchema, { producers: [{ producerId: workshop.id, name: workshop.name, kind: 'lapas', lapas: workshop.lapas, unsettledLines: 2, unsettled: 455_000, approvedUnpaid: 0, paidThisYear: 0 }] }))
    .install();
  server.signedIn(ADMIN);
});

afterEach(() => {
  expect(server.violations).toEqual([]);
  db.close();
  sessionStorage.clear();
});

async function violations(): Promise<string[]> {
  const r = await axe.run(document.body, { rules: { 'color-contrast': { enabled: false } } });
  return r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

describe('the Penyelesaian tab', () => {
  it('shows what is owed, drafts, holds approval of a line without HPP until a reason is written, then records the payment', async () => {
    server.on('POST', R.list, (req) => {
      expect(bodyOf(createSettlementSchema, req)).toEqual({ producerId: workshop.id, from: '2026-10-01', to: '2026-10-31' });
      current = draft;
      return answer(settlementWithLinksSchema, draft);
    });
    server.on('POST', R.approve, (req) => {
      const { costDecision } = bodyOf(approveSchema, req);
      current = { ...draft, state: 'approved', approvedBy: 'Ayu Lestari', approvedAt: Date.UTC(2026, 10, 2), costDecision };
      return answer(settlementWithLinksSchema, current);
    });
    server.on('POST', R.share, () => {
      current = { ...(current as SettlementWithLinks), links: [LINK] };
      return answer(madeLinkSchema, { link: LINK, token: TOKEN, path: `/nota/${TOKEN}` });
    });
    server.on('POST', R.pay, (req) => {
      const paid = bodyOf(paySchema, req);
      current = { ...(current as SettlementWithLinks), state: 'paid', paid: { ...paid, by: 'Ayu Lestari', at: Date.UTC(2026, 10, 3) } };
      return answer(settlementWithLinksSchema, current);
    });
    renderApp({ db, sync: null }, '/admin/penyelesaian');
    const user = userEvent.setup();
    const owed = await screen.findByRole('grid', { name: 'Yang harus dibayar sekarang' });
    expect(await within(owed).findByRole('row', { name: /Bengkel Cukli Lapas Mataram/ })).toHaveTextContent(/455\.000.*2 baris/);

    const form = screen.getByRole('form', { name: 'Buat penyelesaian' });
    await user.click(within(form).getByRole('button', { name: /Produsen/ }));
    await user.click(await screen.findByRole('option', { name: workshop.name }));
    await user.clear(within(form).getByLabelText('Periode dari'));
    await user.type(within(form).getByLabelText('Periode dari'), '2026-10-01');
    await user.clear(within(form).getByLabelText('Periode sampai'));
    await user.type(within(form).getByLabelText('Periode sampai'), '2026-10-31');
    await user.click(within(form).getByRole('button', { name: 'Buat draf' }));

    const statement = await screen.findByRole('article', { name: 'Nota Hasil Penjualan' });
    expect(within(statement).getAllByRole('row')).toHaveLength(3);
    expect(within(statement).getByRole('row', { name: /Tempat Pensil Cukli/ })).toHaveTextContent('HPP belum ada');
    expect(statement).toHaveTextContent(/Premi warga binaan\s*Rp\s?142\.500/);
    expect(screen.getByRole('alert')).toHaveTextContent('1 baris belum punya HPP');
    const approve = screen.getByRole('button', { name: 'Setujui' });
    expect(approve).toBeDisabled();
    expect(await violations()).toEqual([]);
    await user.type(screen.getByRole('textbox', { name: 'Alasan menyetujui tanpa HPP' }), 'HPP belum dicatat bengkel');
    await user.click(approve);
    expect(await screen.findByText((_, el) => el?.tagName === 'P' && el.textContent === 'Status: Disetujui')).toBeInTheDocument();
    expect(bodyOf(approveSchema, server.calls('POST', R.approve.replace(':settlementId', 'st-1'))[0]!)).toEqual({ costDecision: 'HPP belum dicatat bengkel' });
    expect(screen.getByRole('article')).toHaveTextContent('Baris tanpa HPP dihitung HPP 0: HPP belum dicatat bengkel');
    // WhatsApp carries the producer's share link, made on request; never the staff page.
    expect(screen.queryByRole('link', { name: 'Kirim via WhatsApp' })).toBeNull();
    expect(screen.getByText(/Buat tautan dulu/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Buat tautan' }));
    const linkField = await screen.findByRole('textbox', { name: 'Tautan nota' });
    expect((linkField as HTMLInputElement).value).toBe(`${location.origin}/nota/${TOKEN}`);
    const wa = screen.getByRole('link', { name: 'Kirim via WhatsApp' }).getAttribute('href') ?? '';
    expect(wa).toMatch(/^https:\/\/wa\.me\/6281234567890\?text=Nota%20Hasil%20Penjualan/);
    expect(decodeURIComponent(wa)).toContain(`/nota/${TOKEN}`);
    expect(await screen.findByText(/dibuka 0 kali/)).toBeInTheDocument();

    const pay = screen.getByRole('form', { name: 'Catat pembayaran' });
    await user.type(within(pay).getByRole('textbox', { name: /Referensi/ }), 'BRI 0042');
    await user.click(within(pay).getByRole('button', { name: 'Catat pembayaran' }));
    expect(await screen.findByText((_, el) => el?.tagName === 'P' && el.textContent === 'Status: Dibayar')).toBeInTheDocument();
    expect(bodyOf(paySchema, server.calls('POST', R.pay.replace(':settlementId', 'st-1'))[0]!)).toMatchObject({ method: 'transfer', reference: 'BRI 0042' });
  });

  it('a refusal is worded in Indonesian; the PNBP record is shown and saved, a bad Kode Billing said', async () => {
    server.on('POST', R.list, () => errorAnswer(409, 'settlement-draft-exists', 'producer has a draft', 'producerId'));
    const record = { lapas: 'Lapas Kelas IIA Mataram', from: '2026-10-01', to: '2026-10-31', amount: 42_750, settlements: [{ id: 'st-1', producerName: workshop.name, from: '2026-10-01', to: '2026-10-31', pnbp: 42_750 }], kodeBilling: '', billingExpires: null, kodeAkun: '', ntpn: '', paidDate: null, updatedBy: null };
    server.on('GET', R.pnbp, () => answer(pnbpSchema, record));
    let saves = 0;
    server.on('POST', R.pnbp, (req) => {
      const w = bodyOf(pnbpWriteSchema, req);
      saves += 1;
      return saves === 1 ? errorAnswer(400, 'kode-billing-invalid', 'a Kode Billing is 15 digits', 'kodeBilling') : answer(pnbpSchema, { ...record, ...w, updatedBy: 'Ayu Lestari' });
    });
    renderApp({ db, sync: null }, '/admin/penyelesaian');
    const user = userEvent.setup();
    const form = await screen.findByRole('form', { name: 'Buat penyelesaian' });
    await user.click(within(form).getByRole('button', { name: /Produsen/ }));
    await user.click(await screen.findByRole('option', { name: workshop.name }));
    await user.click(within(form).getByRole('button', { name: 'Buat draf' }));
    expect(await within(form).findByRole('alert')).toHaveTextContent('Produsen ini masih punya draf penyelesaian');

    const pnbp = screen.getByRole('form', { name: 'PNBP per Lapas' });
    await user.click(within(pnbp).getByRole('button', { name: /Lapas/ }));
    await user.click(await screen.findByRole('option', { name: 'Lapas Kelas IIA Mataram' }));
    await user.clear(within(pnbp).getByLabelText('Periode dari'));
    await user.type(within(pnbp).getByLabelText('Periode dari'), '2026-10-01');
    await user.clear(within(pnbp).getByLabelText('Periode sampai'));
    await user.type(within(pnbp).getByLabelText('Periode sampai'), '2026-10-31');
    await user.click(within(pnbp).getByRole('button', { name: 'Tampilkan' }));
    const rec = await screen.findByRole('form', { name: 'Simpan catatan PNBP' });
    expect(rec).toHaveTextContent('PNBP yang disetor: Rp 42.750');
    await user.type(within(rec).getByRole('textbox', { name: /Kode Billing/ }), '8202604012345');
    await user.type(within(rec).getByRole('textbox', { name: 'Kode Akun' }), '425111');
    await user.click(within(rec).getByRole('button', { name: 'Simpan catatan PNBP' }));
    expect(await screen.findByText('Kode Billing SIMPONI terdiri dari 15 angka.')).toBeInTheDocument();
    await user.type(within(rec).getByRole('textbox', { name: /Kode Billing/ }), '67');
    await user.click(within(rec).getByRole('button', { name: 'Simpan catatan PNBP' }));
    expect(await screen.findByText('Tersimpan.')).toBeInTheDocument();
    expect(bodyOf(pnbpWriteSchema, server.calls('POST', R.pnbp)[1]!)).toMatchObject({ kodeBilling: '820260401234567', kodeAkun: '425111' });
  });
});
