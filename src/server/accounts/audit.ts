// The audit log of privileged acts: appended inside the transaction of the
// act it records (so an act and its entry commit or vanish together), read
// newest first by admins. The database refuses UPDATE and DELETE on it
// (migration 4), so this module has no way to change an entry, by design.
import { auditNoteSchema, type AuditNote } from '../../protocol/audit-notes.ts';
import type { AuditAction, AuditEntry } from '../../protocol/auth.ts';
import { num, optStr, str, type SqlTx } from '../store/db.ts';

export interface AuditInput {
  /** Server clock, epoch ms. */
  at: number;
  action: AuditAction;
  /** The user who did it; null for a device acting alone or the system. */
  actorId?: string | null;
  deviceId?: string | null;
  outletId?: string | null;
  /** What it was done to: a user id, a registration id, a sale id. */
  subject?: string | null;
  /** Words for the admin reading the log, in English. Never a password, PIN or secret. */
  detail: string;
  /** The same as a code with parameters, for the screen to word in the reader's language. */
  note: AuditNote;
}

/** Text parameters cut like the detail: the log must never be the reason an act fails. */
function cleanNote(note: AuditNote): string {
  const params: Record<string, string | number | boolean | null> = {};
  for (const [k, v] of Object.entries(note.params as Record<string, string | number | boolean | null>)) params[k] = typeof v === 'string' ? clean(v, 1000) : v;
  return JSON.stringify({ code: note.code, params });
}

function noteOf(raw: unknown): AuditEntry['note'] {
  if (typeof raw !== 'string') return null;
  try {
    const parsed = auditNoteSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Wire limits of auditEntrySchema; longer text is cut rather than failing the act it records. */
const SUBJECT_MAX = 200;
const DETAIL_MAX = 2000;

/** PostgreSQL text cannot hold U+0000; the log must never be the reason an act fails. */
function clean(text: string, max: number): string {
  const t = text.replaceAll('\u0000', '\\u0000');
  return t.length <= max ? t : `${t.slice(0, max - 1)}…`;
}

/**
 * Appends one entry in `tx` and answers its id. Call it inside the same
 * transaction as the act, so the entry exists exactly when the act does.
 * For push.ts (approvals re-checked on sync): one call per approval or
 * forged approval, with the device and outlet of the sale and the sale id as subject.
 */
export async function appendAudit(tx: SqlTx, entry: AuditInput): Promise<number> {
  const [row] = await tx.all(
    'INSERT INTO audit_log (at, action, actor_id, device_id, outlet_id, subject, detail, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id',
    [
      entry.at,
      entry.action,
      entry.actorId ?? null,
      entry.deviceId ?? null,
      entry.outletId ?? null,
      entry.subject === undefined || entry.subject === null ? null : clean(entry.subject, SUBJECT_MAX),
      clean(entry.detail, DETAIL_MAX),
      cleanNote(entry.note),
    ],
  );
  return num(row?.id);
}


/**
 * Newest first. `before` pages back: only entries with a smaller id. On
 * PostgreSQL ids are handed out at insert and may commit out of order, so an
 * entry committed a moment late can sort below a page already read; the log
 * is for people reading it, not for syncing, so that is accepted.
 */
export async function listAudit(tx: SqlTx, opts: { before?: number | undefined; limit?: number | undefined }): Promise<AuditEntry[]> {
  const limit = Math.min(opts.limit ?? 200, 1000);
  const rows =
    opts.before === undefined
      ? await tx.all('SELECT * FROM audit_log ORDER BY id DESC LIMIT ?', [limit])
      : await tx.all('SELECT * FROM audit_log WHERE id < ? ORDER BY id DESC LIMIT ?', [opts.before, limit]);
  return rows.map((r) => ({
    id: num(r.id),
    at: num(r.at),
    // Only appendAudit writes here, and it takes AuditAction.
    action: str(r.action) as AuditAction,
    actorId: optStr(r.actor_id),
    deviceId: optStr(r.device_id),
    outletId: optStr(r.outlet_id),
    subject: optStr(r.subject),
    detail: str(r.detail),
    note: noteOf(r.note),
  }));
}
