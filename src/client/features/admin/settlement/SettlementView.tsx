// One settlement: its statement (the A4 document printed, downloaded as a
// PDF or summed up for WhatsApp) and what its state allows: a draft is
// corrected, approved or discarded; an approved one is paid.
import { useState, type FormEvent } from 'react';
import { Button, Form } from 'react-aria-components';
import { formatRupiah } from '../../../../domain/money.ts';
import { businessDate } from '../../../../domain/time.ts';
import { normalizeWhatsAppPhone, waMeLink } from '../../../../domain/whatsapp.ts';
import type { PayRequest, Settlement } from '../../../../protocol/settlement.ts';
import { useT } from '../../../i18n/use-t.ts';
import { managementErrorText } from '../../../shared/services/management-session.ts';
import { addCorrection, approveSettlement, discardSettlement, paySettlement } from '../../../sync/settlement-api.ts';
import { Choice, NumberInput, TextInput } from '../aria-fields.tsx';
import { STATE_WORDS, statementModel, type StatementModel, type StoreHeading } from './statement-model.ts';

function useAct(): { error: string | null; busy: boolean; run: <R>(p: () => Promise<R>, then: (r: R) => void) => void } {
  const t = useT();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return {
    error,
    busy,
    run: (p, then) => {
      setBusy(true);
      p().then(
        (r) => (setBusy(false), setError(null), then(r)),
        (e: unknown) => (setBusy(false), setError(managementErrorText(t, e))),
      );
    },
  };
}

function Alert({ text }: { text: string | null }) {
  return text === null ? null : (
    <p role="alert" className="error">
      {text}
    </p>
  );
}

export function SettlementView({ settlement: s, store, onChanged, onDiscarded }: { settlement: Settlement; store: StoreHeading; onChanged: (s: Settlement) => void; onDiscarded: () => void }) {
  const t = useT();
  const model = statementModel(t, s, store);
  const costUnknown = s.problems.find((p) => p.code === 'cost-unknown');
  const noRule = s.problems.find((p) => p.code === 'no-levy-rule');
  const missingCost = new Set(costUnknown?.lineIds ?? []);
  return (
    <>
      <p className="no-print" role="status">
        {t('stlColState')}: <strong>{t(STATE_WORDS[s.state])}</strong>
      </p>
      {noRule ? <p role="alert" className="error no-print">{t('stlNoRule', { n: noRule.lineIds.length })}</p> : null}
      {costUnknown && s.state === 'draft' ? <p role="alert" className="error no-print">{t('stlCostUnknown', { n: costUnknown.lineIds.length })}</p> : null}
      <Statement model={model} missing={s.items.map((i) => i.lineId !== null && missingCost.has(i.lineId) && i.kind === 'sale')} missingWord={t('stlCostMissing')} />
      <ShareBar settlement={s} model={model} />
      {s.state === 'draft' ? <DraftActions settlement={s} needsDecision={costUnknown !== undefined} onChanged={onChanged} onDiscarded={onDiscarded} /> : null}
      {s.state === 'approved' ? <PayForm settlement={s} onChanged={onChanged} /> : null}
    </>
  );
}

/** The A4 statement as it prints: the print stylesheet shows only this. */
function Statement({ model: m, missing, missingWord }: { model: StatementModel; missing: boolean[]; missingWord: string }) {
  return (
    <article className="statement" aria-label={m.title}>
      <header>
        <h3>{m.title}</h3>
        <p>
          <strong>{m.store}</strong>
          <br />
          {m.storeAddress}
        </p>
        <p>
          {m.labels.producer}: <strong>{m.producer}</strong>
          <br />
          {m.labels.period}: {m.period}
        </p>
      </header>
      <table className="statement-lines">
        <thead>
          <tr>
            {m.head.map((h) => (
              <th key={h} scope="col">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {m.rows.map((r, i) => (
            <tr key={i}>
              <td>{r.date}</td>
              <td>{r.receipt}</td>
              <td>
                {r.name}
                {missing[i] === true ? <span className="cost-missing"> ({missingWord})</span> : null}
              </td>
              <td className="num">{r.qty}</td>
              <td className="num">{r.price}</td>
              <td className="num">{r.amount}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <dl className="statement-totals">
        {m.totals.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
      {m.notes.map((n) => (
        <p key={n} className="small">
          {n}
        </p>
      ))}
      <div className="signatures">
        {m.signatures.map((who) => (
          <div key={who}>
            <p>{who}</p>
            <p className="sign-line">{m.labels.signName}</p>
          </div>
        ))}
      </div>
    </article>
  );
}

function ShareBar({ settlement: s, model }: { settlement: Settlement; model: StatementModel }) {
  const t = useT();
  const [pdfBusy, setPdfBusy] = useState(false);
  const [pdfError, setPdfError] = useState<string | null>(null);
  const phone = normalizeWhatsAppPhone(s.contactPhone);
  const link = `${location.origin}${location.pathname}?id=${encodeURIComponent(s.id)}`;
  const text = t('stlWaText', { title: model.title, store: model.store, producer: model.producer, period: model.period, gross: formatRupiah(s.split.gross), payable: formatRupiah(s.split.payable), link });
  const download = () => {
    setPdfBusy(true);
    import('./statement-pdf.ts')
      .then((m) => m.statementPdf(model))
      .then(
        (blob) => {
          const url = URL.createObjectURL(blob);
          const a = document.createElement('a');
          a.href = url;
          a.download = `${model.title} ${s.producerName} ${s.from} ${s.to}.pdf`.replace(/[^\w .-]+/g, '-');
          document.body.append(a);
          a.click();
          a.remove();
          setTimeout(() => URL.revokeObjectURL(url), 60_000);
          setPdfBusy(false);
          setPdfError(null);
        },
        (e: unknown) => (setPdfBusy(false), setPdfError(String(e))),
      );
  };
  return (
    <div className="stl-actions no-print">
      <Button className="button secondary" onPress={() => window.print()}>
        {t('stlPrint')}
      </Button>
      <Button className="button secondary" onPress={download} isDisabled={pdfBusy}>
        {pdfBusy ? t('stlPdfMaking') : t('stlPdf')}
      </Button>
      {phone.ok ? (
        <a className="button secondary" href={waMeLink(s.contactPhone, text)} target="_blank" rel="noopener noreferrer">
          {t('stlWhatsApp')}
        </a>
      ) : (
        <p className="muted small">{t('stlWhatsAppNoPhone')}</p>
      )}
      <Alert text={pdfError} />
    </div>
  );
}

function DraftActions({ settlement: s, needsDecision, onChanged, onDiscarded }: { settlement: Settlement; needsDecision: boolean; onChanged: (s: Settlement) => void; onDiscarded: () => void }) {
  const t = useT();
  const act = useAct();
  const [decision, setDecision] = useState('');
  const [name, setName] = useState('');
  const [amount, setAmount] = useState<number | null>(null);
  const [note, setNote] = useState('');
  const approve = (e: FormEvent) => {
    e.preventDefault();
    act.run(() => approveSettlement(s.id, needsDecision ? decision : null), onChanged);
  };
  const correct = (e: FormEvent) => {
    e.preventDefault();
    if (amount === null) return;
    act.run(
      () => addCorrection(s.id, { name, amount, note }),
      (r) => (setName(''), setAmount(null), setNote(''), onChanged(r)),
    );
  };
  return (
    <div className="no-print">
      <Alert text={act.error} />
      <Form className="stl-form" onSubmit={approve} aria-label={t('stlApprove')}>
        {needsDecision ? <TextInput label={t('stlCostDecision')} value={decision} onChange={setDecision} multiline isRequired maxLength={500} /> : null}
        <div className="stl-actions">
          <Button type="submit" className="button primary" isDisabled={act.busy || (needsDecision && decision.trim() === '')}>
            {t('stlApprove')}
          </Button>
          <Button className="button secondary" isDisabled={act.busy} onPress={() => act.run(() => discardSettlement(s.id), onDiscarded)}>
            {t('stlDiscard')}
          </Button>
        </div>
      </Form>
      <Form className="stl-form" onSubmit={correct} aria-labelledby="stl-correct">
        <h3 id="stl-correct">{t('stlCorrectionTitle')}</h3>
        <TextInput label={t('stlCorrectionName')} value={name} onChange={setName} isRequired maxLength={200} />
        <NumberInput label={t('stlCorrectionAmount')} value={amount} onChange={setAmount} minValue={-1_000_000_000} maxValue={1_000_000_000} />
        <TextInput label={t('stlCorrectionNote')} value={note} onChange={setNote} isRequired maxLength={500} />
        <Button type="submit" className="button secondary" isDisabled={act.busy || amount === null || name.trim() === '' || note.trim() === ''}>
          {t('stlCorrectionAdd')}
        </Button>
      </Form>
    </div>
  );
}

function PayForm({ settlement: s, onChanged }: { settlement: Settlement; onChanged: (s: Settlement) => void }) {
  const t = useT();
  const act = useAct();
  const [method, setMethod] = useState<PayRequest['method']>('transfer');
  const [reference, setReference] = useState('');
  const [date, setDate] = useState(businessDate(Date.now()));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    act.run(() => paySettlement(s.id, { method, reference, date }), onChanged);
  };
  return (
    <Form className="stl-form no-print" onSubmit={submit} aria-labelledby="stl-pay">
      <h3 id="stl-pay">{t('stlPayTitle')}</h3>
      <Choice
        label={t('stlPayMethod')}
        value={method}
        onChange={setMethod}
        options={[
          { id: 'transfer', label: t('stlPayTransfer') },
          { id: 'cash', label: t('stlPayCash') },
          { id: 'ewallet', label: t('stlPayEwallet') },
        ]}
      />
      <TextInput label={t('stlPayReference')} value={reference} onChange={setReference} isRequired maxLength={100} />
      <TextInput label={t('stlPayDate')} type="date" value={date} onChange={setDate} isRequired />
      <Alert text={act.error} />
      <Button type="submit" className="button primary" isDisabled={act.busy || reference.trim() === ''}>
        {t('stlPay')}
      </Button>
    </Form>
  );
}
