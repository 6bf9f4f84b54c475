// The admin's outlets and producers: each write is one transaction with its
// audit entry (before and after) and a new catalog version, so every device
// of the outlet pulls the change (sync rule 12). The rules are the domain's,
// run here again whatever the screen checked.
import { normalizeOutlet, outletProblems, type OutletInput } from '../../domain/outlet-rules.ts';
import { DEFAULT_OUTLET_SETTINGS, type OutletSettings } from '../../domain/outlet-settings.ts';
import { producerProblems, rewrittenLevyRules, sortedLevyRules, type LevyRule, type ProducerInput } from '../../domain/producer.ts';
import { businessDate } from '../../domain/time.ts';
import { outletSettingsSchema } from '../../protocol/common.ts';
import { payoutAccountSchema, producerWriteSchema, type AdminOutlet, type AdminProducer, type CreateOutletRequest, type CreateProducerRequest, type OutletWrite, type ProducerWrite } from '../../protocol/catalog-admin.ts';
import { CATALOG_ADMIN_ERROR_CODES as E, type ErrorCode } from '../../protocol/errors.ts';
import { appendAudit } from '../accounts/audit.ts';
import { Refusal } from '../refusal.ts';
import { num, optStr, str, type Row, type SqlTx } from '../store/db.ts';
import { bumpVersion } from '../store/sql.ts';
import type { Store } from '../store/store.ts';
import { auditNote } from '../../protocol/audit-notes.ts';

/** The outlet's stored settings; an outlet never saved by an admin shows the defaults with its own name on the receipt. */
function settingsOf(r: Row): { settings: OutletSettings; fromServer: boolean } {
  const raw = optStr(r.settings);
  if (raw === null) return { settings: { ...DEFAULT_OUTLET_SETTINGS, receiptName: str(r.name) }, fromServer: false };
  return { settings: outletSettingsSchema.parse(JSON.parse(raw)), fromServer: true };
}

export function adminOutletOf(r: Row): AdminOutlet {
  return {
    id: str(r.id),
    name: str(r.name),
    kind: str(r.kind) as AdminOutlet['kind'],
    address: str(r.address),
    active: num(r.active) === 1,
    startDate: optStr(r.start_date),
    endDate: optStr(r.end_date),
    homeOutletId: optStr(r.home_outlet_id),
    lapas: optStr(r.lapas),
    discountLimitBp: num(r.discount_limit_bp),
    settings: settingsOf(r).settings,
    version: num(r.version),
  };
}

const refuse = (problem: { code: ErrorCode; field: string } & Record<string, unknown>, what: string): never => {
  const params: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(problem)) if (k !== 'code' && k !== 'field' && (typeof v === 'string' || typeof v === 'number')) params[k] = v;
  // The words say percent; the rule speaks basis points.
  if (typeof problem.sumBp === 'number') params.sum = String(problem.sumBp / 100);
  throw new Refusal('invalid', problem.code, `${what}: ${problem.code} (${problem.field})`, problem.field, params);
};

async function outletRow(tx: SqlTx, outletId: string): Promise<Row | null> {
  const [row] = await tx.all('SELECT * FROM outlets WHERE id = ?', [outletId]);
  return row ?? null;
}

async function checkOutlet(tx: SqlTx, input: OutletInput): Promise<OutletInput> {
  const o = normalizeOutlet(input);
  const [problem] = outletProblems(o);
  if (problem) refuse(problem, `outlet ${o.id} refused`);
  if (o.kind === 'booth' && o.homeOutletId !== null) {
    const home = await outletRow(tx, o.homeOutletId);
    // A booth's stock comes from a store or showroom and goes back there; a booth of a booth has nowhere to return to.
    if (home === null || str(home.kind) === 'booth') {
      throw new Refusal('invalid', E.homeOutletUnknown, `home outlet ${o.homeOutletId} is not a store or showroom`, 'homeOutletId', { homeOutletId: o.homeOutletId });
    }
  }
  return o;
}

const outletParams = (o: OutletInput, v: number) => [
  o.name,
  o.kind,
  o.address,
  o.active ? 1 : 0,
  o.startDate,
  o.endDate,
  o.homeOutletId,
  o.lapas,
  o.discountLimitBp,
  JSON.stringify(o.settings),
  v,
];

/** Fields that changed, `field: before -> after`, for the log; settings by their own names. */
/** The changed fields' keys (settings' own keys flattened), for the audit note. */
function changedKeys(what: readonly string[]): string {
  return what.map((w) => w.slice(0, w.indexOf(':'))).join(',');
}

function changes(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (key === 'version' || key === 'productCount') continue;
    const b = before[key];
    const a = after[key];
    if (key === 'settings' && typeof b === 'object' && typeof a === 'object' && b !== null && a !== null) {
      out.push(...changes(b as Record<string, unknown>, a as Record<string, unknown>));
      continue;
    }
    if (JSON.stringify(b) !== JSON.stringify(a)) out.push(`${key}: ${JSON.stringify(b ?? null)} -> ${JSON.stringify(a ?? null)}`);
  }
  return out;
}

export function listOutlets(store: Store): Promise<AdminOutlet[]> {
  return store.db.tx(async (tx) => (await tx.all('SELECT * FROM outlets ORDER BY id')).map(adminOutletOf));
}

export function createOutlet(store: Store, input: CreateOutletRequest, actorId: string, at: number): Promise<AdminOutlet> {
  return store.db.tx(async (tx) => {
    const o = await checkOutlet(tx, input);
    if (await outletRow(tx, o.id)) throw new Refusal('conflict', E.outletIdTaken, `an outlet ${o.id} exists already`, 'id', { id: o.id });
    const v = await bumpVersion(tx);
    await tx.run(
      `INSERT INTO outlets (name, kind, address, active, start_date, end_date, home_outlet_id, lapas, discount_limit_bp, settings, version, id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [...outletParams(o, v), o.id],
    );
    const created = adminOutletOf((await outletRow(tx, o.id)) as Row);
    await appendAudit(tx, {
      at,
      action: 'outlet.create',
      actorId,
      outletId: o.id,
      subject: o.id,
      detail: `created ${o.kind} ${JSON.stringify(o.name)}: ${changes({}, created).join('; ')}`,
      note: auditNote('outlet.created', { name: o.name, kind: o.kind }),
    });
    return created;
  });
}

export function updateOutlet(store: Store, outletId: string, input: OutletWrite, actorId: string, at: number): Promise<AdminOutlet> {
  return store.db.tx(async (tx) => {
    const row = await outletRow(tx, outletId);
    if (row === null) throw new Refusal('not-found', 'not-found', `no outlet ${outletId}`, 'outletId');
    const before = adminOutletOf(row);
    const o = await checkOutlet(tx, { ...input, id: outletId });
    const v = await bumpVersion(tx);
    await tx.run(
      `UPDATE outlets SET name = ?, kind = ?, address = ?, active = ?, start_date = ?, end_date = ?, home_outlet_id = ?, lapas = ?,
         discount_limit_bp = ?, settings = ?, version = ? WHERE id = ?`,
      [...outletParams(o, v), outletId],
    );
    const after = adminOutletOf((await outletRow(tx, outletId)) as Row);
    const what = changes(before, after);
    await appendAudit(tx, {
      at,
      action: 'outlet.update',
      actorId,
      outletId,
      subject: outletId,
      detail: what.length > 0 ? what.join('; ') : 'saved without changes',
      note: auditNote('outlet.changed', { name: after.name, fields: changedKeys(what) }),
    });
    return after;
  });
}

// ---------------------------------------------------------------- producers

async function producerRow(tx: SqlTx, producerId: string): Promise<Row | null> {
  const [row] = await tx.all('SELECT * FROM producers WHERE id = ?', [producerId]);
  return row ?? null;
}

async function levyRulesOf(tx: SqlTx, producerIds: readonly string[] | null): Promise<Map<string, LevyRule[]>> {
  const rows = producerIds === null ? await tx.all('SELECT * FROM producer_levy_rules ORDER BY valid_from') : await tx.all('SELECT * FROM producer_levy_rules WHERE producer_id = ? ORDER BY valid_from', [producerIds[0] ?? '']);
  const out = new Map<string, LevyRule[]>();
  for (const r of rows) {
    const list = out.get(str(r.producer_id)) ?? [];
    list.push({ validFrom: str(r.valid_from), premiBp: num(r.premi_bp), pnbpBp: num(r.pnbp_bp), modalBp: num(r.modal_bp), base: str(r.base) as LevyRule['base'], source: str(r.source) });
    out.set(str(r.producer_id), list);
  }
  return out;
}

const DEFAULT_TERMS: ProducerWrite['terms'] = { default: { kind: 'fee', bp: 0 }, byCategory: [] };

function adminProducerOf(r: Row, rules: LevyRule[], productCount: number): AdminProducer {
  const payout = optStr(r.payout);
  const terms = optStr(r.terms);
  return {
    id: str(r.id),
    name: str(r.name),
    kind: str(r.kind) as AdminProducer['kind'],
    lapas: optStr(r.lapas),
    contactName: str(r.contact_name),
    contactPhone: str(r.contact_phone),
    payout: payout === null ? null : payoutAccountSchema.parse(JSON.parse(payout)),
    receiptLine: optStr(r.receipt_line),
    consignment: num(r.consignment) === 1,
    terms: terms === null ? DEFAULT_TERMS : producerWriteSchema.shape.terms.parse(JSON.parse(terms)),
    levyRules: rules,
    active: num(r.active) === 1,
    version: num(r.version),
    productCount,
  };
}

async function productCounts(tx: SqlTx): Promise<Map<string, number>> {
  const rows = await tx.all('SELECT producer_id, COUNT(*) AS n FROM products GROUP BY producer_id');
  return new Map(rows.map((r) => [str(r.producer_id), num(r.n)]));
}

export async function loadProducer(tx: SqlTx, producerId: string): Promise<AdminProducer | null> {
  const row = await producerRow(tx, producerId);
  if (row === null) return null;
  const [count] = await tx.all('SELECT COUNT(*) AS n FROM products WHERE producer_id = ?', [producerId]);
  return adminProducerOf(row, (await levyRulesOf(tx, [producerId])).get(producerId) ?? [], num(count?.n));
}

function normalizeProducer(p: ProducerInput): ProducerInput {
  return {
    ...p,
    name: p.name.trim(),
    lapas: p.kind === 'lapas' ? (p.lapas ?? '').trim() : null,
    contactName: p.contactName.trim(),
    contactPhone: p.contactPhone.trim(),
    receiptLine: p.receiptLine === null || p.receiptLine.trim() === '' ? null : p.receiptLine.trim(),
    levyRules: sortedLevyRules(p.levyRules).map((r) => ({ ...r, source: r.source.trim() })),
  };
}

async function writeProducer(tx: SqlTx, p: ProducerInput, v: number, insert: boolean): Promise<void> {
  const values = [p.name, p.kind, p.lapas, p.contactName, p.contactPhone, p.payout === null ? null : JSON.stringify(p.payout), p.receiptLine, p.consignment ? 1 : 0, JSON.stringify(p.terms), p.active ? 1 : 0, v, p.id];
  await tx.run(
    insert
      ? 'INSERT INTO producers (name, kind, lapas, contact_name, contact_phone, payout, receipt_line, consignment, terms, active, version, id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'
      : 'UPDATE producers SET name = ?, kind = ?, lapas = ?, contact_name = ?, contact_phone = ?, payout = ?, receipt_line = ?, consignment = ?, terms = ?, active = ?, version = ? WHERE id = ?',
    values,
  );
  await tx.run('DELETE FROM producer_levy_rules WHERE producer_id = ?', [p.id]);
  for (const r of p.levyRules) {
    await tx.run('INSERT INTO producer_levy_rules (producer_id, valid_from, premi_bp, pnbp_bp, modal_bp, base, source) VALUES (?, ?, ?, ?, ?, ?, ?)', [p.id, r.validFrom, r.premiBp, r.pnbpBp, r.modalBp, r.base, r.source]);
  }
}

export function listProducers(store: Store): Promise<AdminProducer[]> {
  return store.db.tx(async (tx) => {
    const [rows, rules, counts] = [await tx.all('SELECT * FROM producers ORDER BY name, id'), await levyRulesOf(tx, null), await productCounts(tx)];
    return rows.map((r) => adminProducerOf(r, rules.get(str(r.id)) ?? [], counts.get(str(r.id)) ?? 0));
  });
}

export function createProducer(store: Store, input: CreateProducerRequest, actorId: string, at: number): Promise<AdminProducer> {
  return store.db.tx(async (tx) => {
    const p = normalizeProducer(input);
    const [problem] = producerProblems(p);
    if (problem) refuse(problem, `producer ${p.id} refused`);
    if (await producerRow(tx, p.id)) throw new Refusal('conflict', E.producerIdTaken, `a producer ${p.id} exists already`, 'id', { id: p.id });
    await writeProducer(tx, p, await bumpVersion(tx), true);
    const created = (await loadProducer(tx, p.id)) as AdminProducer;
    await appendAudit(tx, {
      at,
      action: 'producer.create',
      actorId,
      subject: p.id,
      detail: `created ${p.kind} ${JSON.stringify(p.name)}: ${changes({}, created).join('; ')}`,
      note: auditNote('producer.created', { name: p.name, kind: p.kind }),
    });
    return created;
  });
}

export function updateProducer(store: Store, producerId: string, input: ProducerWrite, actorId: string, at: number): Promise<AdminProducer> {
  return store.db.tx(async (tx) => {
    const before = await loadProducer(tx, producerId);
    if (before === null) throw new Refusal('not-found', 'not-found', `no producer ${producerId}`, 'producerId');
    const p = normalizeProducer({ ...input, id: producerId });
    const [problem] = producerProblems(p);
    if (problem) refuse(problem, `producer ${producerId} refused`);
    // Sales were made under a rule in force: settlement must find it as it was.
    const [rewritten] = rewrittenLevyRules(before.levyRules, p.levyRules, businessDate(at));
    if (rewritten !== undefined) {
      throw new Refusal('conflict', E.levyRuleInForce, `the levy rule valid from ${rewritten} is in force and cannot be changed or removed; add a rule with a later date`, 'levyRules', { date: rewritten });
    }
    await writeProducer(tx, p, await bumpVersion(tx), false);
    const after = (await loadProducer(tx, producerId)) as AdminProducer;
    const what = changes(before, after);
    await appendAudit(tx, {
      at,
      action: 'producer.update',
      actorId,
      subject: producerId,
      detail: what.length > 0 ? what.join('; ') : 'saved without changes',
      note: auditNote('producer.changed', { name: after.name, fields: changedKeys(what) }),
    });
    return after;
  });
}
