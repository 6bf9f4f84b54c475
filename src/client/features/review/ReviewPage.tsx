// For a supervisor: sales the server stored with a flag (price changed,
// unknown product, stock short) and items whose stock went below zero.
import { useCallback, useEffect, useState } from 'react';
import type { ReviewResponse } from '../../../protocol/schemas.ts';
import { formatWita } from '../../../domain/time.ts';
import { useT } from '../../i18n/use-t.ts';
import { fetchReview } from '../../sync/review.ts';
import { Money } from '../../ui/Money.tsx';

type State = { kind: 'loading' } | { kind: 'ok'; data: ReviewResponse } | { kind: 'failed'; reason: string };

export function ReviewPage() {
  const t = useT();
  const [state, setState] = useState<State>({ kind: 'loading' });
  const load = useCallback(() => {
    fetchReview()
      .then((data) => setState({ kind: 'ok', data }))
      .catch((e: unknown) => setState({ kind: 'failed', reason: e instanceof Error ? e.message : String(e) }));
  }, []);
  useEffect(() => {
    load();
  }, [load]);

  return (
    <section className="review" aria-labelledby="review-heading">
      <h1 id="review-heading">{t('reviewTitle')}</h1>
      <button type="button" className="secondary" onClick={load}>
        {t('reload')}
      </button>
      {state.kind === 'loading' ? <p>{t('loading')}</p> : null}
      {state.kind === 'failed' ? (
        <p role="alert" className="error">
          {t('reviewFailed', { reason: state.reason })}
        </p>
      ) : null}
      {state.kind === 'ok' ? (
        <>
          <h2>{t('flaggedSales', { n: state.data.flaggedSales.length })}</h2>
          {state.data.flaggedSales.length === 0 ? <p className="notice">{t('nothingToReview')}</p> : null}
          <ul className="review-list">
            {state.data.flaggedSales.map((s) => (
              <li key={s.sale.id}>
                <strong>{s.sale.receiptNo}</strong> · {formatWita(s.sale.createdAt)} · {s.sale.cashier} · <Money value={s.sale.total + s.sale.rounding} />
                <ul>
                  {s.flags.map((f) => (
                    <li key={f}>{f}</li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
          <h2>{t('negativeStock', { n: state.data.negativeStock.length })}</h2>
          {state.data.negativeStock.length === 0 ? <p className="notice">{t('nothingToReview')}</p> : null}
          {state.data.negativeStock.length > 0 ? (
            <table className="sales-table">
              <thead>
                <tr>
                  <th scope="col">{t('outlet')}</th>
                  <th scope="col">{t('product')}</th>
                  <th scope="col">{t('stock')}</th>
                </tr>
              </thead>
              <tbody>
                {state.data.negativeStock.map((n) => (
                  <tr key={`${n.outletId}/${n.productId}`}>
                    <td>{n.outletName ?? n.outletId}</td>
                    <th scope="row">{n.productName ?? n.productId}</th>
                    <td className="error">{n.level}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
