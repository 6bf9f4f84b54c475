// A Lapas's PNBP for a period (from its workshops' approved settlements) with
// the SIMPONI record (Kode Billing, expiry, Kode Akun, NTPN), and a
// workshop's premi ledger as CSV or XLSX for the Lapas' own books.
import { useMemo, useState, type FormEvent } from 'react';
import { Button, Form } from 'react-aria-components';
import { formatRupiah } from '../../../../domain/money.ts';
import { businessDate } from '../../../../domain/time.ts';
import type { AdminProducer } from '../../../../protocol/catalog-admin.ts';
import type { PnbpRecord } from '../../../../protocol/settlement.ts';
import { useT } from '../../../i18n/use-t.ts';
import { managementErrorText } from '../../../shared/services/management-session.ts';
import { getPnbp, premiLedger, savePnbp } from '../../../sync/settlement-api.ts';
import { Choice, TextInput } from '../aria-fields.tsx';

function save(bytes: Uint8Array, name: string, type: string): void {
  const url = URL.createObjectURL(new Blob([bytes.slice().buffer], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function PnbpSection({ producers }: { producers: readonly AdminProducer[] }) {
  const t = useT();
  const lapasNames = useMemo(() => [...new Set(producers.filter((p) => p.kind === 'lapas' && p.lapas !== null).map((p) => p.lapas as string))].sort(), [producers]);
  const workshops = producers.filter((p) => p.kind === 'lapas');
  const today = businessDate(Date.now());
  const [lapas, setLapas] = useState<string | null>(null);
  const [from, setFrom] = useState(`${today.slice(0, 8)}01`);
  const [to, setTo] = useState(today);
  const [record, setRecord] = useState<PnbpRecord | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [workshop, setWorkshop] = useState<string | null>(null);
  const fail = (e: unknown) => (setNotice(null), setError(managementErrorText(t, e)));
  const show = (e: FormEvent) => {
    e.preventDefault();
    if (lapas === null) return;
    getPnbp({ lapas, from, to }).then((r) => (setRecord(r), setError(null), setNotice(null)), fail);
  };
  const store = (e: FormEvent) => {
    e.preventDefault();
    if (record === null) return;
    const { amount: _a, settlements: _s, updatedBy: _u, ...write } = record;
    savePnbp(write).then((r) => (setRecord(r), setError(null), setNotice(t('stlSaved'))), fail);
  };
  const edit = (patch: Partial<PnbpRecord>) => setRecord((r) => (r === null ? r : { ...r, ...patch }));
  const ledger = (format: 'csv' | 'xlsx') => {
    if (workshop === null) return;
    premiLedger(format, { producerId: workshop, from, to }).then(
      (bytes) => save(bytes, `premi-${workshop}-${from}-${to}.${format}`, format === 'csv' ? 'text/csv' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'),
      fail,
    );
  };
  return (
    <section aria-labelledby="pnbp-heading" className="pnbp">
      <h3 id="pnbp-heading">{t('pnbpTitle')}</h3>
      <p className="muted small">{t('pnbpHelp')}</p>
      <Form className="stl-form" onSubmit={show} aria-label={t('pnbpTitle')}>
        <Choice label={t('pnbpLapas')} value={lapas} onChange={setLapas} options={lapasNames.map((l) => ({ id: l, label: l }))} />
        <TextInput label={t('stlFrom')} type="date" value={from} onChange={setFrom} isRequired />
        <TextInput label={t('stlTo')} type="date" value={to} onChange={setTo} isRequired />
        <Button type="submit" className="button secondary" isDisabled={lapas === null}>
          {t('pnbpShow')}
        </Button>
      </Form>
      {error !== null ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
      {notice !== null ? <p role="status">{notice}</p> : null}
      {record !== null ? (
        <Form className="stl-form" onSubmit={store} aria-label={t('pnbpSave')}>
          <p>
            <strong>{t('pnbpAmount', { amount: formatRupiah(record.amount) })}</strong>
          </p>
          {record.settlements.length === 0 ? <p className="muted">{t('pnbpNone')}</p> : null}
          <ul>
            {record.settlements.map((s) => (
              <li key={s.id}>
                {s.producerName}, {t('stlPeriodText', { from: s.from, to: s.to })}: {formatRupiah(s.pnbp)}
              </li>
            ))}
          </ul>
          <TextInput label={t('pnbpKodeBilling')} value={record.kodeBilling} onChange={(v) => edit({ kodeBilling: v })} inputMode="numeric" maxLength={15} />
          <TextInput label={t('pnbpExpires')} type="date" value={record.billingExpires ?? ''} onChange={(v) => edit({ billingExpires: v === '' ? null : v })} />
          <TextInput label={t('pnbpKodeAkun')} value={record.kodeAkun} onChange={(v) => edit({ kodeAkun: v })} maxLength={20} />
          <TextInput label={t('pnbpNtpn')} value={record.ntpn} onChange={(v) => edit({ ntpn: v })} maxLength={16} />
          <TextInput label={t('pnbpPaidDate')} type="date" value={record.paidDate ?? ''} onChange={(v) => edit({ paidDate: v === '' ? null : v })} />
          <Button type="submit" className="button primary">
            {t('pnbpSave')}
          </Button>
        </Form>
      ) : null}
      <h3>{t('premiTitle')}</h3>
      <div className="stl-form">
        <Choice label={t('stlProducer')} value={workshop} onChange={setWorkshop} options={workshops.map((w) => ({ id: w.id, label: w.name }))} />
        <div className="stl-actions">
          <Button className="button secondary" isDisabled={workshop === null} onPress={() => ledger('csv')}>
            {t('premiCsv')}
          </Button>
          <Button className="button secondary" isDisabled={workshop === null} onPress={() => ledger('xlsx')}>
            {t('premiXlsx')}
          </Button>
        </div>
      </div>
    </section>
  );
}
