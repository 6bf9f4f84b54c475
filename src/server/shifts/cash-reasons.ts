// The reasons Kas Masuk / Kas Keluar may give, as an admin keeps them: the
// built-in ones a fresh install has (migrations) and those added since. A
// reason is taken off the list, never deleted: movements name it, and one
// made offline with it still lands. Each change is audited.
import { directionsLeftBare } from '../../domain/cash-reasons.ts';
import type { CashReasonDirection } from '../../domain/shift.ts';
import { auditNote } from '../../protocol/audit-notes.ts';
import { CASH_REASON_ERROR_CODES as E } from '../../protocol/errors.ts';
import type { CashReason, CashReasonCreate, CashReasonWrite } from '../../protocol/shift.ts';
import { appendAudit } from '../accounts/audit.ts';
import { Refusal } from '../refusal.ts';
import { num, str, type Row, type SqlTx } from '../store/db.ts';
import { bumpVersion } from '../store/sql.ts';
import type { Store } from '../store/store.ts';

function reasonOf(r: Row): CashReason {
  return {
    code: str(r.code),
    label: str(r.label),
    labelEn: str(r.label_en),
    direction: str(r.direction) as CashReasonDirection,
    builtin: num(r.builtin) === 1,
    active: num(r.active) === 1,
  };
}

/**
 * Every reason, offered or not, built-in first. The pull sends them whole: a
 * handful of rows, and a device that pulled before a reason had its English
 * label (or before it pulled reasons at all) gets them without a full pull.
 */
export async function cashReasons(tx: SqlTx): Promise<CashReason[]> {
  return (await tx.all('SELECT * FROM cash_reasons ORDER BY builtin DESC, label, code')).map(reasonOf);
}

export function listCashReasons(store: Store): Promise<CashReason[]> {
  return store.db.tx((tx) => cashReasons(tx));
}

/** Refuses a change that leaves Kas Masuk or Kas Keluar with nothing to pick. */
function keepOneOffered(all: readonly CashReason[], after: CashReason): void {
  const [bare] = directionsLeftBare(all, after);
  if (bare === undefined) return;
  const words = bare === 'in' ? 'Kas Masuk' : 'Kas Keluar';
  throw new Refusal('conflict', E.cashReasonLastOffered, `${words} would have no reason left to offer; add or turn on another first`, 'active', { direction: bare });
}

const describe = (r: CashReason | null): string => (r === null ? 'none' : `${r.label} / ${r.labelEn || '-'} (${r.direction}${r.active ? '' : ', not offered'})`);

export function createCashReason(store: Store, input: CashReasonCreate, actorId: string, at: number): Promise<CashReason> {
  return store.db.tx(async (tx) => {
    const all = await cashReasons(tx);
    if (all.some((r) => r.code === input.code)) throw new Refusal('conflict', E.cashReasonCodeTaken, `a cash reason ${input.code} exists already`, 'code', { code: input.code });
    const after: CashReason = { code: input.code, label: input.label, labelEn: input.labelEn, direction: input.direction, builtin: false, active: input.active };
    keepOneOffered(all, after);
    // Versioned like the catalog, so a device's pull sees that something changed.
    const version = await bumpVersion(tx);
    await tx.run('INSERT INTO cash_reasons (code, label, label_en, direction, builtin, active, created_at, version) VALUES (?, ?, ?, ?, 0, ?, ?, ?)', [
      after.code,
      after.label,
      after.labelEn,
      after.direction,
      after.active ? 1 : 0,
      at,
      version,
    ]);
    await appendAudit(tx, {
      at,
      action: 'cash-reason.create',
      actorId,
      subject: `cash reason ${after.code}`,
      detail: `none -> ${describe(after)}`,
      note: auditNote('cash-reason.saved', { code: after.code, label: after.label, direction: after.direction, active: after.active, created: true, fields: '' }),
    });
    return after;
  });
}

export function updateCashReason(store: Store, code: string, input: CashReasonWrite, actorId: string, at: number): Promise<CashReason> {
  return store.db.tx(async (tx) => {
    const all = await cashReasons(tx);
    const before = all.find((r) => r.code === code);
    if (before === undefined) throw new Refusal('not-found', 'not-found', `no cash reason ${code}`, 'code');
    const after: CashReason = { ...before, label: input.label, labelEn: input.labelEn, direction: input.direction, active: input.active };
    keepOneOffered(all, after);
    const fields = (['label', 'labelEn', 'direction', 'active'] as const).filter((k) => before[k] !== after[k]);
    if (fields.length === 0) return before;
    const version = await bumpVersion(tx);
    await tx.run('UPDATE cash_reasons SET label = ?, label_en = ?, direction = ?, active = ?, version = ? WHERE code = ?', [
      after.label,
      after.labelEn,
      after.direction,
      after.active ? 1 : 0,
      version,
      code,
    ]);
    await appendAudit(tx, {
      at,
      action: 'cash-reason.update',
      actorId,
      subject: `cash reason ${code}`,
      detail: `${describe(before)} -> ${describe(after)}`,
      note: auditNote('cash-reason.saved', { code, label: after.label, direction: after.direction, active: after.active, created: false, fields: fields.join(',') }),
    });
    return after;
  });
}
