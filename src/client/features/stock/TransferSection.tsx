// Transfer: Kirim makes and sends a transfer document from this outlet (the
// lines leave as in transit); Terima lists the transfers pulled on their way
// here and receives one by scanning, showing what differs per line and per
// producer before it is saved.
import { useLiveQuery } from 'dexie-react-hooks';
import { useCallback, useEffect, useState } from 'react';
import { Button, Input, Label, TextField } from 'react-aria-components';
import { differencesByProducer, transferDifferences } from '../../../domain/stock.ts';
import { listOutlets, type ProductHit } from '../../db/catalog-repo.ts';
import { allProducers, incomingTransfers, productsByIds, receiveTransfer, scanIntoTransfer, sendTransfer, setScanned, transfersOf } from '../../db/stock-repo.ts';
import type { TransferRow } from '../../db/schema.ts';
import { useT } from '../../i18n/use-t.ts';
import { useDb, useServices } from '../../shared/services/services.tsx';
import { addLine, ChoiceField, LineList, lineOf, Note, ProductPicker, QtyField, Section, type Line } from './parts.tsx';
import type { StockContext } from './StockPage.tsx';

export function TransferSection({ ctx }: { ctx: StockContext }) {
  const t = useT();
  const [mode, setMode] = useState<'send' | 'receive'>('send');
  return (
    <Section title={t('stockTabTransfer')}>
      <div className="inline" role="group" aria-label={t('stockTransferMode')}>
        <Button className={mode === 'send' ? 'primary' : 'secondary'} aria-pressed={mode === 'send'} onPress={() => setMode('send')}>
          {t('stockTransferSend')}
        </Button>
        <Button className={mode === 'receive' ? 'primary' : 'secondary'} aria-pressed={mode === 'receive'} onPress={() => setMode('receive')}>
          {t('stockTransferReceive')}
        </Button>
      </div>
      {mode === 'send' ? <SendTransfer ctx={ctx} /> : <ReceiveTransfers ctx={ctx} />}
      <TransferList ctx={ctx} />
    </Section>
  );
}

function SendTransfer({ ctx }: { ctx: StockContext }) {
  const t = useT();
  const db = useDb();
  const { sync } = useServices();
  const outlets = useLiveQuery(() => listOutlets(db), [db]) ?? [];
  const [to, setTo] = useState<string | null>(null);
  const [memo, setMemo] = useState('');
  const [lines, setLines] = useState<Line[]>([]);
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);
  const add = useCallback((hit: ProductHit) => setLines((ls) => addLine(ls, lineOf(hit))), []);
  useEffect(() => {
    ctx.onScan((hit, code) => (hit ? add(hit) : setNote({ ok: false, text: t('stockUnknownCode', { code }) })));
    return () => ctx.onScan(null);
  }, [ctx, add, t]);
  const send = async () => {
    if (to === null || lines.length === 0) {
      setNote({ ok: false, text: t('stockTransferIncomplete') });
      return;
    }
    try {
      await sendTransfer(db, { fromOutletId: ctx.outletId, toOutletId: to, note: memo, by: ctx.userId, lines: lines.map((l) => ({ productId: l.productId, qty: l.qty })) });
      setNote({ ok: true, text: t('stockTransferSent', { n: lines.reduce((s, l) => s + l.qty, 0), outlet: outlets.find((o) => o.id === to)?.name ?? to }) });
      setLines([]);
      setMemo('');
      if (sync) void sync.syncNow();
    } catch (e) {
      setNote({ ok: false, text: t('stockNotSaved', { reason: e instanceof Error ? e.message : String(e) }) });
    }
  };
  return (
    <div className="stock-sub">
      <div className="stock-form">
        <ChoiceField
          label={t('stockTransferTo')}
          value={to}
          onChange={setTo}
          options={outlets.filter((o) => o.id !== ctx.outletId).map((o) => ({ id: o.id, name: o.name }))}
          placeholder={t('stockChoose')}
        />
        <TextField value={memo} onChange={setMemo} className="field" maxLength={500}>
          <Label>{t('stockMemo')}</Label>
          <Input />
        </TextField>
      </div>
      <ProductPicker outletId={ctx.outletId} onPick={add} />
      <LineList lines={lines} onChange={setLines} />
      <Button className="primary" onPress={() => void send()}>
        {t('stockTransferSendButton')}
      </Button>
      <Note note={note} />
    </div>
  );
}

function ReceiveTransfers({ ctx }: { ctx: StockContext }) {
  const t = useT();
  const db = useDb();
  const { sync } = useServices();
  const incoming = useLiveQuery(() => incomingTransfers(db, ctx.outletId), [db, ctx.outletId]) ?? [];
  const outlets = useLiveQuery(() => listOutlets(db), [db]) ?? [];
  const [openId, setOpenId] = useState<string | null>(null);
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);
  const open = incoming.find((x) => x.id === openId) ?? null;
  const outletName = (id: string) => outlets.find((o) => o.id === id)?.name ?? id;
  useEffect(() => {
    ctx.onScan((hit, code) => {
      if (!open) return setNote({ ok: false, text: t('stockTransferPickFirst') });
      if (!hit) return setNote({ ok: false, text: t('stockUnknownCode', { code }) });
      void scanIntoTransfer(db, open.id, hit.id);
      setNote(null);
    });
    return () => ctx.onScan(null);
  }, [ctx, db, open, t]);
  const receive = async (tr: TransferRow) => {
    try {
      await receiveTransfer(db, { transferId: tr.id, outletId: ctx.outletId, by: ctx.userId, note: '' });
      setNote({ ok: true, text: t('stockTransferReceived', { outlet: outletName(tr.fromOutletId) }) });
      setOpenId(null);
      if (sync) void sync.syncNow();
    } catch (e) {
      setNote({ ok: false, text: t('stockNotSaved', { reason: e instanceof Error ? e.message : String(e) }) });
    }
  };
  return (
    <div className="stock-sub">
      {incoming.length === 0 ? <p>{t('stockTransferNoneIncoming')}</p> : null}
      <ul className="stock-docs" aria-label={t('stockTransferIncoming')}>
        {incoming.map((tr) => (
          <li key={tr.id}>
            <Button className={tr.id === openId ? 'primary' : 'secondary'} onPress={() => setOpenId(tr.id)}>
              {t('stockTransferOpen', { outlet: outletName(tr.fromOutletId), n: tr.lines.reduce((s, l) => s + l.qty, 0) })}
            </Button>
          </li>
        ))}
      </ul>
      {open ? <TransferReceipt tr={open} onReceive={() => void receive(open)} /> : null}
      <Note note={note} />
    </div>
  );
}

function TransferReceipt({ tr, onReceive }: { tr: TransferRow; onReceive: () => void }) {
  const t = useT();
  const db = useDb();
  const ids = [...new Set([...tr.lines.map((l) => l.productId), ...(tr.scanned ?? []).map((l) => l.productId)])];
  const products = useLiveQuery(() => productsByIds(db, ids), [db, ids.join(',')]) ?? [];
  const producers = useLiveQuery(() => allProducers(db), [db]) ?? [];
  const byId = new Map(products.flatMap((p) => (p ? [[p.id, p] as const] : [])));
  const diffs = transferDifferences(tr.lines, tr.scanned ?? []);
  const perProducer = differencesByProducer(diffs, (id) => byId.get(id)?.producerId ?? '?');
  const name = (id: string) => byId.get(id)?.name ?? id;
  return (
    <div className="stock-receipt">
      <table className="stock-table">
        <caption>{t('stockTransferLinesCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('stockProduct')}</th>
            <th scope="col">{t('stockSent')}</th>
            <th scope="col">{t('stockScanned')}</th>
            <th scope="col">{t('stockDifference')}</th>
          </tr>
        </thead>
        <tbody>
          {diffs.map((d) => (
            <tr key={d.productId} className={d.difference === 0 ? '' : 'differs'}>
              <th scope="row">{name(d.productId)}</th>
              <td>{d.sent}</td>
              <td>
                <QtyField label={t('stockScannedOf', { name: name(d.productId) })} value={d.received} onChange={(qty) => void setScanned(db, tr.id, d.productId, qty)} />
              </td>
              <td>{d.difference === 0 ? t('stockNoDifference') : d.difference > 0 ? `+${d.difference}` : String(d.difference)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <ul className="stock-producer-diffs" aria-label={t('stockPerProducer')}>
        {perProducer.map((p) => (
          <li key={p.producerId}>
            {t('stockProducerDiff', { producer: producers.find((x) => x.id === p.producerId)?.name ?? p.producerId, sent: p.sent, received: p.received, difference: p.difference })}
          </li>
        ))}
      </ul>
      <Button className="primary" onPress={onReceive}>
        {t('stockTransferReceiveButton')}
      </Button>
    </div>
  );
}

function TransferList({ ctx }: { ctx: StockContext }) {
  const t = useT();
  const db = useDb();
  const rows = useLiveQuery(() => transfersOf(db, ctx.outletId), [db, ctx.outletId]) ?? [];
  const outlets = useLiveQuery(() => listOutlets(db), [db]) ?? [];
  const outletName = (id: string) => outlets.find((o) => o.id === id)?.name ?? id;
  const STATE: Record<TransferRow['state'], string> = {
    draft: t('stockStateDraft'),
    sent: t('stockStateSent'),
    received: t('stockStateReceived'),
    'received-with-difference': t('stockStateReceivedDiff'),
  };
  if (rows.length === 0) return null;
  return (
    <ul className="stock-docs" aria-label={t('stockTransferList')}>
      {rows.map((r) => (
        <li key={r.id}>
          {t('stockTransferRow', { from: outletName(r.fromOutletId), to: outletName(r.toOutletId), n: r.lines.reduce((s, l) => s + l.qty, 0), state: STATE[r.state] })}
        </li>
      ))}
    </ul>
  );
}
