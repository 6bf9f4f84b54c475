// The "Laporan" tab (/admin/laporan): sales over a period of WITA business
// days at one outlet or all, as a summary, charts (each with its figures as
// a table), a breakdown table and stock on hand with its value. Every table
// exports CSV and XLSX, and the page prints on A4. Read online from the
// server's rollups; a supervisor sees their own outlet.
import { useEffect, useMemo, useRef, useState } from 'react';
import { Button, Cell, Column, Input, Label, Row, Table, TableBody, TableHeader, TextField } from 'react-aria-components';
import { formatRupiah } from '../../../../domain/money.ts';
import { addBusinessDays, businessDate } from '../../../../domain/time.ts';
import { REPORT_BREAKDOWNS, type ReportBreakdown, type ReportRow, type SalesReport, type SlowProduct, type SlowProductsReport, type StockValueReport, type StockValueRow } from '../../../../protocol/reports.ts';
import '../../../i18n/reports-strings.ts';
import type { StringKey } from '../../../i18n/strings.ts';
import { useLanguage, useT } from '../../../i18n/use-t.ts';
import { ManagementError, managementErrorText, useManagementSession } from '../../../shared/services/management-session.ts';
import { fetchSalesReport, fetchSlowProducts, fetchStockValue } from '../../../sync/report-api.ts';
import { Picker } from '../products/controls.tsx';
import { useKnownOutlets } from '../use-known-outlets.ts';
import type { ChartKind } from './charts.ts';
import type { ExportColumn } from './export.ts';
import { TableTools } from './TableTools.tsx';
import '../products/products.css';
import './reports.css';

type T = ReturnType<typeof useT>;

const BY_WORDS: Record<ReportBreakdown, StringKey> = {
  day: 'reportsByDay',
  hour: 'reportsByHour',
  product: 'reportsByProduct',
  category: 'reportsByCategory',
  producer: 'reportsByProducer',
  lapas: 'reportsByLapas',
  outlet: 'reportsByOutlet',
  cashier: 'reportsByCashier',
  method: 'reportsByMethod',
};

const METHOD_WORDS: Record<string, StringKey> = { cash: 'methodCashWord', qris: 'methodQrisWord', card: 'methodCardWord', transfer: 'methodTransferWord' };

const PARAM_WORDS: Record<string, StringKey> = { from: 'reportsParamFrom', to: 'reportsParamTo', outlet: 'reportsParamOutlet', by: 'reportsParamBy' };

/** A server refusal of a parameter names it in the reader's words; the rest as every admin page says it. */
function reportErrorText(t: T, e: unknown): string {
  if (e instanceof ManagementError && e.kind === 'invalid' && e.field !== null && e.field in PARAM_WORDS) {
    return t('reportsBadParam', { field: t(PARAM_WORDS[e.field]!), detail: managementErrorText(t, e) });
  }
  return managementErrorText(t, e);
}

/** The row's key in words: a day as on receipts, an hour, a method, the rows with no key. */
function labelOf(t: T, by: ReportBreakdown, row: ReportRow): string {
  switch (by) {
    case 'day': {
      const [y, m, d] = row.key.split('-');
      return `${d}/${m}/${y}`;
    }
    case 'hour':
      return t('reportsHour', { h: row.key.padStart(2, '0') });
    case 'method':
      return METHOD_WORDS[row.key] ? t(METHOD_WORDS[row.key]!) : row.key;
    case 'lapas':
      return row.key === '' ? t('reportsNoLapas') : row.label;
    case 'category':
      return row.key === '' ? t('reportsNoCategory') : row.label;
    case 'cashier':
      return row.key === '' ? t('reportsNoCashier') : row.label;
    default:
      return row.label;
  }
}

function marginText(lang: 'id' | 'en', bp: number | null): string {
  if (bp === null) return '';
  return `${(bp / 100).toLocaleString(lang === 'id' ? 'id-ID' : 'en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 })} %`;
}

/** What went back (refunds, voids, a product's returns): the difference between what was taken and what was kept. */
const returnedOf = (r: ReportRow): number => r.total + r.rounding - r.net;

/** Export and print controls of one table. */
function rowColumns(t: T, by: ReportBreakdown, lang: 'id' | 'en'): ExportColumn<ReportRow>[] {
  return [
    { header: t(BY_WORDS[by]), value: (r) => labelOf(t, by, r) },
    { header: t('reportsTransactions'), value: (r) => r.transactions },
    { header: t('reportsColQty'), value: (r) => r.qty },
    { header: t('reportsTotal'), value: (r) => r.total },
    { header: t('reportsColReturned'), value: (r) => returnedOf(r) },
    { header: t('reportsNet'), value: (r) => r.net },
    { header: t('reportsCost'), value: (r) => r.cost },
    { header: t('reportsProfit'), value: (r) => r.grossProfit },
    { header: t('reportsMargin'), value: (r) => marginText(lang, r.marginBp) },
    { header: t('reportsNoCost'), value: (r) => r.uncostedLines },
  ];
}

/** A breakdown as a table: money in rupiah, profit empty where no line had an HPP. */
function BreakdownTable({ title, by, rows, fileBase }: { title: string; by: ReportBreakdown; rows: readonly ReportRow[]; fileBase: string }) {
  const t = useT();
  const lang = useLanguage((s) => s.lang);
  const columns = rowColumns(t, by, lang);
  return (
    <section className="report-table" aria-label={title}>
      <h3>{title}</h3>
      <TableTools title={title} fileBase={fileBase} columns={columns} rows={rows} />
      <div className="table-scroll">
        <Table aria-label={title} className="sales-table">
          <TableHeader>
            <Column isRowHeader>{t(BY_WORDS[by])}</Column>
            <Column>{t('reportsTransactions')}</Column>
            <Column>{t('reportsColQty')}</Column>
            <Column>{t('reportsTotal')}</Column>
            <Column>{t('reportsColReturned')}</Column>
            <Column>{t('reportsNet')}</Column>
            <Column>{t('reportsCost')}</Column>
            <Column>{t('reportsProfit')}</Column>
            <Column>{t('reportsMargin')}</Column>
          </TableHeader>
          <TableBody items={rows.map((r) => ({ ...r, id: r.key === '' ? '\u0000' : r.key }))} renderEmptyState={() => <p className="notice">{t('reportsNone')}</p>}>
            {(r) => (
              <Row id={r.id}>
                <Cell>{labelOf(t, by, r)}</Cell>
                <Cell className="num">{r.transactions}</Cell>
                <Cell className="num">{r.qty}</Cell>
                <Cell className="num">{formatRupiah(r.total)}</Cell>
                <Cell className="num">{formatRupiah(returnedOf(r))}</Cell>
                <Cell className="num">{formatRupiah(r.net)}</Cell>
                <Cell className="num">{formatRupiah(r.cost)}</Cell>
                <Cell className="num">{r.grossProfit === null ? t('reportsNoCost') : formatRupiah(r.grossProfit)}</Cell>
                <Cell className="num">{marginText(lang, r.marginBp)}</Cell>
              </Row>
            )}
          </TableBody>
        </Table>
      </div>
    </section>
  );
}

interface ChartSpec {
  title: string;
  kind: ChartKind;
  points: { label: string; value: number }[];
  fileBase: string;
}

/** One chart, drawn by chart.js (loaded on first use), with its figures as a table beside it. */
function ReportChart({ spec }: { spec: ChartSpec }) {
  const t = useT();
  const canvas = useRef<HTMLCanvasElement | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let undo: (() => void) | null = null;
    let live = true;
    const el = canvas.current;
    if (!el || spec.points.length === 0) return undefined;
    import('./charts.ts')
      .then(({ drawChart }) => {
        if (!live) return;
        undo = drawChart(el, spec.kind, { labels: spec.points.map((p) => p.label), values: spec.points.map((p) => p.value), series: spec.title, format: formatRupiah });
        el.dataset.drawn = 'true';
      })
      .catch(() => {
        if (live) setFailed(true);
      });
    return () => {
      live = false;
      undo?.();
    };
  }, [spec]);
  const figuresTitle = t('reportsChartFigures', { title: spec.title });
  const columns: ExportColumn<{ label: string; value: number }>[] = [
    { header: spec.title, value: (p) => p.label },
    { header: t('reportsNet'), value: (p) => p.value },
  ];
  return (
    <figure className="report-chart">
      <figcaption>{spec.title}</figcaption>
      <div className="chart-box">
        <canvas ref={canvas} role="img" aria-label={spec.title} />
      </div>
      {failed ? <p className="muted small">{t('reportsChartFailed')}</p> : null}
      <TableTools title={figuresTitle} fileBase={spec.fileBase} columns={columns} rows={spec.points} />
      <div className="table-scroll">
        <Table aria-label={figuresTitle} className="sales-table chart-figures">
          <TableHeader>
            <Column isRowHeader>{spec.title}</Column>
            <Column>{t('reportsNet')}</Column>
          </TableHeader>
          <TableBody items={spec.points.map((p, i) => ({ ...p, id: `${i}` }))} renderEmptyState={() => <p className="notice">{t('reportsNone')}</p>}>
            {(p) => (
              <Row id={p.id}>
                <Cell>{p.label}</Cell>
                <Cell className="num">{formatRupiah(p.value)}</Cell>
              </Row>
            )}
          </TableBody>
        </Table>
      </div>
    </figure>
  );
}

function Summary({ report }: { report: SalesReport }) {
  const t = useT();
  const lang = useLanguage((s) => s.lang);
  const s = report.summary;
  const items: [StringKey, string][] = [
    ['reportsTransactions', String(s.transactions)],
    ['reportsItems', String(s.qty)],
    ['reportsGross', formatRupiah(s.gross)],
    ['reportsDiscount', formatRupiah(s.discount)],
    ['reportsTotal', formatRupiah(s.total)],
    ['reportsTax', formatRupiah(s.tax)],
    ['reportsRounding', formatRupiah(s.rounding)],
    ['reportsRefunds', t('reportsCountAmount', { n: s.refunds, amount: formatRupiah(s.refundAmount) })],
    ['reportsVoids', t('reportsCountAmount', { n: s.voids, amount: formatRupiah(s.voidAmount) })],
    ['reportsNet', formatRupiah(s.net)],
    ['reportsCost', formatRupiah(s.cost)],
    ['reportsProfit', s.grossProfit === null ? t('reportsNoCost') : formatRupiah(s.grossProfit)],
    ['reportsMargin', s.marginBp === null ? t('reportsNoCost') : marginText(lang, s.marginBp)],
  ];
  return (
    <section aria-labelledby="report-summary">
      <h3 id="report-summary">{t('reportsSummary')}</h3>
      <dl className="report-summary">
        {items.map(([k, v]) => (
          <div key={k}>
            <dt>{t(k)}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
      <p className={s.uncostedLines > 0 ? 'notice' : 'muted small'}>
        {s.uncostedLines > 0 ? t('reportsUncosted', { n: s.uncostedLines, amount: formatRupiah(s.uncostedSales) }) : t('reportsAllCosted')}
      </p>
    </section>
  );
}

function StockTable({ report }: { report: StockValueReport }) {
  const t = useT();
  const title = t('reportsStock');
  const columns: ExportColumn<StockValueRow>[] = [
    { header: t('reportsOutlet'), value: (r) => r.outletName },
    { header: t('reportsByProducer'), value: (r) => r.producerName },
    { header: t('reportsStockProducts'), value: (r) => r.products },
    { header: t('reportsStockUnits'), value: (r) => r.units },
    { header: t('reportsStockCost'), value: (r) => r.costValue },
    { header: t('reportsStockRetail'), value: (r) => r.retailValue },
    { header: t('reportsStockUncosted'), value: (r) => r.uncostedProducts },
  ];
  return (
    <section className="report-table" aria-label={title}>
      <h3>{title}</h3>
      <TableTools title={title} fileBase="stok-nilai" columns={columns} rows={report.rows} />
      <div className="table-scroll">
        <Table aria-label={title} className="sales-table">
          <TableHeader>
            <Column isRowHeader>{t('reportsByProducer')}</Column>
            <Column>{t('reportsOutlet')}</Column>
            <Column>{t('reportsStockProducts')}</Column>
            <Column>{t('reportsStockUnits')}</Column>
            <Column>{t('reportsStockCost')}</Column>
            <Column>{t('reportsStockRetail')}</Column>
            <Column>{t('reportsStockUncosted')}</Column>
          </TableHeader>
          <TableBody items={report.rows.map((r) => ({ ...r, id: `${r.outletId}\u0000${r.producerId}` }))} renderEmptyState={() => <p className="notice">{t('reportsStockNone')}</p>}>
            {(r) => (
              <Row id={r.id}>
                <Cell>{r.producerName}</Cell>
                <Cell>{r.outletName}</Cell>
                <Cell className="num">{r.products}</Cell>
                <Cell className="num">{r.units}</Cell>
                <Cell className="num">{formatRupiah(r.costValue)}</Cell>
                <Cell className="num">{formatRupiah(r.retailValue)}</Cell>
                <Cell className="num">{r.uncostedProducts}</Cell>
              </Row>
            )}
          </TableBody>
        </Table>
      </div>
    </section>
  );
}

/** The slowest products, stock that never sold among them, with what is held and its value. */
function SlowTable({ report }: { report: SlowProductsReport }) {
  const t = useT();
  const title = t('reportsSlow');
  const columns: ExportColumn<SlowProduct>[] = [
    { header: t('reportsByProduct'), value: (r) => r.name },
    { header: t('reportsSlowSold'), value: (r) => r.sold },
    { header: t('reportsNet'), value: (r) => r.net },
    { header: t('reportsSlowStock'), value: (r) => r.stock },
    { header: t('reportsStockCost'), value: (r) => r.stockCostValue },
    { header: t('reportsStockRetail'), value: (r) => r.stockRetailValue },
  ];
  return (
    <section className="report-table" aria-label={title}>
      <h3>{title}</h3>
      <p className="muted small">{t('reportsSlowHelp')}</p>
      <TableTools title={title} fileBase="produk-lambat" columns={columns} rows={report.rows} />
      <div className="table-scroll">
        <Table aria-label={title} className="sales-table">
          <TableHeader>
            <Column isRowHeader>{t('reportsByProduct')}</Column>
            <Column>{t('reportsSlowSold')}</Column>
            <Column>{t('reportsNet')}</Column>
            <Column>{t('reportsSlowStock')}</Column>
            <Column>{t('reportsStockCost')}</Column>
            <Column>{t('reportsStockRetail')}</Column>
          </TableHeader>
          <TableBody items={report.rows.map((r) => ({ ...r, id: r.productId }))} renderEmptyState={() => <p className="notice">{t('reportsNone')}</p>}>
            {(r) => (
              <Row id={r.id}>
                <Cell>{r.name}</Cell>
                <Cell className="num">{r.sold === 0 ? t('reportsSlowNone') : r.sold}</Cell>
                <Cell className="num">{formatRupiah(r.net)}</Cell>
                <Cell className="num">{r.stock}</Cell>
                <Cell className="num">{r.stockCostValue === null ? t('reportsNoCost') : formatRupiah(r.stockCostValue)}</Cell>
                <Cell className="num">{formatRupiah(r.stockRetailValue)}</Cell>
              </Row>
            )}
          </TableBody>
        </Table>
      </div>
    </section>
  );
}

interface Asked {
  from: string;
  to: string;
  /** '' for every outlet the reader may see. */
  outlet: string;
}

interface Loaded {
  asked: Asked;
  byDay: SalesReport;
  byHour: SalesReport;
  byProduct: SalesReport;
  byProducer: SalesReport;
  stock: StockValueReport;
  slow: SlowProductsReport;
}

const todayWita = (): string => businessDate(Date.now());

export default function ReportsPanel() {
  const t = useT();
  const lang = useLanguage((s) => s.lang);
  const user = useManagementSession((s) => s.session?.user ?? null);
  const own = user?.role === 'admin' ? null : (user?.outletId ?? null);
  const outlets = useKnownOutlets();
  const today = todayWita();
  const [form, setForm] = useState<Asked>({ from: `${today.slice(0, 8)}01`, to: today, outlet: own ?? '' });
  const [asked, setAsked] = useState<Asked>(form);
  const [by, setBy] = useState<ReportBreakdown>('product');
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [breakdown, setBreakdown] = useState<SalesReport | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [formError, setFormError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    setError(null);
    const outletIds = asked.outlet === '' ? [] : [asked.outlet];
    const one = (b: ReportBreakdown) => fetchSalesReport({ from: asked.from, to: asked.to, outlets: outletIds, by: b });
    Promise.all([one('day'), one('hour'), one('product'), one('producer'), fetchStockValue(outletIds), fetchSlowProducts({ from: asked.from, to: asked.to, outlets: outletIds })]).then(
      ([byDay, byHour, byProduct, byProducer, stock, slow]) => {
        if (live) setLoaded({ asked, byDay, byHour, byProduct, byProducer, stock, slow });
      },
      (e: unknown) => {
        if (live) setError(e);
      },
    );
    return () => {
      live = false;
    };
  }, [asked]);

  useEffect(() => {
    let live = true;
    if (!loaded || loaded.asked !== asked) return undefined;
    const have: Partial<Record<ReportBreakdown, SalesReport>> = { day: loaded.byDay, hour: loaded.byHour, product: loaded.byProduct, producer: loaded.byProducer };
    const ready = have[by];
    if (ready) {
      setBreakdown(ready);
      return undefined;
    }
    setBreakdown(null);
    fetchSalesReport({ from: asked.from, to: asked.to, outlets: asked.outlet === '' ? [] : [asked.outlet], by }).then(
      (r) => {
        if (live) setBreakdown(r);
      },
      (e: unknown) => {
        if (live) setError(e);
      },
    );
    return () => {
      live = false;
    };
  }, [by, loaded, asked]);

  const charts = useMemo((): ChartSpec[] => {
    if (!loaded) return [];
    const top = [...loaded.byProduct.rows].sort((a, b) => b.net - a.net).slice(0, 10);
    return [
      { title: t('reportsChartDay'), kind: 'bar', points: loaded.byDay.rows.map((r) => ({ label: labelOf(t, 'day', r), value: r.net })), fileBase: 'grafik-per-hari' },
      { title: t('reportsChartHour'), kind: 'bar', points: loaded.byHour.rows.map((r) => ({ label: labelOf(t, 'hour', r), value: r.net })), fileBase: 'grafik-per-jam' },
      { title: t('reportsChartTop'), kind: 'bar-horizontal', points: top.map((r) => ({ label: r.label, value: r.net })), fileBase: 'grafik-produk-teratas' },
      { title: t('reportsChartProducer'), kind: 'doughnut', points: loaded.byProducer.rows.filter((r) => r.net > 0).map((r) => ({ label: r.label, value: r.net })), fileBase: 'grafik-produsen' },
    ];
  }, [loaded, t]);


  const show = (next: Asked) => {
    if (next.from === '' || next.to === '') return setFormError(t('reportsRangeMissing'));
    if (next.to < next.from) return setFormError(t('reportsRangeBackwards'));
    setFormError(null);
    setForm(next);
    setAsked(next);
  };
  const preset = (from: string) => show({ ...form, from, to: today });

  const outletChoices = [...(own === null ? [{ id: '', name: t('reportsAllOutlets') }] : []), ...outlets.filter((o) => own === null || o.id === own).map((o) => ({ id: o.id, name: o.name }))];
  const current = loaded?.asked === asked ? loaded : null;

  return (
    <section className="reports" aria-labelledby="reports-heading" lang={lang}>
      <h2 id="reports-heading">{t('reportsTitle')}</h2>
      <form
        className="report-filters no-print"
        aria-label={t('reportsPeriod')}
        onSubmit={(e) => {
          e.preventDefault();
          show(form);
        }}
      >
        <TextField className="field" value={form.from} onChange={(v) => setForm({ ...form, from: v })}>
          <Label>{t('reportsFrom')}</Label>
          <Input type="date" />
        </TextField>
        <TextField className="field" value={form.to} onChange={(v) => setForm({ ...form, to: v })}>
          <Label>{t('reportsTo')}</Label>
          <Input type="date" />
        </TextField>
        {outletChoices.length > 1 || own === null ? <Picker label={t('reportsOutlet')} value={form.outlet} onChange={(v) => setForm({ ...form, outlet: v })} choices={outletChoices} /> : null}
        <Button type="submit" className="button primary">
          {t('reportsShow')}
        </Button>
        <div className="report-presets">
          <Button className="button" onPress={() => preset(today)}>
            {t('reportsToday')}
          </Button>
          <Button className="button" onPress={() => preset(addBusinessDays(today, -6))}>
            {t('reportsLast7')}
          </Button>
          <Button className="button" onPress={() => preset(`${today.slice(0, 8)}01`)}>
            {t('reportsThisMonth')}
          </Button>
          <Button className="button" onPress={() => preset(`${today.slice(0, 5)}01-01`)}>
            {t('reportsThisYear')}
          </Button>
          <Button className="button" onPress={() => window.print()}>
            {t('reportsPrint')}
          </Button>
        </div>
        {formError ? (
          <p role="alert" className="error">
            {formError}
          </p>
        ) : null}
      </form>
      <p className="muted small">{t('reportsDaysNote')}</p>
      <p className="print-only">
        {asked.from} – {asked.to} · {asked.outlet === '' ? t('reportsAllOutlets') : (outlets.find((o) => o.id === asked.outlet)?.name ?? asked.outlet)}
      </p>
      {error ? (
        <p role="alert" className="error">
          {reportErrorText(t, error)}
        </p>
      ) : null}
      {current === null ? (
        error ? null : (
          <p role="status">{t('reportsLoading')}</p>
        )
      ) : (
        <>
          <Summary report={current.byDay} />
          <BreakdownTable title={t('reportsMethods')} by="method" rows={current.byDay.methods} fileBase="laporan-metode" />
          <div className="report-charts">
            {charts.map((c) => (
              <ReportChart key={c.fileBase} spec={c} />
            ))}
          </div>
          <section aria-labelledby="report-breakdown">
            <h3 id="report-breakdown">{t('reportsBreakdown')}</h3>
            <div className="no-print">
              <Picker label={t('reportsBy')} value={by} onChange={(v) => setBy(v as ReportBreakdown)} choices={REPORT_BREAKDOWNS.map((b) => ({ id: b, name: t(BY_WORDS[b]) }))} />
            </div>
            {breakdown ? <BreakdownTable title={`${t('reportsBreakdown')}: ${t(BY_WORDS[breakdown.by])}`} by={breakdown.by} rows={breakdown.rows} fileBase={`laporan-${breakdown.by}`} /> : <p role="status">{t('reportsLoading')}</p>}
          </section>
          <SlowTable report={current.slow} />
          <StockTable report={current.stock} />
        </>
      )}
    </section>
  );
}
