// The supervisor's view of an outlet's shifts: open and closed, filtered by
// state (with a Selisih, flagged) and business dates. Each shift opens its Z
// report as the tablet printed it beside what the server counts from the acts
// it holds, the Selisih per method, its Kas Masuk / Kas Keluar with their
// reasons, and the flags. Read live from the server; a supervisor sees their
// own outlet only (the server refuses another), an admin any or all.
import '../../i18n/shift-strings.ts';
import '../../i18n/shift-admin-strings.ts';
import './shift-admin.css';
import { useCallback, useMemo, useState } from 'react';
import { Button, Cell, Column, Dialog, Heading, Modal, ModalOverlay, Row, Table, TableBody, TableHeader } from 'react-aria-components';
import { reasonLabel } from '../../../domain/cash-reasons.ts';
import { formatRupiah } from '../../../domain/money.ts';
import { PAYMENT_METHODS } from '../../../domain/payment.ts';
import { formatWita, formatWitaTime } from '../../../domain/time.ts';
import { SHIFT_FILTERS, type CashReason, type ShiftFilter, type ShiftList, type ShiftRow } from '../../../protocol/shift.ts';
import { flagText, type FlagNames } from '../../i18n/server-words.ts';
import type { StringKey } from '../../i18n/strings.ts';
import { useLanguage, useT } from '../../i18n/use-t.ts';
import { useManagementSession } from '../../shared/services/management-session.ts';
import { listCashReasons } from '../../sync/cash-reasons-api.ts';
import { fetchShifts } from '../../sync/shifts-api.ts';
import { Choice, TextInput } from './aria-fields.tsx';
import { PanelError } from './PanelError.tsx';
import { outletName, useKnownOutlets, type KnownOutlet } from './use-known-outlets.ts';
import { useLoaded } from './use-loaded.ts';

const FILTER_WORDS: Record<ShiftFilter, StringKey> = {
  all: 'shiftsFilterAll',
  open: 'shiftsFilterOpen',
  closed: 'shiftsFilterClosed',
  selisih: 'shiftsFilterSelisih',
  flagged: 'shiftsFilterFlagged',
};

const ALL = '*';

/** A signed figure as the Z prints it: "+Rp 5.000", "-Rp 2.000", "Rp 0". */
function signed(n: number): string {
  return n > 0 ? `+${formatRupiah(n)}` : formatRupiah(n);
}

export default function ShiftsPanel() {
  const t = useT();
  const user = useManagementSession((s) => s.session?.user ?? null);
  const outlets = useKnownOutlets();
  // A supervisor's list is their outlet's; the server holds that rule, the screen only offers what it allows.
  const own = user?.role === 'admin' ? null : (user?.outletId ?? null);
  const [outlet, setOutlet] = useState<string>(own ?? ALL);
  const [state, setState] = useState<ShiftFilter>('all');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [open, setOpen] = useState<ShiftRow | null>(null);
  const reversed = from !== '' && to !== '' && from > to;
  const asked = own ?? (outlet === ALL ? null : outlet);
  const load = useCallback(
    (): Promise<ShiftList> => (reversed ? Promise.resolve({ shifts: [], people: {} }) : fetchShifts({ outletId: asked, state, from: from || null, to: to || null })),
    [asked, state, from, to, reversed],
  );
  const { data, error } = useLoaded(load);
  const { data: reasons } = useLoaded(listCashReasons);
  const people = data?.people ?? {};
  const who = (id: string) => people[id] ?? id;
  const outletChoices = useMemo(() => {
    if (own !== null) return [{ id: own, label: outletName(outlets, own) }];
    return [{ id: ALL, label: t('shiftsAllOutlets') }, ...outlets.map((o) => ({ id: o.id, label: o.name }))];
  }, [own, outlets, t]);

  return (
    <section aria-labelledby="shifts-heading" className="shift-admin">
      <h2 id="shifts-heading">{t('shiftsTitle')}</h2>
      <p className="muted">{t('shiftsIntro')}</p>
      <div className="shift-filters" role="group" aria-label={t('shiftsFilter')}>
        <Choice label={t('shiftsOutlet')} value={own ?? outlet} onChange={setOutlet} options={outletChoices} isDisabled={own !== null} />
        <Choice label={t('shiftsFilter')} value={state} onChange={setState} options={SHIFT_FILTERS.map((f) => ({ id: f, label: t(FILTER_WORDS[f]) }))} />
        <TextInput type="date" label={t('shiftsFrom')} value={from} onChange={setFrom} error={reversed ? t('shiftsDatesReversed') : null} />
        <TextInput type="date" label={t('shiftsTo')} value={to} onChange={setTo} />
      </div>
      {error ? <PanelError error={error} /> : null}
      {data === null && error === null ? <p role="status">{t('loading')}</p> : null}
      {data && data.shifts.length === 0 ? <p className="notice">{t('shiftsEmpty')}</p> : null}
      {data && data.shifts.length > 0 ? (
        <div className="table-scroll">
          <Table aria-label={t('shiftsTable')} className="sales-table shift-table">
            <TableHeader>
              <Column isRowHeader>{t('shiftsColDay')}</Column>
              {/* Second, so it is on screen at 390 px: a press that first scrolled the table sideways to a last column would land beside the button. */}
              <Column>{t('shiftsColActions')}</Column>
              <Column>{t('shiftsColState')}</Column>
              <Column>{t('shiftsColCash')}</Column>
              <Column>{t('shiftsColFlags')}</Column>
            </TableHeader>
            <TableBody items={data.shifts}>
              {(s) => (
                <Row id={s.id}>
                  <Cell>
                    {s.businessDate}
                    {asked === null ? <span className="muted small"> · {outletName(outlets, s.outletId)}</span> : null}
                    <br />
                    <span className="small">
                      {formatWitaTime(s.openedAt)} · {who(s.openedBy)}
                    </span>
                  </Cell>
                  <Cell>
                    <Button className="button secondary small" aria-label={t('shiftsOpenRow', { day: s.businessDate, who: who(s.openedBy) })} onPress={() => setOpen(s)}>
                      {t('shiftsOpenButton')}
                    </Button>
                  </Cell>
                  <Cell>{stateOf(s, t)}</Cell>
                  <Cell>{s.closed ? signed(s.closed.counted.cash - s.closed.expected.cash) : ''}</Cell>
                  <Cell>{s.flags.length === 0 ? t('shiftsNoFlags') : <strong className="error">{t('shiftsFlagCount', { n: s.flags.length })}</strong>}</Cell>
                </Row>
              )}
            </TableBody>
          </Table>
        </div>
      ) : null}
      {open !== null ? <ShiftDetail shift={open} who={who} outlets={outlets} reasons={reasons ?? []} onClose={() => setOpen(null)} /> : null}
    </section>
  );
}

function ShiftDetail({ shift: s, who, outlets, reasons, onClose }: { shift: ShiftRow; who: (id: string) => string; outlets: readonly KnownOutlet[]; reasons: readonly CashReason[]; onClose: () => void }) {
  const t = useT();
  const lang = useLanguage((l) => l.lang);
  const z = s.closed;
  const names: FlagNames = { product: (id) => id, outlet: (id) => outletName(outlets, id), user: who, line: (id) => id };
  const reasonText = (code: string) => {
    const r = reasons.find((x) => x.code === code);
    return r ? reasonLabel(r, lang) : code;
  };
  const differs = z !== null && PAYMENT_METHODS.some((m) => z.expected[m] !== s.server.expected[m]);
  const title = t('shiftsDetailTitle', { day: s.businessDate, who: who(s.openedBy) });
  return (
    // Not dismissed by a press outside: on a phone the overlay appears under the finger that opened it,
    // and that same press could close it again. "Tutup" and Escape close it.
    <ModalOverlay isOpen onOpenChange={(o) => (o ? undefined : onClose())} className="modal-overlay">
      <Modal className="modal shift-modal">
        <Dialog aria-labelledby="shift-detail-title">
          <Heading slot="title" id="shift-detail-title">
            {title}
          </Heading>
          <p>
            {t('shiftsDetailOpened', { at: formatWita(s.openedAt), who: who(s.openedBy), outlet: outletName(outlets, s.outletId), float: formatRupiah(s.openingFloat) })}{' '}
            <span className="muted small">{t('shiftsDrawer', { drawer: s.drawerId.slice(-8) })}</span>
          </p>
          {z ? (
            <p>
              {t('shiftsDetailClosed', { at: formatWita(z.closedAt), who: who(z.closedBy), zNo: z.zNo })}
              {z.approverId !== null ? ` ${t('shiftsDetailApproved', { who: who(z.approverId) })}` : ''}
            </p>
          ) : (
            <p className="notice">{t('shiftsDetailStillOpen')}</p>
          )}
          <h3 id="shift-figures">{t('shiftsFigures')}</h3>
          {differs ? (
            <p role="alert" className="error">
              {t('shiftsZDiffers')}
            </p>
          ) : null}
          <div className="table-scroll">
            <table aria-labelledby="shift-figures" className="shift-figures">
              <thead>
                <tr>
                  <th scope="col">{t('shiftsColMethod')}</th>
                  {z ? <th scope="col">{t('shiftsColZExpected')}</th> : null}
                  <th scope="col">{t('shiftsColServer')}</th>
                  {z ? <th scope="col">{t('shiftsColCounted')}</th> : null}
                  {z ? <th scope="col">{t('shiftsColSelisih')}</th> : null}
                </tr>
              </thead>
              <tbody>
                {PAYMENT_METHODS.map((m) => (
                  <tr key={m}>
                    <th scope="row">{t(m)}</th>
                    {z ? <td className={z.expected[m] === s.server.expected[m] ? '' : 'error'}>{formatRupiah(z.expected[m])}</td> : null}
                    <td>{formatRupiah(s.server.expected[m])}</td>
                    {z ? <td>{formatRupiah(z.counted[m])}</td> : null}
                    {z ? <td className={z.counted[m] === z.expected[m] ? '' : 'error'}>{signed(z.counted[m] - z.expected[m])}</td> : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <dl className="shift-totals" aria-label={t('shiftsTotals')}>
            <dt>{t('shiftsSales')}</dt>
            <dd>{z ? `${z.totals.salesCount} / ${s.server.totals.salesCount}` : s.server.totals.salesCount}</dd>
            <dt>{t('shiftsNet')}</dt>
            <dd>{formatRupiah(s.server.totals.net)}</dd>
            <dt>{t('shiftsRefunds')}</dt>
            <dd>{formatRupiah(s.server.totals.refunds.amount + s.server.totals.voids.amount)}</dd>
          </dl>
          {z && z.note !== '' ? <p>{t('shiftsNote', { note: z.note })}</p> : null}
          <h3 id="shift-movements">{t('shiftsMovements')}</h3>
          {s.movements.length === 0 ? (
            <p className="muted">{t('shiftsMovementsNone')}</p>
          ) : (
            <div className="table-scroll">
              <table aria-labelledby="shift-movements" className="shift-figures">
                <thead>
                  <tr>
                    <th scope="col">{t('shiftsColTime')}</th>
                    <th scope="col">{t('shiftsColKind')}</th>
                    <th scope="col">{t('shiftsColAmount')}</th>
                    <th scope="col">{t('shiftsColReason')}</th>
                    <th scope="col">{t('shiftsColBy')}</th>
                  </tr>
                </thead>
                <tbody>
                  {s.movements.map((m) => (
                    <tr key={m.id}>
                      <td>{formatWitaTime(m.createdAt)}</td>
                      <th scope="row">{t(m.direction === 'in' ? 'shiftMoveIn' : 'shiftMoveOut')}</th>
                      <td>{formatRupiah(m.amount)}</td>
                      <td>
                        {reasonText(m.reason)}
                        {m.note !== '' ? <span className="muted small"> · {m.note}</span> : null}
                        {m.flags.map((f, i) => (
                          <span key={i} className="error small">
                            {' '}
                            · {flagText(t, f, names)}
                          </span>
                        ))}
                      </td>
                      <td>
                        {who(m.by)}
                        {m.approverId !== null ? <span className="muted small"> · {t('shiftsApprovedBy', { who: who(m.approverId) })}</span> : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <h3 id="shift-flags">{t('shiftsFlags')}</h3>
          {s.flags.length === 0 ? (
            <p className="muted">{t('shiftsNoFlags')}</p>
          ) : (
            <ul aria-labelledby="shift-flags">
              {s.flags.map((f, i) => (
                <li key={i}>{flagText(t, f, names)}</li>
              ))}
            </ul>
          )}
          <div className="actions">
            <Button className="button secondary" onPress={onClose} autoFocus>
              {t('shiftsDetailClose')}
            </Button>
          </div>
        </Dialog>
      </Modal>
    </ModalOverlay>
  );
}

/** A shift's state in the list: its Z (a shared drawer's merged one says how many slips it holds), ended by a slip, or open. */
function stateOf(s: ShiftRow, t: ReturnType<typeof useT>): string {
  if (s.closed) return s.mergedShiftIds.length > 0 ? t('shiftsStateMerged', { zNo: s.closed.zNo, n: s.mergedShiftIds.length }) : t('shiftsStateClosed', { zNo: s.closed.zNo });
  if (s.endedBySlip) return s.endedBySlip.mergedInto === null ? t('shiftsStateSlipWaiting') : t('shiftsStateSlipMerged');
  return t('shiftsStateOpen');
}
