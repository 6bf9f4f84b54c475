// The Label tab of /admin: the "Label perlu dicetak" list, a product search
// (a scan adds the product), a print run with a quantity per product, then
// A4 sheets through the print dialog (3x10 or 4x10, from any position of a
// half-used sheet) or roll labels on the receipt printer. Loaded lazily with
// bwip-js, so neither weighs on the counter's first load.
import { useLiveQuery } from 'dexie-react-hooks';
import { useCallback, useEffect, useMemo, useState, type FormEvent } from 'react';
import { createPortal } from 'react-dom';
import { Button, Cell, Column, Group, Input, Label, NumberField, Radio, RadioGroup, Row, SearchField, Table, TableBody, TableHeader, Text } from 'react-aria-components';
import {
  clampOffsetMm,
  fitName,
  LABEL_OFFSET_MAX_MM,
  offsetSlot,
  type SheetOffset,
  labelBarcode,
  labelsPerSheet,
  MAX_COPIES,
  MAX_LABELS_PER_RUN,
  placeLabels,
  SHEET_TEMPLATES,
  sheetsNeeded,
  type LabelContent,
  type LabelSlot,
  type SheetTemplate,
  type SheetTemplateId,
} from '../../../../domain/labels.ts';
import { formatRupiah } from '../../../../domain/money.ts';
import { formatWita } from '../../../../domain/time.ts';
import type { LabelProduct, PendingLabel } from '../../../../protocol/labels.ts';
import { loadSettings, saveSetting } from '../../../db/settings-repo.ts';
import type { StringKey } from '../../../i18n/strings.ts';
import { useT } from '../../../i18n/use-t.ts';
import { printerErrorText, sendToPrinter } from '../../../shared/printing/printer.ts';
import { managementErrorText } from '../../../shared/services/management-session.ts';
import { useDb } from '../../../shared/services/services.tsx';
import { useBarcodeScanner } from '../../../shared/services/use-scanner.ts';
import { labelData, markLabelsPrinted, pendingLabels, searchLabelProducts } from '../../../sync/labels-api.ts';
import { Barcode } from './Barcode.tsx';
import { PhotoDialog } from './PhotoDialog.tsx';
import './labels.css';

export type LabelFormat = SheetTemplateId | 'roll-58' | 'roll-80';

const FORMAT_WORDS: Record<LabelFormat, StringKey> = {
  'a4-3x10': 'labelsFormatA4x30',
  'a4-4x10': 'labelsFormatA4x40',
  'roll-58': 'labelsFormatRoll58',
  'roll-80': 'labelsFormatRoll80',
};

const isSheet = (f: LabelFormat): f is SheetTemplateId => f in SHEET_TEMPLATES;

interface RunItem {
  readonly product: LabelProduct;
  readonly copies: number;
}

function contentOf(p: LabelProduct): LabelContent {
  return { name: p.name, price: p.price, sku: p.sku, producer: p.producerName, barcode: labelBarcode(p) };
}

export default function LabelsPanel() {
  const t = useT();
  const db = useDb();
  const settings = useLiveQuery(() => loadSettings(db), [db]);
  const [pending, setPending] = useState<PendingLabel[] | null>(null);
  const [run, setRun] = useState<RunItem[]>([]);
  const [format, setFormat] = useState<LabelFormat>('a4-3x10');
  const [start, setStart] = useState(1);
  // A test print: one sheet of outlined, numbered boxes, to see where this printer puts them.
  const [testPrint, setTestPrint] = useState(false);
  useEffect(() => {
    if (!testPrint) return;
    globalThis.print?.();
    setTestPrint(false);
  }, [testPrint]);
  const [message, setMessage] = useState<{ kind: 'status' | 'alert'; text: string } | null>(null);

  const reloadPending = useCallback(async () => {
    try {
      setPending(await pendingLabels());
    } catch (e) {
      setMessage({ kind: 'alert', text: t('labelsLoadFailed', { reason: managementErrorText(t, e) }) });
    }
  }, [t]);
  useEffect(() => {
    void reloadPending();
  }, [reloadPending]);

  const add = useCallback((products: readonly LabelProduct[]) => {
    setRun((items) => {
      const next = [...items];
      for (const p of products) {
        const at = next.findIndex((i) => i.product.productId === p.productId);
        if (at >= 0) next[at] = { product: p, copies: Math.min(MAX_COPIES, (next[at]?.copies ?? 0) + 1) };
        else next.push({ product: p, copies: 1 });
      }
      return next;
    });
  }, []);

  const addAllPending = async () => {
    if (!pending || pending.length === 0) return;
    try {
      // Fresh from the server: a price may have moved again since the list was read.
      const data = await labelData(pending.map((p) => p.productId));
      add(data.products);
      if (data.missing.length > 0) setMessage({ kind: 'alert', text: t('labelsMissing', { ids: data.missing.join(', ') }) });
    } catch (e) {
      setMessage({ kind: 'alert', text: t('labelsLoadFailed', { reason: managementErrorText(t, e) }) });
    }
  };

  // A scan lands in the print run whatever has focus, as at the counter.
  useBarcodeScanner(
    { maxGapMs: settings?.scanMaxGapMs ?? 35, minLength: settings?.scanMinLength ?? 4 },
    useCallback(
      (code: string) =>
        void searchLabelProducts(code, 5).then(
          (products) => {
            const exact = products.find((p) => p.barcode === code || p.sku.toLowerCase() === code.toLowerCase());
            if (exact) add([exact]);
            setMessage(exact ? null : { kind: 'alert', text: t('labelsSearchNone', { q: code }) });
          },
          (e: unknown) => setMessage({ kind: 'alert', text: t('labelsLoadFailed', { reason: managementErrorText(t, e) }) }),
        ),
      [add, t],
    ),
  );

  const template: SheetTemplate | null = isSheet(format) ? SHEET_TEMPLATES[format] : null;
  const perSheet = template ? labelsPerSheet(template) : 0;
  const startValid = template === null || (Number.isInteger(start) && start >= 1 && start <= perSheet);
  const total = run.reduce((n, i) => n + i.copies, 0);
  const tooMany = total > MAX_LABELS_PER_RUN;
  const placed = useMemo(
    () => (template && startValid && !tooMany ? placeLabels(template, run.map((i) => ({ item: i.product, copies: i.copies })), start) : []),
    [template, startValid, tooMany, run, start],
  );
  const sheets = template && startValid ? sheetsNeeded(template, Math.min(total, MAX_LABELS_PER_RUN), start) : 0;
  const pendingIds = new Set((pending ?? []).map((p) => p.productId));
  const printedCandidates = run.filter((i) => i.copies > 0 && pendingIds.has(i.product.productId)).map((i) => i.product.productId);
  const rollLabels = useMemo(() => run.flatMap((i) => Array.from({ length: i.copies }, () => i.product)), [run]);
  const offset: SheetOffset = { topMm: settings?.labelOffsetTopMm ?? 0, leftMm: settings?.labelOffsetLeftMm ?? 0 };

  const print = async () => {
    setMessage(null);
    if (template || !settings || settings.printer === 'dialog') {
      if (!template) setMessage({ kind: 'status', text: t('labelsPrinterDialog') });
      globalThis.print?.();
      return;
    }
    try {
      const { encodeRollLabels } = await import('../../../shared/printing/label-escpos.ts');
      const bytes = encodeRollLabels(rollLabels.map(contentOf), { columns: format === 'roll-80' ? 48 : 32, cut: true });
      await sendToPrinter(settings.printer, bytes);
      setMessage({ kind: 'status', text: t('labelsPrinted') });
    } catch (e) {
      setMessage({ kind: 'alert', text: t('labelsPrintFailed', { reason: printerErrorText(t, e) }) });
    }
  };

  // Lewati: off the list without a label (the shelf label is still right); the run keeps what was chosen.
  const skip = async (p: PendingLabel) => {
    try {
      await markLabelsPrinted([p.productId], true);
      setMessage({ kind: 'status', text: t('labelsSkipped', { name: p.name }) });
      await reloadPending();
    } catch (e) {
      setMessage({ kind: 'alert', text: t('labelsLoadFailed', { reason: managementErrorText(t, e) }) });
    }
  };

  const markPrinted = async () => {
    try {
      const removed = await markLabelsPrinted(printedCandidates);
      setMessage({ kind: 'status', text: t('labelsMarkedPrinted', { n: removed.length }) });
      await reloadPending();
    } catch (e) {
      setMessage({ kind: 'alert', text: t('labelsLoadFailed', { reason: managementErrorText(t, e) }) });
    }
  };

  return (
    <section className="labels-panel" aria-labelledby="labels-heading">
      <h2 id="labels-heading">{t('labelsTitle')}</h2>
      <p>{t('labelsHelp')}</p>
      {message ? (
        <p role={message.kind} className={message.kind === 'alert' ? 'error' : 'notice'}>
          {message.text}
        </p>
      ) : null}

      <PendingList pending={pending} inRun={new Set(run.map((i) => i.product.productId))} onAdd={(p) => add([p])} onAddAll={() => void addAllPending()} onSkip={(p) => void skip(p)} />
      <ProductSearch onAdd={(p) => add([p])} />

      <section aria-labelledby="labels-run-heading" className="labels-run">
        <h3 id="labels-run-heading">{t('labelsRunTitle')}</h3>
        {run.length === 0 ? (
          <p>{t('labelsRunEmpty')}</p>
        ) : (
          <RunTable
            run={run}
            onCopies={(productId, copies) => setRun((items) => items.map((i) => (i.product.productId === productId ? { ...i, copies } : i)))}
            onRemove={(productId) => setRun((items) => items.filter((i) => i.product.productId !== productId))}
          />
        )}
        <RadioGroup
          className="labels-format"
          value={format}
          onChange={(v) => {
            const next = v as LabelFormat;
            setFormat(next);
            // From a 40-label sheet to a 30-label one, a start past 30 becomes the last label.
            if (isSheet(next)) setStart((s) => Math.min(s, labelsPerSheet(SHEET_TEMPLATES[next])));
          }}
        >
          <Label>{t('labelsFormat')}</Label>
          {(Object.keys(FORMAT_WORDS) as LabelFormat[]).map((f) => (
            <Radio key={f} value={f}>
              {t(FORMAT_WORDS[f])}
            </Radio>
          ))}
        </RadioGroup>
        {template ? (
          <NumberField className="labels-start" value={start} minValue={1} maxValue={perSheet} step={1} onChange={(v) => setStart(Number.isNaN(v) ? 1 : v)} isInvalid={!startValid}>
            <Label>{t('labelsStart')}</Label>
            <Group className="number-group">
              <Button slot="decrement">−</Button>
              <Input />
              <Button slot="increment">+</Button>
            </Group>
            <Text slot="description">{t('labelsStartHelp', { max: perSheet })}</Text>
          </NumberField>
        ) : null}
        {template ? <Calibration offset={offset} onChange={(key, mm) => void saveSetting(db, key, clampOffsetMm(mm))} onTestPrint={() => setTestPrint(true)} /> : null}
        <p role="status" className="labels-summary">
          {tooMany ? t('labelsTooMany', { max: MAX_LABELS_PER_RUN }) : !startValid ? t('labelsStartInvalid', { max: perSheet }) : template ? t('labelsRunSummary', { labels: total, sheets }) : t('labelsRunSummaryRoll', { labels: total })}
        </p>
        <div className="labels-actions">
          <Button className="button primary" isDisabled={total === 0 || tooMany || !startValid} onPress={() => void print()}>
            {t('labelsPrint', { n: total })}
          </Button>
          <Button className="button" isDisabled={printedCandidates.length === 0} onPress={() => void markPrinted()}>
            {t('labelsMarkPrinted', { n: printedCandidates.length })}
          </Button>
          <Button className="button" isDisabled={run.length === 0} onPress={() => setRun([])}>
            {t('labelsRunClear')}
          </Button>
        </div>
        <p className="hint">{t('labelsMarkPrintedHelp')}</p>
      </section>

      {template && placed.length > 0 ? (
        <section aria-label={t('labelsPreview', { sheet: 1, sheets })} className="labels-preview">
          <Sheet template={template} sheet={1} labels={placed.filter((p) => p.slot.sheet === 1)} offset={offset} />
        </section>
      ) : null}
      {!template && rollLabels.length > 0 ? (
        <section aria-label={t('labelsPreviewRoll')} className="labels-preview">
          <div className={`roll-labels ${format}`}>
            {rollLabels.slice(0, 3).map((p, i) => (
              <RollLabel key={i} product={p} />
            ))}
          </div>
        </section>
      ) : null}
      {/* What the print dialog prints: every sheet at its exact size, outside the app's layout (labels.css). */}
      {template && testPrint
        ? createPortal(
            <div className="label-print label-print-a4" aria-hidden="true">
              <TestSheet template={template} offset={offset} />
            </div>,
            document.body,
          )
        : null}
      {total > 0 && !tooMany && !testPrint
        ? createPortal(
            <div className={`label-print ${template ? 'label-print-a4' : `label-print-roll ${format}`}`} aria-hidden="true">
              {template
                ? Array.from({ length: sheets }, (_, s) => <Sheet key={s} template={template} sheet={s + 1} labels={placed.filter((p) => p.slot.sheet === s + 1)} offset={offset} />)
                : rollLabels.map((p, i) => <RollLabel key={i} product={p} />)}
            </div>,
            document.body,
          )
        : null}
    </section>
  );
}

function PendingList({
  pending,
  inRun,
  onAdd,
  onAddAll,
  onSkip,
}: {
  pending: PendingLabel[] | null;
  inRun: ReadonlySet<string>;
  onAdd: (p: LabelProduct) => void;
  onAddAll: () => void;
  onSkip: (p: PendingLabel) => void;
}) {
  const t = useT();
  return (
    <section aria-labelledby="labels-pending-heading" className="labels-pending">
      <h3 id="labels-pending-heading">{t('labelsPendingTitle')}</h3>
      {pending === null ? null : pending.length === 0 ? (
        <p>{t('labelsPendingEmpty')}</p>
      ) : (
        <>
          <p>{t('labelsPendingCount', { n: pending.length })}</p>
          <Button className="button" onPress={onAddAll}>
            {t('labelsPendingUseAll')}
          </Button>
          <div className="table-scroll">
            <Table aria-label={t('labelsPendingTitle')} className="labels-table">
              <TableHeader>
                <Column isRowHeader>{t('labelsColProduct')}</Column>
                <Column>{t('labelsColSku')}</Column>
                <Column>{t('labelsColPrice')}</Column>
                <Column>{t('labelsColReason')}</Column>
                <Column>{t('labelsColSince')}</Column>
                <Column>{t('labelsColActions')}</Column>
              </TableHeader>
              {/* Rows are cached by item: whether each is in the run must re-render them too. */}
              <TableBody items={pending} dependencies={[[...inRun].join('\u0000')]}>
                {(p) => (
                  <Row id={p.productId}>
                    <Cell>{p.name}</Cell>
                    <Cell>{p.sku}</Cell>
                    <Cell>{formatRupiah(p.price)}</Cell>
                    <Cell>{t(p.reason === 'new-product' ? 'labelsReasonNew' : 'labelsReasonPrice')}</Cell>
                    <Cell>{formatWita(p.queuedAt)}</Cell>
                    <Cell>
                      <Button className="button" aria-label={t('labelsAdd', { name: p.name })} isDisabled={inRun.has(p.productId)} onPress={() => onAdd(p)}>
                        {inRun.has(p.productId) ? t('labelsAdded') : t('labelsAddShort')}
                      </Button>
                      <Button className="button secondary" aria-label={t('labelsSkipOf', { name: p.name })} onPress={() => onSkip(p)}>
                        {t('labelsSkip')}
                      </Button>
                    </Cell>
                  </Row>
                )}
              </TableBody>
            </Table>
          </div>
        </>
      )}
    </section>
  );
}

function ProductSearch({ onAdd }: { onAdd: (p: LabelProduct) => void }) {
  const t = useT();
  const [q, setQ] = useState('');
  const [results, setResults] = useState<{ q: string; products: LabelProduct[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Photos changed here since the search: the dialog opens on what the server now holds.
  const [photoUrls, setPhotoUrls] = useState<ReadonlyMap<string, string | null>>(new Map());

  const run = useCallback(
    async (query: string): Promise<LabelProduct[]> => {
      if (query.trim() === '') {
        setResults(null);
        return [];
      }
      try {
        const products = await searchLabelProducts(query);
        setResults({ q: query, products });
        setError(null);
        return products;
      } catch (e) {
        setError(t('labelsLoadFailed', { reason: managementErrorText(t, e) }));
        return [];
      }
    },
    [t],
  );

  useEffect(() => {
    // Typing searches after a pause; a scan ends with Enter and is handled at once by submit.
    const timer = setTimeout(() => void run(q), 250);
    return () => clearTimeout(timer);
  }, [q, run]);

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    const products = await run(q);
    const code = q.trim().toLowerCase();
    const exact = products.find((p) => p.barcode === code || p.sku.toLowerCase() === code);
    // A scanned code adds its product straight away and clears the field for the next scan.
    if (exact) {
      onAdd(exact);
      setQ('');
    }
  };

  return (
    <section aria-labelledby="labels-search-heading" className="labels-search">
      <h3 id="labels-search-heading">{t('labelsSearchTitle')}</h3>
      <SearchField value={q} onChange={setQ} onSubmit={() => void submit()} className="labels-searchfield">
        <Label>{t('labelsSearch')}</Label>
        <Input inputMode="search" />
      </SearchField>
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
      {results && results.products.length === 0 ? <p>{t('labelsSearchNone', { q: results.q })}</p> : null}
      {results && results.products.length > 0 ? (
        <ul className="labels-results" aria-label={t('labelsSearchTitle')}>
          {results.products.map((p) => (
            <li key={p.productId}>
              <span className="labels-result-name">
                {p.name} {p.active ? null : <em>({t('labelsInactive')})</em>}
              </span>
              <span>
                {p.sku} · {p.barcode ?? t('labelsNoBarcode')} · {formatRupiah(p.price)}
              </span>
              <span className="labels-result-actions">
                <Button className="button" aria-label={t('labelsAdd', { name: p.name })} onPress={() => onAdd(p)}>
                  {t('labelsAddShort')}
                </Button>
                <PhotoDialog
                  product={{ productId: p.productId, name: p.name, imageUrl: photoUrls.has(p.productId) ? (photoUrls.get(p.productId) ?? null) : p.imageUrl }}
                  onSaved={(saved) => setPhotoUrls((m) => new Map(m).set(saved.productId, saved.imageUrl))}
                  onRemoved={(productId) => setPhotoUrls((m) => new Map(m).set(productId, null))}
                />
              </span>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

function RunTable({ run, onCopies, onRemove }: { run: readonly RunItem[]; onCopies: (productId: string, copies: number) => void; onRemove: (productId: string) => void }) {
  const t = useT();
  return (
    <div className="table-scroll">
      <Table aria-label={t('labelsRunTitle')} className="labels-table">
        <TableHeader>
          <Column isRowHeader>{t('labelsColProduct')}</Column>
          <Column>{t('labelsColBarcode')}</Column>
          <Column>{t('labelsColPrice')}</Column>
          <Column>{t('labelsColCopies')}</Column>
          <Column>{t('labelsColActions')}</Column>
        </TableHeader>
        <TableBody items={run.map((i) => ({ ...i, id: i.product.productId }))}>
          {(i) => (
            <Row id={i.id}>
              <Cell>{i.product.name}</Cell>
              <Cell>{i.product.barcode ?? i.product.sku}</Cell>
              <Cell>{formatRupiah(i.product.price)}</Cell>
              <Cell>
                <NumberField aria-label={t('labelsCopiesOf', { name: i.product.name })} value={i.copies} minValue={0} maxValue={MAX_COPIES} step={1} onChange={(v) => onCopies(i.id, Number.isNaN(v) ? 0 : v)}>
                  <Group className="number-group">
                    <Button slot="decrement">−</Button>
                    <Input />
                    <Button slot="increment">+</Button>
                  </Group>
                </NumberField>
              </Cell>
              <Cell>
                <Button className="button" aria-label={t('labelsRemove', { name: i.product.name })} onPress={() => onRemove(i.id)}>
                  {t('labelsRemoveShort')}
                </Button>
              </Cell>
            </Row>
          )}
        </TableBody>
      </Table>
    </div>
  );
}

/** One A4 sheet, every label at its place in mm. */
function Sheet({ template, sheet, labels, offset }: { template: SheetTemplate; sheet: number; labels: readonly { item: LabelProduct; slot: LabelSlot }[]; offset: SheetOffset }) {
  return (
    <div className={`label-sheet ${template.id}`} data-sheet={sheet} style={{ width: `${template.pageWidthMm}mm`, height: `${template.pageHeightMm}mm` }}>
      {labels.map(({ item, slot }) => {
        const at = offsetSlot(slot, offset);
        return (
          <div
            key={`${slot.sheet}/${slot.position}`}
            className="label"
            data-position={slot.position}
            style={{ left: `${at.xMm}mm`, top: `${at.yMm}mm`, width: `${template.labelWidthMm}mm`, height: `${template.labelHeightMm}mm` }}
          >
            <LabelBody product={item} charsPerLine={template.nameCharsPerLine} lines={template.nameLines} />
          </div>
        );
      })}
    </div>
  );
}

/** Every position of the template as an outlined box with its number, moved by the device's offset. */
function TestSheet({ template, offset }: { template: SheetTemplate; offset: SheetOffset }) {
  const slots = placeLabels(template, [{ item: null, copies: labelsPerSheet(template) }], 1);
  return (
    <div className={`label-sheet ${template.id} test`} data-sheet="test" style={{ width: `${template.pageWidthMm}mm`, height: `${template.pageHeightMm}mm` }}>
      {slots.map(({ slot }) => {
        const at = offsetSlot(slot, offset);
        return (
          <div key={slot.position} className="label test" data-position={slot.position} style={{ left: `${at.xMm}mm`, top: `${at.yMm}mm`, width: `${template.labelWidthMm}mm`, height: `${template.labelHeightMm}mm` }}>
            {slot.position}
          </div>
        );
      })}
    </div>
  );
}

/** This device's offset for A4 sheets, saved as it is typed, and a test print to check it against a sheet held to the light. */
function Calibration({ offset, onChange, onTestPrint }: { offset: SheetOffset; onChange: (key: 'labelOffsetTopMm' | 'labelOffsetLeftMm', mm: number) => void; onTestPrint: () => void }) {
  const t = useT();
  const field = (key: 'labelOffsetTopMm' | 'labelOffsetLeftMm', label: string, value: number) => (
    <NumberField className="labels-start" value={value} minValue={-LABEL_OFFSET_MAX_MM} maxValue={LABEL_OFFSET_MAX_MM} step={0.5} onChange={(v) => onChange(key, v)} formatOptions={{ maximumFractionDigits: 1 }}>
      <Label>{label}</Label>
      <Group className="number-group">
        <Button slot="decrement">−</Button>
        <Input />
        <Button slot="increment">+</Button>
      </Group>
    </NumberField>
  );
  return (
    <fieldset className="labels-calibration">
      <legend>{t('labelsCalibration')}</legend>
      <p className="hint">{t('labelsCalibrationHelp', { max: LABEL_OFFSET_MAX_MM })}</p>
      {field('labelOffsetTopMm', t('labelsOffsetTop'), offset.topMm)}
      {field('labelOffsetLeftMm', t('labelsOffsetLeft'), offset.leftMm)}
      <Button className="button" onPress={onTestPrint}>
        {t('labelsTestPrint')}
      </Button>
    </fieldset>
  );
}

function LabelBody({ product, charsPerLine, lines }: { product: LabelProduct; charsPerLine: number; lines: number }) {
  const t = useT();
  const content = contentOf(product);
  return (
    <>
      <span className="label-name">
        {fitName(content.name, charsPerLine, lines).map((l, i) => (
          <span key={i}>{l}</span>
        ))}
      </span>
      <span className="label-price">{formatRupiah(content.price)}</span>
      {content.barcode ? <Barcode barcode={content.barcode} label={content.barcode.value} /> : <span className="label-barcode none">{t('labelsNoBarcode')}</span>}
      <span className="label-foot">
        {content.sku} · {content.producer}
      </span>
    </>
  );
}

function RollLabel({ product }: { product: LabelProduct }) {
  return (
    <div className="roll-label">
      <LabelBody product={product} charsPerLine={24} lines={2} />
    </div>
  );
}
