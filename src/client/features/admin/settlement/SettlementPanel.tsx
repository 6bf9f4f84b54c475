// The Penyelesaian tab of /admin: what each producer is owed now, making a
// settlement for a producer and period, its review, approval and payment,
// the statement (print, PDF, WhatsApp), and a Lapas's PNBP deposit with the
// workshop premi ledger. Online only: settlement is the server's.
import { useCallback, useEffect, useMemo, useState, type FormEvent } from 'react';
import { Button, Cell, Column, Form, Row, Table, TableBody, TableHeader } from 'react-aria-components';
import { formatRupiah } from '../../../../domain/money.ts';
import { businessDate } from '../../../../domain/time.ts';
import { statementHeading } from '../../../../domain/settlement.ts';
import type { SettlementWithLinks } from '../../../../protocol/settlement.ts';
import '../../../i18n/settlement-strings.ts';
import { useT } from '../../../i18n/use-t.ts';
import { managementErrorText } from '../../../shared/services/management-session.ts';
import { listAdminOutlets, listAdminProducers } from '../../../sync/catalog-admin-api.ts';
import { createSettlement, getSettlement, listSettlements, owedNow } from '../../../sync/settlement-api.ts';
import { TextInput, Choice } from '../aria-fields.tsx';
import { PanelError } from '../PanelError.tsx';
import { useLoaded } from '../use-loaded.ts';
import { PnbpSection } from './PnbpSection.tsx';
import { SettlementView } from './SettlementView.tsx';
import { STATE_WORDS, type StoreHeading } from './statement-model.ts';
import './settlement.css';


/** The first day of last month and today, WITA: the period a monthly settlement usually covers. */
function defaultPeriod(now: number): { from: string; to: string } {
  const today = businessDate(now);
  const [y, m] = today.split('-').map(Number) as [number, number];
  const py = m === 1 ? y - 1 : y;
  const pm = m === 1 ? 12 : m - 1;
  return { from: `${py}-${String(pm).padStart(2, '0')}-01`, to: today };
}


export default function SettlementPanel() {
  const t = useT();
  const { data: owed, error: owedError, reload: reloadOwed } = useLoaded(owedNow);
  const { data: list, error: listError, reload: reloadList } = useLoaded(listSettlements);
  const { data: producers } = useLoaded(listAdminProducers);
  const { data: outlets } = useLoaded(listAdminOutlets);
  const [open, setOpen] = useState<SettlementWithLinks | null>(null);
  const [openError, setOpenError] = useState<unknown>(null);
  const store = useMemo<StoreHeading>(() => statementHeading(outlets ?? []), [outlets]);
  const reloadAll = useCallback(() => {
    reloadOwed();
    reloadList();
  }, [reloadOwed, reloadList]);
  const show = useCallback((id: string) => {
    getSettlement(id).then(
      (s) => (setOpen(s), setOpenError(null)),
      (e: unknown) => setOpenError(e),
    );
  }, []);
  // The link a statement's WhatsApp message carries opens it here.
  useEffect(() => {
    const id = new URLSearchParams(location.search).get('id');
    if (id !== null) show(id);
  }, [show]);

  if (open !== null) {
    return (
      <section className="settlement" aria-labelledby="stl-heading">
        <h2 id="stl-heading" className="no-print">
          {t('stlTitle')}
        </h2>
        <Button className="button secondary no-print" onPress={() => (setOpen(null), reloadAll())}>
          {t('stlBack')}
        </Button>
        <SettlementView
          settlement={open}
          store={store}
          onChanged={(s) => {
            setOpen(s);
            reloadAll();
          }}
          onDiscarded={() => {
            setOpen(null);
            reloadAll();
          }}
        />
      </section>
    );
  }

  return (
    <section className="settlement" aria-labelledby="stl-heading">
      <h2 id="stl-heading">{t('stlTitle')}</h2>
      <p className="muted">{t('stlHelp')}</p>
      <h3>{t('stlOwedTitle')}</h3>
      {owedError !== null ? <PanelError error={owedError} /> : null}
      {owed === null ? (
        <p role="status">{t('loading')}</p>
      ) : (
        <div className="table-scroll">
          <Table aria-label={t('stlOwedTitle')} className="sales-table">
            <TableHeader>
              <Column isRowHeader>{t('stlColProducer')}</Column>
              <Column>{t('stlColUnsettled')}</Column>
              <Column>{t('stlColApproved')}</Column>
              <Column>{t('stlColPaidYear')}</Column>
            </TableHeader>
            <TableBody items={owed.map((o) => ({ ...o, id: o.producerId }))}>
              {(o) => (
                <Row id={o.id}>
                  <Cell>{o.name}</Cell>
                  <Cell>
                    {formatRupiah(o.unsettled)} <span className="muted small">({t('stlLines', { n: o.unsettledLines })})</span>
                  </Cell>
                  <Cell>{formatRupiah(o.approvedUnpaid)}</Cell>
                  <Cell>{formatRupiah(o.paidThisYear)}</Cell>
                </Row>
              )}
            </TableBody>
          </Table>
        </div>
      )}
      <CreateForm producers={(producers ?? []).map((p) => ({ id: p.id, label: p.name }))} onCreated={(s) => (setOpen(s), reloadAll())} />
      <h3>{t('stlListTitle')}</h3>
      {listError !== null ? <PanelError error={listError} /> : null}
      {openError !== null ? <PanelError error={openError} /> : null}
      {list !== null && list.length === 0 ? <p className="muted">{t('stlListEmpty')}</p> : null}
      {list !== null && list.length > 0 ? (
        <div className="table-scroll">
          <Table aria-label={t('stlListTitle')} className="sales-table">
            <TableHeader>
              <Column isRowHeader>{t('stlColProducer')}</Column>
              <Column>{t('stlColPeriod')}</Column>
              <Column>{t('stlColState')}</Column>
              <Column>{t('stlColPayable')}</Column>
              <Column>{t('mgmtActions')}</Column>
            </TableHeader>
            <TableBody items={list}>
              {(s) => (
                <Row id={s.id}>
                  <Cell>{s.producerName}</Cell>
                  <Cell>{t('stlPeriodText', { from: s.from, to: s.to })}</Cell>
                  <Cell>{t(STATE_WORDS[s.state])}</Cell>
                  <Cell>{formatRupiah(s.split.payable)}</Cell>
                  <Cell>
                    <Button className="button secondary small" aria-label={`${t('stlOpen')} ${s.producerName} ${s.from}`} onPress={() => show(s.id)}>
                      {t('stlOpen')}
                    </Button>
                  </Cell>
                </Row>
              )}
            </TableBody>
          </Table>
        </div>
      ) : null}
      <PnbpSection producers={producers ?? []} />
    </section>
  );
}

function CreateForm({ producers, onCreated }: { producers: { id: string; label: string }[]; onCreated: (s: SettlementWithLinks) => void }) {
  const t = useT();
  const initial = useMemo(() => defaultPeriod(Date.now()), []);
  const [producerId, setProducerId] = useState<string | null>(null);
  const [from, setFrom] = useState(initial.from);
  const [to, setTo] = useState(initial.to);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (producerId === null) return;
    setBusy(true);
    createSettlement({ producerId, from, to }).then(
      (s) => (setBusy(false), setError(null), onCreated(s)),
      (err: unknown) => (setBusy(false), setError(managementErrorText(t, err))),
    );
  };
  return (
    <Form className="stl-form" onSubmit={submit} aria-labelledby="stl-create">
      <h3 id="stl-create">{t('stlCreateTitle')}</h3>
      <p className="muted small">{t('stlCreateHint')}</p>
      <Choice label={t('stlProducer')} value={producerId} onChange={setProducerId} options={producers} />
      <TextInput label={t('stlFrom')} type="date" value={from} onChange={setFrom} isRequired />
      <TextInput label={t('stlTo')} type="date" value={to} onChange={setTo} isRequired />
      {error !== null ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
      <Button type="submit" className="button primary" isDisabled={producerId === null || busy}>
        {t('stlCreate')}
      </Button>
    </Form>
  );
}
