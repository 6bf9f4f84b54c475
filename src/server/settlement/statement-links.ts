// Share links of a statement: what lets a producer, who has no account, open
// the one statement an admin sent them. The token is 256 random bits and the
// server keeps its SHA-256 only (accounts/tokens.ts), so the database alone
// opens nothing; it reads that settlement and nothing else, expires after
// STATEMENT_LINK_DAYS and is revoked by an admin. A draft is never shared.
import { uuidv7 } from '../../domain/id.ts';
import { settlementShareable, statementHeading, type SettlementState } from '../../domain/settlement.ts';
import { auditNote } from '../../protocol/audit-notes.ts';
import { SETTLEMENT_ERROR_CODES as E } from '../../protocol/errors.ts';
import { STATEMENT_LINK_DAYS, STATEMENT_PAGE_PREFIX, statementTokenSchema, type MadeLink, type SharedStatement, type StatementLink } from '../../protocol/settlement.ts';
import { appendAudit } from '../accounts/audit.ts';
import { newSecret, sha256 } from '../accounts/tokens.ts';
import { adminOutletOf } from '../catalog/catalog-admin.ts';
import { Refusal } from '../refusal.ts';
import { num, optNum, str, type Row, type SqlTx } from '../store/db.ts';

const DAY_MS = 86_400_000;

function linkOf(r: Row, names: ReadonlyMap<string, string>): StatementLink {
  return {
    id: str(r.id),
    createdBy: names.get(str(r.created_by)) ?? str(r.created_by),
    createdAt: num(r.created_at),
    expiresAt: num(r.expires_at),
    revokedAt: optNum(r.revoked_at),
    opens: num(r.opens),
    lastOpenedAt: optNum(r.last_opened_at),
  };
}

/** The settlement's links, newest first. */
export async function linksOf(tx: SqlTx, settlementId: string, names: ReadonlyMap<string, string>): Promise<StatementLink[]> {
  return (await tx.all('SELECT * FROM statement_links WHERE settlement_id = ? ORDER BY created_at DESC, id DESC', [settlementId])).map((r) => linkOf(r, names));
}

/** A new link for an approved or paid settlement (`row`, read in this transaction), with its audit entry. */
export async function makeLink(tx: SqlTx, row: Row, actorId: string, at: number, names: ReadonlyMap<string, string>): Promise<MadeLink> {
  const state = str(row.state) as SettlementState;
  const id = str(row.id);
  if (!settlementShareable(state)) throw new Refusal('conflict', E.settlementNotShareable, `settlement ${id} is a draft: approve it before sharing its statement`, 'state', { state });
  const token = newSecret();
  const linkId = uuidv7(at);
  const expiresAt = at + STATEMENT_LINK_DAYS * DAY_MS;
  await tx.run('INSERT INTO statement_links (id, settlement_id, token_hash, created_by, created_at, expires_at, revoked_at, revoked_by, opens, last_opened_at) VALUES (?, ?, ?, ?, ?, ?, NULL, NULL, 0, NULL)', [
    linkId,
    id,
    sha256(token),
    actorId,
    at,
    expiresAt,
  ]);
  await appendAudit(tx, {
    at,
    action: 'settlement.share',
    actorId,
    subject: id,
    detail: `share link ${linkId} of settlement ${id} made for its producer ${str(row.producer_id)}, open until ${new Date(expiresAt).toISOString()}`,
    note: auditNote('settlement.shared', { producerId: str(row.producer_id), from: str(row.period_from), to: str(row.period_to), expiresAt }),
  });
  const [made] = await tx.all('SELECT * FROM statement_links WHERE id = ?', [linkId]);
  if (made === undefined) throw new Error(`share link ${linkId} was not stored`);
  return { link: linkOf(made, names), token, path: `${STATEMENT_PAGE_PREFIX}${token}` };
}

/** Revokes every live link of the settlement (`row`); audited when there was one. */
export async function revokeLinks(tx: SqlTx, row: Row, actorId: string, at: number): Promise<number> {
  const id = str(row.id);
  const live = await tx.all('SELECT id FROM statement_links WHERE settlement_id = ? AND revoked_at IS NULL AND expires_at > ?', [id, at]);
  if (live.length === 0) return 0;
  await tx.run('UPDATE statement_links SET revoked_at = ?, revoked_by = ? WHERE settlement_id = ? AND revoked_at IS NULL AND expires_at > ?', [at, actorId, id, at]);
  await appendAudit(tx, {
    at,
    action: 'settlement.share-revoke',
    actorId,
    subject: id,
    detail: `${live.length} share link(s) of settlement ${id} revoked; the producer's page answers 410 from now`,
    note: auditNote('settlement.share-revoked', { producerId: str(row.producer_id), from: str(row.period_from), to: str(row.period_to), links: live.length }),
  });
  return live.length;
}

export type LinkState = { kind: 'open'; settlementId: string; linkId: string; expiresAt: number } | { kind: 'unknown' } | { kind: 'expired'; at: number } | { kind: 'revoked'; at: number };

/** What a token opens now. A token of the wrong form is unknown without a read. */
export async function linkState(tx: SqlTx, token: string, now: number): Promise<LinkState> {
  if (!statementTokenSchema.safeParse(token).success) return { kind: 'unknown' };
  const [r] = await tx.all('SELECT id, settlement_id, expires_at, revoked_at FROM statement_links WHERE token_hash = ?', [sha256(token)]);
  if (r === undefined) return { kind: 'unknown' };
  const revokedAt = optNum(r.revoked_at);
  if (revokedAt !== null) return { kind: 'revoked', at: revokedAt };
  const expiresAt = num(r.expires_at);
  if (expiresAt <= now) return { kind: 'expired', at: expiresAt };
  return { kind: 'open', settlementId: str(r.settlement_id), linkId: str(r.id), expiresAt };
}

/** The refusal a producer's page words for a link that opens nothing. */
export function linkRefusal(state: Exclude<LinkState, { kind: 'open' }>): Refusal {
  switch (state.kind) {
    case 'unknown':
      return new Refusal('not-found', E.statementLinkUnknown, 'no statement has this link: check that it was copied whole, or ask the store for a new one', 'token');
    case 'expired':
      return new Refusal('gone', E.statementLinkExpired, `this link expired on ${new Date(state.at).toISOString()}: ask the store for a new one`, 'token', { expiredAt: state.at });
    case 'revoked':
      return new Refusal('gone', E.statementLinkRevoked, `the store revoked this link on ${new Date(state.at).toISOString()}: ask the store for a new one`, 'token', { revokedAt: state.at });
  }
}

/** Counts an opening of an open link; the store's heading for the page. */
export async function openedThrough(tx: SqlTx, linkId: string, now: number): Promise<SharedStatement['store']> {
  await tx.run('UPDATE statement_links SET opens = opens + 1, last_opened_at = ? WHERE id = ?', [now, linkId]);
  return statementHeading((await tx.all('SELECT * FROM outlets ORDER BY id')).map(adminOutletOf));
}
