// What an audit entry says happened, as a code with parameters, so the
// admin's screen words it in the reader's language with names instead of
// ids (client/i18n/audit-words.ts). The entry's `detail` keeps an English
// sentence for API clients and for entries written before notes existed.
import { z } from 'zod';
import type { ApprovalKind, Role } from '../domain/approval.ts';
import type { ResolutionAction } from '../domain/flag-resolution.ts';
import { text } from './common.ts';

/** Why a sign-in was refused; the log keeps it, the person signing in is told only "wrong username or password". */
export type SignInRefusal = 'unknown-username' | 'deactivated' | 'no-password' | 'wrong-password';

/** Each note's parameters. Ids stay ids here; the screen turns them into names it knows. */
export interface AuditNoteParams {
  'user.created': { role: Role; name: string; username: string; outletId: string | null; pin: boolean; password: boolean };
  'user.renamed': { username: string; from: string; to: string };
  'user.role-changed': { username: string; from: Role; to: Role };
  'user.outlet-changed': { username: string; from: string | null; to: string | null };
  'user.deactivated': { username: string };
  'user.reactivated': { username: string };
  'user.pin-set': { username: string };
  'user.pin-changed': { username: string };
  'user.password-set': { username: string };
  'user.password-changed': { username: string };
  'user.password-replaced-one-time': Record<string, never>;
  'user.password-changed-own': Record<string, never>;
  'device.registered': { label: string; outletId: string };
  'device.enrolled': { deviceId: string; label: string };
  'device.rotated': { deviceId: string };
  'device.revoked': { label: string; deviceId: string };
  'device.revoked-unused': { label: string };
  'auth.signed-in': { role: Role; from: string };
  'auth.sign-in-refused': { why: SignInRefusal; from: string };
  'auth.signed-out': Record<string, never>;
  'sale.voided': { amount: number; method: string; approverId: string; reason: string };
  'sale.refunded': { amount: number; method: string; approverId: string; reason: string };
  'cart.cleared': { lines: number; items: string; unapproved: number };
  'approval.given': { kind: ApprovalKind; requestedBy: string | null; lineId: string | null; detail: string };
  'approval.forged': { kind: ApprovalKind; approverId: string; lineId: string | null; detail: string };
  'sync.resent-after-restore': { count: number; fromSeq: number; toSeq: number };
  'flag.resolved': { action: ResolutionAction; counted: number | null; delta: number | null; note: string };
  'product.created': { name: string; sku: string; price: number };
  /** `fields`: the changed fields' keys, comma-separated (name, price, story, ...); prices when the price moved. */
  'product.changed': { name: string; sku: string; fields: string; priceFrom: number | null; priceTo: number | null };
  'product.imported': { rows: number; created: number; updated: number; unchanged: number; producersCreated: string };
  'outlet.created': { name: string; kind: string };
  /** `fields`: the changed fields' keys, comma-separated; empty when saved as it was. */
  'outlet.changed': { name: string; fields: string };
  'producer.created': { name: string; kind: string };
  'producer.changed': { name: string; fields: string };
  'label.printed': { name: string; sku: string; price: number };
  'label.skipped': { name: string; sku: string; price: number; reason: string };
  'product.photo-set': { sku: string; width: number; height: number; bytes: number };
  'product.photo-removed': { sku: string };
  'stock.reason-saved': { code: string; label: string; active: boolean; created: boolean };
  'stock.adjusted': { reason: string; lines: number; units: number; approverId: string | null; note: string };
  'stock.counted': { products: number; changed: number; approverId: string };
  'stock.received': { noteNo: string; producerId: string; lines: number; units: number; cost: number };
  'transfer.sent': { toOutletId: string; lines: number; units: number };
  'transfer.received': { fromOutletId: string; units: number; differs: boolean };
  'settlement.drafted': { producerId: string; from: string; to: string; lines: number; returns: number };
  'settlement.discarded': { producerId: string; from: string; to: string };
  'settlement.corrected': { producerId: string; amount: number; note: string };
  /** `costDecision`: why lines without HPP were settled with HPP 0; null when there were none. */
  'settlement.approved': { producerId: string; from: string; to: string; payable: number; costDecision: string | null };
  'settlement.paid': { producerId: string; amount: number; method: string; reference: string; date: string };
  /** A share link made (`expiresAt`, ms), or every live one revoked (`links`, how many). */
  'settlement.shared': { producerId: string; from: string; to: string; expiresAt: number };
  'settlement.share-revoked': { producerId: string; from: string; to: string; links: number };
  'pnbp.recorded': { lapas: string; from: string; to: string; amount: number; kodeBilling: string; ntpn: string };
  'payment.confirmed': { receiptNo: string | null; amount: number | null; reference: string };
  'payment.disputed': { receiptNo: string | null; amount: number | null; note: string };
  /** Tutup Kasir: the Z number and the cash Selisih (counted less expected). */
  'shift.closed': { zNo: number; drawerId: string; counted: number; selisih: number; approverId: string | null };
  'cash.moved': { direction: 'in' | 'out'; amount: number; reason: string; note: string; approverId: string | null };
  /** A Kas Masuk / Kas Keluar reason added or changed; `fields` the changed fields' keys, comma-separated (empty on a create). */
  'cash-reason.saved': { code: string; label: string; direction: string; active: boolean; created: boolean; fields: string };
}

export type AuditNoteCode = keyof AuditNoteParams;
export type AuditNote = { [K in AuditNoteCode]: { code: K; params: AuditNoteParams[K] } }[AuditNoteCode];

/** Every code, so a test can walk them all and find words in both languages. */
export const AUDIT_NOTE_CODES = Object.keys({
  'user.created': 1,
  'user.renamed': 1,
  'user.role-changed': 1,
  'user.outlet-changed': 1,
  'user.deactivated': 1,
  'user.reactivated': 1,
  'user.pin-set': 1,
  'user.pin-changed': 1,
  'user.password-set': 1,
  'user.password-changed': 1,
  'user.password-replaced-one-time': 1,
  'user.password-changed-own': 1,
  'device.registered': 1,
  'device.enrolled': 1,
  'device.rotated': 1,
  'device.revoked': 1,
  'device.revoked-unused': 1,
  'auth.signed-in': 1,
  'auth.sign-in-refused': 1,
  'auth.signed-out': 1,
  'sale.voided': 1,
  'sale.refunded': 1,
  'cart.cleared': 1,
  'approval.given': 1,
  'approval.forged': 1,
  'sync.resent-after-restore': 1,
  'flag.resolved': 1,
  'product.created': 1,
  'product.changed': 1,
  'product.imported': 1,
  'outlet.created': 1,
  'outlet.changed': 1,
  'producer.created': 1,
  'producer.changed': 1,
  'label.printed': 1,
  'label.skipped': 1,
  'product.photo-set': 1,
  'product.photo-removed': 1,
  'stock.reason-saved': 1,
  'stock.adjusted': 1,
  'stock.counted': 1,
  'stock.received': 1,
  'transfer.sent': 1,
  'transfer.received': 1,
  'settlement.drafted': 1,
  'settlement.discarded': 1,
  'settlement.corrected': 1,
  'settlement.approved': 1,
  'settlement.paid': 1,
  'settlement.shared': 1,
  'settlement.share-revoked': 1,
  'pnbp.recorded': 1,
  'payment.confirmed': 1,
  'payment.disputed': 1,
  'shift.closed': 1,
  'cash.moved': 1,
  'cash-reason.saved': 1,
} satisfies Record<AuditNoteCode, 1>) as AuditNoteCode[];

export function auditNote<K extends AuditNoteCode>(code: K, params: AuditNoteParams[K]): AuditNote {
  return { code, params } as AuditNote;
}

/**
 * On the wire the code is any string: a newer server's note this app does
 * not know is shown by its `detail` instead. Values are scalars; text a
 * device sent (a reason, a note) is cut to fit, never refused.
 */
export const auditNoteSchema = z.object({
  code: text().min(1).max(64),
  // An object with additional properties, as the error envelope's params: the document's validators know that form.
  params: z.object({}).catchall(z.union([text().max(1000), z.number(), z.boolean(), z.null()])),
});
export type WireAuditNote = z.infer<typeof auditNoteSchema>;

export function isAuditNoteCode(code: string): code is AuditNoteCode {
  return (AUDIT_NOTE_CODES as readonly string[]).includes(code);
}
