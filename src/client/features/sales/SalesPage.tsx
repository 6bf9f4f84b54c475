import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { formatRupiah } from '../../../domain/money.ts';
import { businessDate, formatWitaTime } from '../../../domain/time.ts';
import type { SaleSyncState } from '../../db/schema.ts';
import { salesOfDay } from '../../db/sales-repo.ts';
import type { StringKey } from '../../i18n/strings.ts';
import { useT } from '../../i18n/use-t.ts';
import { ReceiptActions } from '../../lib/receipt.tsx';
import { useDb } from '../../lib/services.tsx';
import { Money } from '../../ui/Money.tsx';

const SYNC_LABEL: Record<SaleSyncState, StringKey> = {
  pending: 'syncPending',
  synced: 'syncSynced',
  flagged: 'syncFlagged',
  rejected: 'syncRejected',
};

export function SalesPage() {
  const t = useT();
  const db = useDb();
  const today = businessDate(Date.now());
  const sales = useLiveQuery(() => salesOfDay(db, today), [db, today]);
  const [openId, setOpenId] = useState<string | null>(null);
  if (!sales) return null;
  const open = sales.find((s) => s.id === openId) ?? null;
  const total = sales.reduce((a, s) => a + s.total + s.rounding, 0);
  return (
    <section className="sales" aria-labelledby="sales-heading">
      <h1 id="sales-heading">{t('salesToday')}</h1>
      <p>{t('salesCount', { n: sales.length, total: formatRupiah(total) })}</p>
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
            {sales.map((s) => (
              <tr key={s.id}>
                <th scope="row">{s.receiptNo}</th>
                <td>{formatWitaTime(s.createdAt)}</td>
                <td>{s.lines.map((l) => `${l.name} ×${l.qty}`).join(', ')}</td>
                <td>
                  <Money value={s.total + s.rounding} />
                </td>
                <td className={`sync-${s.sync}`} title={s.syncNote ?? undefined}>
                  {t(SYNC_LABEL[s.sync])}
                  {s.syncNote ? <span className="small block">{s.syncNote}</span> : null}
                </td>
                <td>
                  <button type="button" className="secondary small" aria-label={t('openSale', { receipt: s.receiptNo })} onClick={() => setOpenId(s.id === openId ? null : s.id)}>
                    {t('reprint')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {open ? (
        <section className="sale-detail" role="dialog" aria-modal="false" aria-label={t('saleDetail', { receipt: open.receiptNo })}>
          <ReceiptActions sale={open} reprint />
          <button type="button" className="secondary" onClick={() => setOpenId(null)}>
            {t('close')}
          </button>
        </section>
      ) : null}
    </section>
  );
}
