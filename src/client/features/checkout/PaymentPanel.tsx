import { useState } from 'react';
import { computeTotals, type TaxMode } from '../../../domain/cart.ts';
import { formatNumber, parseRupiah } from '../../../domain/money.ts';
import { quickCashOptions, settle } from '../../../domain/payment.ts';
import type { CartRow, SaleRow } from '../../db/schema.ts';
import { checkout, CheckoutError } from '../../db/sales-repo.ts';
import { useT } from '../../i18n/use-t.ts';
import { storageErrorKey } from '../../lib/errors.ts';
import { useDb } from '../../lib/services.tsx';
import { Money } from '../../ui/Money.tsx';

interface Props {
  cart: CartRow;
  taxMode: TaxMode;
  roundingStep: number;
  cashier: string;
  onDone: (sale: SaleRow) => void;
  onBack: () => void;
}

export function PaymentPanel({ cart, taxMode, roundingStep, cashier, onDone, onBack }: Props) {
  const t = useT();
  const db = useDb();
  const [text, setText] = useState('');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const totals = computeTotals(cart.lines, cart.orderDiscount, taxMode);
  const due = settle(totals.total, [{ method: 'cash', amount: 0 }], roundingStep).due;
  const received = text.trim() === '' ? 0 : parseRupiah(text);
  const s = received === null ? null : settle(totals.total, [{ method: 'cash', amount: received }], roundingStep);

  const finish = async () => {
    if (!s?.complete || received === null) return;
    setSaving(true);
    setError(null);
    try {
      const sale = await checkout(db, { cart, tenders: [{ method: 'cash', amount: received }], cashier, taxMode, roundingStep });
      // Only now, after the transaction committed, does the cashier hear "saved".
      onDone(sale);
    } catch (e) {
      const key = e instanceof CheckoutError && e.code === 'cart-changed' ? 'cartChanged' : storageErrorKey(e);
      setError(t('saveFailed', { reason: key ? t(key) : e instanceof Error ? e.message : String(e) }));
    } finally {
      setSaving(false);
    }
  };

  return (
    <section className="payment" role="dialog" aria-modal="false" aria-labelledby="pay-heading">
      <h2 id="pay-heading">{t('payCash')}</h2>
      <p className="due">
        {t('total')} <Money value={due} className="huge" />
      </p>
      {s && s.rounding !== 0 ? <p className="muted">Pembulatan <Money value={s.rounding} /></p> : null}
      <div className="quick-cash" role="group" aria-label={t('quickCash')}>
        {quickCashOptions(due).map((amount, i) => (
          <button key={amount} type="button" className="quick" onClick={() => setText(String(amount))}>
            {i === 0 ? t('exactCash') : formatNumber(amount)}
          </button>
        ))}
      </div>
      <label className="field">
        <span>{t('amountReceived')}</span>
        <input
          inputMode="numeric"
          autoComplete="off"
          value={text}
          autoFocus
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') void finish();
          }}
          aria-invalid={received === null}
          aria-describedby="amount-help"
        />
      </label>
      <p id="amount-help" className={received === null ? 'error' : 'muted'} role={received === null ? 'alert' : undefined}>
        {received === null ? t('invalidAmount') : null}
      </p>
      {s ? (
        <p className="change" aria-live="polite">
          {s.complete ? t('change') : t('remaining')}{' '}
          <Money value={s.complete ? s.change : s.remaining} className="huge" />
        </p>
      ) : null}
      {error ? (
        <p role="alert" className="error big-error">
          {error}
        </p>
      ) : null}
      <div className="cart-actions">
        <button type="button" className="secondary" onClick={onBack} disabled={saving}>
          {t('back')}
        </button>
        <button type="button" className="primary big" disabled={!s?.complete || saving} onClick={() => void finish()}>
          {saving ? t('saving') : t('finishSale')}
        </button>
      </div>
    </section>
  );
}
