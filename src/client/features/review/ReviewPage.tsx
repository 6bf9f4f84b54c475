// For a supervisor: sales the server stored with a flag (price changed,
// unknown product, stock short) and items whose stock went below zero.
// The server shows them only to a supervisor's or admin's password session,
// so without one this page asks for it in place, with the admin pages' form.
import { useLiveQuery } from 'dexie-react-hooks';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { AUTH_ERROR_CODES } from '../../../protocol/auth.ts';
import type { Flag } from '../../../protocol/flags.ts';
import type { ReviewResponse } from '../../../protocol/schemas.ts';
import { formatWita } from '../../../domain/time.ts';
import { namesOf, type CatalogNames } from '../../db/catalog-repo.ts';
import { flagIds, flagText, type FlagNames } from '../../i18n/server-words.ts';
import { useT } from '../../i18n/use-t.ts';
import { useDb } from '../../shared/services/services.tsx';
import { ManagementError, managementErrorText, useManagementSession } from '../../shared/services/management-session.ts';
import { signIn, signOut } from '../../sync/admin-api.ts';
import { fetchReview } from '../../sync/review.ts';
import { Money } from '../../ui/Money.tsx';
import { ROLE_LABEL, SessionBar } from '../../ui/SessionBar.tsx';
import { SignInForm } from '../../ui/SignInForm.tsx';
import { amountCollected } from '../../../domain/sale.ts';

export function ReviewPage() {
  const t = useT();
  const session = useManagementSession((s) => s.session);
  const expired = useManagementSession((s) => s.expired);
  return (
    <section className="review" aria-labelledby="review-heading">
      <h1 id="review-heading">{t('reviewTitle')}</h1>
      {session === null ? (
        <SignInForm
          heading={t('mgmtSignInTitle')}
          notice={expired ? t('sessionExpiredNotice') : t('reviewSignIn')}
          onSignIn={(username, password) =>
            signIn(username, password).then(
              () => null,
              (e: unknown) => managementErrorText(t, e),
            )
          }
        />
      ) : (
        <>
          <SessionBar user={session.user} expiresAt={session.expiresAt} onSignOut={() => void signOut()} />
          {session.user.role === 'cashier' ? (
            <p role="alert" className="error">
              {t('reviewForbidden', { role: t(ROLE_LABEL[session.user.role]) })}
            </p>
          ) : (
            // A new session (another person) starts from a fresh load.
            <ReviewList key={session.token} />
          )}
        </>
      )}
    </section>
  );
}

type State = { kind: 'loading' } | { kind: 'ok'; data: ReviewResponse } | { kind: 'failed'; error: unknown };

function ReviewList() {
  const t = useT();
  const role = useManagementSession((s) => s.session?.user.role ?? 'cashier');
  const [state, setState] = useState<State>({ kind: 'loading' });
  const load = useCallback(() => {
    fetchReview()
      .then((data) => setState({ kind: 'ok', data }))
      .catch((error: unknown) => setState({ kind: 'failed', error }));
  }, []);
  useEffect(() => {
    load();
  }, [load]);
  const names = useFlagNames(state.kind === 'ok' ? state.data : null);

  const failure = (error: unknown): string => {
    if (error instanceof ManagementError && error.kind === 'network') return t('reviewFailed', { reason: error.message });
    // A supervisor of another outlet is refused for that outlet, not for the page.
    if (error instanceof ManagementError && error.kind === 'forbidden' && error.code !== AUTH_ERROR_CODES.wrongOutlet) {
      return t('reviewForbidden', { role: t(ROLE_LABEL[role]) });
    }
    return managementErrorText(t, error);
  };

  return (
    <>
      <button type="button" className="secondary" onClick={load}>
        {t('reload')}
      </button>
      {state.kind === 'loading' ? <p>{t('loading')}</p> : null}
      {state.kind === 'failed' ? (
        <p role="alert" className="error">
          {failure(state.error)}
        </p>
      ) : null}
      {state.kind === 'ok' ? (
        <>
          <h2>{t('flaggedSales', { n: state.data.flaggedSales.length })}</h2>
          {state.data.flaggedSales.length === 0 ? <p className="notice">{t('nothingToReview')}</p> : null}
          <ul className="review-list">
            {state.data.flaggedSales.map((s) => (
              <li key={s.sale.id}>
                <strong>{s.sale.receiptNo}</strong> · {formatWita(s.sale.createdAt)} · {s.sale.cashier} · <Money value={amountCollected(s.sale)} />
                <ul>
                  {s.flags.map((f, i) => (
                    <li key={i}>{flagText(t, f, names(s.sale.lines))}</li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
          <h2>{t('flaggedReturns', { n: state.data.flaggedReturns.length })}</h2>
          {state.data.flaggedReturns.length === 0 ? <p className="notice">{t('nothingToReview')}</p> : null}
          <ul className="review-list">
            {state.data.flaggedReturns.map((r) => (
              <li key={r.ret.id}>
                <strong>{t(r.ret.kind === 'void' ? 'returnKindVoid' : 'returnKindRefund')}</strong> · {formatWita(r.ret.createdAt)} · <Money value={r.ret.amount} /> ·{' '}
                {r.ret.reason}
                <ul>
                  {r.flags.map((f, i) => (
                    <li key={i}>{flagText(t, f, names([]))}</li>
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
    </>
  );
}

/**
 * Names for the ids the flags carry, from this device's catalog (products,
 * outlets, people); an id the device does not hold is shown as it is.
 */
function useFlagNames(data: ReviewResponse | null): (lines: readonly { id: string; name: string }[]) => FlagNames {
  const db = useDb();
  const flags = useMemo<Flag[]>(() => (data ? [...data.flaggedSales.flatMap((s) => s.flags), ...data.flaggedReturns.flatMap((r) => r.flags)] : []), [data]);
  const known = useLiveQuery(() => {
    const ids = flags.map(flagIds);
    return namesOf(db, { products: ids.flatMap((i) => i.products), outlets: ids.flatMap((i) => i.outlets), users: ids.flatMap((i) => i.users) });
  }, [db, flags]);
  return useCallback(
    (lines) => {
      const from = (m: keyof CatalogNames) => (id: string) => known?.[m].get(id) ?? id;
      return { product: from('products'), outlet: from('outlets'), user: from('users'), line: (id) => lines.find((l) => l.id === id)?.name ?? id };
    },
    [known],
  );
}
