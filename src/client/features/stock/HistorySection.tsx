// Riwayat: this outlet's levels as the device shows them (the pulled level
// plus its own unsynced events), summed per producer; this device's stock
// acts and what the server answered; and, online, the server's history with
// who, when, why and which document.
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useMemo, useState } from 'react';
import { Button, Input, Label, TextField } from 'react-aria-components';
import { searchProducts, type ProductHit } from '../../db/catalog-repo.ts';
import { pendingStockEvents, stockActs, type QueuedStockAct } from '../../db/stock-repo.ts';
import type { StringKey } from '../../i18n/strings.ts';
import { useT } from '../../i18n/use-t.ts';
import { managementErrorText } from '../../shared/services/management-session.ts';
import { useDb } from '../../shared/services/services.tsx';
import { fetchStockAsDevice } from '../../sync/stock.ts';
import type { StockReport } from '../../../protocol/stock.ts';
import { whyText } from '../../i18n/stock-strings.ts';
import { Note, Section } from './parts.tsx';
import type { StockContext } from './StockPage.tsx';

const ACT_WORDS: Record<QueuedStockAct['type'], StringKey> = {
  'stock.receive': 'stockActReceive',
  'stock.adjust': 'stockActAdjust',
  'transfer.send': 'stockActTransferSend',
  'transfer.receive': 'stockActTransferReceive',
  'stock.count': 'stockActCount',
};

const STATUS_WORDS: Record<QueuedStockAct['status'], StringKey> = {
  pending: 'stockStatusPending',
  inflight: 'stockStatusPending',
  acked: 'stockStatusAcked',
  rejected: 'stockStatusRejected',
};

export const EVENT_WORDS: Record<StockReport['history'][number]['reason'], StringKey> = {
  sale: 'stockEventSale',
  return: 'stockEventReturn',
  receive: 'stockEventReceive',
  transfer: 'stockEventTransfer',
  transfer_out: 'stockEventTransferOut',
  transfer_in: 'stockEventTransferIn',
  adjust: 'stockEventAdjust',
  count: 'stockEventCount',
};

export function HistorySection({ ctx }: { ctx: StockContext }) {
  const t = useT();
  const db = useDb();
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<ProductHit[]>([]);
  const revision = useLiveQuery(() => pendingStockEvents(db, ctx.outletId), [db, ctx.outletId]) ?? [];
  const acts = useLiveQuery(() => stockActs(db), [db]) ?? [];
  const [server, setServer] = useState<StockReport | null>(null);
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);
  useEffect(() => {
    let live = true;
    void searchProducts(db, query, ctx.outletId, { limit: 100 }).then((h) => live && setHits(h));
    return () => {
      live = false;
    };
  }, [db, query, ctx.outletId, revision.length]);
  const perProducer = useMemo(() => {
    const sums = new Map<string, { name: string; units: number; value: number }>();
    for (const h of hits) {
      const s = sums.get(h.producerId) ?? { name: h.producerName, units: 0, value: 0 };
      s.units += h.stock ?? 0;
      s.value += (h.stock ?? 0) * h.price;
      sums.set(h.producerId, s);
    }
    return [...sums.values()].sort((a, b) => a.name.localeCompare(b.name, 'id'));
  }, [hits]);
  const load = () => {
    fetchStockAsDevice(db, ctx.userId)
      .then((r) => {
        setServer(r);
        setNote(null);
      })
      .catch((e: unknown) => setNote({ ok: false, text: managementErrorText(t, e) }));
  };

  return (
    <Section title={t('stockTabHistory')}>
      <TextField value={query} onChange={setQuery} className="field">
        <Label>{t('stockFindProduct')}</Label>
        <Input placeholder={t('stockFindPlaceholder')} />
      </TextField>
      <table className="stock-table">
        <caption>{t('stockLevelsCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('stockProduct')}</th>
            <th scope="col">{t('stockProducer')}</th>
            <th scope="col">{t('stockLevel')}</th>
          </tr>
        </thead>
        <tbody>
          {hits.map((h) => (
            <tr key={h.id} className={(h.stock ?? 0) < 0 ? 'differs' : ''}>
              <th scope="row">{h.name}</th>
              <td>{h.producerName}</td>
              <td>{h.stock === null ? t('stockLevelUnknown') : h.stock}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <ul className="stock-producer-diffs" aria-label={t('stockPerProducer')}>
        {perProducer.map((p) => (
          <li key={p.name}>{t('stockProducerLevel', { producer: p.name, units: p.units })}</li>
        ))}
      </ul>
      <h3>{t('stockMyActs')}</h3>
      {acts.length === 0 ? <p>{t('stockNoActs')}</p> : null}
      <ul className="stock-docs" aria-label={t('stockMyActs')}>
        {acts.map((a) => (
          <li key={a.seq}>
            {t(ACT_WORDS[a.type])} · {new Date(a.deviceTime).toLocaleString()} · {t(STATUS_WORDS[a.status])}
            {a.status === 'rejected' && a.reason ? `: ${a.reason}` : ''}
          </li>
        ))}
      </ul>
      <p>{t('stockPendingEvents', { n: revision.length })}</p>
      <Button className="secondary" onPress={load}>
        {t('stockLoadServer')}
      </Button>
      <Note note={note} />
      {server ? (
        <table className="stock-table">
          <caption>{t('stockServerHistory')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('stockWhen')}</th>
              <th scope="col">{t('stockProduct')}</th>
              <th scope="col">{t('stockChange')}</th>
              <th scope="col">{t('stockWhy')}</th>
              <th scope="col">{t('stockWho')}</th>
              <th scope="col">{t('stockDocument')}</th>
            </tr>
          </thead>
          <tbody>
            {server.history.map((h) => (
              <tr key={h.id}>
                <td>{new Date(h.receivedAt).toLocaleString()}</td>
                <th scope="row">{h.productName}</th>
                <td>{h.delta > 0 ? `+${h.delta}` : h.delta}</td>
                <td>
                  {t(EVENT_WORDS[h.reason])}
                  {whyText(h.why, t)}
                  {h.note ? ` · ${h.note}` : ''}
                </td>
                <td>{h.byName ?? h.byUser ?? ''}</td>
                <td>{h.docRef ?? h.docId ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </Section>
  );
}
