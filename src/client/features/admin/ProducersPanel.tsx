// The admin's producers: Lapas workshops and UMKM, with contact, where the
// money goes, consignment terms (a default and per category) and, for a
// workshop, its dated levy rules. A rule already in force stays as it was
// (sales were made under it); a later one is added. Deactivated, never deleted.
import { useState, type FormEvent } from 'react';
import { Button, Cell, Column, Form, Row, Table, TableBody, TableHeader } from 'react-aria-components';
import { FULL_BP, levyRuleOn, producerProblems, type LevyRule, type ProducerInput } from '../../../domain/producer.ts';
import { businessDate } from '../../../domain/time.ts';
import type { AdminProducer } from '../../../protocol/catalog-admin.ts';
import { usePanelT, type PanelT } from '../../i18n/outlets-panel-strings.ts';
import { createProducer, listAdminProducers, updateProducer } from '../../sync/catalog-admin-api.ts';
import { Choice, NumberInput, TextInput, Toggle } from './aria-fields.tsx';
import { fieldErrors, problemText, refusalOnField } from './catalog-words.ts';
import { PanelError } from './PanelError.tsx';
import { useLoaded } from './use-loaded.ts';

type Editing = { kind: 'new' } | { kind: 'edit'; producer: AdminProducer } | null;

const pct = (bp: number): string => (bp / 100).toLocaleString('id-ID', { maximumFractionDigits: 2 });

function levySummary(t: PanelT, rule: LevyRule | null): string {
  if (rule === null) return t('producerLevyNone');
  return t('producerLevySummary', { premi: pct(rule.premiBp), pnbp: pct(rule.pnbpBp), modal: pct(rule.modalBp), base: t(rule.base === 'sales' ? 'producerLevyBaseSales' : 'producerLevyBaseProfit') });
}

export default function ProducersPanel() {
  const t = usePanelT();
  const { data: producers, error, reload } = useLoaded(listAdminProducers);
  const [editing, setEditing] = useState<Editing>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const today = businessDate(Date.now());

  return (
    <section aria-labelledby="producers-heading">
      <h2 id="producers-heading">{t('producersTitle')}</h2>
      <p className="muted">{t('producersIntro')}</p>
      {notice ? (
        <p role="status" className="notice">
          {notice}
        </p>
      ) : null}
      {error !== null ? <PanelError error={error} /> : null}
      {producers === null && error === null ? <p>{t('loading')}</p> : null}
      {producers !== null && editing === null ? (
        <>
          <Button className="button primary" onPress={() => (setNotice(null), setEditing({ kind: 'new' }))}>
            {t('producerAdd')}
          </Button>
          {producers.length === 0 ? <p className="notice">{t('producersEmpty')}</p> : null}
          <div className="table-scroll">
            <Table aria-label={t('producersTable')} className="sales-table">
              <TableHeader>
                <Column isRowHeader>{t('producerColName')}</Column>
                <Column>{t('producerColKind')}</Column>
                <Column>{t('producerColProducts')}</Column>
                <Column>{t('producerColLevy')}</Column>
                <Column>{t('mgmtActions')}</Column>
              </TableHeader>
              <TableBody items={producers}>
                {(p) => (
                  <Row id={p.id}>
                    <Cell>
                      {p.name}
                      {p.active ? null : <strong className="pill pending"> {t('producerInactive')}</strong>}
                      {p.lapas ? (
                        <>
                          <br />
                          <span className="small muted">{p.lapas}</span>
                        </>
                      ) : null}
                    </Cell>
                    <Cell>{t(p.kind === 'lapas' ? 'producerKindLapas' : 'producerKindUmkm')}</Cell>
                    <Cell>{p.productCount}</Cell>
                    <Cell>{p.kind === 'lapas' ? levySummary(t, levyRuleOn(p.levyRules, today)) : '—'}</Cell>
                    <Cell>
                      <Button className="button secondary small" aria-label={t('producerEdit', { name: p.name })} onPress={() => (setNotice(null), setEditing({ kind: 'edit', producer: p }))}>
                        {t('editButton')}
                      </Button>
                    </Cell>
                  </Row>
                )}
              </TableBody>
            </Table>
          </div>
        </>
      ) : null}
      {editing !== null ? (
        <ProducerForm
          key={editing.kind === 'edit' ? editing.producer.id : 'new'}
          producer={editing.kind === 'edit' ? editing.producer : null}
          today={today}
          onCancel={() => setEditing(null)}
          onSaved={(p) => {
            setEditing(null);
            setNotice(t('producerSaved', { name: p.name }));
            reload();
          }}
        />
      ) : null}
    </section>
  );
}

const FIELDS = ['id', 'name', 'kind', 'lapas', 'contactPhone', 'payout', 'terms', 'levyRules'] as const;
type FieldName = (typeof FIELDS)[number];

function draftOf(p: AdminProducer | null): ProducerInput {
  if (p === null) {
    return {
      id: '',
      name: '',
      kind: 'lapas',
      lapas: '',
      contactName: '',
      contactPhone: '',
      payout: null,
      receiptLine: null,
      consignment: true,
      terms: { default: { kind: 'fee', bp: 2000 }, byCategory: [] },
      levyRules: [],
      active: true,
    };
  }
  const { version: _v, productCount: _n, ...input } = p;
  return input;
}

function ProducerForm({ producer, today, onCancel, onSaved }: { producer: AdminProducer | null; today: string; onCancel: () => void; onSaved: (p: AdminProducer) => void }) {
  const t = usePanelT();
  const [d, setD] = useState<ProducerInput>(() => draftOf(producer));
  const [errors, setErrors] = useState<Partial<Record<FieldName, string>>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof ProducerInput>(key: K, value: ProducerInput[K]) => setD((x) => ({ ...x, [key]: value }));
  const creating = producer === null;
  const inForce = new Set((producer?.levyRules ?? []).filter((r) => r.validFrom <= today).map((r) => r.validFrom));

  const setRule = (i: number, patch: Partial<LevyRule>) => set('levyRules', d.levyRules.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const setTermRow = (i: number, patch: Partial<ProducerInput['terms']['byCategory'][number]>) =>
    set('terms', { ...d.terms, byCategory: d.terms.byCategory.map((c, j) => (j === i ? { ...c, ...patch } : c)) });
  const bp = (v: number | null) => (v === null ? Number.NaN : Math.round(v * 100));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const found = fieldErrors(t, producerProblems(d));
    setErrors(found);
    setFailure(null);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    const { id, ...write } = d;
    (creating ? createProducer(d) : updateProducer(id, write))
      .then(onSaved, (err: unknown) => {
        const onField = refusalOnField(t, err, FIELDS);
        if (onField) setErrors({ [onField.field]: onField.text });
        else setFailure(err);
      })
      .finally(() => setBusy(false));
  };

  const payoutKind = d.payout?.kind ?? 'none';
  const title = creating ? t('producerCreateTitle') : t('producerEditTitle', { name: producer.name });
  return (
    <Form className="settings admin-form" aria-label={title} onSubmit={submit} validationBehavior="aria">
      <h3>{title}</h3>
      {Object.keys(errors).length > 0 ? (
        <p role="alert" className="error">
          {t('outletFixErrors')}
        </p>
      ) : null}
      {creating ? <TextInput label={t('producerFieldId')} hint={t('producerFieldIdHint')} error={errors.id} value={d.id} maxLength={64} onChange={(v) => set('id', v.trim().toLowerCase())} /> : null}
      <TextInput label={t('producerFieldName')} error={errors.name} value={d.name} maxLength={200} onChange={(v) => set('name', v)} />
      <Choice
        label={t('producerFieldKind')}
        value={d.kind}
        onChange={(k) => setD((x) => ({ ...x, kind: k, lapas: k === 'lapas' ? (x.lapas ?? '') : null, levyRules: k === 'lapas' ? x.levyRules : [] }))}
        options={[
          { id: 'lapas', label: t('producerKindLapas') },
          { id: 'umkm', label: t('producerKindUmkm') },
        ]}
      />
      {d.kind === 'lapas' ? <TextInput label={t('producerFieldLapas')} hint={t('outletFieldLapasHint')} error={errors.lapas} value={d.lapas ?? ''} maxLength={200} onChange={(v) => set('lapas', v)} /> : null}
      <TextInput label={t('producerFieldContactName')} value={d.contactName} maxLength={200} onChange={(v) => set('contactName', v)} />
      <TextInput type="tel" inputMode="tel" label={t('producerFieldContactPhone')} error={errors.contactPhone} value={d.contactPhone} maxLength={40} onChange={(v) => set('contactPhone', v)} />
      <TextInput label={t('producerFieldReceiptLine')} hint={t('producerFieldReceiptLineHint')} value={d.receiptLine ?? ''} maxLength={200} onChange={(v) => set('receiptLine', v === '' ? null : v)} />
      <Toggle label={t('producerFieldConsignment')} value={d.consignment} onChange={(v) => set('consignment', v)} />
      <Toggle label={t('producerFieldActive')} value={d.active} onChange={(v) => set('active', v)} />
      {!creating && (producer.productCount ?? 0) > 0 ? <p className="muted small">{t('producerActiveHint')}</p> : null}

      <fieldset className="field">
        <legend>{t('producerSectionPayout')}</legend>
        <Choice
          label={t('producerPayoutKind')}
          value={payoutKind}
          onChange={(k) =>
            set('payout', k === 'none' ? null : k === 'bank' ? { kind: 'bank', bank: '', number: d.payout?.number ?? '', holder: d.payout?.holder ?? '' } : { kind: 'ewallet', provider: '', number: d.payout?.number ?? '', holder: d.payout?.holder ?? '' })
          }
          options={[
            { id: 'none', label: t('producerPayoutNone') },
            { id: 'bank', label: t('producerPayoutBank') },
            { id: 'ewallet', label: t('producerPayoutEwallet') },
          ]}
        />
        {d.payout !== null ? (
          <>
            <TextInput
              label={t(d.payout.kind === 'bank' ? 'producerPayoutBankName' : 'producerPayoutProvider')}
              value={d.payout.kind === 'bank' ? d.payout.bank : d.payout.provider}
              maxLength={100}
              onChange={(v) => d.payout && set('payout', d.payout.kind === 'bank' ? { ...d.payout, bank: v } : { ...d.payout, provider: v })}
            />
            <TextInput label={t('producerPayoutNumber')} inputMode="numeric" value={d.payout.number} maxLength={40} onChange={(v) => d.payout && set('payout', { ...d.payout, number: v })} />
            <TextInput label={t('producerPayoutHolder')} error={errors.payout} value={d.payout.holder} maxLength={200} onChange={(v) => d.payout && set('payout', { ...d.payout, holder: v })} />
          </>
        ) : null}
      </fieldset>

      <fieldset className="field">
        <legend>{t('producerSectionTerms')}</legend>
        <Choice
          label={t('producerTermKind')}
          value={d.terms.default.kind}
          onChange={(k) => set('terms', { default: { ...d.terms.default, kind: k }, byCategory: d.terms.byCategory.map((c) => ({ ...c, term: { ...c.term, kind: k } })) })}
          options={[
            { id: 'fee', label: t('producerTermFee') },
            { id: 'margin', label: t('producerTermMargin') },
          ]}
        />
        <NumberInput label={t('producerTermDefault')} error={errors.terms} fractionDigits={2} minValue={0} maxValue={100} value={d.terms.default.bp / 100} onChange={(v) => set('terms', { ...d.terms, default: { ...d.terms.default, bp: bp(v) } })} />
        {d.terms.byCategory.map((c, i) => (
          <div className="row-group" key={i}>
            <TextInput label={t('producerTermCategoryName', { n: i + 1 })} value={c.category} maxLength={100} onChange={(v) => setTermRow(i, { category: v })} />
            <NumberInput label={t('producerTermCategoryBp', { n: i + 1 })} fractionDigits={2} minValue={0} maxValue={100} value={c.term.bp / 100} onChange={(v) => setTermRow(i, { term: { ...c.term, bp: bp(v) } })} />
            <Button className="button secondary small" onPress={() => set('terms', { ...d.terms, byCategory: d.terms.byCategory.filter((_, j) => j !== i) })}>
              {t('producerTermRemove', { n: i + 1 })}
            </Button>
          </div>
        ))}
        <Button className="button secondary" onPress={() => set('terms', { ...d.terms, byCategory: [...d.terms.byCategory, { category: '', term: { kind: d.terms.default.kind, bp: d.terms.default.bp } }] })}>
          {t('producerTermAdd')}
        </Button>
      </fieldset>

      {d.kind === 'lapas' ? (
        <fieldset className="field">
          <legend>{t('producerSectionLevy')}</legend>
          <p className="muted small">{t('producerLevyIntro')}</p>
          {errors.levyRules ? (
            <p className="error" role="alert">
              {errors.levyRules}
            </p>
          ) : null}
          {d.levyRules.map((r, i) => {
            const n = i + 1;
            const locked = inForce.has(r.validFrom) && producer?.levyRules.some((x) => x.validFrom === r.validFrom) === true;
            const problems = producerProblems({ ...d, levyRules: [r] }).filter((p) => p.field === 'levyRules');
            const sum = r.premiBp + r.pnbpBp + r.modalBp;
            return (
              <div className="row-group" key={i} role="group" aria-label={t('producerLevyRule', { n })}>
                <strong>
                  {t('producerLevyRule', { n })}
                  {locked ? ` · ${t('producerLevyInForce')}` : ''}
                </strong>
                <TextInput type="date" label={t('producerLevyFrom', { n })} isDisabled={locked} value={r.validFrom} onChange={(v) => setRule(i, { validFrom: v })} />
                <NumberInput label={t('producerLevyPremi', { n })} isDisabled={locked} fractionDigits={2} minValue={0} maxValue={100} value={r.premiBp / 100} onChange={(v) => setRule(i, { premiBp: bp(v) })} />
                <NumberInput label={t('producerLevyPnbp', { n })} isDisabled={locked} fractionDigits={2} minValue={0} maxValue={100} value={r.pnbpBp / 100} onChange={(v) => setRule(i, { pnbpBp: bp(v) })} />
                <NumberInput label={t('producerLevyModal', { n })} isDisabled={locked} fractionDigits={2} minValue={0} maxValue={100} value={r.modalBp / 100} onChange={(v) => setRule(i, { modalBp: bp(v) })} />
                <Choice
                  label={t('producerLevyBase', { n })}
                  isDisabled={locked}
                  value={r.base}
                  onChange={(k) => setRule(i, { base: k })}
                  options={[
                    { id: 'profit', label: t('producerLevyBaseProfit') },
                    { id: 'sales', label: t('producerLevyBaseSales') },
                  ]}
                />
                <TextInput label={t('producerLevySource', { n })} isDisabled={locked} value={r.source} maxLength={300} onChange={(v) => setRule(i, { source: v })} />
                <p className={sum === FULL_BP ? 'muted small' : 'error small'} aria-live="polite">
                  {t('producerLevySum', { sum: Number.isNaN(sum) ? '?' : pct(sum) })}
                  {problems[0] && problems[0].code !== 'levy-sum-not-100' ? ` · ${problemText(t, problems[0].code, problems[0])}` : ''}
                </p>
                {!locked ? (
                  <Button className="button secondary small" onPress={() => set('levyRules', d.levyRules.filter((_, j) => j !== i))}>
                    {t('producerLevyRemove', { n })}
                  </Button>
                ) : null}
              </div>
            );
          })}
          <Button
            className="button secondary"
            onPress={() => set('levyRules', [...d.levyRules, { validFrom: today, premiBp: 5000, pnbpBp: 1500, modalBp: 3500, base: 'profit', source: '' }])}
          >
            {t('producerLevyAdd')}
          </Button>
        </fieldset>
      ) : null}
      {failure !== null ? <PanelError error={failure} /> : null}
      <div className="confirm">
        <Button type="submit" className="button primary" isDisabled={busy}>
          {t('producerSave')}
        </Button>
        <Button className="button secondary" onPress={onCancel}>
          {t('outletCancel')}
        </Button>
      </div>
    </Form>
  );
}
