// For a supervisor: sales the server stored with a flag (price changed,
// unknown product, stock short), voids and refunds with something off, and
// items whose stock went below zero; each can be resolved, and resolved ones
// are listed with who resolved them, when and how.
// Two ways in. On an enrolled device, the supervisor or admin signed in by
// PIN reviews with the device's credential and resolves through the outbox
// (a 'flag.resolve' mutation, kept offline like a sale). Elsewhere, or for a
// cashier at the counter, a supervisor's or admin's password session, which
// resolves online.
import '../../i18n/stock-strings.ts';
import '../../i18n/receipts-strings.ts';
import '../../i18n/shift-strings.ts';
import '../../i18n/shift-admin-strings.ts';
import { reasonLabel } from '../../../domain/cash-reasons.ts';
import { useLiveQuery } from 'dexie-react-hooks';
import { useCallback, useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { Link } from '../../shared/services/router.tsx';
import { AUTH_ERROR_CODES } from '../../../protocol/auth.ts';
import type { Flag } from '../../../protocol/flags.ts';
import type { FlagSubjectRef, ResolvedFlag, ReviewResponse } from '../../../protocol/schemas.ts';
import { namesOf, type CatalogNames } from '../../db/catalog-repo.ts';
import { flagIds, flagText, type FlagNames } from '../../i18n/server-words.ts';
import { actionsFor, MAX_COUNTED, mayResolveFlags, needsNote, type ResolutionAction, type StockDocKind } from '../../../domain/flag-resolution.ts';
import { formatWita } from '../../../domain/time.ts';
import { formatRupiah } from '../../../domain/money.ts';
import { amountCollected } from '../../../domain/sale.ts';
import { isEnrolled } from '../../db/auth-repo.ts';
import { getDevice } from '../../db/device-repo.ts';
import { resolutionPayload, resolveFlag, unsyncedResolutions, type QueuedResolution, type ResolveInput } from '../../db/review-repo.ts';
import type { StringKey } from '../../i18n/strings.ts';
import { useLanguage, useT } from '../../i18n/use-t.ts';
import { PATHS } from '../../shared/services/paths.ts';
import { ManagementError, managementErrorText, sessionKey, useManagementSession } from '../../shared/services/management-session.ts';
import { useDb, useServices } from '../../shared/services/services.tsx';
import { useSignedInUser } from '../../shared/services/session.ts';
import { signIn, signOut } from '../../sync/admin-api.ts';
import { fetchReview, fetchReviewAsDevice, resolveWithSession } from '../../sync/review.ts';
import { Money } from '../../ui/Money.tsx';
import { ROLE_LABEL, SessionBar } from '../../ui/SessionBar.tsx';
import { SignInForm } from '../../ui/SignInForm.tsx';
import '../../i18n/back-office-strings.ts';

/** Whose review this is, and how its resolutions reach the server. */
type Source = { kind: 'session'; userId: string } | { kind: 'device'; userId: string; name: string };

export function ReviewPage() {
  const t = useT();
  const { db } = useServices();
  const session = useManagementSession((s) => s.session);
  const expired = useManagementSession((s) => s.expired);
  const pinUser = useSignedInUser();
  const enrolled = useLiveQuery(async () => isEnrolled(await getDevice(db)), [db]);
  const reviewer = session === null && enrolled === true && pinUser && mayResolveFlags(pinUser.role) ? pinUser : null;

  let body;
  if (session === null && (enrolled === undefined || pinUser === undefined)) {
    // Until the device says who is signed in here, neither form nor list: a supervisor must not see a password form flash by.
    body = <p>{t('loading')}</p>;
  } else if (session !== null) {
    body = (
      <>
        <SessionBar user={session.user} expiresAt={session.expiresAt} onSignOut={() => void signOut()} />
        {session.user.role === 'cashier' ? (
          <p role="alert" className="error">
            {t('reviewForbidden', { role: t(ROLE_LABEL[session.user.role]) })}
          </p>
        ) : (
          // A new session (another person) starts from a fresh load.
          <ReviewList key={sessionKey(session)} source={{ kind: 'session', userId: session.user.id }} />
        )}
      </>
    );
  } else if (reviewer !== null) {
    body = (
      <>
        <p className="notice">{t('reviewAsPin', { name: reviewer.name, role: t(ROLE_LABEL[reviewer.role]) })}</p>
        <ReviewList key={reviewer.id} source={{ kind: 'device', userId: reviewer.id, name: reviewer.name }} />
      </>
    );
  } else {
    const cashierHere = enrolled === true && pinUser ? pinUser : null;
    body = (
      <SignInForm
        heading={t('mgmtSignInTitle')}
        notice={expired ? t('sessionExpiredNotice') : cashierHere ? t('reviewPinCashier', { role: t(ROLE_LABEL[cashierHere.role]) }) : t('reviewSignIn')}
        onSignIn={(username, password) =>
          signIn(username, password).then(
            () => null,
            (e: unknown) => managementErrorText(t, e),
          )
        }
      />
    );
  }
  return (
    <section className="review" aria-labelledby="review-heading">
      <h1 id="review-heading">{t('reviewTitle')}</h1>
      {body}
    </section>
  );
}

type State = { kind: 'loading' } | { kind: 'ok'; data: ReviewResponse } | { kind: 'failed'; error: unknown };
type Tab = 'open' | 'resolved';

const ACTION_LABEL: Record<ResolutionAction, StringKey> = {
  accept: 'resolveActionAccept',
  'stock-count': 'resolveActionStockCount',
  'price-note': 'resolveActionPriceNote',
};

/** A subject's key, the same for a queued resolution and the item it resolves. */
function subjectKey(outletId: string, s: FlagSubjectRef): string {
  switch (s.kind) {
    case 'sale':
      return `sale/${s.saleId}`;
    case 'return':
      return `return/${s.returnId}`;
    case 'stock':
      return `stock/${outletId}/${s.productId}`;
    case 'stock-doc':
      return `stock-doc/${s.doc}/${s.docId}`;
  }
}

const docSubject = (d: { kind: StockDocKind; id: string }): FlagSubjectRef => ({ kind: 'stock-doc', doc: d.kind, docId: d.id });

const DOC_WORD: Record<StockDocKind, StringKey> = { transfer: 'resolvedStockDocTransfer', adjustment: 'resolvedStockDocAdjustment', count: 'resolvedStockDocCount' };

function ReviewList({ source }: { source: Source }) {
  const t = useT();
  const { db, sync } = useServices();
  const role = useManagementSession((s) => s.session?.user.role ?? 'cashier');
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [tab, setTab] = useState<Tab>('open');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const queued = useLiveQuery(() => unsyncedResolutions(db), [db]) ?? [];
  const tabsId = useId();

  const load = useCallback(() => {
    (source.kind === 'device' ? fetchReviewAsDevice(db, source.userId) : fetchReview())
      .then((data) => setState({ kind: 'ok', data }))
      .catch((error: unknown) => setState({ kind: 'failed', error }));
  }, [db, source.kind, source.userId]);
  useEffect(() => {
    load();
  }, [load]);

  // A resolution the server has just taken (whenever the sync loop sent it)
  // leaves the device's queue: read the list again, or it would show as open.
  const sent = queued.filter((q) => q.status !== 'rejected').map((q) => q.payload.id);
  const sentKey = sent.join(' ');
  const previous = useRef(sentKey);
  useEffect(() => {
    const before = previous.current.split(' ').filter((id) => id !== '');
    previous.current = sentKey;
    const still = new Set(sentKey.split(' '));
    if (before.some((id) => !still.has(id))) load();
  }, [sentKey, load]);

  const failure = (error: unknown): string => {
    if (error instanceof ManagementError && error.kind === 'network') return t('reviewFailed', { reason: error.message });
    if (source.kind === 'device' && error instanceof ManagementError) {
      // The person on the device is a supervisor here, the server may know better (a role changed since the last pull).
      if (error.code === AUTH_ERROR_CODES.reviewerNeeded) return t('reviewNotReviewer', { name: source.name });
      if (error.kind === 'unauthenticated') return t('reviewDeviceRefused', { reason: error.message });
    }
    // A supervisor of another outlet is refused for that outlet, not for the page.
    if (error instanceof ManagementError && error.kind === 'forbidden' && error.code !== AUTH_ERROR_CODES.wrongOutlet) {
      return t('reviewForbidden', { role: t(ROLE_LABEL[role]) });
    }
    return managementErrorText(t, error);
  };

  const resolve = async (input: Omit<ResolveInput, 'by'>): Promise<boolean> => {
    try {
      if (source.kind === 'device') {
        await resolveFlag(db, { ...input, by: source.userId });
        setMessage({ ok: true, text: t('resolveQueued') });
        // Sent now when the network allows, else by the sync loop later; the list is read again once the server has it (above).
        if (sync) void sync.syncNow();
      } else {
        await resolveWithSession(resolutionPayload({ ...input, by: source.userId }));
        setMessage({ ok: true, text: t('resolveSaved') });
        load();
      }
      return true;
    } catch (e) {
      setMessage({ ok: false, text: t('resolveFailed', { reason: e instanceof ManagementError ? managementErrorText(t, e) : e instanceof Error ? e.message : String(e) }) });
      return false;
    }
  };

  // Resolved here but not yet taken by the server: off the open list, on the resolved one.
  const waiting = new Set(queued.filter((q) => q.status !== 'rejected').map((q) => subjectKey(q.payload.outletId, q.payload.subject)));
  const isOpen = (outletId: string, s: FlagSubjectRef) => !waiting.has(subjectKey(outletId, s));

  return (
    <>
      <button type="button" className="secondary" onClick={load}>
        {t('reload')}
      </button>
      <div role="tablist" aria-label={t('reviewTabs')} className="inline">
        {(['open', 'resolved'] as const).map((k) => (
          <button
            key={k}
            type="button"
            role="tab"
            id={`${tabsId}-${k}`}
            aria-selected={tab === k}
            aria-controls={`${tabsId}-panel`}
            className={tab === k ? '' : 'secondary'}
            onClick={() => setTab(k)}
          >
            {t(k === 'open' ? 'reviewOpenTab' : 'reviewResolvedTab')}
          </button>
        ))}
      </div>
      {message ? (
        <p role={message.ok ? 'status' : 'alert'} className={message.ok ? 'notice' : 'error'}>
          {message.text}
        </p>
      ) : null}
      {state.kind === 'loading' ? <p>{t('loading')}</p> : null}
      {state.kind === 'failed' ? (
        <p role="alert" className="error">
          {failure(state.error)}
        </p>
      ) : null}
      <div role="tabpanel" id={`${tabsId}-panel`} aria-labelledby={`${tabsId}-${tab}`}>
        {state.kind === 'ok' && tab === 'open' ? <OpenFlags data={state.data} isOpen={isOpen} onResolve={resolve} /> : null}
        {tab === 'resolved' ? <ResolvedFlags queued={queued} resolved={state.kind === 'ok' ? state.data.resolved : []} labels={state.kind === 'ok' ? subjectLabels(t, state.data) : new Map()} /> : null}
      </div>
    </>
  );
}

type OnResolve = (input: Omit<ResolveInput, 'by'>) => Promise<boolean>;

function OpenFlags({ data, isOpen, onResolve }: { data: ReviewResponse; isOpen: (outletId: string, s: FlagSubjectRef) => boolean; onResolve: OnResolve }) {
  const t = useT();
  const sales = data.flaggedSales.filter((s) => isOpen(s.sale.outletId, { kind: 'sale', saleId: s.sale.id }));
  const returns = data.flaggedReturns.filter((r) => isOpen(r.ret.outletId, { kind: 'return', returnId: r.ret.id }));
  const stock = data.negativeStock.filter((n) => isOpen(n.outletId, { kind: 'stock', productId: n.productId }));
  const docs = data.flaggedStock.filter((d) => isOpen(d.outletId, docSubject(d)));
  const names = useFlagNames(data);
  return (
    <>
      <h2>{t('flaggedSales', { n: sales.length })}</h2>
      {sales.length === 0 ? <p className="notice">{t('nothingToReview')}</p> : null}
      <ul className="review-list">
        {sales.map((s) => (
          <li key={s.sale.id}>
            <strong>{s.sale.receiptNo}</strong> · {formatWita(s.sale.createdAt)} · {s.sale.cashier} · <Money value={amountCollected(s.sale)} />
            <ul>
              {s.flags.map((f, i) => (
                <li key={i}>{flagText(t, f, names(s.sale.lines))}</li>
              ))}
            </ul>
            <ResolveControl label={s.sale.receiptNo} outletId={s.sale.outletId} subject={{ kind: 'sale', saleId: s.sale.id }} onResolve={onResolve} />
          </li>
        ))}
      </ul>
      <h2>{t('flaggedReturns', { n: returns.length })}</h2>
      {returns.length === 0 ? <p className="notice">{t('nothingToReview')}</p> : null}
      <ul className="review-list">
        {returns.map((r) => {
          const kind = t(r.ret.kind === 'void' ? 'returnKindVoid' : 'returnKindRefund');
          return (
            <li key={r.ret.id}>
              <strong>{kind}</strong> · {formatWita(r.ret.createdAt)} · <Money value={r.ret.amount} /> · {r.ret.reason}
              <ul>
                {r.flags.map((f, i) => (
                  <li key={i}>{flagText(t, f, names([]))}</li>
                ))}
              </ul>
              <ResolveControl label={`${kind} ${formatWita(r.ret.createdAt)}`} outletId={r.ret.outletId} subject={{ kind: 'return', returnId: r.ret.id }} onResolve={onResolve} />
            </li>
          );
        })}
      </ul>
      {docs.length > 0 ? (
        <>
          <h2>{t('reviewStockDocs')}</h2>
          <p className="hint">{t('reviewStockDocHint')}</p>
          <ul className="review-list" aria-label={t('reviewStockDocs')}>
            {docs.map((d) => {
              const title =
                d.kind === 'transfer'
                  ? t('reviewStockTransfer', { from: names([]).outlet(d.fromOutletId ?? '?'), outlet: names([]).outlet(d.outletId) })
                  : t(d.kind === 'adjustment' ? 'reviewStockAdjustment' : 'reviewStockCount', { outlet: names([]).outlet(d.outletId) });
              return (
                <li key={`${d.kind}/${d.id}`}>
                  <strong>{title}</strong> · {formatWita(d.receivedAt)} · {names([]).user(d.by)}
                  <ul>
                    {d.flags.map((f, i) => (
                      <li key={i}>{flagText(t, f, names([]))}</li>
                    ))}
                  </ul>
                  <ResolveControl
                    label={`${title} ${formatWita(d.receivedAt)}`}
                    outletId={d.outletId}
                    subject={docSubject(d)}
                    products={d.products.map((id) => ({ id, name: names([]).product(id) }))}
                    onResolve={onResolve}
                  />
                </li>
              );
            })}
          </ul>
        </>
      ) : null}
      {data.flaggedCash.length > 0 ? <FlaggedCash moves={data.flaggedCash} names={names([])} /> : null}
      {data.qrisPayments.length > 0 ? (
        <>
          <h2>{t('reviewQrisTitle', { n: data.qrisPayments.length })}</h2>
          <ul className="review-list" aria-label={t('reviewQrisTitle', { n: data.qrisPayments.length })}>
            {data.qrisPayments.map((q) => (
              <li key={q.paymentId}>
                <strong>
                  {q.receiptNo ?? t('reviewQrisSaleMissing')} · {q.amount === null ? '' : formatRupiah(q.amount)}
                </strong>{' '}
                · {t(q.state === 'disputed' ? 'reviewQrisDisputed' : 'reviewQrisAwaiting')}
                {q.confirmations.length > 0 ? (
                  <ul>
                    {q.confirmations.map((c) => (
                      <li key={c.id}>
                        {formatWita(c.createdAt)} · {names([]).user(c.by)} · {c.outcome === 'confirmed' ? t('qrisConfirmedWith', { reference: c.reference ?? '' }) : `${t('reviewQrisDisputed')}${c.note ? `: ${c.note}` : ''}`}
                      </li>
                    ))}
                  </ul>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h2>{t('negativeStock', { n: stock.length })}</h2>
      {stock.length === 0 ? <p className="notice">{t('nothingToReview')}</p> : <p>{t('reviewCountInStock')} <Link to={PATHS.stock}>{t('navStock')}</Link></p>}
      {stock.length > 0 ? (
        <table className="sales-table">
          <thead>
            <tr>
              <th scope="col">{t('outlet')}</th>
              <th scope="col">{t('product')}</th>
              <th scope="col">{t('stock')}</th>
              <th scope="col">{t('resolveAction')}</th>
            </tr>
          </thead>
          <tbody>
            {stock.map((n) => (
              <tr key={`${n.outletId}/${n.productId}`}>
                <td>{n.outletName ?? n.outletId}</td>
                <th scope="row">{n.productName ?? n.productId}</th>
                <td className="error">{n.level}</td>
                <td>
                  <ResolveControl label={n.productName ?? n.productId} outletId={n.outletId} subject={{ kind: 'stock', productId: n.productId }} onResolve={onResolve} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </>
  );
}

/** "Selesaikan", then the actions this kind of flag allows, a note, and for a count the quantity on the shelf. */
function ResolveControl({
  label,
  outletId,
  subject,
  products = [],
  onResolve,
}: {
  label: string;
  outletId: string;
  subject: FlagSubjectRef;
  /** A stock document's products, one of which a count counts. */
  products?: readonly { id: string; name: string }[];
  onResolve: OnResolve;
}) {
  const t = useT();
  const ids = useId();
  const actions = actionsFor(subject.kind);
  const [open, setOpen] = useState(false);
  const [action, setAction] = useState<ResolutionAction>(actions[0] ?? 'accept');
  const [note, setNote] = useState('');
  const [counted, setCounted] = useState('');
  const [productId, setProductId] = useState(products[0]?.id ?? '');
  const [problem, setProblem] = useState<{ field: 'note' | 'counted'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  if (!open) {
    return (
      <button type="button" className="secondary" aria-expanded={false} onClick={() => setOpen(true)}>
        {t('resolveButton')}
      </button>
    );
  }

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const qty = Number(counted.trim());
    if (action === 'stock-count' && (counted.trim() === '' || !Number.isInteger(qty) || qty < 0 || qty > MAX_COUNTED)) {
      setProblem({ field: 'counted', text: t('resolveCountedInvalid') });
      return;
    }
    if (needsNote(action) && note.trim() === '') {
      setProblem({ field: 'note', text: t('resolveNoteNeeded') });
      return;
    }
    setProblem(null);
    setBusy(true);
    void onResolve({ outletId, subject, action, note, counted: action === 'stock-count' ? qty : null, productId: subject.kind === 'stock-doc' ? productId : null }).then((ok) => {
      setBusy(false);
      if (ok) setOpen(false);
    });
  };

  const errorId = `${ids}-error`;
  return (
    <form aria-label={t('resolveFormLabel', { subject: label })} onSubmit={submit} className="resolve-form">
      <fieldset>
        <legend>{t('resolveAction')}</legend>
        {actions.map((a) => (
          <label key={a}>
            <input type="radio" name={`${ids}-action`} value={a} checked={action === a} onChange={() => setAction(a)} /> {t(ACTION_LABEL[a])}
          </label>
        ))}
      </fieldset>
      {action === 'stock-count' && subject.kind === 'stock-doc' ? (
        <label>
          {t('reviewStockCountedProduct')}
          <select value={productId} onChange={(e) => setProductId(e.target.value)}>
            {products.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      {action === 'stock-count' ? (
        <label>
          {t('resolveCounted')}
          <input
            type="text"
            inputMode="numeric"
            value={counted}
            onChange={(e) => setCounted(e.target.value)}
            aria-invalid={problem?.field === 'counted'}
            aria-describedby={problem?.field === 'counted' ? errorId : undefined}
          />
        </label>
      ) : null}
      <label>
        {t('resolveNote')}
        <textarea
          value={note}
          maxLength={500}
          onChange={(e) => setNote(e.target.value)}
          aria-invalid={problem?.field === 'note'}
          aria-describedby={problem?.field === 'note' ? errorId : undefined}
        />
      </label>
      {problem ? (
        <p id={errorId} role="alert" className="error">
          {problem.text}
        </p>
      ) : null}
      <button type="submit" disabled={busy}>
        {t('resolveSave')}
      </button>
      <button type="button" className="secondary" onClick={() => setOpen(false)}>
        {t('resolveCancel')}
      </button>
    </form>
  );
}

/** The words each open subject is shown by, for resolutions still on their way to the server. */
function subjectLabels(t: ReturnType<typeof useT>, data: ReviewResponse): Map<string, string> {
  const out = new Map<string, string>();
  for (const s of data.flaggedSales) out.set(subjectKey(s.sale.outletId, { kind: 'sale', saleId: s.sale.id }), s.sale.receiptNo);
  for (const r of data.flaggedReturns) {
    out.set(subjectKey(r.ret.outletId, { kind: 'return', returnId: r.ret.id }), `${t(r.ret.kind === 'void' ? 'returnKindVoid' : 'returnKindRefund')} ${formatWita(r.ret.createdAt)}`);
  }
  for (const n of data.negativeStock) out.set(subjectKey(n.outletId, { kind: 'stock', productId: n.productId }), n.productName ?? n.productId);
  for (const d of data.flaggedStock) out.set(subjectKey(d.outletId, docSubject(d)), `${t(DOC_WORD[d.kind])} ${formatWita(d.receivedAt)}`);
  return out;
}

function ResolvedFlags({ queued, resolved, labels }: { queued: readonly QueuedResolution[]; resolved: readonly ResolvedFlag[]; labels: ReadonlyMap<string, string> }) {
  const t = useT();
  if (queued.length === 0 && resolved.length === 0) return <p className="notice">{t('resolvedNone')}</p>;
  return (
    <ul className="review-list" aria-label={t('reviewResolvedTab')}>
      {queued.map((q) => (
        <li key={q.payload.id}>
          <strong>{labels.get(subjectKey(q.payload.outletId, q.payload.subject)) ?? t('resolvedUnknownSubject')}</strong> ·{' '}
          {t(ACTION_LABEL[q.payload.action])} · {q.status === 'rejected' ? t('resolvedRefused', { reason: q.reason ?? '' }) : t('resolvedWaiting')}
          {q.payload.note ? <p>{q.payload.note}</p> : null}
          {q.payload.count ? <p>{t('resolveCounted')}: {q.payload.count.counted}</p> : null}
        </li>
      ))}
      {resolved.map((r) => (
        <li key={r.id}>
          <strong>{labelOf(t, r)}</strong> · {t(ACTION_LABEL[r.action])} · {t('resolvedBy', { name: r.byName ?? r.by, time: formatWita(r.receivedAt) })}
          {r.note ? <p>{r.note}</p> : null}
          {r.counted !== null ? <p>{t('resolvedCount', { counted: r.counted, delta: r.delta === null ? '' : r.delta > 0 ? `+${r.delta}` : String(r.delta) })}</p> : null}
        </li>
      ))}
    </ul>
  );
}

function labelOf(t: ReturnType<typeof useT>, r: ResolvedFlag): string {
  if (r.subject.kind === 'stock-doc') return t(DOC_WORD[r.subject.doc]);
  if (r.label === null) return t('resolvedUnknownSubject');
  if (r.subject.kind !== 'return') return r.label;
  return r.label === 'void' ? t('resolvedReturnVoid') : t('resolvedReturnRefund');
}

/**
 * Names for the ids the flags carry, from this device's catalog (products,
 * outlets, people); an id the device does not hold is shown as it is.
 */
function useFlagNames(data: ReviewResponse | null): (lines: readonly { id: string; name: string }[]) => FlagNames {
  const db = useDb();
  const flags = useMemo<Flag[]>(
    () => (data ? [...data.flaggedSales.flatMap((s) => s.flags), ...data.flaggedReturns.flatMap((r) => r.flags), ...data.flaggedStock.flatMap((d) => d.flags), ...data.flaggedCash.flatMap((m) => m.flags)] : []),
    [data],
  );
  const known = useLiveQuery(() => {
    const ids = flags.map(flagIds);
    const docs = data?.flaggedStock ?? [];
    return namesOf(db, {
      products: [...ids.flatMap((i) => i.products), ...docs.flatMap((d) => d.products)],
      outlets: [...ids.flatMap((i) => i.outlets), ...docs.flatMap((d) => [d.outletId, ...(d.fromOutletId ? [d.fromOutletId] : [])]), ...(data?.flaggedCash ?? []).map((m) => m.outletId)],
      users: [...ids.flatMap((i) => i.users), ...docs.map((d) => d.by), ...(data?.flaggedCash ?? []).flatMap((m) => [m.by, ...(m.approverId ? [m.approverId] : [])])],
    });
  }, [db, flags, data]);
  return useCallback(
    (lines) => {
      const from = (m: keyof CatalogNames) => (id: string) => known?.[m].get(id) ?? id;
      return { product: from('products'), outlet: from('outlets'), user: from('users'), line: (id) => lines.find((l) => l.id === id)?.name ?? id };
    },
    [known],
  );
}

/** Kas Masuk / Kas Keluar the server flagged lately, each with its reason as this device's list words it. */
function FlaggedCash({ moves, names }: { moves: ReviewResponse['flaggedCash']; names: FlagNames }) {
  const t = useT();
  const db = useDb();
  const lang = useLanguage((s) => s.lang);
  const reasons = useLiveQuery(() => db.cashReasons.toArray(), [db]);
  const reasonText = (code: string) => {
    const r = reasons?.find((x) => x.code === code);
    return r ? reasonLabel(r, lang) : code;
  };
  const title = t('reviewCashTitle', { n: moves.length });
  return (
    <>
      <h2>{title}</h2>
      <ul className="review-list" aria-label={title}>
        {moves.map((m) => (
          <li key={m.id}>
            <strong>{t(m.direction === 'in' ? 'shiftMoveIn' : 'shiftMoveOut')}</strong> · {formatWita(m.createdAt)} · <Money value={m.amount} /> · {reasonText(m.reason)} · {names.user(m.by)} · {names.outlet(m.outletId)}
            {m.note !== '' ? <span className="muted"> · {m.note}</span> : null}
            <ul>
              {m.flags.map((f, i) => (
                <li key={i}>{flagText(t, f, names)}</li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </>
  );
}
