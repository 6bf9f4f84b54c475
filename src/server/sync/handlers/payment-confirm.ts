// payment.confirm: a QRIS payment "menunggu konfirmasi" confirmed against the
// merchant's mutasi, or disputed. Each answer is a row of its own, stored
// whatever else arrived: before its sale (another tablet's, or a queue
// restored out of order), twice, or after another answer for the same
// payment. What a payment stands at is read from all of them (review.ts).
import { makeFlag, type Flag } from '../../../protocol/flags.ts';
import { auditNote } from '../../../protocol/audit-notes.ts';
import type { PaymentConfirmPayload } from '../../../protocol/mutations/index.ts';
import { pushProblem } from '../../../protocol/push-problems.ts';
import { actorCheck, type Finding } from '../accountability.ts';
import { verdict, type MutationHandler } from '../handler.ts';

export const paymentConfirmHandler: MutationHandler<PaymentConfirmPayload> = {
  needs(p, n) {
    n.ids('payment confirmation', [p.id]);
    n.people([p.by]);
    n.outlets([p.outletId]);
    n.sales([p.saleId]);
  },

  decide(batch, p, { seq, receivedAt }) {
    if (batch.isTaken('payment confirmation', p.id)) {
      return { status: 'duplicate', reason: `payment confirmation ${p.id} is already stored`, problem: pushProblem('already-stored', { what: 'confirmation', ref: p.id }) };
    }
    batch.take('payment confirmation', [p.id]);
    const flags: Flag[] = [];
    const by = actorCheck(batch.accounts, p.by, p.createdAt, p.outletId, 'user');
    if (by) flags.push(by);
    const enrolled = batch.enrolledElsewhere(p.outletId);
    if (enrolled !== null) flags.push(makeFlag('outside-enrolment', { act: 'sale', outletId: p.outletId, enrolledAt: enrolled }));
    // A sale not here yet is no reason to doubt the confirmation: the review joins them when it comes.
    const sale = batch.saleOf(p.saleId);
    const payment = sale?.payments.find((x) => x.id === p.paymentId) ?? null;
    if (sale && (payment === null || payment.method !== 'qris' || payment.awaitingConfirmation !== true || sale.outletId !== p.outletId)) {
      flags.push(makeFlag('payment-not-awaiting', { paymentId: p.paymentId, saleId: p.saleId }));
    }
    if (p.outcome === 'disputed') flags.push(makeFlag('qris-disputed', { paymentId: p.paymentId, amount: payment?.amount ?? 0, note: p.note }));
    const found: Finding = { flags: [], audits: [] };
    const receiptNo = sale?.receiptNo ?? null;
    const amount = payment?.amount ?? null;
    found.audits.push({
      action: 'payment.confirm',
      actorId: p.by,
      deviceId: batch.deviceId,
      outletId: p.outletId,
      subject: `payment ${p.paymentId} of sale ${p.saleId}${receiptNo ? ` (${receiptNo})` : ''}`,
      detail: p.outcome === 'confirmed' ? `QRIS confirmed with reference ${p.reference ?? ''}` : `QRIS disputed: ${p.note}`,
      note:
        p.outcome === 'confirmed'
          ? auditNote('payment.confirmed', { receiptNo, amount, reference: p.reference ?? '' })
          : auditNote('payment.disputed', { receiptNo, amount, note: p.note }),
    });
    batch.keepAudits(found, receivedAt);
    batch.stage('payment_confirmations', [
      p.id,
      p.paymentId,
      p.saleId,
      p.outletId,
      p.outcome,
      p.reference,
      p.note,
      p.by,
      batch.deviceId,
      seq,
      p.createdAt,
      receivedAt,
      JSON.stringify(flags),
      JSON.stringify(p),
    ]);
    return verdict(flags);
  },
};
