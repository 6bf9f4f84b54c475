// An audit entry's note in the reader's language, with people, devices and
// outlets by name where the admin page knows them. A note this app does not
// know (a newer server) falls back to the entry's English detail.
import { formatRupiah } from '../../domain/money.ts';
import { businessDate } from '../../domain/time.ts';
import type { Role } from '../../domain/approval.ts';
import type { ResolutionAction } from '../../domain/flag-resolution.ts';
import type { PaymentMethod } from '../../domain/payment.ts';
import { isAuditNoteCode, type AuditNote, type SignInRefusal, type WireAuditNote } from '../../protocol/audit-notes.ts';
import { APPROVAL_WORDS } from './server-words.ts';
import type { StringKey } from './strings.ts';
import type { T } from './use-t.ts';
import './audit-strings.ts';

export interface AuditNames {
  user: (id: string) => string;
  device: (id: string) => string;
  outlet: (id: string) => string;
}

const ROLE: Record<Role, StringKey> = { cashier: 'roleCashier', supervisor: 'roleSupervisor', admin: 'roleAdmin' };
const WHY: Record<SignInRefusal, StringKey> = {
  'unknown-username': 'auditWhyUnknownUser',
  deactivated: 'auditWhyDeactivated',
  'no-password': 'auditWhyNoPassword',
  'wrong-password': 'auditWhyWrongPassword',
};
const RESOLUTION: Record<ResolutionAction, StringKey> = {
  accept: 'resolveActionAccept',
  'stock-count': 'resolveActionStockCount',
  'price-note': 'resolveActionPriceNote',
};
/** The product fields an audit note names (server/catalog/products.ts auditView). */
const PRODUCT_FIELD = {
  name: 'auditFieldName',
  sku: 'auditFieldSku',
  barcode: 'auditFieldBarcode',
  category: 'auditFieldCategory',
  producerId: 'auditFieldProducer',
  price: 'auditFieldPrice',
  cost: 'auditFieldCost',
  unit: 'auditFieldUnit',
  tax: 'auditFieldTax',
  active: 'auditFieldActive',
  consigned: 'auditFieldConsigned',
  story: 'auditFieldStory',
  storyOnReceipt: 'auditFieldStoryOnReceipt',
} as const satisfies Record<string, StringKey>;
type ProductField = keyof typeof PRODUCT_FIELD;

const METHOD: Record<PaymentMethod, StringKey> = { cash: 'cash', qris: 'qris', card: 'card', transfer: 'transfer' };

function method(t: T, m: string): string {
  return m in METHOD ? t(METHOD[m as PaymentMethod]) : m;
}

/** Words for one note; `note` came from the server, so its parameters are checked against the code's shape at compile time only. */
export function auditNoteWords(t: T, note: AuditNote, n: AuditNames): string {
  const outlet = (id: string | null) => (id === null ? t('auditEveryOutlet') : n.outlet(id));
  const line = (id: string | null) => (id === null ? '' : t('auditOnLine', { line: id }));
  switch (note.code) {
    case 'user.created': {
      const p = note.params;
      const pin = t(p.pin ? 'auditPinYes' : 'auditPinNo');
      const password = t(p.password ? 'auditPasswordYes' : 'auditPasswordNo');
      return t('auditNoteUserCreated', { role: t(ROLE[p.role]), name: p.name, username: p.username, outlet: outlet(p.outletId), pin, password });
    }
    case 'user.renamed':
      return t('auditNoteUserRenamed', note.params);
    case 'user.role-changed':
      return t('auditNoteUserRole', { username: note.params.username, from: t(ROLE[note.params.from]), to: t(ROLE[note.params.to]) });
    case 'user.outlet-changed':
      return t('auditNoteUserOutlet', { username: note.params.username, from: outlet(note.params.from), to: outlet(note.params.to) });
    case 'user.deactivated':
      return t('auditNoteUserDeactivated', note.params);
    case 'user.reactivated':
      return t('auditNoteUserReactivated', note.params);
    case 'user.pin-set':
      return t('auditNotePinSet', note.params);
    case 'user.pin-changed':
      return t('auditNotePinChanged', note.params);
    case 'user.password-set':
      return t('auditNotePasswordSet', note.params);
    case 'user.password-changed':
      return t('auditNotePasswordChanged', note.params);
    case 'user.password-replaced-one-time':
      return t('auditNotePasswordOneTime');
    case 'user.password-changed-own':
      return t('auditNotePasswordOwn');
    case 'device.registered':
      return t('auditNoteDeviceRegistered', { label: note.params.label, outlet: outlet(note.params.outletId) });
    case 'device.enrolled':
      return t('auditNoteDeviceEnrolled', { label: note.params.label, device: note.params.deviceId });
    case 'device.rotated':
      return t('auditNoteDeviceRotated', { device: n.device(note.params.deviceId) });
    case 'device.revoked':
      return t('auditNoteDeviceRevoked', { label: note.params.label, device: note.params.deviceId });
    case 'device.revoked-unused':
      return t('auditNoteDeviceRevokedUnused', note.params);
    case 'auth.signed-in':
      return t('auditNoteSignedIn', { role: t(ROLE[note.params.role]), from: note.params.from });
    case 'auth.sign-in-refused':
      return t('auditNoteSignInRefused', { why: t(WHY[note.params.why]), from: note.params.from });
    case 'auth.signed-out':
      return t('auditNoteSignedOut');
    case 'sale.voided':
    case 'sale.refunded': {
      const p = note.params;
      const words = { amount: formatRupiah(p.amount), method: method(t, p.method), approver: n.user(p.approverId), reason: p.reason };
      return t(note.code === 'sale.voided' ? 'auditNoteSaleVoided' : 'auditNoteSaleRefunded', words);
    }
    case 'cart.cleared': {
      const p = note.params;
      const base = t('auditNoteCartCleared', { lines: p.lines, items: p.items });
      return p.unapproved === 0 ? base : `${base} ${t('auditNoteCartUnapproved', { n: p.unapproved })}`;
    }
    case 'approval.given': {
      const p = note.params;
      const who = p.requestedBy === null ? t('auditSomeone') : n.user(p.requestedBy);
      return t('auditNoteApprovalGiven', { kind: t(APPROVAL_WORDS[p.kind]), who, line: line(p.lineId), detail: p.detail });
    }
    case 'approval.forged': {
      const p = note.params;
      return t('auditNoteApprovalForged', { kind: t(APPROVAL_WORDS[p.kind]), approver: n.user(p.approverId), line: line(p.lineId), detail: p.detail });
    }
    case 'sync.resent-after-restore':
      return t('auditNoteResent', note.params);
    case 'product.created':
      return t('auditNoteProductCreated', { name: note.params.name, sku: note.params.sku, price: formatRupiah(note.params.price) });
    case 'product.changed': {
      const p = note.params;
      const fields = p.fields
        .split(',')
        .filter((f) => f !== '')
        .map((f) => (f in PRODUCT_FIELD ? t(PRODUCT_FIELD[f as ProductField]) : f))
        .join(', ');
      const base = t('auditNoteProductChanged', { name: p.name, sku: p.sku, fields });
      return p.priceFrom === null || p.priceTo === null ? base : `${base} ${t('auditNotePriceMoved', { from: formatRupiah(p.priceFrom), to: formatRupiah(p.priceTo) })}`;
    }
    case 'product.imported': {
      const p = note.params;
      const base = t('auditNoteProductImported', { rows: p.rows, created: p.created, updated: p.updated, unchanged: p.unchanged });
      return p.producersCreated === '' ? base : `${base} ${t('auditNoteProducersCreated', { names: p.producersCreated })}`;
    }
    case 'outlet.created':
      return t('auditNoteOutletCreated', note.params);
    case 'outlet.changed':
      return note.params.fields === '' ? t('auditNoteSavedUnchanged', note.params) : t('auditNoteOutletChanged', { ...note.params, fields: note.params.fields.replaceAll(',', ', ') });
    case 'producer.created':
      return t('auditNoteProducerCreated', note.params);
    case 'producer.changed':
      return note.params.fields === '' ? t('auditNoteSavedUnchanged', note.params) : t('auditNoteProducerChanged', { ...note.params, fields: note.params.fields.replaceAll(',', ', ') });
    case 'label.printed':
      return t('auditNoteLabelPrinted', { name: note.params.name, sku: note.params.sku, price: formatRupiah(note.params.price) });
    case 'label.skipped':
      return t('auditNoteLabelSkipped', { name: note.params.name, sku: note.params.sku, price: formatRupiah(note.params.price) });
    case 'product.photo-set':
      return t('auditNotePhotoSet', { sku: note.params.sku, width: note.params.width, height: note.params.height, kb: Math.ceil(note.params.bytes / 1024) });
    case 'product.photo-removed':
      return t('auditNotePhotoRemoved', note.params);
    case 'stock.reason-saved': {
      const p = note.params;
      return t(p.created ? 'auditNoteReasonCreated' : 'auditNoteReasonSaved', { code: p.code, label: p.label, state: t(p.active ? 'auditReasonOffered' : 'auditReasonHidden') });
    }
    case 'stock.adjusted': {
      const p = note.params;
      const who = p.approverId === null ? '' : ` ${t('auditNoteApprovedBy', { who: n.user(p.approverId) })}`;
      return `${t('auditNoteAdjusted', { reason: p.reason, lines: p.lines, units: p.units > 0 ? `+${p.units}` : String(p.units) })}${who}${p.note === '' ? '' : `: ${p.note}`}`;
    }
    case 'payment.confirmed':
    case 'payment.disputed': {
      const p = note.params;
      const words = { receipt: p.receiptNo ?? '?', amount: p.amount === null ? '?' : formatRupiah(p.amount) };
      return note.code === 'payment.confirmed'
        ? t('auditNoteQrisConfirmed', { ...words, reference: note.params.reference })
        : t('auditNoteQrisDisputed', { ...words, note: note.params.note });
    }
    case 'stock.counted':
      return t('auditNoteCounted2', { products: note.params.products, changed: note.params.changed, who: n.user(note.params.approverId) });
    case 'stock.received':
      return t('auditNoteReceived', { noteNo: note.params.noteNo, producer: note.params.producerId, lines: note.params.lines, units: note.params.units, cost: formatRupiah(note.params.cost) });
    case 'transfer.sent':
      return t('auditNoteTransferSent', { to: n.outlet(note.params.toOutletId), lines: note.params.lines, units: note.params.units });
    case 'shift.closed': {
      const p = note.params;
      const who = p.approverId === null ? '' : ` ${t('auditNoteApprovedBy', { who: n.user(p.approverId) })}`;
      return `${t('auditNoteShiftClosed', { zNo: p.zNo, drawer: n.device(p.drawerId), counted: formatRupiah(p.counted), selisih: formatRupiah(p.selisih) })}${who}`;
    }
    case 'cash-reason.saved': {
      const p = note.params;
      const direction = t(p.direction === 'in' ? 'cashReasonDirIn' : p.direction === 'out' ? 'cashReasonDirOut' : 'cashReasonDirBoth');
      const state = t(p.active ? 'cashReasonOffered' : 'cashReasonWithdrawn').toLowerCase();
      return t(p.created ? 'auditNoteCashReasonCreated' : 'auditNoteCashReasonSaved', { code: p.code, label: p.label, direction, state, fields: p.fields.replaceAll(',', ', ') });
    }
    case 'cash.moved': {
      const p = note.params;
      const who = p.approverId === null ? '' : ` ${t('auditNoteApprovedBy', { who: n.user(p.approverId) })}`;
      return `${t('auditNoteCashMoved', { kind: t(p.direction === 'in' ? 'auditCashIn' : 'auditCashOut'), amount: formatRupiah(p.amount), reason: p.reason })}${who}${p.note === '' ? '' : `: ${p.note}`}`;
    }
    case 'transfer.received':
      return t(note.params.differs ? 'auditNoteTransferReceivedShort' : 'auditNoteTransferReceived', { from: n.outlet(note.params.fromOutletId), units: note.params.units });
    case 'settlement.drafted':
      return t('auditNoteSettlementDrafted', { ...note.params, producer: note.params.producerId });
    case 'settlement.discarded':
      return t('auditNoteSettlementDiscarded', { ...note.params, producer: note.params.producerId });
    case 'settlement.corrected':
      return t('auditNoteSettlementCorrected', { producer: note.params.producerId, amount: formatRupiah(note.params.amount), note: note.params.note });
    case 'settlement.approved': {
      const p = note.params;
      const approved = t('auditNoteSettlementApproved', { producer: p.producerId, from: p.from, to: p.to, payable: formatRupiah(p.payable) });
      return p.costDecision === null ? approved : `${approved} ${t('auditNoteSettlementNoCost', { why: p.costDecision })}`;
    }
    case 'settlement.paid':
      return t('auditNoteSettlementPaid', { producer: note.params.producerId, amount: formatRupiah(note.params.amount), method: method(t, note.params.method), reference: note.params.reference, date: note.params.date });
    case 'settlement.shared':
      return t('auditNoteSettlementShared', { producer: note.params.producerId, from: note.params.from, to: note.params.to, until: businessDate(note.params.expiresAt) });
    case 'settlement.share-revoked':
      return t('auditNoteSettlementShareRevoked', { producer: note.params.producerId, from: note.params.from, to: note.params.to, links: note.params.links });
    case 'pnbp.recorded': {
      const p = note.params;
      return t('auditNotePnbpRecorded', { lapas: p.lapas, from: p.from, to: p.to, amount: formatRupiah(p.amount), billing: p.kodeBilling || '-', ntpn: p.ntpn || '-' });
    }
    case 'flag.resolved': {
      const p = note.params;
      const count = p.counted === null ? '' : ` ${t('auditNoteCounted', { counted: p.counted, delta: p.delta ?? 0 })}`;
      const said = p.note.trim() === '' ? '' : `: ${p.note}`;
      return `${t('auditNoteResolved', { action: t(RESOLUTION[p.action]) })}${count}${said}`;
    }
  }
}

/** The Keterangan cell: the note in words, or the English detail for entries without a note this app knows. */
export function auditEntryWords(t: T, entry: { detail: string; note: WireAuditNote | null }, n: AuditNames): string {
  if (entry.note === null || !isAuditNoteCode(entry.note.code)) return entry.detail;
  return auditNoteWords(t, entry.note as AuditNote, n);
}
