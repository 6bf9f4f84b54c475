// Stok semua outlet: what the server holds at each outlet (an admin's every
// outlet, a supervisor's own), per product and per producer, valued at HPP,
// with what is on its way between outlets and every product's history (who,
// when, why, which document). Filters narrow what is read once; the list and
// the sums export as CSV or XLSX. Loaded with its tab, never with the counter.
import { whyText } from '../../../i18n/stock-strings.ts';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Button, Cell, Column, Input, Label, Row, SearchField, Table, TableBody, TableHeader } from 'react-aria-components';
import { formatRupiah } from '../../../../domain/money.ts';
import { stockByProducer, stockValue } from '../../../../domain/stock.ts';
import { formatWita } from '../../../../domain/time.ts';
import type { StockHistoryRow, StockLevelRowWire, StockReport } from '../../../../protocol/stock.ts';
import type { StringKey } from '../../../i18n/strings.ts';
import { useT } from '../../../i18n/use-t.ts';
import { managementErrorText } from '../../../shared/services/management-session.ts';
import { fetchStockReport } from '../../../sync/stock.ts';
import type { ExportColumn } from '../reports/export.ts';
import { TableTools } from '../reports/TableTools.tsx';

type T = ReturnType<typeof useT>;

const REASON_WORDS: Record<StockHistoryRow['reason'], StringKey> = {
  sale: 'stockLevelsReasonSale',
  return: 'stockLevelsReasonReturn',
  receive: 'stockLevelsReasonReceive',
  transfer: 'stockLevelsReasonTransfer',
  transfer_out: 'stockLevelsReasonTransferOut',
  transfer_in: 'stockLevelsReasonTransferIn',
  adjust: 'stockLevelsReasonAdjust',
  count: 'stockLevelsReasonCount',
};

/** A select of a short list, with "all" first. */
function Filter({ label, value, onChange, options }: { label: string; value: string; onChange: (v: string) => void; options: readonly { id: string; name: string }[] }) {
  const t = useT();
  return (
    <label className="field">
      {label}
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{t('stockLevelsAll')}</option>
        {options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.name}
          </option>
        ))}
      </select>
    </label>
  );
}

const valueText = (t: T, v: number | null): string => (v === null ? t('stockLevelsNoCost') : formatRupiah(v));

function levelColumns(t: T): ExportColumn<StockLevelRowWire>[] {
  return [
    { header: t('outlet'), value: (r) => r.outletName },
    { header: t('product'), value: (r) => r.productName },
    { header: 'SKU', value: (r) => r.sku },
    { header: t('stockLevelsProducer'), value: (r) => r.producerName },
    { header: t('stockLevelsCategory'), value: (r) => r.category },
    { header: t('stock'), value: (r) => r.level },
    { header: t('stockLevelsCost'), value: (r) => r.cost },
    { header: t('stockLevelsValue'), value: (r) => stockValue(r.level, r.cost) },
  ];
}

export default function StockLevelsPanel() {
  const t = useT();
  const [report, setReport] = useState<StockReport | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [outlet, setOutlet] = useState('');
  const [producer, setProducer] = useState('');
  const [category, setCategory] = useState('');
  const [query, setQuery] = useState('');
  const [opened, setOpened] = useState<StockLevelRowWire | null>(null);

  const load = useCallback(() => {
    setFailure(null);
    fetchStockReport({ limit: 1 }).then(setReport, (e: unknown) => setFailure(t('stockLevelsFailed', { reason: managementErrorText(t, e) })));
  }, [t]);
  useEffect(load, [load]);

  const levels = useMemo(() => report?.levels ?? [], [report]);
  const options = useMemo(() => {
    const uniq = (pairs: [string, string][]) => [...new Map(pairs)].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name, 'id'));
    return {
      outlets: uniq(levels.map((l) => [l.outletId, l.outletName])),
      producers: uniq(levels.map((l) => [l.producerId, l.producerName])),
      categories: uniq(levels.map((l) => [l.category, l.category])),
    };
  }, [levels]);
  const shown = useMemo(() => {
    const words = query.trim().toLowerCase().split(/\s+/).filter((w) => w !== '');
    return levels.filter(
      (l) =>
        (outlet === '' || l.outletId === outlet) &&
        (producer === '' || l.producerId === producer) &&
        (category === '' || l.category === category) &&
        words.every((w) => l.productName.toLowerCase().includes(w) || l.sku.toLowerCase().includes(w)),
    );
  }, [levels, outlet, producer, category, query]);
  const perProducer = useMemo(() => {
    const names = new Map(levels.map((l) => [l.producerId, l.producerName]));
    return stockByProducer(shown).map((p) => ({ ...p, id: p.producerId, name: names.get(p.producerId) ?? p.producerId }));
  }, [shown, levels]);
  const transit = (report?.inTransit ?? []).filter((tr) => outlet === '' || tr.fromOutletId === outlet || tr.toOutletId === outlet);
  const outletName = (id: string) => options.outlets.find((o) => o.id === id)?.name ?? id;
  const levelsTitle = t('stockLevelsTableTitle');
  const producersTitle = t('stockLevelsProducersTitle');

  return (
    <section className="stock-levels" aria-labelledby="stock-levels-heading">
      <h2 id="stock-levels-heading">{t('stockLevelsTitle')}</h2>
      <p>{t('stockLevelsHelp')}</p>
      <Button className="button" onPress={load}>
        {t('reload')}
      </Button>
      {failure ? (
        <p role="alert" className="error">
          {failure}
        </p>
      ) : null}
      {report === null && failure === null ? <p>{t('loading')}</p> : null}
      {report ? (
        <>
          <div className="stock-form" role="group" aria-label={t('stockLevelsFilters')}>
            <Filter label={t('outlet')} value={outlet} onChange={setOutlet} options={options.outlets} />
            <Filter label={t('stockLevelsProducer')} value={producer} onChange={setProducer} options={options.producers} />
            <Filter label={t('stockLevelsCategory')} value={category} onChange={setCategory} options={options.categories} />
            <SearchField value={query} onChange={setQuery} className="field">
              <Label>{t('stockLevelsSearch')}</Label>
              <Input />
            </SearchField>
          </div>
          <p role="status">{t('stockLevelsSummary', { n: shown.length, negative: shown.filter((l) => l.level < 0).length })}</p>

          <section aria-label={levelsTitle}>
            <h3>{levelsTitle}</h3>
            <TableTools title={levelsTitle} fileBase="stok-per-outlet" columns={levelColumns(t)} rows={shown} />
            <div className="table-scroll">
              <Table aria-label={levelsTitle} className="sales-table">
                <TableHeader>
                  <Column isRowHeader>{t('product')}</Column>
                  {/* Second, so it is on screen at 390 px: react-aria scrolls a pressed row back to its start, and a press on a last, scrolled-to column then lands beside its button. */}
                  <Column>{t('stockLevelsHistory')}</Column>
                  <Column>{t('outlet')}</Column>
                  <Column>{t('stockLevelsProducer')}</Column>
                  <Column>{t('stock')}</Column>
                  <Column>{t('stockLevelsValue')}</Column>
                </TableHeader>
                <TableBody items={shown.map((l) => ({ ...l, id: `${l.outletId}/${l.productId}` }))} renderEmptyState={() => <p className="notice">{t('stockLevelsNone')}</p>}>
                  {(l) => (
                    <Row id={l.id} className={l.level < 0 ? 'negative' : ''}>
                      <Cell>
                        {l.productName} <small>{l.sku}</small>
                      </Cell>
                      <Cell>
                        <Button className="button secondary" aria-label={t('stockLevelsOpenHistory', { name: l.productName, outlet: l.outletName })} onPress={() => setOpened(l)}>
                          {t('stockLevelsHistory')}
                        </Button>
                      </Cell>
                      <Cell>{l.outletName}</Cell>
                      <Cell>{l.producerName}</Cell>
                      <Cell className={l.level < 0 ? 'num error' : 'num'}>{l.level < 0 ? t('stockLevelsNegative', { n: l.level }) : l.level}</Cell>
                      <Cell className="num">{valueText(t, stockValue(l.level, l.cost))}</Cell>
                    </Row>
                  )}
                </TableBody>
              </Table>
            </div>
          </section>

          {opened ? <History row={opened} onClose={() => setOpened(null)} /> : null}

          <section aria-label={producersTitle}>
            <h3>{producersTitle}</h3>
            <TableTools
              title={producersTitle}
              fileBase="stok-per-produsen"
              columns={[
                { header: t('stockLevelsProducer'), value: (p) => p.name },
                { header: t('stock'), value: (p) => p.units },
                { header: t('stockLevelsValue'), value: (p) => p.value },
                { header: t('stockLevelsNegativeCount'), value: (p) => p.negative },
                { header: t('stockLevelsWithoutCost'), value: (p) => p.withoutCost },
              ]}
              rows={perProducer}
            />
            <div className="table-scroll">
              <Table aria-label={producersTitle} className="sales-table">
                <TableHeader>
                  <Column isRowHeader>{t('stockLevelsProducer')}</Column>
                  <Column>{t('stock')}</Column>
                  <Column>{t('stockLevelsValue')}</Column>
                  <Column>{t('stockLevelsNegativeCount')}</Column>
                </TableHeader>
                <TableBody items={perProducer}>
                  {(p) => (
                    <Row id={p.id}>
                      <Cell>{p.name}</Cell>
                      <Cell className="num">{p.units}</Cell>
                      <Cell className="num">{formatRupiah(p.value)}</Cell>
                      <Cell className={p.negative > 0 ? 'num error' : 'num'}>{p.negative}</Cell>
                    </Row>
                  )}
                </TableBody>
              </Table>
            </div>
          </section>

          <section aria-labelledby="stock-transit-heading">
            <h3 id="stock-transit-heading">{t('stockLevelsTransitTitle', { n: transit.length })}</h3>
            {transit.length === 0 ? <p>{t('stockLevelsTransitNone')}</p> : null}
            <ul className="stock-docs" aria-labelledby="stock-transit-heading">
              {transit.map((tr) => (
                <li key={tr.id}>
                  {t('stockLevelsTransitRow', { from: outletName(tr.fromOutletId), to: outletName(tr.toOutletId), n: tr.lines.reduce((s, l) => s + l.qty, 0), at: formatWita(tr.sentAt) })}
                </li>
              ))}
            </ul>
          </section>
        </>
      ) : null}
    </section>
  );
}

/** Every event of one product at one outlet, newest first: who, when, why, which document. */
function History({ row, onClose }: { row: StockLevelRowWire; onClose: () => void }) {
  const t = useT();
  const [events, setEvents] = useState<StockHistoryRow[] | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    setEvents(null);
    fetchStockReport({ outletId: row.outletId, productId: row.productId, limit: 1000 }).then(
      (r) => live && setEvents(r.history.filter((h) => h.outletId === row.outletId)),
      (e: unknown) => live && setFailure(t('stockLevelsFailed', { reason: managementErrorText(t, e) })),
    );
    return () => {
      live = false;
    };
  }, [row.outletId, row.productId, t]);
  const title = t('stockLevelsHistoryTitle', { name: row.productName, outlet: row.outletName });
  return (
    <section aria-label={title} className="stock-history">
      <h3>{title}</h3>
      <Button className="button" onPress={onClose}>
        {t('stockLevelsHistoryClose')}
      </Button>
      {failure ? (
        <p role="alert" className="error">
          {failure}
        </p>
      ) : null}
      {events === null && failure === null ? <p>{t('loading')}</p> : null}
      {events ? (
        <div className="table-scroll">
          <Table aria-label={title} className="sales-table">
            <TableHeader>
              <Column isRowHeader>{t('stockLevelsWhen')}</Column>
              <Column>{t('stockLevelsChange')}</Column>
              <Column>{t('stockLevelsWhy')}</Column>
              <Column>{t('stockLevelsWho')}</Column>
              <Column>{t('stockLevelsDocument')}</Column>
            </TableHeader>
            <TableBody items={events} renderEmptyState={() => <p className="notice">{t('stockLevelsNoEvents')}</p>}>
              {(e) => (
                <Row id={e.id}>
                  <Cell>{formatWita(e.receivedAt)}</Cell>
                  <Cell className="num">{e.delta > 0 ? `+${e.delta}` : e.delta}</Cell>
                  <Cell>
                    {t(REASON_WORDS[e.reason])}
                    {whyText(e.why, t)}
                    {e.note ? ` · ${e.note}` : ''}
                  </Cell>
                  <Cell>{e.byName ?? e.byUser ?? '—'}</Cell>
                  <Cell>{e.docRef ?? e.docId ?? '—'}</Cell>
                </Row>
              )}
            </TableBody>
          </Table>
        </div>
      ) : null}
    </section>
  );
}
