// What the statement says, built once from a settlement and shown three
// ways: on screen (printed by the browser), as a PDF, and as WhatsApp text.
import { formatRupiah } from '../../../../domain/money.ts';
import { businessDate } from '../../../../domain/time.ts';
import type { Settlement } from '../../../../protocol/settlement.ts';
import type { StringKey } from '../../../i18n/strings.ts';
import type { T } from '../../../i18n/use-t.ts';

export const PAY_WORDS: Record<NonNullable<Settlement['paid']>['method'], StringKey> = { transfer: 'stlPayTransfer', cash: 'stlPayCash', ewallet: 'stlPayEwallet' };

export const STATE_WORDS: Record<Settlement['state'], StringKey> = { draft: 'stlStateDraft', approved: 'stlStateApproved', paid: 'stlStatePaid' };

/** The store's name and address as the statement heads them. */
export interface StoreHeading {
  name: string;
  address: string;
}

export interface StatementModel {
  title: string;
  store: string;
  storeAddress: string;
  producer: string;
  period: string;
  head: string[];
  rows: { date: string; receipt: string; name: string; qty: string; price: string; amount: string }[];
  totals: [string, string][];
  notes: string[];
  signatures: string[];
  labels: { producer: string; period: string; signName: string };
}

export function statementModel(t: T, s: Settlement, store: { name: string; address: string }): StatementModel {
  const rows = s.items.map((i) => ({
    date: i.date,
    receipt: i.receiptNo ?? '',
    name: i.kind === 'return' ? t('stlReturn', { name: i.name }) : i.kind === 'correction' ? t('stlCorrection', { name: `${i.name} (${i.note ?? ''})` }) : i.name,
    qty: i.kind === 'correction' ? '' : String(i.qty),
    price: i.kind === 'correction' ? '' : formatRupiah(i.unitPrice),
    amount: formatRupiah(i.amount),
  }));
  const p = s.split;
  const totals: [string, string][] = [[t('stlGross'), formatRupiah(p.gross)], [t('stlFee'), formatRupiah(p.fee)]];
  if (p.kind === 'lapas') {
    totals.push([t('stlHpp'), formatRupiah(p.hpp ?? 0)], [t('stlPremi'), formatRupiah(p.premi ?? 0)], [t('stlPnbp'), formatRupiah(p.pnbp ?? 0)], [t('stlModal'), formatRupiah(p.modal ?? 0)]);
  }
  totals.push([t('stlPayable'), formatRupiah(p.payable)]);
  const notes: string[] = [];
  if (s.approvedBy !== null && s.approvedAt !== null) notes.push(t('stlApprovedBy', { who: s.approvedBy, at: businessDate(s.approvedAt) }));
  if (s.costDecision !== null) notes.push(t('stlCostDecided', { why: s.costDecision }));
  if (s.paid !== null) notes.push(t('stlPaidBy', { date: s.paid.date, method: t(PAY_WORDS[s.paid.method]), reference: s.paid.reference, who: s.paid.by }));
  return {
    title: t(s.producerKind === 'lapas' ? 'stlStatementLapas' : 'stlStatementUmkm'),
    store: store.name,
    storeAddress: store.address,
    producer: s.lapas === null ? s.producerName : `${s.producerName} (${s.lapas})`,
    period: t('stlPeriodText', { from: s.from, to: s.to }),
    head: [t('stlColDate'), t('stlColReceipt'), t('stlColProduct'), t('stlColQty'), t('stlColPrice'), t('stlColAmount')],
    rows,
    totals,
    notes,
    signatures: [t('stlSignStore'), t('stlSignProducer')],
    labels: { producer: t('stlProducer'), period: t('stlColPeriod'), signName: t('stlSignName') },
  };
}
