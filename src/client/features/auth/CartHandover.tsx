// After "Ganti Kasir", the cart left open belongs to whoever left it until
// the next cashier says otherwise: taken over, it sells under their name;
// held, it waits under the previous cashier's name and the counter starts empty.
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useId, useRef, useState } from 'react';
import { computeTotals } from '../../../domain/cart.ts';
import { formatRupiah } from '../../../domain/money.ts';
import { cartLeftFor, getOpenCart, holdLeftCart, takeOverCart } from '../../db/cart-repo.ts';
import type { UserRow } from '../../db/schema.ts';
import { useT } from '../../i18n/use-t.ts';
import { useDb } from '../../shared/services/services.tsx';

export function CartHandover({ user }: { user: UserRow }) {
  const t = useT();
  const db = useDb();
  const id = useId();
  const left = useLiveQuery(() => cartLeftFor(db, user.id), [db, user.id]);
  const cart = useLiveQuery(() => getOpenCart(db), [db]);
  const [problem, setProblem] = useState<string | null>(null);
  const first = useRef<HTMLButtonElement>(null);
  const open = !!left && !!cart;
  useEffect(() => {
    if (open) first.current?.focus();
  }, [open]);
  if (!left || !cart) return null;
  const totals = computeTotals(cart.lines, cart.orderDiscount);
  const act = (p: Promise<void>) => void p.then(() => setProblem(null), (e: unknown) => setProblem(e instanceof Error ? e.message : String(e)));

  return (
    <div className="overlay">
      <section className="dialog" role="dialog" aria-modal="true" aria-labelledby={`${id}-title`} aria-describedby={`${id}-help`}>
        <h2 id={`${id}-title`}>{t('handoverTitle', { name: left.name })}</h2>
        <p id={`${id}-help`}>{t('handoverHelp', { name: left.name, n: totals.itemCount, total: formatRupiah(totals.total) })}</p>
        {problem ? (
          <p role="alert" className="error">
            {problem}
          </p>
        ) : null}
        <div className="confirm">
          <button ref={first} type="button" className="primary" onClick={() => act(takeOverCart(db))}>
            {t('handoverTake')}
          </button>
          <button type="button" className="secondary" onClick={() => act(holdLeftCart(db))}>
            {t('handoverHold', { name: left.name })}
          </button>
        </div>
      </section>
    </div>
  );
}
