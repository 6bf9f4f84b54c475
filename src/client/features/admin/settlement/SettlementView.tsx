// One settlement: its statement (the A4 document printed, downloaded as a
// PDF, or shared with its producer by a link that WhatsApp carries) and what its state allows: a draft is
// corrected, approved or discarded; an approved one is paid.
import { useState, type FormEvent } from 'react';
import { Button, Form, Input, Label, TextField } from 'react-aria-components';
import { formatRupiah } from '../../../../domain/money.ts';
import { businessDate } from '../../../../domain/time.ts';
import { normalizeWhatsAppPhone, waMeLink } from '../../../../domain/whatsapp.ts';
import { STATEMENT_LINK_DAYS, type MadeLink, type PayRequest, type SettlementWithLinks } from '../../../../protocol/settlement.ts';
import { useLanguage, useT } from '../../../i18n/use-t.ts';
import { managementErrorText } from '../../../shared/services/management-session.ts';
import { addCorrection, approveSettlement, discardSettlement, getSettlement, paySettlement, revokeSettlementLinks, shareSettlement } from '../../../sync/settlement-api.ts';
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

export function SettlementView({ settlement: s, store, onChanged, onDiscarded }: { settlement: SettlementWithLinks; store: StoreHeading; onChanged: (s: SettlementWithLinks) => void; onDiscarded: () => void }) {
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
      <ShareBar settlement={s} model={model} onChanged={onChanged} />
      {s.state === 'draft' ? <DraftActions settlement={s} needsDecision={costUnknown !== undefined} onChanged={onChanged} onDiscarded={onDiscarded} /> : null}
      {s.state === 'approved' ? <PayForm settlement={s} onChanged={onChanged} /> : null}
    </>
  );
}

/** The A4 statement as it prints: the print stylesheet shows only this. */
export function Statement({ model: m, missing, missingWord }: { model: StatementModel; missing: boolean[]; missingWord: string }) {
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

/** A moment in WITA, as a treasurer in NTB reads it. */
export function witaTime(ms: number, lang: string): string {
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'id-ID', { timeZone: 'Asia/Makassar', dateStyle: 'medium', timeStyle: 'short' }).format(ms);
}

/** Print and PDF: the same on the admin's screen and on the producer's page. */
export function PrintBar({ model, fileName }: { model: StatementModel; fileName: string }) {
  const t = useT();
  const [pdfBusy, setPdfBusy] = useState(false);
  const [pdfError, setPdfError] = useState<string | null>(null);
  const download = () => {
    setPdfBusy(true);
    import('./statement-pdf.ts')
      .then((m) => m.statementPdf(model))
      .then(
        (blob) => {
          const url = URL.createObjectURL(blob);
          const a = document.createElement('a');
          a.href = url;
          a.download = `${fileName}.pdf`.replace(/[^\w .-]+/g, '-');
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
      <Alert text={pdfError} />
    </div>
  );
}

function ShareBar({ settlement: s, model, onChanged }: { settlement: SettlementWithLinks; model: StatementModel; onChanged: (s: SettlementWithLinks) => void }) {
  const t = useT();
  const lang = useLanguage((x) => x.lang);
  const act = useAct();
  const [made, setMade] = useState<MadeLink | null>(null);
  const [copied, setCopied] = useState(false);
  const phone = normalizeWhatsAppPhone(s.contactPhone);
  // The producer has no account: the message carries the share link, never the staff page.
  const link = made === null ? null : `${location.origin}${made.path}`;
  const text = link === null ? null : t('stlWaText', { title: model.title, store: model.store, producer: model.producer, period: model.period, gross: formatRupiah(s.split.gross), payable: formatRupiah(s.split.payable), link });
  const now = Date.now();
  const live = s.links.filter((l) => l.revokedAt === null && l.expiresAt > now);
  const make = () =>
    act.run(
      async () => {
        const m = await shareSettlement(s.id);
        return { m, fresh: await getSettlement(s.id) };
      },
      ({ m, fresh }) => (setMade(m), setCopied(false), onChanged(fresh)),
    );
  const revoke = () => act.run(() => revokeSettlementLinks(s.id), (fresh) => (setMade(null), onChanged(fresh)));
  const copy = () => {
    if (link === null) return;
    navigator.clipboard.writeText(link).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  };
  return (
    <>
      <PrintBar model={model} fileName={`${model.title} ${s.producerName} ${s.from} ${s.to}`} />
      <section className="stl-share no-print" aria-labelledby="stl-share">
        <h3 id="stl-share">{t('stlShareTitle')}</h3>
        {s.state === 'draft' ? (
          <p className="muted small">{t('stlShareDraft')}</p>
        ) : (
          <>
            <p className="muted small">{t('stlShareHelp', { days: STATEMENT_LINK_DAYS })}</p>
            <div className="stl-actions">
              <Button className="button secondary" onPress={make} isDisabled={act.busy}>
                {t('stlShareMake')}
              </Button>
              {link !== null ? (
                <>
                  <TextField className="field stl-link" value={link} isReadOnly>
                    <Label>{t('stlShareLink')}</Label>
                    <Input />
                  </TextField>
                  <Button className="button secondary" onPress={copy}>
                    {t('stlShareCopy')}
                  </Button>
                  {copied ? <span role="status">{t('stlShareCopied')}</span> : null}
                </>
              ) : null}
              {!phone.ok ? (
                <p className="muted small">{t('stlWhatsAppNoPhone')}</p>
              ) : text === null ? (
                <p className="muted small">{t('stlWhatsAppNeedsLink')}</p>
              ) : (
                <a className="button secondary" href={waMeLink(s.contactPhone, text)} target="_blank" rel="noopener noreferrer">
                  {t('stlWhatsApp')}
                </a>
              )}
            </div>
          </>
        )}
        {s.links.length > 0 ? (
          <>
            <h4>{t('stlShareLinks')}</h4>
            <ul className="stl-links">
              {s.links.map((l) => (
                <li key={l.id}>
                  {l.revokedAt !== null
                    ? t('stlShareRevoked', { at: witaTime(l.createdAt, lang), who: l.createdBy, revokedAt: witaTime(l.revokedAt, lang) })
                    : l.expiresAt <= now
                      ? t('stlShareExpired', { at: witaTime(l.createdAt, lang), who: l.createdBy, until: witaTime(l.expiresAt, lang) })
                      : t('stlShareLive', { at: witaTime(l.createdAt, lang), who: l.createdBy, until: witaTime(l.expiresAt, lang), opens: l.opens })}
                </li>
              ))}
            </ul>
            {live.length > 0 ? (
              <Button className="button secondary" onPress={revoke} isDisabled={act.busy}>
                {t('stlShareRevoke')}
              </Button>
            ) : null}
          </>
        ) : null}
        <Alert text={act.error} />
      </section>
    </>
  );
}

function DraftActions({ settlement: s, needsDecision, onChanged, onDiscarded }: { settlement: SettlementWithLinks; needsDecision: boolean; onChanged: (s: SettlementWithLinks) => void; onDiscarded: () => void }) {
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

function PayForm({ settlement: s, onChanged }: { settlement: SettlementWithLinks; onChanged: (s: SettlementWithLinks) => void }) {
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
