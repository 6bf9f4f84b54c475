// Devices an admin has registered: register one for an outlet (its one-time
// code shown once, as text and QR), see which are enrolled and syncing, and
// revoke one that is lost or stolen.
import { useId, useState, type FormEvent } from 'react';
import { formatWita } from '../../../domain/time.ts';
import { attentionOf, byAttention } from '../../../domain/fleet.ts';
import type { AdminDevice, RegisterDeviceResponse } from '../../../protocol/auth.ts';
import { DEFAULT_OUTLET_ID } from '../../db/device-repo.ts';
import type { StringKey } from '../../i18n/strings.ts';
import { useT } from '../../i18n/use-t.ts';
import { listDevices, registerDevice, revokeDevice } from '../../sync/admin-api.ts';
import { QrCode } from '../../ui/QrCode.tsx';
import { Field } from './Field.tsx';
import { PanelError } from './PanelError.tsx';
import { serverFieldError } from './server-field.ts';
import { useLoaded } from './use-loaded.ts';
import { outletChoices, outletName, useKnownOutlets } from './use-known-outlets.ts';
import { Choice } from './aria-fields.tsx';

const STATUS_LABEL: Record<AdminDevice['status'], StringKey> = {
  'awaiting-enrolment': 'statusAwaiting',
  active: 'statusActive',
  revoked: 'statusRevoked',
  'code-expired': 'statusCodeExpired',
};

export function DevicesPanel() {
  const t = useT();
  const outlets = useKnownOutlets();
  const { data: devices, error: loadError, reload: load } = useLoaded(listDevices);
  const [issued, setIssued] = useState<RegisterDeviceResponse | null>(null);
  const [confirming, setConfirming] = useState<AdminDevice | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  // Read once per render of a fresh list: the flags are about days, not seconds.
  const now = Date.now();
  const facts = (d: AdminDevice) => ({
    active: d.status === 'active',
    lastSeenAt: d.lastSeenAt,
    pending: d.health?.pending ?? null,
    oldestUnsyncedAt: d.health?.oldestUnsyncedAt ?? null,
  });
  const shown = devices === null ? null : byAttention(devices.map((d) => ({ ...facts(d), d })), now).map((x) => x.d);
  const needLook = shown === null ? 0 : shown.filter((d) => attentionOf(facts(d), now) !== null).length;

  return (
    <section aria-labelledby="devices-heading">
      <h2 id="devices-heading">{t('devicesTitle')}</h2>
      {notice ? (
        <p role="status" className="notice">
          {notice}
        </p>
      ) : null}
      {issued ? <IssuedCode issued={issued} onDone={() => setIssued(null)} /> : null}
      {loadError !== null ? <PanelError error={loadError} /> : null}
      {devices === null && loadError === null ? <p>{t('loading')}</p> : null}
      {devices !== null && devices.length === 0 ? <p className="notice">{t('noDevices')}</p> : null}
      {needLook > 0 ? (
        <p className="notice" data-testid="fleet-attention">
          {t('fleetAttentionSummary', { n: needLook })}
        </p>
      ) : null}
      {shown !== null && shown.length > 0 ? (
        <table className="sales-table">
          <thead>
            <tr>
              <th scope="col">{t('deviceName')}</th>
              <th scope="col">{t('outlet')}</th>
              <th scope="col">{t('status')}</th>
              <th scope="col">{t('lastSeen')}</th>
              <th scope="col">{t('fleetLastPush')}</th>
              <th scope="col">{t('fleetPending')}</th>
              <th scope="col">{t('fleetVersion')}</th>
              <th scope="col">{t('fleetStorage')}</th>
              <th scope="col">{t('lastSeq')}</th>
              <th scope="col">{t('mgmtActions')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((d) => {
              const attention = attentionOf(facts(d), now);
              const h = d.health;
              return (
              <tr key={d.registrationId} className={attention ? 'needs-look' : undefined}>
                <th scope="row">{d.label}</th>
                <td>{outletName(outlets, d.outletId)}</td>
                <td>
                  {t(STATUS_LABEL[d.status])}
                  {attention ? (
                    <>
                      {' '}
                      <strong className="pill pending">{t(attention === 'silent' ? 'fleetAttentionSilent' : 'fleetAttentionUnsyncedOld')}</strong>
                    </>
                  ) : null}
                </td>
                <td>{d.lastSeenAt === null ? t('neverSeen') : formatWita(d.lastSeenAt)}</td>
                <td>{h ? (h.lastPushAt !== null ? formatWita(h.lastPushAt) : t('neverSeen')) : t('fleetNoReport')}</td>
                <td>{h ? (h.pending > 0 && h.oldestUnsyncedAt !== null ? t('fleetPendingOldest', { n: h.pending, time: formatWita(h.oldestUnsyncedAt) }) : String(h.pending)) : t('fleetNoReport')}</td>
                <td>{h ? h.appVersion : t('fleetNoReport')}</td>
                <td>{h ? storageText(t, h) : t('fleetNoReport')}</td>
                <td>{d.lastSeq}</td>
                <td>
                  {d.status !== 'revoked' ? (
                    <button
                      type="button"
                      className="secondary small"
                      aria-label={t('revokeDevice', { label: d.label })}
                      onClick={() => {
                        setNotice(null);
                        setConfirming(d);
                      }}
                    >
                      {t('revoke')}
                    </button>
                  ) : null}
                </td>
              </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
      {confirming ? (
        <ConfirmRevoke
          device={confirming}
          onCancel={() => setConfirming(null)}
          onRevoked={() => {
            setNotice(t('revokedNotice', { label: confirming.label }));
            setConfirming(null);
            load();
          }}
        />
      ) : null}
      <RegisterForm
        outlets={outlets}
        onRegistered={(r) => {
          setNotice(null);
          setIssued(r);
          load();
        }}
      />
    </section>
  );
}

/** Megabytes used of the quota, and whether the browser may evict the data. */
function storageText(t: ReturnType<typeof useT>, h: NonNullable<AdminDevice['health']>): string {
  const mb = (n: number) => String(Math.round(n / 1_000_000));
  const used = h.storageUsed !== null && h.storageQuota !== null ? t('fleetStorageOf', { used: mb(h.storageUsed), quota: mb(h.storageQuota) }) : '';
  const kept = h.persisted === null ? '' : t(h.persisted ? 'fleetPersisted' : 'fleetNotPersisted');
  return [used, kept].filter((x) => x !== '').join(', ') || '—';
}

function IssuedCode({ issued, onDone }: { issued: RegisterDeviceResponse; onDone: () => void }) {
  const t = useT();
  const id = useId();
  return (
    <section className="enrol-code" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>{t('enrolCodeTitle', { label: issued.label })}</h3>
      <p className="huge enrol-code-text">{issued.code}</p>
      {/* The QR carries the code alone, exactly as typed: a scanner or a person gets the same thing. */}
      <QrCode text={issued.code} label={t('enrolCodeQr', { label: issued.label })} />
      <p>{t('enrolCodeExpires', { time: formatWita(issued.expiresAt) })}</p>
      <p className="error">{t('enrolCodeOnce')}</p>
      <button type="button" className="primary" onClick={onDone}>
        {t('mgmtDone')}
      </button>
    </section>
  );
}

function ConfirmRevoke({ device, onCancel, onRevoked }: { device: AdminDevice; onCancel: () => void; onRevoked: () => void }) {
  const t = useT();
  const id = useId();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const confirm = () => {
    setBusy(true);
    setError(null);
    revokeDevice(device.registrationId).then(onRevoked, (e: unknown) => {
      setError(e);
      setBusy(false);
    });
  };
  return (
    <div role="alertdialog" aria-modal="false" aria-labelledby={`${id}-h`} aria-describedby={`${id}-d`} className="big-error">
      <h3 id={`${id}-h`}>{t('revokeConfirm', { label: device.label })}</h3>
      <p id={`${id}-d`}>{t('revokeExplain')}</p>
      {error !== null ? <PanelError error={error} /> : null}
      <div className="confirm">
        <button type="button" className="danger" disabled={busy} onClick={confirm}>
          {t('revokeYes')}
        </button>
        {/* Focus starts on the harmless choice. */}
        <button type="button" className="secondary" onClick={onCancel} autoFocus>
          {t('mgmtCancel')}
        </button>
      </div>
    </div>
  );
}

const REGISTER_FIELDS = ['outletId', 'label'] as const;
type RegisterField = (typeof REGISTER_FIELDS)[number];

function RegisterForm({ outlets, onRegistered }: { outlets: ReturnType<typeof useKnownOutlets>; onRegistered: (r: RegisterDeviceResponse) => void }) {
  const t = useT();
  const id = useId();
  const [outletId, setOutletId] = useState(DEFAULT_OUTLET_ID);
  const [label, setLabel] = useState('');
  const [busy, setBusy] = useState(false);
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<RegisterField, string>>>({});
  const [error, setError] = useState<unknown>(null);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const problems: Partial<Record<RegisterField, string>> = {};
    if (outletId.trim() === '') problems.outletId = t('errOutlet');
    if (label.trim() === '') problems.label = t('errDeviceName');
    setFieldErrors(problems);
    setError(null);
    if (Object.keys(problems).length > 0) return;
    setBusy(true);
    registerDevice(outletId.trim(), label.trim())
      .then((r) => {
        setLabel('');
        onRegistered(r);
      })
      .catch((err: unknown) => {
        const onField = serverFieldError(t, err, REGISTER_FIELDS);
        if (onField) setFieldErrors({ [onField.field]: onField.text });
        else setError(err);
      })
      .finally(() => setBusy(false));
  };

  return (
    <form aria-labelledby={`${id}-h`} onSubmit={submit} noValidate className="settings">
      <h3 id={`${id}-h`}>{t('registerTitle')}</h3>
      <Choice label={t('outlet')} error={fieldErrors.outletId} value={outletId === '' ? null : outletId} placeholder={t('outletChoose')} onChange={setOutletId} options={outletChoices(outlets, outletId)} />
      <Field label={t('deviceName')} hint={t('deviceNameHint')} error={fieldErrors.label} maxLength={100} value={label} onChange={(e) => setLabel(e.target.value)} />
      {error !== null ? <PanelError error={error} /> : null}
      <button type="submit" className="primary" disabled={busy}>
        {t('registerDevice')}
      </button>
    </form>
  );
}
