import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
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
import { pushAnswerText, saleFlagNames } from '../../i18n/push-words.ts';

const SYNC_LABEL: Record<SaleSyncState, StringKey> = {
  pending: 'syncPending',
  synced: 'syncSynced',
  flagged: 'syncFlagged',
  rejected: 'syncRejected',
};

type Mode = { kind: 'receipt' } | { kind: 'void' } | { kind: 'refund' } | { kind: 'slip'; returnId: string };

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
  if (!sales) return null;
  const open = sales.find((s) => s.id === openId) ?? null;
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
      {sales.length === 0 ? <p className="notice">{t('noSalesToday')}</p> : null}
      {sales.length > 0 ? (
        <table className="sales-table">
          <thead>
            <tr>
              <th scope="col">{t('receiptNo')}</th>
              <th scope="col">{t('time')}</th>
              <th scope="col">{t('items', { n: '' }).trim()}</th>
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
    </section>
  );
}
