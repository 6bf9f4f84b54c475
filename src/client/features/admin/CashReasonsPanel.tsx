// The admin's Kas Masuk / Kas Keluar reasons: each with a Bahasa and an
// English label and the direction it is offered for. A reason is turned off,
// never deleted (movements name it); turning one off asks first. The form
// checks with the same domain rules as the server (a direction never left
// without an offered reason) and puts each problem next to its field.
import '../../i18n/shift-admin-strings.ts';
import './shift-admin.css';
import { useState, type FormEvent } from 'react';
import { Button, Cell, Column, Dialog, Form, Heading, Modal, ModalOverlay, Row, Table, TableBody, TableHeader } from 'react-aria-components';
import { CASH_REASON_DIRECTIONS, directionsLeftBare, type MoveDirection } from '../../../domain/cash-reasons.ts';
import type { CashReasonDirection } from '../../../domain/shift.ts';
import { isReasonCode } from '../../../domain/stock.ts';
import type { CashReason } from '../../../protocol/shift.ts';
import type { StringKey } from '../../i18n/strings.ts';
import { useT } from '../../i18n/use-t.ts';
import type { T } from '../../i18n/use-t.ts';
import { createCashReason, listCashReasons, updateCashReason } from '../../sync/cash-reasons-api.ts';
import { Choice, TextInput, Toggle } from './aria-fields.tsx';
import { refusalOnField } from './catalog-words.ts';
import { PanelError } from './PanelError.tsx';
import { useLoaded } from './use-loaded.ts';

export const DIRECTION_WORDS: Record<CashReasonDirection, StringKey> = { in: 'cashReasonDirIn', out: 'cashReasonDirOut', both: 'cashReasonDirBoth' };

type Editing = { kind: 'new' } | { kind: 'edit'; reason: CashReason } | null;

/** Why a change cannot be saved because a direction would be left bare, in the reader's words; null when it can. */
function bareText(t: T, all: readonly CashReason[], after: CashReason): string | null {
  const [bare] = directionsLeftBare(all, after);
  if (bare === undefined) return null;
  const words: Record<MoveDirection, StringKey> = { in: 'cashReasonDirIn', out: 'cashReasonDirOut' };
  return t('cashReasonLastOffered', { direction: t(words[bare]) });
}

export default function CashReasonsPanel() {
  const t = useT();
  const { data: reasons, error, reload } = useLoaded(listCashReasons);
  const [editing, setEditing] = useState<Editing>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<CashReason | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const [refused, setRefused] = useState<string | null>(null);

  const setActive = async (r: CashReason, active: boolean) => {
    setConfirming(null);
    setNotice(null);
    setActionError(null);
    const after = { ...r, active };
    const bare = reasons ? bareText(t, reasons, after) : null;
    setRefused(bare);
    if (bare !== null) return;
    try {
      const saved = await updateCashReason(r.code, { label: r.label, labelEn: r.labelEn, direction: r.direction, active });
      setNotice(t('cashReasonSaved', { label: saved.label }));
      reload();
    } catch (e) {
      setActionError(e);
    }
  };

  return (
    <section aria-labelledby="cash-reasons-heading">
      <h2 id="cash-reasons-heading">{t('cashReasonsTitle')}</h2>
      <p className="muted">{t('cashReasonsIntro')}</p>
      {notice ? (
        <p role="status" className="notice">
          {notice}
        </p>
      ) : null}
      {refused ? (
        <p role="alert" className="error">
          {refused}
        </p>
      ) : null}
      {error !== null ? <PanelError error={error} /> : null}
      {actionError !== null ? <PanelError error={actionError} /> : null}
      {reasons === null && error === null ? <p>{t('loading')}</p> : null}
      {reasons !== null && editing === null ? (
        <>
          <Button className="button primary" onPress={() => (setNotice(null), setRefused(null), setEditing({ kind: 'new' }))}>
            {t('cashReasonAdd')}
          </Button>
          {reasons.length === 0 ? <p className="notice">{t('cashReasonsEmpty')}</p> : null}
          <div className="table-scroll">
            <Table aria-label={t('cashReasonsTable')} className="sales-table">
              <TableHeader>
                <Column isRowHeader>{t('cashReasonColLabel')}</Column>
                <Column>{t('cashReasonColEn')}</Column>
                <Column>{t('cashReasonColDirection')}</Column>
                <Column>{t('cashReasonColStatus')}</Column>
                <Column>{t('cashReasonColActions')}</Column>
              </TableHeader>
              <TableBody items={reasons.map((r) => ({ ...r, id: r.code }))}>
                {(r) => (
                  <Row id={r.code}>
                    <Cell>
                      {r.label}
                      <br />
                      <code className="small">{r.code}</code>
                    </Cell>
                    <Cell>{r.labelEn}</Cell>
                    <Cell>{t(DIRECTION_WORDS[r.direction])}</Cell>
                    <Cell>
                      {t(r.active ? 'cashReasonOffered' : 'cashReasonWithdrawn')}
                      {r.builtin ? <span className="muted small"> · {t('cashReasonBuiltin')}</span> : null}
                    </Cell>
                    <Cell>
                      <div className="actions">
                        <Button className="button secondary small" aria-label={t('cashReasonEdit', { label: r.label })} onPress={() => (setNotice(null), setRefused(null), setEditing({ kind: 'edit', reason: r }))}>
                          {t('cashReasonEditButton')}
                        </Button>
                        {r.active ? (
                          <Button className="button secondary small" aria-label={t('cashReasonDeactivate', { label: r.label })} onPress={() => setConfirming(r)}>
                            {t('cashReasonDeactivateButton')}
                          </Button>
                        ) : (
                          <Button className="button secondary small" aria-label={t('cashReasonActivate', { label: r.label })} onPress={() => void setActive(r, true)}>
                            {t('cashReasonActivateButton')}
                          </Button>
                        )}
                      </div>
                    </Cell>
                  </Row>
                )}
              </TableBody>
            </Table>
          </div>
        </>
      ) : null}
      {reasons !== null && editing !== null ? (
        <ReasonForm
          key={editing.kind === 'edit' ? editing.reason.code : 'new'}
          reason={editing.kind === 'edit' ? editing.reason : null}
          reasons={reasons}
          onCancel={() => setEditing(null)}
          onSaved={(r) => {
            setEditing(null);
            setNotice(t('cashReasonSaved', { label: r.label }));
            reload();
          }}
        />
      ) : null}
      {confirming !== null ? (
        <ModalOverlay isOpen isDismissable onOpenChange={(open) => (open ? undefined : setConfirming(null))} className="modal-overlay">
          <Modal className="modal">
            <Dialog role="alertdialog" aria-labelledby="cash-reason-off-title">
              <Heading slot="title" id="cash-reason-off-title">
                {t('cashReasonDeactivateTitle', { label: confirming.label })}
              </Heading>
              <p>{t('cashReasonDeactivateHelp')}</p>
              <div className="actions">
                <Button className="button danger" onPress={() => void setActive(confirming, false)}>
                  {t('cashReasonDeactivateButton')}
                </Button>
                <Button className="button secondary" onPress={() => setConfirming(null)} autoFocus>
                  {t('cashReasonCancel')}
                </Button>
              </div>
            </Dialog>
          </Modal>
        </ModalOverlay>
      ) : null}
    </section>
  );
}

const FIELDS = ['code', 'label', 'labelEn', 'direction', 'active'] as const;
type FieldName = (typeof FIELDS)[number];

function ReasonForm({ reason, reasons, onCancel, onSaved }: { reason: CashReason | null; reasons: readonly CashReason[]; onCancel: () => void; onSaved: (r: CashReason) => void }) {
  const t = useT();
  const creating = reason === null;
  const [code, setCode] = useState(reason?.code ?? '');
  const [label, setLabel] = useState(reason?.label ?? '');
  const [labelEn, setLabelEn] = useState(reason?.labelEn ?? '');
  const [direction, setDirection] = useState<CashReasonDirection>(reason?.direction ?? 'out');
  const [active, setActive] = useState(reason?.active ?? true);
  const [errors, setErrors] = useState<Partial<Record<FieldName, string>>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const c = code.trim();
    const found: Partial<Record<FieldName, string>> = {};
    if (creating && !isReasonCode(c)) found.code = t('cashReasonCodeInvalid');
    else if (creating && reasons.some((r) => r.code === c)) found.code = t('srvCashReasonCodeTaken', { code: c });
    if (label.trim() === '') found.label = t('cashReasonLabelMissing');
    const after: CashReason = { code: c, label: label.trim(), labelEn: labelEn.trim(), direction, active, builtin: reason?.builtin ?? false };
    const bare = bareText(t, reasons, after);
    if (bare !== null) found.active = bare;
    setErrors(found);
    setFailure(null);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    const write = { label: after.label, labelEn: after.labelEn, direction, active };
    (creating ? createCashReason({ code: c, ...write }) : updateCashReason(reason.code, write))
      .then(onSaved, (err: unknown) => {
        const onField = refusalOnField(t, err, FIELDS);
        if (onField) setErrors({ [onField.field]: onField.text });
        else setFailure(err);
      })
      .finally(() => setBusy(false));
  };

  const title = creating ? t('cashReasonCreateTitle') : t('cashReasonEditTitle', { label: reason.label });
  return (
    <Form className="settings admin-form" aria-label={title} onSubmit={submit} validationBehavior="aria">
      <h3>{title}</h3>
      {Object.keys(errors).length > 0 ? (
        <p role="alert" className="error">
          {t('cashReasonFixErrors')}
        </p>
      ) : null}
      {creating ? (
        <TextInput label={t('cashReasonFieldCode')} hint={t('cashReasonFieldCodeHint')} error={errors.code} value={code} maxLength={40} onChange={(v) => setCode(v.trim().toLowerCase())} />
      ) : null}
      <TextInput label={t('cashReasonFieldLabel')} error={errors.label} value={label} maxLength={80} onChange={setLabel} />
      <TextInput label={t('cashReasonFieldLabelEn')} hint={t('cashReasonFieldLabelEnHint')} error={errors.labelEn} value={labelEn} maxLength={80} onChange={setLabelEn} />
      <Choice label={t('cashReasonFieldDirection')} error={errors.direction} value={direction} onChange={setDirection} options={CASH_REASON_DIRECTIONS.map((d) => ({ id: d, label: t(DIRECTION_WORDS[d]) }))} />
      <Toggle label={t('cashReasonFieldActive')} value={active} onChange={setActive} />
      {errors.active ? (
        <p role="alert" className="error">
          {errors.active}
        </p>
      ) : null}
      {failure !== null ? <PanelError error={failure} /> : null}
      <div className="confirm">
        <Button type="submit" className="button primary" isDisabled={busy}>
          {t('cashReasonSave')}
        </Button>
        <Button className="button secondary" onPress={onCancel}>
          {t('cashReasonCancel')}
        </Button>
      </div>
    </Form>
  );
}
