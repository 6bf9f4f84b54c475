// Payment: split tender across Tunai, QRIS, Kartu and Transfer. Non-cash pays
// exact amounts, only cash is rounded and gives change; the sale cannot be
// finished until fully paid.
import { useState } from 'react';
import { computeTotals, type TaxMode } from '../../../domain/cart.ts';
import { uuidv7 } from '../../../domain/id.ts';
import { formatNumber, formatRupiah, parseRupiah } from '../../../domain/money.ts';
import { quickCashOptions, settle, type PaymentMethod } from '../../../domain/payment.ts';
import { buildDynamicQris, checkQrisAmount } from '../../../domain/qris.ts';
import type { CartRow, SaleRow } from '../../db/schema.ts';
import { checkout, CheckoutError } from '../../db/sales-repo.ts';
import type { StringKey } from '../../i18n/strings.ts';
import { qrisProblemText } from '../../i18n/server-words.ts';
import { useT } from '../../i18n/use-t.ts';
import { storageErrorKey } from '../../shared/services/errors.ts';
import { useDb } from '../../shared/services/services.tsx';
import { Money } from '../../ui/Money.tsx';
import { QrCode } from '../../ui/QrCode.tsx';

interface Props {
  cart: CartRow;
  taxMode: TaxMode;
  roundingStep: number;
  /** The outlet's business-day cutoff, minutes after midnight WITA. */
  dayCutoffMinutes: number;
  /** The signed-in user: named on the receipt, recorded as cashier and as receiver of every payment. */
  cashier: { id: string; name: string };
  qrisStatic: string;
  onDone: (sale: SaleRow) => void;
  onBack: () => void;
}

interface Tender {
  id: string;
  method: PaymentMethod;
  amount: number;
  reference: string | null;
  /** QRIS not seen arriving: saved "menunggu konfirmasi", confirmed or disputed later. */
  awaitingConfirmation: boolean;
}

export const METHOD_LABEL: Record<PaymentMethod, StringKey> = { cash: 'cash', qris: 'qris', card: 'card', transfer: 'transfer' };

export function PaymentPanel({ cart, taxMode, roundingStep, dayCutoffMinutes, cashier, qrisStatic, onDone, onBack }: Props) {
  const t = useT();
  const db = useDb();
  const [tenders, setTenders] = useState<Tender[]>([]);
  const [method, setMethod] = useState<PaymentMethod>('cash');
  const [text, setText] = useState('');
  const [reference, setReference] = useState('');
  const [qrisConfirmed, setQrisConfirmed] = useState(false);
  const [qrisLater, setQrisLater] = useState(false);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const total = computeTotals(cart.lines, cart.orderDiscount, taxMode).total;
  // What cash still has to cover, rounded as cash would be.
  const cashLeft = settle(total, [...tenders, { method: 'cash', amount: 0 }], roundingStep).remaining;
  // Non-cash defaults to exactly what is left; cash waits for what the customer hands over.
  const defaultAmount = method === 'cash' ? null : Math.max(0, total - tenders.reduce((a, x) => a + x.amount, 0));
  const typed = text.trim() === '' ? defaultAmount : parseRupiah(text);
  const invalid = text.trim() !== '' && typed === null;
  const qrisProblem = method === 'qris' && typed !== null && typed > 0 ? checkQrisAmount(typed) : null;
  const current: Tender | null =
    typed !== null && typed > 0 && !qrisProblem && (method !== 'qris' || qrisConfirmed || qrisLater)
      ? { id: 'current', method, amount: typed, reference: reference.trim() || null, awaitingConfirmation: method === 'qris' && qrisLater && !qrisConfirmed }
      : null;
  const all = current ? [...tenders, current] : tenders;
  const s = settle(total, all, roundingStep);
  const canFinish = s.complete && s.problem === null && all.length > 0 && !saving;
  const qrPayload =
    method === 'qris' && typed !== null && typed > 0 && !qrisProblem && qrisStatic ? buildDynamicQris(qrisStatic, typed) : null;

  const resetInput = () => {
    setText('');
    setReference('');
    setQrisConfirmed(false);
    setQrisLater(false);
  };

  const addCurrent = () => {
    if (!current) return;
    setTenders([...tenders, { ...current, id: uuidv7() }]);
    resetInput();
    setMethod('cash');
  };

  const finish = async () => {
    if (!canFinish) return;
    setSaving(true);
    setError(null);
    try {
      const sale = await checkout(db, { cart, tenders: all, cashier: cashier.name, cashierId: cashier.id, taxMode, roundingStep, dayCutoffMinutes });
      // Only now, after the transaction committed, does the cashier hear "saved".
      onDone(sale);
    } catch (e) {
      const key = e instanceof CheckoutError && e.code === 'cart-changed' ? 'cartChanged' : e instanceof CheckoutError && e.code === 'no-shift' ? 'shiftNoneOpen' : storageErrorKey(e);
      setError(t('saveFailed', { reason: key ? t(key) : e instanceof Error ? e.message : String(e) }));
    } finally {
      setSaving(false);
    }
  };

  return (
    <section className="payment" role="dialog" aria-modal="false" aria-labelledby="pay-heading">
      <h2 id="pay-heading">{t('payTitle')}</h2>
      <dl className="totals">
        <dt className="grand">{t('total')}</dt>
        <dd className="grand" data-testid="amount-due">
          <Money value={s.due} />
        </dd>
        {s.rounding !== 0 ? (
          <>
            <dt>{t('rounding')}</dt>
            <dd>
              <Money value={s.rounding} />
            </dd>
          </>
        ) : null}
      </dl>

      {tenders.length > 0 ? (
        <ul className="tenders" aria-label={t('payments')}>
          {tenders.map((x) => (
            <li key={x.id}>
              <span>
                {t(METHOD_LABEL[x.method])} <Money value={x.amount} />
                {x.reference ? <span className="muted"> · {x.reference}</span> : null}
                {x.awaitingConfirmation ? <span className="muted"> · {t('qrisAwaiting')}</span> : null}
              </span>
              <button
                type="button"
                className="remove-btn"
                aria-label={t('removePayment', { method: t(METHOD_LABEL[x.method]), amount: formatRupiah(x.amount) })}
                onClick={() => setTenders(tenders.filter((y) => y.id !== x.id))}
              >
                ✕
              </button>
            </li>
          ))}
        </ul>
      ) : null}

      <div className="methods" role="radiogroup" aria-label={t('paymentMethod')}>
        {(['cash', 'qris', 'card', 'transfer'] as const).map((m) => (
          <button
            key={m}
            type="button"
            role="radio"
            aria-checked={method === m}
            className={method === m ? 'method selected' : 'method'}
            onClick={() => {
              setMethod(m);
              resetInput();
            }}
          >
            {t(METHOD_LABEL[m])}
          </button>
        ))}
      </div>

      {method === 'cash' ? (
        <div className="quick-cash" role="group" aria-label={t('quickCash')}>
          {quickCashOptions(cashLeft).map((amount, i) => (
            <button key={amount} type="button" className="quick" onClick={() => setText(String(amount))}>
              {i === 0 ? t('exactCash') : formatNumber(amount)}
            </button>
          ))}
        </div>
      ) : null}

      <label className="field">
        <span>{method === 'cash' ? t('amountReceived') : t('amount')}</span>
        <input
          inputMode="numeric"
          autoComplete="off"
          value={text}
          placeholder={defaultAmount !== null ? formatNumber(defaultAmount) : ''}
          autoFocus
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') void finish();
          }}
          aria-invalid={invalid}
          aria-describedby="amount-help"
        />
      </label>
      <p id="amount-help" className={invalid || qrisProblem ? 'error' : 'muted'} role={invalid || qrisProblem ? 'alert' : undefined}>
        {invalid ? t('invalidAmount') : qrisProblem ? t('qrisTooLarge') : null}
      </p>

      {method !== 'cash' ? (
        <label className="field">
          <span>{t('reference')}</span>
          <input value={reference} autoComplete="off" onChange={(e) => setReference(e.target.value)} maxLength={100} />
        </label>
      ) : null}

      {method === 'qris' && typed !== null && typed > 0 && !qrisProblem ? (
        <div className="qris">
          {qrPayload?.ok ? (
            <>
              <p>{t('qrisScan')}</p>
              <QrCode text={qrPayload.value} label={t('qrisCode', { amount: formatRupiah(typed) })} />
            </>
          ) : (
            <p className="notice">{qrPayload && !qrPayload.ok ? t('qrisInvalid', { reason: qrisProblemText(t, qrPayload.error) }) : t('qrisNotSet')}</p>
          )}
          <label className="check">
            <input
              type="checkbox"
              checked={qrisConfirmed}
              onChange={(e) => {
                setQrisConfirmed(e.target.checked);
                if (e.target.checked) setQrisLater(false);
              }}
            />
            <span>{t('qrisConfirm')}</span>
          </label>
          {/* A static QRIS sends no callback; a busy customer's phone may show "berhasil" before the bank app does. */}
          <label className="check">
            <input
              type="checkbox"
              checked={qrisLater}
              onChange={(e) => {
                setQrisLater(e.target.checked);
                if (e.target.checked) setQrisConfirmed(false);
              }}
            />
            <span>{t('qrisVerifyLater')}</span>
          </label>
        </div>
      ) : null}

      {s.problem === 'non-cash-exceeds-total' ? (
        <p className="error" role="alert">
          {t('nonCashTooMuch')}
        </p>
      ) : null}

      <p className="change" aria-live="polite">
        {s.complete && s.problem === null ? t('change') : t('remaining')}{' '}
        <Money value={s.complete ? s.change : s.remaining} className="huge" />
      </p>
      {error ? (
        <p role="alert" className="error big-error">
          {error}
        </p>
      ) : null}
      <div className="cart-actions">
        <button type="button" className="secondary" onClick={onBack} disabled={saving}>
          {t('back')}
        </button>
        <button type="button" className="secondary" onClick={addCurrent} disabled={!current || s.complete}>
          {t('addPayment')}
        </button>
        <button
          type="button"
          className="primary big"
          disabled={!canFinish}
          aria-describedby={total === 0 ? 'finish-help' : undefined}
          onClick={() => void finish()}
        >
          {saving ? t('saving') : t('finishSale')}
        </button>
      </div>
      {/* Nothing can be tendered for Rp 0 (a payment is above zero), so the button says why it stays off. */}
      {total === 0 ? (
        <p id="finish-help" className="notice" role="status">
          {t('finishZeroTotal')}
        </p>
      ) : null}
    </section>
  );
}
