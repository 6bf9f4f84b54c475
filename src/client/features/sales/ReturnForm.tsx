// Voiding a whole sale (same business day) or taking some goods back: the
// lines and quantities, the money going back (domain refundAmount), how, and
// why; then a supervisor's PIN. Recorded on the device at once, offline too.
import { useId, useState } from 'react';
import { refundAmount, ReturnError } from '../../../domain/approval.ts';
import { formatRupiah } from '../../../domain/money.ts';
import type { PaymentMethod } from '../../../domain/payment.ts';
import type { SaleReturnRow, SaleRow, UserRow } from '../../db/schema.ts';
import { alreadyReturned, recordSaleReturn, VoidError } from '../../db/void-repo.ts';
import type { StringKey } from '../../i18n/strings.ts';
import { returnProblemText } from '../../i18n/server-words.ts';
import { useT } from '../../i18n/use-t.ts';
import { useApproval } from '../../shared/approvals/approval-dialog.tsx';
import { approvalDetail, makeApproval } from '../../shared/approvals/approvals.ts';
import { useDb } from '../../shared/services/services.tsx';
import { Money } from '../../ui/Money.tsx';

const METHODS: Record<PaymentMethod, StringKey> = { cash: 'cash', qris: 'qris', card: 'card', transfer: 'transfer' };

interface Props {
  sale: SaleRow;
  kind: 'void' | 'refund';
  user: UserRow;
  onDone: (ret: SaleReturnRow) => void;
  onCancel: () => void;
}

export function ReturnForm({ sale, kind, user, onDone, onCancel }: Props) {
  const t = useT();
  const db = useDb();
  const id = useId();
  const already = alreadyReturned(sale);
  const left = (lineId: string, qty: number) => qty - (already.qty.get(lineId) ?? 0);
  // A void takes everything back; a refund starts from nothing chosen.
  const [qty, setQty] = useState<Record<string, string>>(() =>
    Object.fromEntries(sale.lines.map((l) => [l.id, kind === 'void' ? String(left(l.id, l.qty)) : '0'])),
  );
  const [method, setMethod] = useState<PaymentMethod>('cash');
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const { ask, dialog } = useApproval();

  const lines = sale.lines.flatMap((l) => {
    const n = Number(qty[l.id] ?? '0');
    return Number.isInteger(n) && n > 0 ? [{ lineId: l.id, qty: n }] : [];
  });
  let amount: number | null = null;
  let amountProblem: string | null = null;
  if (lines.length > 0) {
    try {
      amount = refundAmount(sale, lines, already);
    } catch (e) {
      amountProblem = e instanceof ReturnError ? returnProblemText(t, e.problem) : String(e);
    }
  }
  const canSubmit = amount !== null && reason.trim() !== '' && !busy;

  const submit = async () => {
    if (amount === null || !canSubmit) return;
    const items = lines.map((r) => `${r.qty} × ${sale.lines.find((l) => l.id === r.lineId)?.name ?? ''}`).join(', ');
    const key: StringKey = kind === 'void' ? 'approveVoidSale' : 'approveRefund';
    const params = { receipt: sale.receiptNo, items, amount: formatRupiah(amount), method: t(METHODS[method]), reason: reason.trim() };
    setBusy(true);
    setProblem(null);
    try {
      const grant = await ask(t(key, params));
      if (!grant) return;
      const detail = approvalDetail(key, { ...params, method: approvalDetail(METHODS[method]) });
      const approval = makeApproval(grant, kind === 'void' ? 'void-sale' : 'refund', null, detail, user.id);
      const ret = await recordSaleReturn(db, {
        saleId: sale.id,
        kind,
        lines,
        amount,
        method,
        reason: reason.trim(),
        by: { id: user.id, name: user.name },
        approval,
        approverName: grant.approver.name,
      });
      onDone(ret);
    } catch (e) {
      // Money goes back out of a shift's drawer: with none open, say how to open one.
      setProblem(e instanceof VoidError && e.code === 'no-shift' ? t('shiftNoneOpen') : e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="return-form" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{kind === 'void' ? t('voidSaleTitle', { receipt: sale.receiptNo }) : t('refundTitle', { receipt: sale.receiptNo })}</h2>
      {kind === 'void' ? (
        <p>{t('voidSaleHelp')}</p>
      ) : (
        <table className="sales-table">
          <thead>
            <tr>
              <th scope="col">{t('product')}</th>
              <th scope="col">{t('refundSold')}</th>
              <th scope="col">{t('refundQtyHeader')}</th>
            </tr>
          </thead>
          <tbody>
            {sale.lines.map((l) => (
              <tr key={l.id}>
                <th scope="row">{l.name}</th>
                <td>{t('refundLeft', { sold: l.qty, left: left(l.id, l.qty) })}</td>
                <td>
                  <input
                    className="qty"
                    inputMode="numeric"
                    aria-label={t('refundQty', { name: l.name })}
                    value={qty[l.id] ?? '0'}
                    disabled={left(l.id, l.qty) === 0}
                    onFocus={(e) => e.target.select()}
                    onChange={(e) => setQty({ ...qty, [l.id]: e.target.value.replace(/\D/g, '') })}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="refund-amount" aria-live="polite">
        {t('refundAmount')} <Money value={amount ?? 0} className="huge" />
      </p>
      {amountProblem ? (
        <p role="alert" className="error">
          {amountProblem}
        </p>
      ) : null}
      <label className="field">
        <span>{t('refundMethod')}</span>
        <select value={method} onChange={(e) => setMethod(e.target.value as PaymentMethod)}>
          {(Object.keys(METHODS) as PaymentMethod[]).map((m) => (
            <option key={m} value={m}>
              {t(METHODS[m])}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>{t('refundReason')}</span>
        <input value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} />
      </label>
      {problem ? (
        <p role="alert" className="error">
          {problem}
        </p>
      ) : null}
      <div className="cart-actions">
        <button type="button" className="secondary" onClick={onCancel} disabled={busy}>
          {t('back')}
        </button>
        <button type="button" className="danger big" disabled={!canSubmit} onClick={() => void submit()}>
          {kind === 'void' ? t('voidSaleSubmit') : t('refundSubmit')}
        </button>
      </div>
      {dialog}
    </section>
  );
}
