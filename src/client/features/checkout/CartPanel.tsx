import { useState } from 'react';
import { computeTotals, type TaxMode } from '../../../domain/cart.ts';
import { clearCart, holdCart, removeLine, setCartNote, setLineDiscount, setLineQty, setOrderDiscount } from '../../db/cart-repo.ts';
import type { CartRow } from '../../db/schema.ts';
import { useT } from '../../i18n/use-t.ts';
import { useDb } from '../../lib/services.tsx';
import { DiscountEditor, describeDiscount } from '../../ui/DiscountEditor.tsx';
import { Money } from '../../ui/Money.tsx';

type Editing = { kind: 'line'; index: number } | { kind: 'order' } | { kind: 'hold' } | { kind: 'cancel' } | null;

export function CartPanel({ cart, taxMode, onPay }: { cart: CartRow; taxMode: TaxMode; onPay: () => void }) {
  const t = useT();
  const db = useDb();
  const totals = computeTotals(cart.lines, cart.orderDiscount, taxMode);
  const empty = cart.lines.length === 0;
  const [editing, setEditing] = useState<Editing>(null);
  const [holdLabel, setHoldLabel] = useState('');
  const [note, setNote] = useState<string | null>(null);

  return (
    <section className="cart" aria-labelledby="cart-heading">
      <h2 id="cart-heading">
        {t('cart')} <span className="muted">({t('items', { n: totals.itemCount })})</span>
      </h2>
      {empty ? <p className="notice">{t('cartEmpty')}</p> : null}
      <ul className="cart-lines" aria-label={t('cart')}>
        {cart.lines.map((l, i) => {
          const lt = totals.lines[i];
          return (
            <li key={`${l.productId}-${l.unitPrice}`} className="cart-line">
              <div className="cart-line-name">{l.name}</div>
              <div className="cart-line-controls">
                <button type="button" className="qty-btn" aria-label={t('decreaseQty', { name: l.name })} onClick={() => void setLineQty(db, i, l.qty - 1)}>
                  −
                </button>
                <QtyInput label={t('setQty', { name: l.name })} qty={l.qty} onCommit={(n) => void setLineQty(db, i, n)} />
                <button type="button" className="qty-btn" aria-label={t('increaseQty', { name: l.name })} onClick={() => void setLineQty(db, i, l.qty + 1)}>
                  +
                </button>
                <span className="cart-line-price">
                  × <Money value={l.unitPrice} />
                </span>
                <Money value={lt?.net ?? 0} className="cart-line-total" />
              </div>
              <div className="cart-line-controls">
                <button
                  type="button"
                  className="small secondary"
                  aria-label={t('lineDiscount', { name: l.name })}
                  aria-expanded={editing?.kind === 'line' && editing.index === i}
                  onClick={() => setEditing(editing?.kind === 'line' && editing.index === i ? null : { kind: 'line', index: i })}
                >
                  {t('discount')}
                  {l.discount ? ` ${describeDiscount(l.discount)} (−${new Intl.NumberFormat('id-ID').format(lt?.lineDiscount ?? 0)})` : ''}
                </button>
                <button type="button" className="remove-btn" aria-label={t('removeLine', { name: l.name })} onClick={() => void removeLine(db, i)}>
                  ✕
                </button>
              </div>
              {editing?.kind === 'line' && editing.index === i ? (
                <DiscountEditor
                  label={t('lineDiscount', { name: l.name })}
                  value={l.discount}
                  onApply={(d) => void setLineDiscount(db, i, d)}
                  onClose={() => setEditing(null)}
                />
              ) : null}
            </li>
          );
        })}
      </ul>

      {!empty ? (
        <div className="cart-extras">
          <button
            type="button"
            className="small secondary"
            aria-expanded={editing?.kind === 'order'}
            onClick={() => setEditing(editing?.kind === 'order' ? null : { kind: 'order' })}
          >
            {t('orderDiscount')}
            {cart.orderDiscount ? ` ${describeDiscount(cart.orderDiscount)}` : ''}
          </button>
          {editing?.kind === 'order' ? (
            <DiscountEditor label={t('orderDiscount')} value={cart.orderDiscount} onApply={(d) => void setOrderDiscount(db, d)} onClose={() => setEditing(null)} />
          ) : null}
          <label className="field compact">
            <span>{t('note')}</span>
            <input
              value={note ?? cart.note}
              maxLength={500}
              onChange={(e) => setNote(e.target.value)}
              onBlur={() => {
                if (note !== null) void setCartNote(db, note).then(() => setNote(null));
              }}
            />
          </label>
        </div>
      ) : null}

      <dl className="totals">
        {totals.lineDiscounts + totals.orderDiscount > 0 ? (
          <>
            <dt>{t('subtotal')}</dt>
            <dd>
              <Money value={totals.subtotal} />
            </dd>
            <dt>{t('discount')}</dt>
            <dd data-testid="cart-discount">
              <Money value={-(totals.lineDiscounts + totals.orderDiscount)} />
            </dd>
          </>
        ) : null}
        <dt className="grand">{t('total')}</dt>
        <dd className="grand" data-testid="cart-total">
          <Money value={totals.total} />
        </dd>
        {taxMode === 'ppn-included' && !empty ? (
          <>
            <dt className="muted small">{t('ppnIncluded')}</dt>
            <dd className="muted small">
              <Money value={totals.tax} />
            </dd>
          </>
        ) : null}
      </dl>
      <div className="cart-actions">
        {editing?.kind === 'cancel' ? (
          <div role="group" aria-label={t('confirmCancel')} className="confirm">
            <span>{t('confirmCancel')}</span>
            <button type="button" className="danger" onClick={() => void clearCart(db).then(() => setEditing(null))}>
              {t('cancelSale')}
            </button>
            <button type="button" className="secondary" onClick={() => setEditing(null)}>
              {t('back')}
            </button>
          </div>
        ) : editing?.kind === 'hold' ? (
          <div role="group" aria-label={t('hold')} className="confirm">
            <label className="field compact">
              <span>{t('holdLabel')}</span>
              <input value={holdLabel} autoFocus maxLength={60} onChange={(e) => setHoldLabel(e.target.value)} />
            </label>
            <button
              type="button"
              className="primary"
              onClick={() =>
                void holdCart(db, holdLabel).then(() => {
                  setHoldLabel('');
                  setEditing(null);
                })
              }
            >
              {t('hold')}
            </button>
            <button type="button" className="secondary" onClick={() => setEditing(null)}>
              {t('back')}
            </button>
          </div>
        ) : (
          <>
            <button type="button" className="secondary" disabled={empty} onClick={() => setEditing({ kind: 'cancel' })}>
              {t('cancelSale')}
            </button>
            <button type="button" className="secondary" disabled={empty} onClick={() => setEditing({ kind: 'hold' })}>
              {t('hold')}
            </button>
            <button type="button" className="primary big" disabled={empty} onClick={onPay}>
              {t('pay')}
            </button>
          </>
        )}
      </div>
    </section>
  );
}

/** Keeps what the cashier is typing (even an empty box) and stores each whole number as it comes. */
function QtyInput({ label, qty, onCommit }: { label: string; qty: number; onCommit: (n: number) => void }) {
  const [draft, setDraft] = useState<string | null>(null);
  return (
    <input
      className="qty"
      aria-label={label}
      inputMode="numeric"
      value={draft ?? String(qty)}
      onFocus={(e) => e.target.select()}
      onChange={(e) => {
        setDraft(e.target.value);
        const n = Number(e.target.value);
        if (e.target.value.trim() !== '' && Number.isInteger(n) && n > 0 && n <= 100_000) onCommit(n);
      }}
      onBlur={() => setDraft(null)}
    />
  );
}
