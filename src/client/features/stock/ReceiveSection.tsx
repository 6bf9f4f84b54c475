// Terima barang: a producer's goods on their consignment note, scanned or
// searched line by line, with the cost per unit (HPP) as the note says.
import { useLiveQuery } from 'dexie-react-hooks';
import { useCallback, useEffect, useState } from 'react';
import { Button, Input, Label, TextField } from 'react-aria-components';
import type { ProductHit } from '../../db/catalog-repo.ts';
import { allProducers, receiveGoods } from '../../db/stock-repo.ts';
import { useT } from '../../i18n/use-t.ts';
import { useDb, useServices } from '../../shared/services/services.tsx';
import { addLine, ChoiceField, LineList, lineOf, Note, ProductPicker, QtyField, Section, type Line } from './parts.tsx';
import type { StockContext } from './StockPage.tsx';

export function ReceiveSection({ ctx }: { ctx: StockContext }) {
  const t = useT();
  const db = useDb();
  const { sync } = useServices();
  const producers = useLiveQuery(() => allProducers(db), [db]) ?? [];
  const [producerId, setProducerId] = useState<string | null>(null);
  const [noteNo, setNoteNo] = useState('');
  const [lines, setLines] = useState<Line[]>([]);
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);

  const add = useCallback(
    (hit: ProductHit) => {
      if (producerId !== null && hit.producerId !== producerId) {
        setNote({ ok: false, text: t('stockOtherProducer', { name: hit.name, producer: hit.producerName }) });
        return;
      }
      // The first line names the producer when none was chosen yet.
      if (producerId === null) setProducerId(hit.producerId);
      setLines((ls) => addLine(ls, { ...lineOf(hit), unitCost: 0 }));
      setNote(null);
    },
    [producerId, t],
  );
  useEffect(() => {
    ctx.onScan((hit, code) => (hit ? add(hit) : setNote({ ok: false, text: t('stockUnknownCode', { code }) })));
    return () => ctx.onScan(null);
  }, [ctx, add, t]);

  const save = async () => {
    if (producerId === null || noteNo.trim() === '' || lines.length === 0) {
      setNote({ ok: false, text: t('stockReceiveIncomplete') });
      return;
    }
    try {
      await receiveGoods(db, { outletId: ctx.outletId, producerId, noteNo, by: ctx.userId, lines: lines.map((l) => ({ productId: l.productId, qty: l.qty, unitCost: l.unitCost ?? 0 })) });
      const units = lines.reduce((s, l) => s + l.qty, 0);
      setNote({ ok: true, text: t('stockReceiveSaved', { n: units, note: noteNo.trim() }) });
      setLines([]);
      setNoteNo('');
      if (sync) void sync.syncNow();
    } catch (e) {
      setNote({ ok: false, text: t('stockNotSaved', { reason: e instanceof Error ? e.message : String(e) }) });
    }
  };

  return (
    <Section title={t('stockTabReceive')}>
      <div className="stock-form">
        <ChoiceField label={t('stockProducer')} value={producerId} onChange={setProducerId} options={producers.map((p) => ({ id: p.id, name: p.name }))} placeholder={t('stockChoose')} />
        <TextField value={noteNo} onChange={setNoteNo} className="field" maxLength={60}>
          <Label>{t('stockNoteNo')}</Label>
          <Input />
        </TextField>
      </div>
      <ProductPicker outletId={ctx.outletId} onPick={add} {...(producerId === null ? {} : { filter: (h: ProductHit) => h.producerId === producerId })} />
      <LineList
        lines={lines}
        onChange={setLines}
        extra={(l, set) => <QtyField label={t('stockCostOf', { name: l.name })} value={l.unitCost ?? 0} max={1_000_000_000} onChange={(unitCost) => set({ unitCost })} />}
      />
      <Button className="primary" onPress={() => void save()}>
        {t('stockReceiveSave')}
      </Button>
      <Note note={note} />
    </Section>
  );
}
