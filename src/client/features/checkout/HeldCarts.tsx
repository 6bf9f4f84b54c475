import { useLiveQuery } from 'dexie-react-hooks';
import { computeTotals } from '../../../domain/cart.ts';
import { formatRupiah } from '../../../domain/money.ts';
import { heldCarts, resumeCart } from '../../db/cart-repo.ts';
import { voidWholeCart } from '../../db/void-repo.ts';
import { useT } from '../../i18n/use-t.ts';
import { useApproval } from '../../shared/approvals/approval-dialog.tsx';
import { approvalDetail, makeApproval } from '../../shared/approvals/approvals.ts';
import { useDb } from '../../shared/services/services.tsx';
import { useSignedInUser } from '../../shared/services/session.ts';

/** Parked carts: a customer who went to fetch money, a group deciding. */
export function HeldCarts() {
  const t = useT();
  const db = useDb();
  const user = useSignedInUser();
  const held = useLiveQuery(() => heldCarts(db), [db]);
  const { ask, dialog } = useApproval();
  if (!held || held.length === 0) return dialog;

  // Throwing a held cart away is clearing a cart with goods in it: the same supervisor's PIN and 'cart.void'.
  const discard = async (id: string, label: string, n: number, total: number) => {
    const params = { label, n, total: formatRupiah(total) };
    const grant = await ask(t('approveDiscardHeld', params));
    if (!grant) return;
    const approval = makeApproval(grant, 'void-line', null, approvalDetail('approveDiscardHeld', params), user?.id ?? null);
    await voidWholeCart(db, id, approval, user?.id ?? grant.approver.id);
  };

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
              <button type="button" className="remove-btn" aria-label={t('discardHeld', { label })} onClick={() => void discard(c.id, label, totals.itemCount, totals.total)}>
                ✕
              </button>
            </li>
          );
        })}
      </ul>
      {dialog}
    </section>
  );
}
