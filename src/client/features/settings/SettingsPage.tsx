import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { getDevice, UnsyncedDataError } from '../../db/device-repo.ts';
import { listOutlets, productCount } from '../../db/catalog-repo.ts';
import { loadSettings, NotAllowedError, outletSettingsSource, saveSetting, wipeDevice, type DeviceSettingKey, type Settings } from '../../db/settings-repo.ts';
import { DEFAULT_DISCOUNT_LIMIT_BP, mayManageOutlet } from '../../../domain/approval.ts';
import { formatRupiah } from '../../../domain/money.ts';
import { useSignedInUser } from '../../shared/services/session.ts';
import type { Language } from '../../i18n/strings.ts';
import { useLanguage, useT } from '../../i18n/use-t.ts';
import { requestPersistence } from '../../shared/services/persist.ts';
import { qrisProblemText } from '../../i18n/server-words.ts';
import { pairPrinter, printerErrorText, printerSupported } from '../../shared/printing/printer.ts';
import { validateQris } from '../../../domain/qris.ts';
import type { PrinterChoice } from '../../db/settings-repo.ts';
import { useDb, useServices } from '../../shared/services/services.tsx';
import { formatWita } from '../../../domain/time.ts';
import type { T } from '../../i18n/use-t.ts';
import type { RotateOutcome } from '../../sync/engine.ts';
import '../../i18n/back-office-strings.ts';

export function SettingsPage() {
  const t = useT();
  const db = useDb();
  const setLang = useLanguage((s) => s.setLang);
  const settings = useLiveQuery(() => loadSettings(db), [db]);
  const device = useLiveQuery(() => getDevice(db), [db]);
  const outlets = useLiveQuery(() => listOutlets(db), [db]);
  const products = useLiveQuery(() => productCount(db), [db]);
  const [texts, setTexts] = useState<Partial<Record<'scanMaxGapMs', string>>>({});
  const [printerNote, setPrinterNote] = useState<string | null>(null);
  const user = useSignedInUser();
  // Until the signed-in user is read, a supervisor would flash the cashier's read-only view.
  if (!settings || !device || !outlets || user === undefined) return null;
  // Wiping the device is a supervisor's or admin's; the outlet's settings are the server's, read-only for everyone here.
  const manage = user ? mayManageOutlet(user.role) : false;

  const save = <K extends DeviceSettingKey>(key: K, value: Settings[K]) => void saveSetting(db, key, value);
  const persistText = settings.persisted === null ? t('persistUnknown') : settings.persisted ? t('persistGranted') : t('persistDenied');

  return (
    <section className="settings" aria-labelledby="settings-heading">
      <h1 id="settings-heading">{t('settings')}</h1>
      <label className="field">
        <span>{t('language')}</span>
        <select
          value={settings.language}
          onChange={(e) => {
            const lang = e.target.value as Language;
            setLang(lang);
            save('language', lang);
          }}
        >
          <option value="id">Bahasa Indonesia</option>
          <option value="en">English</option>
        </select>
      </label>
      {/* The outlet is the one the admin enrolled this device for; the cashier's name is whoever signed in. */}
      <div className="field">
        <span>{t('outlet')}</span>
        <p data-testid="device-outlet">{outlets.find((o) => o.id === device.outletId)?.name ?? device.outletId}</p>
      </div>
      <div className="field">
        <span>{t('storagePersist')}</span>
        <p data-testid="persist-status">{persistText}</p>
        {settings.persisted !== true ? (
          <button type="button" className="secondary" onClick={() => void requestPersistence(db)}>
            {t('persistAsk')}
          </button>
        ) : null}
      </div>
      <OutletSettingsView settings={settings} discountLimitBp={outlets.find((o) => o.id === device.outletId)?.discountLimitBp ?? DEFAULT_DISCOUNT_LIMIT_BP} />
      <label className="field">
        <span>{t('scannerGap')}</span>
        <input
          inputMode="numeric"
          value={texts.scanMaxGapMs ?? String(settings.scanMaxGapMs)}
          onChange={(e) => setTexts({ ...texts, scanMaxGapMs: e.target.value })}
          onBlur={() => {
            const n = Number(texts.scanMaxGapMs);
            if (Number.isInteger(n) && n >= 5 && n <= 200) save('scanMaxGapMs', n);
            setTexts({ ...texts, scanMaxGapMs: undefined });
          }}
        />
      </label>
      <label className="field">
        <span>{t('paperWidth')}</span>
        <select value={settings.paperWidth} onChange={(e) => save('paperWidth', e.target.value === '80' ? 80 : 58)}>
          <option value={58}>58 mm (32)</option>
          <option value={80}>80 mm (48)</option>
        </select>
      </label>
      <div className="field">
        <label className="field compact">
          <span>{t('printerConnection')}</span>
          <select value={settings.printer} onChange={(e) => save('printer', e.target.value as PrinterChoice)}>
            <option value="dialog">{t('printerDialog')}</option>
            <option value="usb">{t('printerUsb')}</option>
            <option value="serial">{t('printerSerial')}</option>
            <option value="bluetooth">{t('printerBluetooth')}</option>
          </select>
        </label>
        {settings.printer !== 'dialog' ? (
          printerSupported(settings.printer) ? (
            <button
              type="button"
              className="secondary"
              onClick={() => {
                if (settings.printer === 'dialog') return;
                pairPrinter(settings.printer)
                  .then((name) => setPrinterNote(t('printerPaired', { name })))
                  .catch((e: unknown) => setPrinterNote(printerErrorText(t, e)));
              }}
            >
              {t('printerPair')}
            </button>
          ) : (
            <p className="error">{t('printerUnsupported', { kind: settings.printer })}</p>
          )
        ) : null}
        {printerNote ? <p role="status">{printerNote}</p> : null}
      </div>
      <div className="field">
        <span>{t('deviceId')}</span>
        <code>{device.deviceId}</code>
        {device.label ? <span>{device.label}</span> : null}
      </div>
      <DeviceCredential issuedAt={device.credentialIssuedAt ?? device.enrolledAt ?? null} />
      <p className="muted">{t('catalogInfo', { n: products ?? 0, v: settings.pullVersion })}</p>
      {manage ? <ResetDevice /> : null}
    </section>
  );
}

function ResetDevice() {
  const t = useT();
  const db = useDb();
  const [confirming, setConfirming] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  const reset = async () => {
    try {
      await wipeDevice(db);
      globalThis.location?.reload();
    } catch (e) {
      setConfirming(false);
      setRefusal(
        e instanceof UnsyncedDataError ? t('resetRefused', { n: e.count }) : e instanceof NotAllowedError ? t('storeSettingsManagersOnly') : e instanceof Error ? e.message : String(e),
      );
    }
  };
  return (
    <div className="field">
      <h2>{t('dangerZone')}</h2>
      {confirming ? (
        <div role="group" aria-label={t('resetConfirm')} className="confirm">
          <span>{t('resetConfirm')}</span>
          <button type="button" className="danger" onClick={() => void reset()}>
            {t('resetDevice')}
          </button>
          <button type="button" className="secondary" onClick={() => setConfirming(false)}>
            {t('back')}
          </button>
        </div>
      ) : (
        <button type="button" className="danger" onClick={() => setConfirming(true)}>
          {t('resetDevice')}
        </button>
      )}
      {refusal ? (
        <p role="alert" className="error">
          {refusal}
        </p>
      ) : null}
    </div>
  );
}

/** When the credential was issued, and a way to replace it now (it is replaced by itself after 30 days). */
function DeviceCredential({ issuedAt }: { issuedAt: number | null }) {
  const t = useT();
  const { sync } = useServices();
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<RotateOutcome | null>(null);
  const rotate = async () => {
    if (!sync) return;
    setBusy(true);
    try {
      setOutcome(await sync.rotateCredential());
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="field">
      <span>{t('credential')}</span>
      <p data-testid="credential-issued">{issuedAt ? t('credentialIssued', { time: formatWita(issuedAt) }) : t('credentialNone')}</p>
      {sync ? (
        <button type="button" className="secondary" disabled={busy} onClick={() => void rotate()}>
          {busy ? t('credentialRotating') : t('credentialRotate')}
        </button>
      ) : null}
      {outcome?.ok ? <p role="status">{t('credentialRotated')}</p> : null}
      {outcome && !outcome.ok ? (
        <p role="alert" className="error">
          {t('credentialRotateFailed', {
            reason:
              outcome.failure.kind === 'offline'
                ? t('syncErrorOffline')
                : 'detail' in outcome.failure
                  ? outcome.failure.detail
                  : outcome.failure.kind === 'revoked'
                    ? t('syncErrorRevoked')
                    : t('syncErrorNotEnrolled'),
          })}
        </p>
      ) : null}
    </div>
  );
}

/**
 * The outlet's settings as this device uses them, read-only for everyone:
 * the server owns them (Pengelolaan, Outlet); until its values arrive the
 * device keeps those set on it before, and says so.
 */
function OutletSettingsView({ settings, discountLimitBp }: { settings: Settings; discountLimitBp: number }) {
  const t = useT();
  const db = useDb();
  const source = useLiveQuery(() => outletSettingsSource(db), [db]);
  if (!source) return null;
  const qris = settings.qrisStatic.trim() === '' ? null : validateQris(settings.qrisStatic.trim());
  const rows: [string, string][] = [
    [t('storeName'), settings.storeName],
    [t('storeAddress'), settings.storeAddress],
    [t('npwp'), settings.npwp || t('outletSettingsNone')],
    [t('taxMode'), t(settings.taxMode === 'ppn-included' ? 'taxIncluded' : 'taxNone')],
    [t('roundingStep'), settings.roundingStep === 0 ? t('roundingNone') : formatRupiah(settings.roundingStep)],
    [t('qrisStatic'), qrisText(t, qris)],
    [t('outletFieldDiscount'), `${(discountLimitBp / 100).toLocaleString('id-ID')} %`],
    [t('cartRemovalNeedsApproval'), t(settings.cartRemovalNeedsApproval ? 'outletSettingsYes' : 'outletSettingsNo')],
    [t('largeLineQty'), settings.largeLineQty.toLocaleString('id-ID')],
    [t('largeSaleTotal'), formatRupiah(settings.largeSaleTotal)],
    [t('outletFieldFooter'), settings.receiptFooter || t('outletSettingsNone')],
    [t('outletFieldCutoff'), `${settings.dayCutoff} WITA`],
    [t('outletFieldAdjustQty'), settings.adjustQtyLimit.toLocaleString('id-ID')],
    [t('outletFieldAdjustValue'), formatRupiah(settings.adjustValueLimit)],
  ];
  return (
    <section aria-labelledby="outlet-settings-heading">
      <h2 id="outlet-settings-heading">{t('counterSettings')}</h2>
      <p className="notice" data-testid="outlet-settings-source">
        {source.from === 'server' ? t('outletSettingsFromServer', { outlet: source.outletName }) : t('outletSettingsLocal')}
      </p>
      <dl className="readonly-settings">
        {rows.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

function qrisText(t: T, check: ReturnType<typeof validateQris> | null): string {
  if (check === null) return t('outletSettingsNone');
  return check.ok ? t('qrisValid', { name: check.value.merchantName ?? '', city: check.value.merchantCity ?? '' }) : t('qrisInvalid', { reason: qrisProblemText(t, check.error) });
}
