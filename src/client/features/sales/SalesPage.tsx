import '../../i18n/receipts-strings.ts';
import { useLiveQuery } from 'dexie-react-hooks';
import { useCallback, useEffect, useState } from 'react';
import { useSearchParams } from '../../shared/services/router.tsx';
import { asReceiptNumber } from '../../../domain/receipt-code.ts';
import { refundRefusal, voidRefusal } from '../../../domain/approval.ts';
import { formatRupiah } from '../../../domain/money.ts';
import { amountCollected } from '../../../domain/sale.ts';
import { businessDate, formatWitaTime } from '../../../domain/time.ts';
import type { SaleReturnRow, SaleRow, SaleSyncState } from '../../db/schema.ts';
import { salesOfDay } from '../../db/sales-repo.ts';
import { dayCutoffOf, loadSettings } from '../../db/settings-repo.ts';
import type { StringKey } from '../../i18n/strings.ts';
import type { T } from '../../i18n/use-t.ts';
import { useT } from '../../i18n/use-t.ts';
import { ReceiptActions } from '../../shared/printing/receipt.tsx';
import { RefundSlip } from '../../shared/printing/refund-slip.tsx';
import { useDb } from '../../shared/services/services.tsx';
import { useSignedInUser } from '../../shared/services/session.ts';
import { Money } from '../../ui/Money.tsx';
import { ReturnForm } from './ReturnForm.tsx';
import { localSalesByReceipt, saleById, storeLookedUpSale } from '../../db/receipt-repo.ts';
import { lookupReceiptOnServer } from '../../sync/receipts.ts';
import { NetError } from '../../net/http.ts';
import { serverErrorText } from '../../i18n/server-words.ts';
import { QrisChecks } from '../../shared/qris/QrisChecks.tsx';
import { RECEIPT_PARAM } from '../../shared/services/paths.ts';
import { useBarcodeScanner } from '../../shared/services/use-scanner.ts';
import { pushAnswerText, saleFlagNames } from '../../i18n/push-words.ts';
import '../../i18n/back-office-strings.ts';

const SYNC_LABEL: Record<SaleSyncState, StringKey> = {
  pending: 'syncPending',
  synced: 'syncSynced',
  flagged: 'syncFlagged',
  rejected: 'syncRejected',
};

type Mode = { kind: 'receipt' } | { kind: 'void' } | { kind: 'refund' } | { kind: 'slip'; returnId: string };

/** Where a receipt search stands: the answer is on screen until the next search. */
type Lookup =
  | { kind: 'idle' }
  | { kind: 'bad' }
  | { kind: 'busy'; receipt: string }
  | { kind: 'none'; receipt: string }
  | { kind: 'offline'; receipt: string }
  | { kind: 'failed'; receipt: string; reason: string }
  | { kind: 'several'; receipt: string; sales: SaleRow[] }
  | { kind: 'spent'; receipt: string };

function netReason(t: T, e: NetError): string {
  const p = e.problem;
  if (p.kind === 'http') return p.code ? serverErrorText(t, p.code, p.params) : p.message;
  if (p.kind === 'timeout') return t('syncErrorUnreachable', { detail: `${Math.round(p.afterMs / 1000)} s` });
  return p.kind === 'network' ? p.detail : p.kind === 'bad-response' ? p.detail : p.kind;
}

function returnsText(t: T, s: SaleRow): string | null {
  const rs = s.returns ?? [];
  if (rs.length === 0) return null;
  if (rs.some((r) => r.kind === 'void')) return t('saleVoided');
  return t('saleRefunded', { amount: formatRupiah(rs.reduce((a, r) => a + r.amount, 0)) });
}

export function SalesPage() {
  const t = useT();
  const db = useDb();
  const user = useSignedInUser();
  const settings = useLiveQuery(() => loadSettings(db), [db]);
  const today = businessDate(Date.now(), settings ? dayCutoffOf(settings) : 0);
  const sales = useLiveQuery(() => salesOfDay(db, today), [db, today]);
  const [openId, setOpenId] = useState<string | null>(null);
  const [mode, setMode] = useState<Mode>({ kind: 'receipt' });
  const [lookup, setLookup] = useState<Lookup>({ kind: 'idle' });
  const [typed, setTyped] = useState('');
  const [params, setParams] = useSearchParams();
  // Any sale can be open, not only today's: one found by its receipt number may be older, or another device's.
  const opened = useLiveQuery(() => saleById(db, openId), [db, openId]) ?? null;

  /** Opens a sale for a refund when one is possible, else on its receipt. */
  const openSale = useCallback((sale: SaleRow, receipt: string) => {
    const refundable = refundRefusal(sale, sale.returns ?? []) === null;
    setOpenId(sale.id);
    setMode(refundable ? { kind: 'refund' } : { kind: 'receipt' });
    setLookup(refundable ? { kind: 'idle' } : { kind: 'spent', receipt });
  }, []);

  // The device's own sales first (offline too); the server for another device's, and for returns made elsewhere.
  const find = useCallback(
    async (text: string) => {
      const receipt = asReceiptNumber(text);
      if (receipt === null) return setLookup({ kind: 'bad' });
      setLookup({ kind: 'busy', receipt });
      const mine = await localSalesByReceipt(db, receipt);
      let found: SaleRow[] = mine;
      try {
        const matches = await lookupReceiptOnServer(db, receipt);
        const stored: SaleRow[] = [];
        for (const m of matches) stored.push(await storeLookedUpSale(db, m));
        found = [...stored, ...mine.filter((x) => !stored.some((y) => y.id === x.id))];
      } catch (e) {
        if (!(e instanceof NetError)) throw e;
        if (mine.length === 0) {
          const p = e.problem;
          return setLookup(p.kind === 'offline' || p.kind === 'network' || p.kind === 'timeout' ? { kind: 'offline', receipt } : { kind: 'failed', receipt, reason: netReason(t, e) });
        }
      }
      const [only, ...more] = found;
      if (!only) return setLookup({ kind: 'none', receipt });
      if (more.length > 0) return setLookup({ kind: 'several', receipt, sales: found });
      openSale(only, receipt);
    },
    [db, t, openSale],
  );

  // A receipt scanned at the counter arrives as ?struk=...; the parameter is spent once read.
  const asked = params.get(RECEIPT_PARAM);
  useEffect(() => {
    if (asked === null) return;
    setParams({}, { replace: true });
    setTyped(asked);
    void find(asked);
  }, [asked, find, setParams]);

  useBarcodeScanner(
    { maxGapMs: settings?.scanMaxGapMs ?? 35, minLength: settings?.scanMinLength ?? 4 },
    useCallback(
      (code: string) => {
        if (asReceiptNumber(code) === null) return;
        setTyped(code);
        void find(code);
      },
      [find],
    ),
  );

  if (!sales) return null;
  // Today's list answers at once; the query, a moment later, for a sale from another day or device.
  const open = sales.find((x) => x.id === openId) ?? (opened?.id === openId ? opened : null);
  const total = sales.reduce((a, s) => a + amountCollected(s), 0);
  const returned = sales.reduce((a, s) => a + (s.returns ?? []).reduce((b, r) => b + r.amount, 0), 0);
  const slip: SaleReturnRow | null = mode.kind === 'slip' && open ? ((open.returns ?? []).find((r) => r.id === mode.returnId) ?? null) : null;
  const canVoid = open !== null && voidRefusal(open, open.returns ?? [], today) === null;
  const canRefund = open !== null && refundRefusal(open, open.returns ?? []) === null;

  return (
    <section className="sales" aria-labelledby="sales-heading">
      <h1 id="sales-heading">{t('salesToday')}</h1>
      <p>{t('salesCount', { n: sales.length, total: formatRupiah(total) })}</p>
      {returned > 0 ? <p data-testid="returned-today">{t('returnedToday', { amount: formatRupiah(returned) })}</p> : null}
      <form
        className="receipt-find"
        aria-label={t('receiptFindTitle')}
        onSubmit={(e) => {
          e.preventDefault();
          void find(typed);
        }}
      >
        <label className="field compact">
          <span>{t('receiptFindLabel')}</span>
          <input value={typed} maxLength={40} autoComplete="off" aria-describedby="receipt-find-help" onChange={(e) => setTyped(e.target.value)} />
        </label>
        <button type="submit" className="secondary" disabled={lookup.kind === 'busy'}>
          {t('receiptFindSubmit')}
        </button>
        <p id="receipt-find-help" className="muted small">
          {t('receiptFindHelp')}
        </p>
      </form>
      {lookup.kind === 'busy' ? <p role="status">{t('receiptFinding', { receipt: lookup.receipt })}</p> : null}
      {lookup.kind === 'bad' || lookup.kind === 'none' || lookup.kind === 'offline' || lookup.kind === 'failed' || lookup.kind === 'spent' ? (
        <p role="alert" className="error">
          {lookup.kind === 'bad'
            ? t('receiptNotANumber')
            : lookup.kind === 'none'
              ? t('receiptNotFound', { receipt: lookup.receipt })
              : lookup.kind === 'offline'
                ? t('receiptOffline', { receipt: lookup.receipt })
                : lookup.kind === 'spent'
                  ? t('receiptNotRefundable', { receipt: lookup.receipt })
                  : t('receiptServerFailed', { reason: lookup.reason })}
        </p>
      ) : null}
      {lookup.kind === 'several' ? (
        <div role="group" aria-label={t('receiptSeveral', { n: lookup.sales.length, receipt: lookup.receipt })}>
          <p>{t('receiptSeveral', { n: lookup.sales.length, receipt: lookup.receipt })}</p>
          {lookup.sales.map((s) => (
            <button key={s.id} type="button" className="secondary small" onClick={() => openSale(s, lookup.receipt)}>
              {t('receiptPick', { receipt: s.receiptNo, time: `${s.businessDate} ${formatWitaTime(s.createdAt)}`, total: formatRupiah(amountCollected(s)) })}
            </button>
          ))}
        </div>
      ) : null}
      {sales.length === 0 ? <p className="notice">{t('noSalesToday')}</p> : null}
      {sales.length > 0 ? (
        <table className="sales-table">
          <thead>
            <tr>
              <th scope="col">{t('receiptNo')}</th>
              <th scope="col">{t('time')}</th>
              <th scope="col">{t('itemsColumn')}</th>
              <th scope="col">{t('total')}</th>
              <th scope="col">{t('status')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('reprint')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {sales.map((s) => {
              const back = returnsText(t, s);
              const note = pushAnswerText(t, { problem: s.syncProblem, reason: s.syncNote }, saleFlagNames(s.lines));
              return (
                <tr key={s.id} className={back ? 'returned' : undefined}>
                  <th scope="row">{s.receiptNo}</th>
                  <td>
                    {formatWitaTime(s.createdAt)}
                    <span className="small block muted">{s.cashier}</span>
                  </td>
                  <td>{s.lines.map((l) => `${l.name} ×${l.qty}`).join(', ')}</td>
                  <td>
                    <Money value={amountCollected(s)} />
                  </td>
                  <td className={`sync-${s.sync}`}>
                    {t(SYNC_LABEL[s.sync])}
                    {note ? <span className="small block">{note}</span> : null}
                    {back ? (
                      <span className="small block return-tag" data-testid="return-tag">
                        {back}
                      </span>
                    ) : null}
                  </td>
                  <td>
                    <button
                      type="button"
                      className="secondary small"
                      aria-label={t('openSale', { receipt: s.receiptNo })}
                      onClick={() => {
                        setOpenId(s.id === openId ? null : s.id);
                        setMode({ kind: 'receipt' });
                      }}
                    >
                      {t('reprint')}
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
      {open ? (
        <section className="sale-detail" role="dialog" aria-modal="false" aria-label={t('saleDetail', { receipt: open.receiptNo })}>
          {open.origin === 'lookup' ? <p className="notice">{t('receiptFromServer')}</p> : null}
          {mode.kind === 'receipt' ? (
            <>
              <ReceiptActions sale={open} reprint />
              {(open.returns ?? []).map((r) => (
                <p key={r.id} className="small">
                  {t(r.kind === 'void' ? 'returnLineVoid' : 'returnLineRefund', {
                    time: formatWitaTime(r.createdAt),
                    amount: formatRupiah(r.amount),
                    by: r.byName,
                    approver: r.approverName,
                    reason: r.reason,
                  })}{' '}
                  <button type="button" className="secondary small" onClick={() => setMode({ kind: 'slip', returnId: r.id })}>
                    {t('showRefundSlip')}
                  </button>
                </p>
              ))}
              {user ? (
                <div className="cart-actions">
                  <button type="button" className="danger" disabled={!canVoid} onClick={() => setMode({ kind: 'void' })}>
                    {t('voidSale')}
                  </button>
                  <button type="button" className="secondary" disabled={!canRefund} onClick={() => setMode({ kind: 'refund' })}>
                    {t('refund')}
                  </button>
                </div>
              ) : null}
            </>
          ) : null}
          {(mode.kind === 'void' || mode.kind === 'refund') && user ? (
            <ReturnForm
              key={`${open.id}-${mode.kind}`}
              sale={open}
              kind={mode.kind}
              user={user}
              onDone={(ret) => setMode({ kind: 'slip', returnId: ret.id })}
              onCancel={() => setMode({ kind: 'receipt' })}
            />
          ) : null}
          {slip ? (
            <div role="status" aria-label={slip.kind === 'void' ? t('voidDone') : t('refundDone')}>
              <h2>{slip.kind === 'void' ? t('voidDone') : t('refundDone')}</h2>
              <p>
                {t('refundGiveBack')} <Money value={slip.amount} className="huge" />
              </p>
              <RefundSlip sale={open} ret={slip} />
            </div>
          ) : null}
          <button type="button" className="secondary" onClick={() => setOpenId(null)}>
            {t('close')}
          </button>
        </section>
      ) : null}
      {user ? <QrisChecks user={user} /> : null}
    </section>
  );
}
