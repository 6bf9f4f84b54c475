// The drawer's shift on this device: Mulai Shift with Kas Awal, Kas Masuk /
// Kas Keluar, the X report at any time, and Tutup Kasir: the cash counted by
// denomination (never prefilled with what is expected), the other methods
// typed from the terminal and the bank, Selisih per method, a supervisor's
// PIN beyond the outlet's threshold, and the Z report printed or sent.
import { useLiveQuery } from 'dexie-react-hooks';
import { useState, type ReactNode } from 'react';
import { Button, Input, Label, Radio, RadioGroup, TextField } from 'react-aria-components';
import { formatRupiah, parseRupiah } from '../../../domain/money.ts';
import { PAYMENT_METHODS, type PaymentMethod } from '../../../domain/payment.ts';
import { layoutShiftReport, type ShiftReportInput } from '../../../domain/shift-report.ts';
import { movementNeedsApproval, selisih, selisihOverThreshold, type PerMethod, type ShiftFigures } from '../../../domain/shift.ts';
import { countedCash, countProblems, DENOMINATIONS, type DenominationCounts, type DenominationKey } from '../../../domain/cash-count.ts';
import { formatWita } from '../../../domain/time.ts';
import { waMeLink } from '../../../domain/whatsapp.ts';
import type { ShiftRow } from '../../db/schema.ts';
import { dayCutoffOf, loadSettings, type Settings } from '../../db/settings-repo.ts';
import { cashReasons, closeSharedDrawer, closeShift, currentShift, moveCash, previousClose, sharedExpected, ShiftError, shiftReport, SlipRefused, startShift } from '../../db/shift-repo.ts';
import type { ShiftSlip } from '../../../domain/shift-slip.ts';
import { SlipCollector, SlipEnd, slipRefusalText, SlipView } from './SharedDrawer.tsx';
import '../../i18n/shift-strings.ts';
import '../../i18n/shift-admin-strings.ts';
import { reasonLabel } from '../../../domain/cash-reasons.ts';
import type { StringKey } from '../../i18n/strings.ts';
import { useLanguage, useT } from '../../i18n/use-t.ts';
import { useApproval } from '../../shared/approvals/approval-dialog.tsx';
import { approvalDetail, makeApproval } from '../../shared/approvals/approvals.ts';
import { useDb, useServices } from '../../shared/services/services.tsx';
import { useSignedInUser } from '../../shared/services/session.ts';
import { QrisChecks } from '../../shared/qris/QrisChecks.tsx';
import '../../i18n/back-office-strings.ts';

const PIECE_WORDS: Record<DenominationKey, StringKey> = {
  n100000: 'shiftCloseNote100000',
  n50000: 'shiftCloseNote50000',
  n20000: 'shiftCloseNote20000',
  n10000: 'shiftCloseNote10000',
  n5000: 'shiftCloseNote5000',
  n2000: 'shiftCloseNote2000',
  n1000: 'shiftCloseNote1000',
  c1000: 'shiftCloseCoin1000',
  c500: 'shiftCloseCoin500',
  c200: 'shiftCloseCoin200',
  c100: 'shiftCloseCoin100',
};

const NON_CASH = ['qris', 'card', 'transfer'] as const;
const NON_CASH_WORDS: Record<(typeof NON_CASH)[number], StringKey> = { qris: 'shiftCloseQris', card: 'shiftCloseCard', transfer: 'shiftCloseTransfer' };

type Note = { ok: boolean; text: string } | null;

// The receipt printer's module is the counter's; loaded on the first print so
// this page shares no module with the counter's first download but the database's.
const printing = () => import('../../shared/printing/receipt.tsx');
const paperColumns = (settings: Pick<Settings, 'paperWidth'>) => (settings.paperWidth === 80 ? 48 : 32);

const SHIFT_ERRORS: Record<ShiftError['code'], StringKey> = {
  'no-shift': 'shiftErrorNoShift',
  'already-open': 'shiftErrorAlreadyOpen',
  closed: 'shiftErrorClosed',
  'count-invalid': 'shiftClosePieceInvalid',
  'amount-invalid': 'shiftAmountInvalid',
  'needs-approval': 'shiftErrorNeedsApproval',
  'not-enrolled': 'shiftErrorNotEnrolled',
  'not-shared': 'sharedErrorNotShared',
};

/** What went wrong, in the cashier's words; nothing was saved. */
function shiftErrorText(t: ReturnType<typeof useT>, e: unknown): string {
  if (e instanceof ShiftError) return t(SHIFT_ERRORS[e.code]);
  if (e instanceof SlipRefused) return slipRefusalText(t, e.refusal);
  return t('shiftNotSaved', { reason: e instanceof Error ? e.message : String(e) });
}

function NoteLine({ note }: { note: Note }) {
  if (!note) return null;
  return (
    <p role={note.ok ? 'status' : 'alert'} className={note.ok ? 'notice' : 'error'}>
      {note.text}
    </p>
  );
}

/** A rupiah amount as people type it (`50.000`); null while it does not read as one. */
function RupiahField({ label, value, onChange, hint, invalid }: { label: string; value: string; onChange: (v: string) => void; hint?: string; invalid?: boolean }) {
  return (
    <TextField value={value} onChange={onChange} className="field" inputMode="numeric" isInvalid={invalid ?? false} validationBehavior="aria">
      <Label>{label}</Label>
      <Input />
      {hint ? <small>{hint}</small> : null}
    </TextField>
  );
}

export interface ShiftPageProps {
  /** The QRIS payments still awaiting confirmation, listed at Tutup Kasir to confirm or dispute (QRIS "verify later"). */
  qrisPending?: (shift: ShiftRow) => ReactNode;
}

export function ShiftPage({ qrisPending }: ShiftPageProps = {}) {
  const t = useT();
  const db = useDb();
  const user = useSignedInUser();
  const settings = useLiveQuery(() => loadSettings(db), [db]);
  const shift = useLiveQuery(async () => (await currentShift(db)) ?? false, [db]);
  const [closed, setClosed] = useState<ShiftRow | null>(null);
  if (user === undefined || settings === undefined || shift === undefined) return <section className="shift" aria-busy="true" />;
  return (
    <section className="shift" aria-labelledby="shift-heading">
      <h1 id="shift-heading">{t('shiftTitle')}</h1>
      {!user ? (
        <p role="alert">{t('shiftNotSignedIn')}</p>
      ) : closed?.slip ? (
        <>
          <SlipView slip={closed.slip} />
          <Button className="primary" onPress={() => setClosed(null)}>
            {t('shiftNewShift')}
          </Button>
        </>
      ) : closed ? (
        <>
          <p role="status" className="notice">
            {t('shiftCloseDone', { zNo: closed.close?.zNo ?? 0 })}
          </p>
          <ReportView shift={closed} settings={settings} figures={null} />
          <Button className="primary" onPress={() => setClosed(null)}>
            {t('shiftNewShift')}
          </Button>
        </>
      ) : shift === false ? (
        <OpenForm user={user} settings={settings} />
      ) : (
        <>
          <p>{t('shiftOpenInfo', { at: formatWita(shift.openedAt), who: shift.openedByName, float: formatRupiah(shift.openingFloat) })}</p>
          <MoveForm shift={shift} user={user} settings={settings} />
          <XReport shift={shift} settings={settings} />
          {/* QRIS verify later: the payments still awaiting are confirmed with the mutasi reference or disputed before the count. */}
          {shift.drawerId === shift.outletId ? (
            <SharedClose shift={shift} user={user} settings={settings} onClosed={setClosed} extra={qrisPending ? qrisPending(shift) : <QrisChecks user={user} showAnswered={false} headingLevel={3} />} />
          ) : (
            <CloseForm shift={shift} user={user} settings={settings} onClosed={setClosed} extra={qrisPending ? qrisPending(shift) : <QrisChecks user={user} showAnswered={false} headingLevel={3} />} />
          )}
        </>
      )}
    </section>
  );
}

function OpenForm({ user, settings }: { user: { id: string; name: string }; settings: Settings }) {
  const t = useT();
  const db = useDb();
  const { sync } = useServices();
  const shared = settings.drawerMode === 'shared';
  const previous = useLiveQuery(() => previousClose(db, settings.drawerMode), [db, settings.drawerMode]);
  const [float, setFloat] = useState('');
  const [note, setNote] = useState<Note>(null);
  const amount = float.trim() === '' ? null : parseRupiah(float);
  const open = async () => {
    if (amount === null || amount < 0) {
      setNote({ ok: false, text: t('shiftFloatInvalid') });
      return;
    }
    try {
      await startShift(db, { by: user, openingFloat: amount, dayCutoffMinutes: dayCutoffOf(settings), drawerMode: settings.drawerMode });
      setNote({ ok: true, text: t('shiftOpened', { amount: formatRupiah(amount) }) });
      if (sync) void sync.syncNow();
    } catch (e) {
      setNote({ ok: false, text: shiftErrorText(t, e) });
    }
  };
  return (
    <form
      className="shift-form"
      aria-labelledby="shift-open-heading"
      onSubmit={(e) => {
        e.preventDefault();
        void open();
      }}
    >
      <h2 id="shift-open-heading">{t('shiftOpenTitle')}</h2>
      {shared ? <p>{t('sharedInfo')}</p> : null}
      <p>{previous?.close ? t('shiftOpenPrevious', { amount: formatRupiah(previous.close.counted.cash) }) : t('shiftOpenFirst')}</p>
      <RupiahField label={t('shiftOpenFloat')} hint={t(shared ? 'sharedFloatHint' : 'shiftOpenFloatHint')} value={float} onChange={setFloat} invalid={float.trim() !== '' && amount === null} />
      <Button type="submit" className="primary">
        {t('shiftOpenButton')}
      </Button>
      <NoteLine note={note} />
    </form>
  );
}

function MoveForm({ shift, user, settings }: { shift: ShiftRow; user: { id: string; name: string }; settings: Settings }) {
  const t = useT();
  const db = useDb();
  const { sync } = useServices();
  const { ask, dialog } = useApproval();
  const [direction, setDirection] = useState<'in' | 'out'>('out');
  const lang = useLanguage((s) => s.lang);
  // Only the reasons the admin offers for this direction, as the last pull brought them.
  const loaded = useLiveQuery(() => cashReasons(db, direction), [db, direction]);
  const reasons = loaded ?? [];
  const [reason, setReason] = useState('');
  const [amountText, setAmountText] = useState('');
  const [memo, setMemo] = useState('');
  const [note, setNote] = useState<Note>(null);
  const amount = amountText.trim() === '' ? null : parseRupiah(amountText);
  const picked = reasons.find((r) => r.code === reason) ?? reasons[0] ?? null;
  const chosen = picked?.code ?? '';
  const chosenLabel = picked ? reasonLabel(picked, lang) : '';
  const kind = t(direction === 'in' ? 'shiftMoveIn' : 'shiftMoveOut');
  const save = async () => {
    if (picked === null) {
      setNote({ ok: false, text: t('shiftMoveNoReason', { kind }) });
      return;
    }
    if (amount === null || amount <= 0) {
      setNote({ ok: false, text: t('shiftAmountInvalid') });
      return;
    }
    let approval = null;
    if (movementNeedsApproval({ direction, amount }, settings.cashOutLimit)) {
      const what = t('shiftMoveApproval', { amount: formatRupiah(amount), reason: chosenLabel });
      const grant = await ask(what);
      if (!grant) {
        setNote({ ok: false, text: t('shiftMoveOverLimit', { limit: formatRupiah(settings.cashOutLimit) }) });
        return;
      }
      approval = makeApproval(grant, 'cash-out', null, approvalDetail('shiftMoveApproval', { amount: formatRupiah(amount), reason: picked.label }), user.id);
    }
    try {
      await moveCash(db, { direction, amount, reason: chosen, note: memo, by: user, approval, cashOutLimit: settings.cashOutLimit });
      setNote({ ok: true, text: t('shiftMoveSaved', { kind, amount: formatRupiah(amount) }) });
      setAmountText('');
      setMemo('');
      if (sync) void sync.syncNow();
    } catch (e) {
      setNote({ ok: false, text: shiftErrorText(t, e) });
    }
  };
  return (
    <form
      className="shift-form"
      aria-labelledby="shift-move-heading"
      data-shift={shift.id}
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h2 id="shift-move-heading">{t('shiftMoveTitle')}</h2>
      <RadioGroup value={direction} onChange={(v) => setDirection(v === 'in' ? 'in' : 'out')} orientation="horizontal" className="choice">
        <Label>{t('shiftMoveDirection')}</Label>
        <Radio value="in">{t('shiftMoveIn')}</Radio>
        <Radio value="out">{t('shiftMoveOut')}</Radio>
      </RadioGroup>
      <label className="field">
        <span>{t('shiftMoveReason')}</span>
        <select value={chosen} onChange={(e) => setReason(e.target.value)}>
          {reasons.map((r) => (
            <option key={r.code} value={r.code}>
              {reasonLabel(r, lang)}
            </option>
          ))}
        </select>
      </label>
      {loaded !== undefined && reasons.length === 0 ? <p className="notice">{t('shiftMoveNoReason', { kind })}</p> : null}
      <RupiahField label={t('shiftMoveAmount')} value={amountText} onChange={setAmountText} invalid={amountText.trim() !== '' && amount === null} />
      <TextField value={memo} onChange={setMemo} className="field" maxLength={500}>
        <Label>{t('shiftMoveNote')}</Label>
        <Input />
      </TextField>
      <Button type="submit" className="primary">
        {t('shiftMoveSave')}
      </Button>
      <NoteLine note={note} />
      {dialog}
    </form>
  );
}

function reportInput(shift: ShiftRow, figures: ShiftFigures | null, settings: Settings, at: number): ShiftReportInput {
  const close = shift.close;
  if (!close && figures === null) throw new Error('an X report needs its figures');
  return {
    storeName: settings.storeName,
    // A shared drawer is named by its outlet; a tablet's own by the end of the device id.
    drawerLabel: shift.drawerId === shift.outletId ? `bersama ${shift.outletId}` : shift.drawerId.slice(-8),
    businessDate: shift.businessDate,
    openedAt: shift.openedAt,
    openedBy: shift.openedByName,
    figures: close ? { ...close.totals, openingFloat: shift.merge?.openingFloat ?? shift.openingFloat, expected: close.expected } : (figures as ShiftFigures),
    ...(close ? { close: { zNo: close.zNo, closedAt: close.closedAt, closedBy: shift.closedByName ?? close.closedBy, approvedBy: shift.approverName, counted: close.counted, note: close.note } } : {}),
    at,
  };
}

/** The report's lines on screen, with print (ESC/POS or the dialog) and WhatsApp. */
function ReportView({ shift, settings, figures }: { shift: ShiftRow; settings: Settings; figures: ShiftFigures | null }) {
  const t = useT();
  const [printError, setPrintError] = useState<string | null>(null);
  const [at] = useState(() => Date.now());
  const input = reportInput(shift, figures, settings, at);
  const lines = layoutShiftReport(input, paperColumns(settings));
  const title = shift.close ? t('shiftZTitle', { zNo: shift.close.zNo }) : t('shiftXTitle');
  return (
    <div className="receipt-actions">
      <pre className={`receipt-preview paper-${settings.paperWidth}`} aria-label={title}>
        {lines.join('\n')}
      </pre>
      <div className={`print-area paper-${settings.paperWidth}`} aria-hidden="true">
        <pre>{lines.join('\n')}</pre>
      </div>
      <Button className="primary" onPress={() => void printing().then((p) => p.printReceipt(settings, lines, t)).then((err) => setPrintError(err ? t('printFailed', { reason: err }) : null))}>
        {shift.close ? t('shiftPrint') : t('shiftPrintX')}
      </Button>
      {printError ? (
        <p role="alert" className="error">
          {printError}
        </p>
      ) : null}
      {shift.close ? (
        <a className="button secondary" href={waMeLink(null, layoutShiftReport(input, 32).join('\n'))} target="_blank" rel="noopener noreferrer">
          {t('shiftWhatsApp')}
        </a>
      ) : null}
    </div>
  );
}

function XReport({ shift, settings }: { shift: ShiftRow; settings: Settings }) {
  const t = useT();
  const db = useDb();
  const [figures, setFigures] = useState<ShiftFigures | null>(null);
  return (
    <section className="shift-form" aria-labelledby="shift-x-heading">
      <h2 id="shift-x-heading">{t('shiftXTitle')}</h2>
      {/* Read again on every press: the X report is what the drawer should hold now. */}
      <Button className="secondary" onPress={() => void shiftReport(db, shift).then(setFigures)}>
        {t('shiftXShow')}
      </Button>
      {figures ? <ReportView key={JSON.stringify(figures)} shift={shift} settings={settings} figures={figures} /> : null}
    </section>
  );
}

/** A shared drawer: this tablet either ends its shift with a slip, or is the lead that merges the slips and counts. */
function SharedClose({ shift, user, settings, onClosed, extra }: { shift: ShiftRow; user: { id: string; name: string }; settings: Settings; onClosed: (s: ShiftRow) => void; extra: ReactNode }) {
  const t = useT();
  const [way, setWay] = useState<'slip' | 'lead'>('slip');
  const [slips, setSlips] = useState<ShiftSlip[]>([]);
  return (
    <>
      <p>{t('sharedInfo')}</p>
      <RadioGroup value={way} onChange={(v) => setWay(v === 'lead' ? 'lead' : 'slip')} className="choice">
        <Label>{t('sharedCloseWay')}</Label>
        <Radio value="slip">{t('sharedCloseWaySlip')}</Radio>
        <Radio value="lead">{t('sharedCloseWayLead')}</Radio>
      </RadioGroup>
      {way === 'slip' ? (
        <SlipEnd shift={shift} user={user} onEnded={onClosed} extra={extra} onError={(e) => shiftErrorText(t, e)} />
      ) : (
        <>
          <SlipCollector shift={shift} slips={slips} onChange={setSlips} />
          <CloseForm shift={shift} user={user} settings={settings} onClosed={onClosed} extra={extra} slips={slips} />
        </>
      )}
    </>
  );
}

function CloseForm({
  shift,
  user,
  settings,
  onClosed,
  extra,
  slips,
}: {
  shift: ShiftRow;
  user: { id: string; name: string };
  settings: Settings;
  onClosed: (s: ShiftRow) => void;
  extra: ReactNode;
  /** The lead of a shared drawer: the other tablets' slips merged into this count. */
  slips?: readonly ShiftSlip[];
}) {
  const t = useT();
  const db = useDb();
  const { sync } = useServices();
  const { ask, dialog } = useApproval();
  const [pieces, setPieces] = useState<Partial<Record<DenominationKey, string>>>({});
  const [typed, setTyped] = useState<Record<(typeof NON_CASH)[number], string>>({ qris: '', card: '', transfer: '' });
  const [memo, setMemo] = useState('');
  // The expected figures are read only once the cashier has counted: showing them first invites copying them.
  const [compared, setCompared] = useState<{ expected: PerMethod; slips: readonly ShiftSlip[] | undefined } | null>(null);
  // A slip added or removed after the comparison changes what the shared drawer should hold: compare again.
  const expected = compared !== null && compared.slips === slips ? compared.expected : null;
  const setExpected = (e: PerMethod | null) => setCompared(e === null ? null : { expected: e, slips });
  const [note, setNote] = useState<Note>(null);

  const counts: DenominationCounts = {};
  for (const d of DENOMINATIONS) {
    const raw = pieces[d.key]?.trim() ?? '';
    if (raw !== '') counts[d.key] = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  }
  const bad = new Set(countProblems(counts).map((p) => p.key));
  const cash = bad.size === 0 ? countedCash(counts) : null;
  const nonCash = Object.fromEntries(NON_CASH.map((m) => [m, typed[m].trim() === '' ? 0 : parseRupiah(typed[m])])) as Record<(typeof NON_CASH)[number], number | null>;
  const nonCashOk = NON_CASH.every((m) => nonCash[m] !== null && (nonCash[m] ?? -1) >= 0);
  const counted: PerMethod | null = cash !== null && nonCashOk ? { cash, qris: nonCash.qris ?? 0, card: nonCash.card ?? 0, transfer: nonCash.transfer ?? 0 } : null;
  const diff = counted && expected ? selisih(counted, expected) : null;
  const over = diff ? selisihOverThreshold(diff, settings.selisihThreshold) : [];
  const methodWord = (m: PaymentMethod) => t(m);

  const compare = async () => {
    if (counted === null) {
      setNote({ ok: false, text: bad.size > 0 ? t('shiftClosePieceInvalid') : t('shiftAmountInvalid') });
      return;
    }
    setNote(null);
    setExpected(slips ? await sharedExpected(db, shift, slips) : (await shiftReport(db, shift)).expected);
  };

  const close = async () => {
    if (counted === null || diff === null) return;
    let approval = null;
    let approverName: string | null = null;
    if (over.length > 0) {
      const detail = over.map((m) => `${methodWord(m)} ${formatRupiah(diff[m])}`).join(', ');
      const grant = await ask(t('shiftCloseApproval', { detail }));
      if (!grant) {
        setNote({ ok: false, text: t('shiftCloseNeedsApproval', { threshold: formatRupiah(settings.selisihThreshold) }) });
        return;
      }
      approval = makeApproval(grant, 'shift-selisih', null, approvalDetail('shiftCloseApproval', { detail }), user.id);
      approverName = grant.approver.name;
    }
    try {
      const input = {
        shiftId: shift.id,
        by: user,
        denominations: counts,
        nonCash: { qris: counted.qris, card: counted.card, transfer: counted.transfer },
        note: memo,
        approval,
        approverName,
        selisihThreshold: settings.selisihThreshold,
      };
      const done = slips ? await closeSharedDrawer(db, { ...input, slips }) : await closeShift(db, input);
      if (sync) void sync.syncNow();
      onClosed(done);
    } catch (e) {
      // A sale saved since the comparison moves the expected figures: compare again.
      if (e instanceof ShiftError && e.code === 'needs-approval') setExpected(null);
      setNote({ ok: false, text: shiftErrorText(t, e) });
    }
  };

  return (
    <section className="shift-form" aria-labelledby="shift-close-heading">
      <h2 id="shift-close-heading">{t('shiftCloseTitle')}</h2>
      <p className="hint">{t('shiftCloseCountHelp')}</p>
      <fieldset className="denominations" disabled={expected !== null}>
        <legend>{t('shiftCloseCountLegend')}</legend>
        {DENOMINATIONS.map((d) => (
          <label key={d.key} className="field compact">
            <span>{t(PIECE_WORDS[d.key])}</span>
            <input
              type="text"
              inputMode="numeric"
              value={pieces[d.key] ?? ''}
              aria-invalid={bad.has(d.key)}
              onChange={(e) => setPieces((p) => ({ ...p, [d.key]: e.target.value }))}
            />
          </label>
        ))}
        <p aria-live="polite">{t('shiftCloseCountedCash', { amount: cash === null ? '—' : formatRupiah(cash) })}</p>
      </fieldset>
      <fieldset disabled={expected !== null}>
        <legend>{t('shiftCloseOtherLegend')}</legend>
        {NON_CASH.map((m) => (
          <RupiahField key={m} label={t(NON_CASH_WORDS[m])} value={typed[m]} onChange={(v) => setTyped((x) => ({ ...x, [m]: v }))} invalid={nonCash[m] === null} />
        ))}
      </fieldset>
      {extra ? <section aria-label={t('shiftQrisPendingSlot')}>{extra}</section> : null}
      {expected === null ? (
        <Button className="primary" onPress={() => void compare()}>
          {t('shiftCloseCheck')}
        </Button>
      ) : (
        <>
          <table aria-label={t('shiftCloseTable')}>
            <thead>
              <tr>
                <th scope="col">{t('shiftCloseMethod')}</th>
                <th scope="col">{t('shiftCloseExpected')}</th>
                <th scope="col">{t('shiftCloseCounted')}</th>
                <th scope="col">{t('shiftCloseSelisih')}</th>
              </tr>
            </thead>
            <tbody>
              {PAYMENT_METHODS.map((m) => (
                <tr key={m}>
                  <th scope="row">{methodWord(m)}</th>
                  <td>{formatRupiah(expected[m])}</td>
                  <td>{counted ? formatRupiah(counted[m]) : ''}</td>
                  <td>{diff ? formatRupiah(diff[m]) : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {over.length > 0 ? <p role="alert">{t('shiftCloseNeedsApproval', { threshold: formatRupiah(settings.selisihThreshold) })}</p> : null}
          <TextField value={memo} onChange={setMemo} className="field" maxLength={500}>
            <Label>{t('shiftCloseNote')}</Label>
            <Input />
          </TextField>
          <Button className="secondary" onPress={() => setExpected(null)}>
            {t('shiftCloseEdit')}
          </Button>
          <Button className="primary" onPress={() => void close()}>
            {t('shiftCloseConfirm')}
          </Button>
        </>
      )}
      <NoteLine note={note} />
      {dialog}
    </section>
  );
}
