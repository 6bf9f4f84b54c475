// Producer settlement on the server: a draft lists, for a producer and a
// period, every sold line not yet settled up to the period's end and every
// return of its lines not yet deducted (domain/settlement.ts); the database's
// unique indexes (migration 18) hold that each is taken once. A draft is
// approved by an admin (frozen from then: its split is stored), then paid.
// Each state change is one transaction with its audit entry.
import { uuidv7 } from '../../domain/id.ts';
import type { ConsignmentTerm } from '../../domain/producer.ts';
import { consignmentTermFor } from '../../domain/producer.ts';
import {
  isKodeBilling,
  isNtpn,
  settlementAllows,
  settlementItems,
  splitSettlement,
  type LineReturn,
  type SettlementAct,
  type SettlementItem,
  type SettlementState,
  type SoldLine,
  type Split,
} from '../../domain/settlement.ts';
import { businessDate } from '../../domain/time.ts';
import { auditNote } from '../../protocol/audit-notes.ts';
import type { AdminProducer } from '../../protocol/catalog-admin.ts';
import { SETTLEMENT_ERROR_CODES as E } from '../../protocol/errors.ts';
import {
  splitSchema,
  type Owed,
  type PayRequest,
  type PnbpRecord,
  type PnbpWrite,
  type Settlement,
  type SettlementItemWire,
  type MadeLink,
  type SettlementSummary,
  type SettlementWithLinks,
  type SharedStatement,
} from '../../protocol/settlement.ts';
import { appendAudit } from '../accounts/audit.ts';
import { loadProducer } from '../catalog/catalog-admin.ts';
import { writeCsv, writeXlsx } from '../catalog/product-files.ts';
import { Refusal } from '../refusal.ts';
import { num, optNum, optStr, str, type Row, type SqlTx } from '../store/db.ts';
import type { Store } from '../store/store.ts';
import { linkRefusal, linksOf, linkState, makeLink, openedThrough, revokeLinks } from './statement-links.ts';

export interface Act {
  actorId: string;
  at: number;
}

const OPEN_END = '9999-12-31';

async function producerOrRefuse(tx: SqlTx, producerId: string): Promise<AdminProducer> {
  const p = await loadProducer(tx, producerId);
  if (p === null) throw new Refusal('not-found', 'not-found', `no producer ${producerId}`, 'producerId');
  return p;
}

interface Pending {
  items: SettlementItem[];
  receipts: Map<string, { receiptNo: string; outletId: string }>;
}

/** The producer's sold lines, their returns and what is settled already, as the domain takes them. */
/** `draftsToo`: lines in a draft count as taken (a new draft); else only approved and paid ones do (what is owed). */
async function pendingItems(tx: SqlTx, producerId: string, to: string, draftsToo = true): Promise<Pending> {
  const taken = draftsToo ? '' : " AND EXISTS (SELECT 1 FROM settlements t WHERE t.id = x.settlement_id AND t.state <> 'draft')";
  const rows = await tx.all(
    `SELECT sl.id, sl.sale_id, sl.product_id, sl.qty, sl.unit_price, sl.net, sl.tax, sl.cost AS unit_cost,
            s.business_date, s.outlet_id, s.receipt_no, COALESCE(sl.name, p.name) AS name, p.category,
            (SELECT 1 FROM settlement_lines x WHERE x.kind = 'sale' AND x.sale_line_id = sl.id${taken}) AS settled
       FROM sale_lines sl JOIN sales s ON s.id = sl.sale_id LEFT JOIN products p ON p.id = sl.product_id
      WHERE sl.producer_id = ?
        -- Settled lines matter only when their sale had a return: years of settled sales are not read again.
        AND (NOT EXISTS (SELECT 1 FROM settlement_lines x WHERE x.kind = 'sale' AND x.sale_line_id = sl.id${taken})
             OR EXISTS (SELECT 1 FROM sale_returns r WHERE r.sale_id = sl.sale_id))
      ORDER BY s.business_date, s.created_at, sl.id`,
    [producerId],
  );
  const lines: SoldLine[] = [];
  const settledLines = new Set<string>();
  const receipts = new Map<string, { receiptNo: string; outletId: string }>();
  for (const r of rows) {
    const lineId = str(r.id);
    lines.push({
      lineId,
      saleId: str(r.sale_id),
      businessDate: str(r.business_date),
      productId: str(r.product_id),
      name: optStr(r.name) ?? str(r.product_id),
      category: optStr(r.category) ?? '',
      qty: num(r.qty),
      unitPrice: num(r.unit_price),
      net: num(r.net),
      tax: num(r.tax),
      cost: optNum(r.unit_cost),
    });
    if (r.settled !== null && r.settled !== undefined) settledLines.add(lineId);
    receipts.set(str(r.sale_id), { receiptNo: str(r.receipt_no), outletId: str(r.outlet_id) });
  }
  const mine = new Set(lines.map((l) => l.lineId));
  const returnRows = await tx.all(
    `SELECT r.id, r.body, r.business_date, r.created_at FROM sale_returns r
      WHERE r.sale_id IN (SELECT sale_id FROM sale_lines WHERE producer_id = ?) ORDER BY r.created_at, r.id`,
    [producerId],
  );
  const returns: LineReturn[] = [];
  returnRows.forEach((r, order) => {
    const body = JSON.parse(str(r.body)) as { lines?: { lineId: string; qty: number }[] };
    for (const l of body.lines ?? []) {
      if (mine.has(l.lineId)) returns.push({ returnId: str(r.id), lineId: l.lineId, qty: l.qty, businessDate: str(r.business_date), order });
    }
  });
  const seen = await tx.all(
    `SELECT x.return_id, x.sale_line_id FROM settlement_lines x JOIN settlements s ON s.id = x.settlement_id
      WHERE x.kind = 'return' AND s.producer_id = ?${draftsToo ? '' : " AND s.state <> 'draft'"}`,
    [producerId],
  );
  const items = settlementItems(lines, returns, { lines: settledLines, returns: seen.map((s) => ({ returnId: str(s.return_id), lineId: str(s.sale_line_id) })) }, to);
  return { items, receipts };
}

function itemOf(r: Row): SettlementItem {
  const kind = str(r.kind) as SettlementItemWire['kind'];
  if (kind === 'correction') return { kind, id: str(r.id), date: str(r.item_date), name: str(r.name), amount: num(r.amount), note: optStr(r.note) ?? '' };
  const term = optStr(r.term);
  return {
    kind,
    lineId: str(r.sale_line_id),
    saleId: str(r.sale_id),
    returnId: optStr(r.return_id),
    saleDate: str(r.sale_date),
    date: str(r.item_date),
    productId: optStr(r.product_id) ?? '',
    name: str(r.name),
    category: str(r.category),
    qty: num(r.qty),
    unitPrice: num(r.unit_price),
    amount: num(r.amount),
    cost: optNum(r.cost),
    ...(term === null ? {} : { term: JSON.parse(term) as ConsignmentTerm }),
  };
}

function wireItemOf(r: Row): SettlementItemWire {
  return {
    id: str(r.id),
    kind: str(r.kind) as SettlementItemWire['kind'],
    lineId: optStr(r.sale_line_id),
    saleId: optStr(r.sale_id),
    returnId: optStr(r.return_id),
    receiptNo: optStr(r.receipt_no),
    outletId: optStr(r.outlet_id),
    saleDate: str(r.sale_date),
    date: str(r.item_date),
    name: str(r.name),
    qty: num(r.qty),
    unitPrice: num(r.unit_price),
    amount: num(r.amount),
    cost: optNum(r.cost),
    note: optStr(r.note),
  };
}

async function userNames(tx: SqlTx): Promise<Map<string, string>> {
  return new Map((await tx.all('SELECT id, name FROM users')).map((u) => [str(u.id), str(u.name)]));
}

async function settlementRow(tx: SqlTx, id: string): Promise<Row> {
  const [row] = await tx.all('SELECT * FROM settlements WHERE id = ?', [id]);
  if (row === undefined) throw new Refusal('not-found', 'not-found', `no settlement ${id}`, 'settlementId');
  return row;
}

async function itemRows(tx: SqlTx, settlementId: string): Promise<Row[]> {
  return tx.all(
    `SELECT x.*, s.receipt_no FROM settlement_lines x LEFT JOIN sales s ON s.id = x.sale_id
      WHERE x.settlement_id = ? ORDER BY x.position`,
    [settlementId],
  );
}

function splitWire(s: Split): Settlement['split'] {
  return splitSchema.parse(s);
}

async function settlementOf(tx: SqlTx, row: Row, withItems: boolean, names: Map<string, string>): Promise<Settlement> {
  const producer = await producerOrRefuse(tx, str(row.producer_id));
  const rows = await itemRows(tx, str(row.id));
  const computed = splitSettlement(producer, rows.map(itemOf));
  const stored = optStr(row.split);
  const name = (u: unknown): string => names.get(str(u)) ?? str(u);
  const paidAt = optNum(row.paid_at);
  return {
    id: str(row.id),
    producerId: producer.id,
    producerName: producer.name,
    producerKind: producer.kind,
    lapas: producer.lapas,
    contactPhone: producer.contactPhone,
    from: str(row.period_from),
    to: str(row.period_to),
    state: str(row.state) as SettlementState,
    items: withItems ? rows.map(wireItemOf) : [],
    // Approved is frozen: the split stored at approval, whatever the producer's terms say now.
    split: stored === null ? splitWire(computed.split) : splitSchema.parse(JSON.parse(stored)),
    problems: computed.problems,
    createdBy: name(row.created_by),
    createdAt: num(row.created_at),
    approvedBy: row.approved_by === null ? null : name(row.approved_by),
    approvedAt: optNum(row.approved_at),
    costDecision: optStr(row.cost_decision),
    paid:
      paidAt === null
        ? null
        : { method: str(row.paid_method) as PayRequest['method'], reference: str(row.paid_reference), date: str(row.paid_date), by: name(row.paid_by), at: paidAt },
  };
}

function refuseState(row: Row, act: SettlementAct): void {
  const state = str(row.state) as SettlementState;
  if (!settlementAllows(state, act)) {
    throw new Refusal('conflict', E.settlementFrozen, `settlement ${str(row.id)} is ${state}: it cannot be ${act === 'edit' ? 'changed' : act === 'pay' ? 'paid' : act === 'approve' ? 'approved' : 'discarded'}`, 'state', { state, act });
  }
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

// ------------------------------------------------------------------ reads

/** A settlement with its lines and its share links, as the statement screen shows it. */
async function fullSettlement(tx: SqlTx, id: string): Promise<SettlementWithLinks> {
  const names = await userNames(tx);
  const s = await settlementOf(tx, await settlementRow(tx, id), true, names);
  return { ...s, links: await linksOf(tx, id, names) };
}

export function getSettlement(store: Store, id: string): Promise<SettlementWithLinks> {
  return store.db.tx((tx) => fullSettlement(tx, id));
}

// ------------------------------------------------------------------ share links

export function shareSettlement(store: Store, id: string, act: Act): Promise<MadeLink> {
  return store.db.tx(async (tx) => makeLink(tx, await settlementRow(tx, id), act.actorId, act.at, await userNames(tx)));
}

export function revokeSettlementLinks(store: Store, id: string, act: Act): Promise<SettlementWithLinks> {
  return store.db.tx(async (tx) => {
    await revokeLinks(tx, await settlementRow(tx, id), act.actorId, act.at);
    return fullSettlement(tx, id);
  });
}

/** The statement a share link opens, or the refusal its page words (unknown 404, expired or revoked 410). */
export function sharedStatement(store: Store, token: string, now: number): Promise<SharedStatement> {
  return store.db.tx(async (tx) => {
    const state = await linkState(tx, token, now);
    if (state.kind !== 'open') throw linkRefusal(state);
    const settlement = await settlementOf(tx, await settlementRow(tx, state.settlementId), true, await userNames(tx));
    return { settlement, store: await openedThrough(tx, state.linkId, now), expiresAt: state.expiresAt };
  });
}

/** The HTTP status of the producer's page for a token: 200 when it opens a statement, else 404 or 410 (the page words why). */
export function statementPageStatus(store: Store, token: string, now: number): Promise<200 | 404 | 410> {
  return store.db.tx(async (tx) => {
    const state = await linkState(tx, token, now);
    return state.kind === 'open' ? 200 : state.kind === 'unknown' ? 404 : 410;
  });
}

export function listSettlements(store: Store, producerId: string | null): Promise<{ settlements: SettlementSummary[] }> {
  return store.db.tx(async (tx) => {
    const rows = producerId === null ? await tx.all('SELECT * FROM settlements ORDER BY created_at DESC, id') : await tx.all('SELECT * FROM settlements WHERE producer_id = ? ORDER BY created_at DESC, id', [producerId]);
    const names = await userNames(tx);
    const out: SettlementSummary[] = [];
    for (const r of rows) {
      const { items: _items, ...rest } = await settlementOf(tx, r, false, names);
      void _items;
      out.push(rest);
    }
    return { settlements: out };
  });
}

/** What each producer is owed now: unsettled sales (less returns to deduct), approved but unpaid, paid this (WITA) year. */
export function owed(store: Store, now: number): Promise<{ producers: Owed[] }> {
  const year = businessDate(now).slice(0, 4);
  return store.db.tx(async (tx) => {
    const producers = await tx.all('SELECT id, name, kind, lapas FROM producers ORDER BY name, id');
    const states = await tx.all('SELECT producer_id, state, split, paid_date FROM settlements WHERE state <> ?', ['draft']);
    const out: Owed[] = [];
    for (const p of producers) {
      const { items } = await pendingItems(tx, str(p.id), OPEN_END, false);
      let approvedUnpaid = 0;
      let paidThisYear = 0;
      for (const s of states) {
        if (str(s.producer_id) !== str(p.id)) continue;
        const payable = splitSchema.parse(JSON.parse(str(s.split))).payable;
        if (str(s.state) === 'approved') approvedUnpaid += payable;
        else if (str(s.paid_date).startsWith(year)) paidThisYear += payable;
      }
      out.push({
        producerId: str(p.id),
        name: str(p.name),
        kind: str(p.kind) === 'lapas' ? 'lapas' : 'umkm',
        lapas: optStr(p.lapas),
        unsettledLines: items.filter((i) => i.kind === 'sale').length,
        unsettled: items.reduce((s, i) => s + i.amount, 0),
        approvedUnpaid,
        paidThisYear,
      });
    }
    return { producers: out };
  });
}

// ------------------------------------------------------------------ writes

export function createDraft(store: Store, input: { producerId: string; from: string; to: string }, act: Act): Promise<SettlementWithLinks> {
  return store.db.tx(async (tx) => {
    if (!DATE.test(input.from) || !DATE.test(input.to) || input.from > input.to) throw new Refusal('invalid', E.periodInvalid, `period ${input.from}..${input.to}: the start must be on or before the end`, 'from');
    const producer = await producerOrRefuse(tx, input.producerId);
    const [open] = await tx.all("SELECT id FROM settlements WHERE producer_id = ? AND state = 'draft'", [producer.id]);
    if (open !== undefined) throw new Refusal('conflict', E.settlementDraftExists, `producer ${producer.id} has a draft settlement already (${str(open.id)}): approve or discard it first`, 'producerId', { id: str(open.id) });
    const { items, receipts } = await pendingItems(tx, producer.id, input.to);
    if (items.length === 0) throw new Refusal('conflict', E.settlementEmpty, `nothing of ${producer.id} is left to settle up to ${input.to}`, 'to', { to: input.to });
    const id = `st-${uuidv7(act.at)}`;
    await tx.run('INSERT INTO settlements (id, producer_id, period_from, period_to, state, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)', [id, producer.id, input.from, input.to, 'draft', act.actorId, act.at]);
    let position = 0;
    for (const it of items) {
      if (it.kind === 'correction') continue;
      const term = consignmentTermFor(producer.terms, it.category);
      await tx.run(
        `INSERT INTO settlement_lines (id, settlement_id, kind, sale_line_id, sale_id, return_id, outlet_id, sale_date, item_date, product_id,
           name, category, qty, unit_price, amount, cost, term, note, position) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [`${id}-${position}`, id, it.kind, it.lineId, it.saleId, it.returnId, receipts.get(it.saleId)?.outletId ?? null, it.saleDate, it.date, it.productId, it.name, it.category, it.qty, it.unitPrice, it.amount, it.cost, JSON.stringify(term), null, position],
      );
      position += 1;
    }
    const sales = items.filter((i) => i.kind === 'sale').length;
    await appendAudit(tx, {
      at: act.at,
      action: 'settlement.draft',
      actorId: act.actorId,
      subject: id,
      detail: `settlement draft for ${producer.id}, ${input.from}..${input.to}: ${sales} sold lines, ${items.length - sales} returns`,
      note: auditNote('settlement.drafted', { producerId: producer.id, from: input.from, to: input.to, lines: sales, returns: items.length - sales }),
    });
    return fullSettlement(tx, id);
  });
}

export function addCorrection(store: Store, id: string, input: { name: string; amount: number; note: string }, act: Act): Promise<SettlementWithLinks> {
  return store.db.tx(async (tx) => {
    const row = await settlementRow(tx, id);
    refuseState(row, 'edit');
    const [last] = await tx.all('SELECT MAX(position) AS p FROM settlement_lines WHERE settlement_id = ?', [id]);
    const position = optNum(last?.p) === null ? 0 : num(last?.p) + 1;
    const date = str(row.period_to);
    await tx.run(
      `INSERT INTO settlement_lines (id, settlement_id, kind, sale_date, item_date, name, category, qty, unit_price, amount, note, position)
       VALUES (?, ?, 'correction', ?, ?, ?, '', 0, 0, ?, ?, ?)`,
      [`sc-${uuidv7(act.at)}`, id, date, date, input.name.trim(), input.amount, input.note.trim(), position],
    );
    await appendAudit(tx, {
      at: act.at,
      action: 'settlement.correct',
      actorId: act.actorId,
      subject: id,
      detail: `correction on settlement ${id}: ${input.amount} (${input.note})`,
      note: auditNote('settlement.corrected', { producerId: str(row.producer_id), amount: input.amount, note: input.note }),
    });
    return fullSettlement(tx, id);
  });
}

export function approve(store: Store, id: string, input: { costDecision: string | null }, act: Act): Promise<SettlementWithLinks> {
  return store.db.tx(async (tx) => {
    const row = await settlementRow(tx, id);
    refuseState(row, 'approve');
    const producer = await producerOrRefuse(tx, str(row.producer_id));
    const { split, problems } = splitSettlement(producer, (await itemRows(tx, id)).map(itemOf));
    const noRule = problems.find((p) => p.code === 'no-levy-rule');
    if (noRule) throw new Refusal('conflict', E.settlementNoLevyRule, `${noRule.lineIds.length} lines were sold before the workshop's first levy rule: add a rule valid from their date`, 'items', { lines: noRule.lineIds.length });
    const unknown = problems.find((p) => p.code === 'cost-unknown');
    const decision = (input.costDecision ?? '').trim();
    if (unknown && decision === '') throw new Refusal('conflict', E.settlementCostUnknown, `${unknown.lineIds.length} lines have no HPP under a profit rule: say why they are settled with HPP 0`, 'costDecision', { lines: unknown.lineIds.length });
    await tx.run('UPDATE settlements SET state = ?, split = ?, approved_by = ?, approved_at = ?, cost_decision = ? WHERE id = ?', ['approved', JSON.stringify(split), act.actorId, act.at, unknown ? decision : null, id]);
    await appendAudit(tx, {
      at: act.at,
      action: 'settlement.approve',
      actorId: act.actorId,
      subject: id,
      detail: `settlement ${id} of ${producer.id} approved: gross ${split.gross}, payable ${split.payable}${unknown ? `; ${unknown.lineIds.length} lines without HPP settled with HPP 0: ${decision}` : ''}`,
      note: auditNote('settlement.approved', { producerId: producer.id, from: str(row.period_from), to: str(row.period_to), payable: split.payable, costDecision: unknown ? decision : null }),
    });
    return fullSettlement(tx, id);
  });
}

export function pay(store: Store, id: string, input: PayRequest, act: Act): Promise<SettlementWithLinks> {
  return store.db.tx(async (tx) => {
    const row = await settlementRow(tx, id);
    refuseState(row, 'pay');
    await tx.run('UPDATE settlements SET state = ?, paid_method = ?, paid_reference = ?, paid_date = ?, paid_by = ?, paid_at = ? WHERE id = ?', ['paid', input.method, input.reference.trim(), input.date, act.actorId, act.at, id]);
    const payable = splitSchema.parse(JSON.parse(str(row.split))).payable;
    await appendAudit(tx, {
      at: act.at,
      action: 'settlement.pay',
      actorId: act.actorId,
      subject: id,
      detail: `settlement ${id} paid ${payable} by ${input.method} on ${input.date}, reference ${input.reference}`,
      note: auditNote('settlement.paid', { producerId: str(row.producer_id), amount: payable, method: input.method, reference: input.reference, date: input.date }),
    });
    return fullSettlement(tx, id);
  });
}

export function discard(store: Store, id: string, act: Act): Promise<{ ok: true }> {
  return store.db.tx(async (tx) => {
    const row = await settlementRow(tx, id);
    refuseState(row, 'discard');
    await tx.run('DELETE FROM settlement_lines WHERE settlement_id = ?', [id]);
    await tx.run('DELETE FROM settlements WHERE id = ?', [id]);
    await appendAudit(tx, {
      at: act.at,
      action: 'settlement.discard',
      actorId: act.actorId,
      subject: id,
      detail: `draft settlement ${id} of ${str(row.producer_id)} discarded; its lines are unsettled again`,
      note: auditNote('settlement.discarded', { producerId: str(row.producer_id), from: str(row.period_from), to: str(row.period_to) }),
    });
    return { ok: true as const };
  });
}

// ------------------------------------------------------------------ PNBP and premi

/** Approved and paid settlements of a Lapas's workshops whose period lies inside [from, to]. */
async function lapasSettlements(tx: SqlTx, lapas: string, from: string, to: string): Promise<PnbpRecord['settlements']> {
  const rows = await tx.all(
    `SELECT s.id, s.period_from, s.period_to, s.split, p.name FROM settlements s JOIN producers p ON p.id = s.producer_id
      WHERE p.lapas = ? AND s.state <> 'draft' AND s.period_from >= ? AND s.period_to <= ? ORDER BY s.period_from, p.name, s.id`,
    [lapas, from, to],
  );
  return rows.map((r) => ({ id: str(r.id), producerName: str(r.name), from: str(r.period_from), to: str(r.period_to), pnbp: splitSchema.parse(JSON.parse(str(r.split))).pnbp ?? 0 }));
}

export function getPnbp(store: Store, q: { lapas: string; from: string; to: string }): Promise<PnbpRecord> {
  return store.db.tx(async (tx) => {
    const settlements = await lapasSettlements(tx, q.lapas, q.from, q.to);
    const [rec] = await tx.all('SELECT d.*, u.name AS updated_name FROM pnbp_deposits d LEFT JOIN users u ON u.id = d.updated_by WHERE lapas = ? AND period_from = ? AND period_to = ?', [q.lapas, q.from, q.to]);
    return {
      ...q,
      amount: settlements.reduce((s, x) => s + x.pnbp, 0),
      settlements,
      kodeBilling: rec ? str(rec.kode_billing) : '',
      billingExpires: rec ? optStr(rec.billing_expires) : null,
      kodeAkun: rec ? str(rec.kode_akun) : '',
      ntpn: rec ? str(rec.ntpn) : '',
      paidDate: rec ? optStr(rec.paid_date) : null,
      updatedBy: rec ? (optStr(rec.updated_name) ?? str(rec.updated_by)) : null,
    };
  });
}

export async function savePnbp(store: Store, w: PnbpWrite, act: Act): Promise<PnbpRecord> {
  const kodeBilling = w.kodeBilling.trim();
  const ntpn = w.ntpn.trim().toUpperCase();
  if (!DATE.test(w.from) || !DATE.test(w.to) || w.from > w.to) throw new Refusal('invalid', E.periodInvalid, 'the period start must be on or before its end', 'from');
  if (kodeBilling !== '' && !isKodeBilling(kodeBilling)) throw new Refusal('invalid', E.kodeBillingInvalid, 'a SIMPONI Kode Billing is 15 digits', 'kodeBilling');
  if (ntpn !== '' && !isNtpn(ntpn)) throw new Refusal('invalid', E.ntpnInvalid, 'an NTPN is 16 letters and digits', 'ntpn');
  if (ntpn !== '' && w.paidDate === null) throw new Refusal('invalid', E.ntpnInvalid, 'an NTPN comes with the date it was paid', 'paidDate');
  await store.db.tx(async (tx) => {
    const amount = (await lapasSettlements(tx, w.lapas, w.from, w.to)).reduce((s, x) => s + x.pnbp, 0);
    await tx.run('DELETE FROM pnbp_deposits WHERE lapas = ? AND period_from = ? AND period_to = ?', [w.lapas, w.from, w.to]);
    await tx.run(
      'INSERT INTO pnbp_deposits (lapas, period_from, period_to, amount, kode_billing, billing_expires, kode_akun, ntpn, paid_date, updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      [w.lapas, w.from, w.to, amount, kodeBilling, w.billingExpires, w.kodeAkun.trim(), ntpn, w.paidDate, act.actorId, act.at],
    );
    await appendAudit(tx, {
      at: act.at,
      action: 'pnbp.record',
      actorId: act.actorId,
      subject: `${w.lapas} ${w.from}..${w.to}`,
      detail: `PNBP of ${w.lapas} for ${w.from}..${w.to}: ${amount}, Kode Billing ${kodeBilling || '-'}, NTPN ${ntpn || '-'}`,
      note: auditNote('pnbp.recorded', { lapas: w.lapas, from: w.from, to: w.to, amount, kodeBilling, ntpn }),
    });
  });
  return getPnbp(store, w);
}

const PREMI_HEAD = ['Periode dari', 'Periode sampai', 'No. penyelesaian', 'Disetujui', 'Penjualan', 'HPP', 'Premi', 'PNBP', 'Modal', 'Dibayar'];

/** A workshop's premi ledger: one row per approved or paid settlement in the period, for the Lapas' own books. */
export function premiLedger(store: Store, q: { producerId: string; from: string; to: string }, format: 'csv' | 'xlsx'): Promise<Buffer> {
  return store.db.tx(async (tx) => {
    const producer = await producerOrRefuse(tx, q.producerId);
    const rows = await tx.all("SELECT * FROM settlements WHERE producer_id = ? AND state <> 'draft' AND period_from >= ? AND period_to <= ? ORDER BY period_from, id", [producer.id, q.from, q.to]);
    const body = rows.map((r) => {
      const s = splitSchema.parse(JSON.parse(str(r.split)));
      return [str(r.period_from), str(r.period_to), str(r.id), businessDate(num(r.approved_at)), s.gross, s.hpp ?? 0, s.premi ?? 0, s.pnbp ?? 0, s.modal ?? 0, optStr(r.paid_date)];
    });
    const total = ['Jumlah', '', '', '', ...[4, 5, 6, 7, 8].map((i) => body.reduce((a, r) => a + Number(r[i] ?? 0), 0)), ''];
    const sheet = [PREMI_HEAD, ...body, total];
    return format === 'csv' ? writeCsv(sheet) : writeXlsx(sheet, 'Premi');
  });
}
