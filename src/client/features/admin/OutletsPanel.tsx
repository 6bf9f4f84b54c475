// The admin's outlets: the store, fair booths (dates, home outlet) and Lapas
// showrooms, each with the counter settings its devices use after their next
// sync. The form checks with the same domain rules as the server and puts
// each problem next to its field.
import { useState, type FormEvent } from 'react';
import { Button, Cell, Column, Form, Row, Table, TableBody, TableHeader } from 'react-aria-components';
import { DEFAULT_DISCOUNT_LIMIT_BP } from '../../../domain/approval.ts';
import { LIMITS, outletProblems, type OutletInput } from '../../../domain/outlet-rules.ts';
import { DEFAULT_OUTLET_SETTINGS, ROUNDING_STEPS } from '../../../domain/outlet-settings.ts';
import { formatRupiah } from '../../../domain/money.ts';
import type { AdminOutlet } from '../../../protocol/catalog-admin.ts';
import type { PanelKey } from '../../i18n/outlets-panel-strings.ts';
import { usePanelT } from '../../i18n/outlets-panel-strings.ts';
import { createOutlet, listAdminOutlets, updateOutlet } from '../../sync/catalog-admin-api.ts';
import { Choice, NumberInput, TextInput, Toggle } from './aria-fields.tsx';
import { fieldErrors, refusalOnField } from './catalog-words.ts';
import { PanelError } from './PanelError.tsx';
import { useLoaded } from './use-loaded.ts';

export const OUTLET_KIND_LABEL: Record<AdminOutlet['kind'], PanelKey> = { store: 'outletKindStore', booth: 'outletKindBooth', showroom: 'outletKindShowroom' };

type Editing = { kind: 'new' } | { kind: 'edit'; outlet: AdminOutlet } | null;

export default function OutletsPanel() {
  const t = usePanelT();
  const { data: outlets, error, reload } = useLoaded(listAdminOutlets);
  const [editing, setEditing] = useState<Editing>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const nameOf = (id: string | null) => outlets?.find((o) => o.id === id)?.name ?? id ?? '';

  return (
    <section aria-labelledby="outlets-heading">
      <h2 id="outlets-heading">{t('outletsTitle')}</h2>
      <p className="muted">{t('outletsIntro')}</p>
      {notice ? (
        <p role="status" className="notice">
          {notice}
        </p>
      ) : null}
      {error !== null ? <PanelError error={error} /> : null}
      {outlets === null && error === null ? <p>{t('loading')}</p> : null}
      {outlets !== null && editing === null ? (
        <>
          <Button className="button primary" onPress={() => (setNotice(null), setEditing({ kind: 'new' }))}>
            {t('outletAdd')}
          </Button>
          {outlets.length === 0 ? <p className="notice">{t('outletsEmpty')}</p> : null}
          <div className="table-scroll">
            <Table aria-label={t('outletsTable')} className="sales-table">
              <TableHeader>
                <Column isRowHeader>{t('outletColName')}</Column>
                <Column>{t('outletColKind')}</Column>
                <Column>{t('outletColDetail')}</Column>
                <Column>{t('outletColStatus')}</Column>
                <Column>{t('mgmtActions')}</Column>
              </TableHeader>
              <TableBody items={outlets}>
                {(o) => (
                  <Row id={o.id}>
                    <Cell>
                      {o.name}
                      <br />
                      <code className="small">{o.id}</code>
                    </Cell>
                    <Cell>{t(OUTLET_KIND_LABEL[o.kind])}</Cell>
                    <Cell>
                      {o.kind === 'booth' && o.startDate && o.endDate
                        ? `${t('outletPeriod', { start: o.startDate, end: o.endDate })}, ${t('outletFromHome', { home: nameOf(o.homeOutletId) })}`
                        : o.kind === 'showroom'
                          ? (o.lapas ?? '')
                          : ''}
                    </Cell>
                    <Cell>{t(o.active ? 'outletActive' : 'outletInactive')}</Cell>
                    <Cell>
                      <Button className="button secondary small" aria-label={t('outletEdit', { name: o.name })} onPress={() => (setNotice(null), setEditing({ kind: 'edit', outlet: o }))}>
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
      {outlets !== null && editing !== null ? (
        <OutletForm
          key={editing.kind === 'edit' ? editing.outlet.id : 'new'}
          outlet={editing.kind === 'edit' ? editing.outlet : null}
          outlets={outlets}
          onCancel={() => setEditing(null)}
          onSaved={(o) => {
            setEditing(null);
            setNotice(t('outletSaved', { name: o.name }));
            reload();
          }}
        />
      ) : null}
    </section>
  );
}

const FIELDS = [
  'id',
  'name',
  'kind',
  'address',
  'startDate',
  'endDate',
  'homeOutletId',
  'lapas',
  'discountLimitBp',
  'npwp',
  'qrisStatic',
  'dayCutoff',
  'roundingStep',
  'largeLineQty',
  'largeSaleTotal',
  'cashOutLimit',
  'selisihThreshold',
  'adjustQtyLimit',
  'adjustValueLimit',
] as const;
type FieldName = (typeof FIELDS)[number];

function draftOf(o: AdminOutlet | null): OutletInput {
  if (o === null) {
    return {
      id: '',
      name: '',
      kind: 'store',
      address: '',
      active: true,
      startDate: null,
      endDate: null,
      homeOutletId: null,
      lapas: null,
      discountLimitBp: DEFAULT_DISCOUNT_LIMIT_BP,
      settings: DEFAULT_OUTLET_SETTINGS,
    };
  }
  const { version: _version, ...input } = o;
  return input;
}

function OutletForm({ outlet, outlets, onCancel, onSaved }: { outlet: AdminOutlet | null; outlets: readonly AdminOutlet[]; onCancel: () => void; onSaved: (o: AdminOutlet) => void }) {
  const t = usePanelT();
  const [d, setD] = useState<OutletInput>(() => draftOf(outlet));
  const [errors, setErrors] = useState<Partial<Record<FieldName, string>>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof OutletInput>(key: K, value: OutletInput[K]) => setD((x) => ({ ...x, [key]: value }));
  const setS = <K extends keyof OutletInput['settings']>(key: K, value: OutletInput['settings'][K]) => setD((x) => ({ ...x, settings: { ...x.settings, [key]: value } }));
  const homes = outlets.filter((o) => o.kind !== 'booth' && o.id !== d.id).map((o) => ({ id: o.id, label: o.name }));
  const creating = outlet === null;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const found = fieldErrors(t, outletProblems(d));
    setErrors(found);
    setFailure(null);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    const { id, ...write } = d;
    (creating ? createOutlet(d) : updateOutlet(id, write))
      .then(onSaved, (err: unknown) => {
        const onField = refusalOnField(t, err, FIELDS);
        if (onField) setErrors({ [onField.field]: onField.text });
        else setFailure(err);
      })
      .finally(() => setBusy(false));
  };

  const title = creating ? t('outletCreateTitle') : t('outletEditTitle', { name: outlet.name });
  return (
    <Form className="settings admin-form" aria-label={title} onSubmit={submit} validationBehavior="aria">
      <h3>{title}</h3>
      {Object.keys(errors).length > 0 ? (
        <p role="alert" className="error">
          {t('outletFixErrors')}
        </p>
      ) : null}
      {creating ? <TextInput label={t('outletFieldId')} hint={t('outletFieldIdHint')} error={errors.id} value={d.id} maxLength={64} onChange={(v) => set('id', v.trim().toLowerCase())} /> : null}
      <TextInput label={t('outletFieldName')} error={errors.name} value={d.name} maxLength={200} onChange={(v) => set('name', v)} />
      <Choice
        label={t('outletFieldKind')}
        value={d.kind}
        onChange={(k) => set('kind', k)}
        options={(['store', 'booth', 'showroom'] as const).map((k) => ({ id: k, label: t(OUTLET_KIND_LABEL[k]) }))}
      />
      <TextInput label={t('outletFieldAddress')} value={d.address} maxLength={500} onChange={(v) => set('address', v)} />
      {d.kind === 'booth' ? (
        <fieldset className="field">
          <legend>{t('outletKindBooth')}</legend>
          <TextInput type="date" label={t('outletFieldStart')} error={errors.startDate} value={d.startDate ?? ''} onChange={(v) => set('startDate', v === '' ? null : v)} />
          <TextInput type="date" label={t('outletFieldEnd')} error={errors.endDate} value={d.endDate ?? ''} onChange={(v) => set('endDate', v === '' ? null : v)} />
          <Choice label={t('outletFieldHome')} error={errors.homeOutletId} value={d.homeOutletId} placeholder={t('outletChoose')} onChange={(k) => set('homeOutletId', k)} options={homes} />
        </fieldset>
      ) : null}
      {d.kind === 'showroom' ? <TextInput label={t('outletFieldLapas')} hint={t('outletFieldLapasHint')} error={errors.lapas} value={d.lapas ?? ''} maxLength={200} onChange={(v) => set('lapas', v)} /> : null}
      <Toggle label={t('outletFieldActive')} value={d.active} onChange={(v) => set('active', v)} />

      <fieldset className="field">
        <legend>{t('outletSectionReceipt')}</legend>
        <TextInput label={t('outletFieldReceiptName')} value={d.settings.receiptName} maxLength={200} onChange={(v) => setS('receiptName', v)} />
        <TextInput label={t('outletFieldNpwp')} hint={t('outletFieldNpwpHint')} error={errors.npwp} value={d.settings.npwp} inputMode="numeric" maxLength={40} onChange={(v) => setS('npwp', v)} />
        <TextInput label={t('outletFieldFooter')} multiline value={d.settings.receiptFooter} maxLength={500} onChange={(v) => setS('receiptFooter', v)} />
      </fieldset>

      <fieldset className="field">
        <legend>{t('outletSectionCounter')}</legend>
        <Choice
          label={t('outletFieldTax')}
          value={d.settings.taxMode}
          onChange={(k) => setS('taxMode', k)}
          options={[
            { id: 'none', label: t('taxNone') },
            { id: 'ppn-included', label: t('taxIncluded') },
          ]}
        />
        <Choice
          label={t('outletFieldRounding')}
          error={errors.roundingStep}
          value={String(d.settings.roundingStep)}
          onChange={(k) => setS('roundingStep', Number(k))}
          options={ROUNDING_STEPS.map((n) => ({ id: String(n), label: n === 0 ? t('roundingNone') : formatRupiah(n) }))}
        />
        <TextInput label={t('outletFieldQris')} hint={t('outletFieldQrisHint')} error={errors.qrisStatic} multiline value={d.settings.qrisStatic} maxLength={512} onChange={(v) => setS('qrisStatic', v)} />
        <NumberInput
          label={t('outletFieldDiscount')}
          error={errors.discountLimitBp}
          fractionDigits={2}
          minValue={LIMITS.discountLimitBp.min / 100}
          maxValue={LIMITS.discountLimitBp.max / 100}
          value={d.discountLimitBp / 100}
          onChange={(v) => set('discountLimitBp', v === null ? Number.NaN : Math.round(v * 100))}
        />
        <Toggle label={t('outletFieldRemoval')} value={d.settings.cartRemovalNeedsApproval} onChange={(v) => setS('cartRemovalNeedsApproval', v)} />
        <NumberInput label={t('outletFieldLargeQty')} error={errors.largeLineQty} value={d.settings.largeLineQty} onChange={(v) => setS('largeLineQty', v ?? Number.NaN)} />
        <NumberInput label={t('outletFieldLargeTotal')} error={errors.largeSaleTotal} value={d.settings.largeSaleTotal} onChange={(v) => setS('largeSaleTotal', v ?? Number.NaN)} />
        <NumberInput label={t('outletFieldCashOut')} error={errors.cashOutLimit} value={d.settings.cashOutLimit} onChange={(v) => setS('cashOutLimit', v ?? Number.NaN)} />
        <NumberInput label={t('outletFieldSelisih')} error={errors.selisihThreshold} value={d.settings.selisihThreshold} onChange={(v) => setS('selisihThreshold', v ?? Number.NaN)} />
        <Choice
          label={t('outletFieldDrawer')}
          value={d.settings.drawerMode}
          onChange={(k) => setS('drawerMode', k)}
          options={[
            { id: 'own', label: t('outletDrawerOwn') },
            { id: 'shared', label: t('outletDrawerShared') },
          ]}
        />
        <NumberInput label={t('outletFieldAdjustQty')} error={errors.adjustQtyLimit} value={d.settings.adjustQtyLimit} onChange={(v) => setS('adjustQtyLimit', v ?? Number.NaN)} />
        <NumberInput label={t('outletFieldAdjustValue')} error={errors.adjustValueLimit} value={d.settings.adjustValueLimit} onChange={(v) => setS('adjustValueLimit', v ?? Number.NaN)} />
        <TextInput type="time" label={t('outletFieldCutoff')} hint={t('outletFieldCutoffHint')} error={errors.dayCutoff} value={d.settings.dayCutoff} onChange={(v) => setS('dayCutoff', v.slice(0, 5))} />
      </fieldset>
      {failure !== null ? <PanelError error={failure} /> : null}
      <div className="confirm">
        <Button type="submit" className="button primary" isDisabled={busy}>
          {t('outletSave')}
        </Button>
        <Button className="button secondary" onPress={onCancel}>
          {t('outletCancel')}
        </Button>
      </div>
    </Form>
  );
}
