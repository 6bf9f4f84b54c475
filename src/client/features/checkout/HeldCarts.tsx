import { useLiveQuery } from 'dexie-react-hooks';
import { computeTotals } from '../../../domain/cart.ts';
import { formatRupiah } from '../../../domain/money.ts';
import { discardHeldCart, heldCarts, resumeCart } from '../../db/cart-repo.ts';
import { useT } from '../../i18n/use-t.ts';
import { useDb } from '../../lib/services.tsx';

/** Parked carts: a customer who went to fetch money, a group deciding. */
export function HeldCarts() {
  const t = useT();
  const db = useDb();
  const held = useLiveQuery(() => heldCarts(db), [db]);
  if (!held || held.length === 0) return null;
  return (
    <section className="held" aria-labelledby="held-heading">
      <h2 id="held-heading">{t('heldCarts')}</h2>
      <ul>
        {held.map((c) => {
          const totals = computeTotals(c.lines, c.orderDiscount);
          const label = c.label || t('heldLabelDefault', { n: totals.itemCount, total: formatRupiah(totals.total) });
          return (
            <li key={c.id}>
              <button type="button" className="secondary" aria-label={t('resume', { label })} onClick={() => void resumeCart(db, c.id)}>
                {label} · {formatRupiah(totals.total)}
              </button>
              <button type="button" className="remove-btn" aria-label={t('discardHeld', { label })} onClick={() => void discardHeldCart(db, c.id)}>
                ✕
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
