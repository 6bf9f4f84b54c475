import { useState } from 'react';
import { computeTotals, type TaxMode } from '../../../domain/cart.ts';
import { clearCart, removeLine, setLineQty } from '../../db/cart-repo.ts';
import type { CartRow } from '../../db/schema.ts';
import { useT } from '../../i18n/use-t.ts';
import { useDb } from '../../lib/services.tsx';
import { Money } from '../../ui/Money.tsx';

export function CartPanel({ cart, taxMode, onPay }: { cart: CartRow; taxMode: TaxMode; onPay: () => void }) {
  const t = useT();
  const db = useDb();
  const totals = computeTotals(cart.lines, cart.orderDiscount, taxMode);
  const empty = cart.lines.length === 0;
  const [confirming, setConfirming] = useState(false);
  return (
    <section className="cart" aria-labelledby="cart-heading">
      <h2 id="cart-heading">
        {t('cart')} <span className="muted">({t('items', { n: totals.itemCount })})</span>
      </h2>
      {empty ? <p className="notice">{t('cartEmpty')}</p> : null}
      <ul className="cart-lines" aria-label={t('cart')}>
        {cart.lines.map((l, i) => (
          <li key={`${l.productId}-${l.unitPrice}`} className="cart-line">
            <div className="cart-line-name">{l.name}</div>
            <div className="cart-line-controls">
              <button type="button" className="qty-btn" aria-label={t('decreaseQty', { name: l.name })} onClick={() => void setLineQty(db, i, l.qty - 1)}>
                −
              </button>
              <span className="qty" aria-label={`${t('qty')} ${l.name}`}>
                {l.qty}
              </span>
              <button type="button" className="qty-btn" aria-label={t('increaseQty', { name: l.name })} onClick={() => void setLineQty(db, i, l.qty + 1)}>
                +
              </button>
              <span className="cart-line-price">
                × <Money value={l.unitPrice} />
              </span>
              <Money value={totals.lines[i]?.net ?? 0} className="cart-line-total" />
              <button type="button" className="remove-btn" aria-label={t('removeLine', { name: l.name })} onClick={() => void removeLine(db, i)}>
                ✕
              </button>
            </div>
          </li>
        ))}
      </ul>
      <dl className="totals">
        {totals.lineDiscounts + totals.orderDiscount > 0 ? (
          <>
            <dt>{t('subtotal')}</dt>
            <dd>
              <Money value={totals.subtotal} />
            </dd>
            <dt>{t('discount')}</dt>
            <dd>
              <Money value={-(totals.lineDiscounts + totals.orderDiscount)} />
            </dd>
          </>
        ) : null}
        <dt className="grand">{t('total')}</dt>
        <dd className="grand" data-testid="cart-total">
          <Money value={totals.total} />
        </dd>
      </dl>
      <div className="cart-actions">
        {confirming ? (
          <div role="group" aria-label={t('confirmCancel')} className="confirm">
            <span>{t('confirmCancel')}</span>
            <button type="button" className="danger" onClick={() => void clearCart(db).then(() => setConfirming(false))}>
              {t('cancelSale')}
            </button>
            <button type="button" className="secondary" onClick={() => setConfirming(false)}>
              {t('back')}
            </button>
          </div>
        ) : (
          <button type="button" className="secondary" disabled={empty} onClick={() => setConfirming(true)}>
            {t('cancelSale')}
          </button>
        )}
        <button type="button" className="primary big" disabled={empty} onClick={onPay}>
          {t('pay')}
        </button>
      </div>
    </section>
  );
}
