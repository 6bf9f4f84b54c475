import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { getDevice, UnsyncedDataError } from '../../db/device-repo.ts';
import { listOutlets, productCount } from '../../db/catalog-repo.ts';
import { loadSettings, NotAllowedError, saveSetting, saveStoreSetting, wipeDevice, type DeviceSettingKey, type Settings, type StoreSettingKey } from '../../db/settings-repo.ts';
import { mayManageOutlet } from '../../../domain/approval.ts';
import { MAX_LINE_QTY, MAX_SALE_TOTAL } from '../../../domain/cart.ts';
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
import type { RotateOutcome } from '../../sync/engine.ts';

type LimitKey = 'largeLineQty' | 'largeSaleTotal';
/** Up to the hard limits: a large-sale limit above them would never be reached. */
const LIMITS: readonly { key: LimitKey; min: number; max: number }[] = [
  { key: 'largeLineQty', min: 1, max: MAX_LINE_QTY },
  { key: 'largeSaleTotal', min: 1, max: MAX_SALE_TOTAL },
];

export function SettingsPage() {
  const t = useT();
  const db = useDb();
  const setLang = useLanguage((s) => s.setLang);
  const settings = useLiveQuery(() => loadSettings(db), [db]);
  const device = useLiveQuery(() => getDevice(db), [db]);
  const outlets = useLiveQuery(() => listOutlets(db), [db]);
  const products = useLiveQuery(() => productCount(db), [db]);
  const [texts, setTexts] = useState<Partial<Record<'storeName' | 'storeAddress' | 'npwp' | 'qrisStatic' | 'scanMaxGapMs' | LimitKey, string>>>({});
  const [limitProblem, setLimitProblem] = useState<Partial<Record<LimitKey, string>>>({});
  const [printerNote, setPrinterNote] = useState<string | null>(null);
  const [storeRefusal, setStoreRefusal] = useState<string | null>(null);
  const user = useSignedInUser();
  // Until the signed-in user is read, a supervisor would flash the cashier's read-only view.
  if (!settings || !device || !outlets || user === undefined) return null;
  // The outlet's settings are its supervisors'; the screen shows them to a cashier, read-only.
  const manage = user ? mayManageOutlet(user.role) : false;

  const save = <K extends DeviceSettingKey>(key: K, value: Settings[K]) => void saveSetting(db, key, value);
  const saveStore = <K extends StoreSettingKey>(key: K, value: Settings[K]) =>
    void saveStoreSetting(db, key, value).then(
      () => setStoreRefusal(null),
      (e: unknown) => setStoreRefusal(e instanceof NotAllowedError ? t('storeSettingsManagersOnly') : e instanceof Error ? e.message : String(e)),
    );
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
      <h2>{t('counterSettings')}</h2>
      {!manage ? (
        <p className="notice" id="store-settings-note">
          {t('storeSettingsManagersOnly')}
        </p>
      ) : null}
      {storeRefusal ? (
        <p role="alert" className="error">
          {storeRefusal}
        </p>
      ) : null}
      {(['storeName', 'storeAddress', 'npwp'] as const).map((key) => (
        <label className="field" key={key}>
          <span>{t(key)}</span>
          <input
            value={texts[key] ?? settings[key]}
            maxLength={200}
            readOnly={!manage}
            aria-describedby={manage ? undefined : 'store-settings-note'}
            onChange={(e) => setTexts({ ...texts, [key]: e.target.value })}
            onBlur={() => {
              const v = texts[key];
              if (v !== undefined && manage) saveStore(key, v.trim());
            }}
          />
        </label>
      ))}
      <label className="field">
        <span>{t('taxMode')}</span>
        <select disabled={!manage} value={settings.taxMode} onChange={(e) => saveStore('taxMode', e.target.value === 'ppn-included' ? 'ppn-included' : 'none')}>
          <option value="none">{t('taxNone')}</option>
          <option value="ppn-included">{t('taxIncluded')}</option>
        </select>
      </label>
      <label className="field">
        <span>{t('roundingStep')}</span>
        <select disabled={!manage} value={settings.roundingStep} onChange={(e) => saveStore('roundingStep', Number(e.target.value))}>
          <option value={0}>{t('roundingNone')}</option>
          {[100, 500, 1000].map((n) => (
            <option key={n} value={n}>
              Rp {n.toLocaleString('id-ID')}
            </option>
          ))}
        </select>
      </label>
      <QrisField
        value={texts.qrisStatic ?? settings.qrisStatic}
        readOnly={!manage}
        onChange={(v) => setTexts({ ...texts, qrisStatic: v })}
        onSave={(v) => saveStore('qrisStatic', v)}
      />
      <fieldset className="field">
        <legend>{t('cartPolicies')}</legend>
        <label className="inline">
          <input
            type="checkbox"
            disabled={!manage}
            checked={settings.cartRemovalNeedsApproval}
            onChange={(e) => saveStore('cartRemovalNeedsApproval', e.target.checked)}
          />
          <span>{t('cartRemovalNeedsApproval')}</span>
        </label>
        {LIMITS.map(({ key, min, max }) => (
          <label className="field compact" key={key}>
            <span>{t(key)}</span>
            <input
              inputMode="numeric"
              readOnly={!manage}
              aria-invalid={limitProblem[key] ? true : undefined}
              aria-describedby={limitProblem[key] ? `${key}-problem` : manage ? undefined : 'store-settings-note'}
              value={texts[key] ?? String(settings[key])}
              onChange={(e) => setTexts({ ...texts, [key]: e.target.value })}
              onBlur={() => {
                const text = texts[key];
                if (text === undefined || !manage) return;
                // "25.000.000" as a rupiah amount is written: the dots group thousands.
                const n = Number(text.replace(/[.\s]/g, ''));
                if (!Number.isInteger(n) || n < min || n > max) {
                  setLimitProblem({ ...limitProblem, [key]: t('largeLimitInvalid', { min: min.toLocaleString('id-ID'), max: max.toLocaleString('id-ID') }) });
                  return;
                }
                setLimitProblem({ ...limitProblem, [key]: undefined });
                setTexts({ ...texts, [key]: undefined });
                saveStore(key, n);
              }}
            />
            {limitProblem[key] ? (
              <span id={`${key}-problem`} role="alert" className="error">
                {limitProblem[key]}
              </span>
            ) : null}
          </label>
        ))}
      </fieldset>
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

function QrisField({ value, readOnly, onChange, onSave }: { value: string; readOnly: boolean; onChange: (v: string) => void; onSave: (v: string) => void }) {
  const t = useT();
  const trimmed = value.trim();
  const check = trimmed === '' ? null : validateQris(trimmed);
  return (
    <label className="field">
      <span>{t('qrisStatic')}</span>
      <textarea
        rows={3}
        value={value}
        readOnly={readOnly}
        spellCheck={false}
        onChange={(e) => onChange(e.target.value)}
        onBlur={() => {
          // Only a valid QRIS (structure and CRC) or nothing is saved: a broken one would fail at the counter.
          if (!readOnly && (check === null || check.ok)) onSave(trimmed);
        }}
        aria-invalid={check !== null && !check.ok}
        aria-describedby="qris-help"
      />
      <span id="qris-help" className={check && !check.ok ? 'error' : 'muted'} role={check && !check.ok ? 'alert' : undefined}>
        {check === null ? '' : check.ok ? t('qrisValid', { name: check.value.merchantName ?? '', city: check.value.merchantCity ?? '' }) : t('qrisInvalid', { reason: qrisProblemText(t, check.error) })}
      </span>
    </label>
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
