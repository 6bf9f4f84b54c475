import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { getDevice, setDeviceOutlet } from '../../db/device-repo.ts';
import { listOutlets } from '../../db/catalog-repo.ts';
import { loadSettings, saveSetting, type Settings } from '../../db/settings-repo.ts';
import type { Language } from '../../i18n/strings.ts';
import { useLanguage, useT } from '../../i18n/use-t.ts';
import { requestPersistence } from '../../lib/persist.ts';
import { useDb } from '../../lib/services.tsx';

export function SettingsPage() {
  const t = useT();
  const db = useDb();
  const setLang = useLanguage((s) => s.setLang);
  const settings = useLiveQuery(() => loadSettings(db), [db]);
  const device = useLiveQuery(() => getDevice(db), [db]);
  const outlets = useLiveQuery(() => listOutlets(db), [db]);
  const productCount = useLiveQuery(() => db.products.count(), [db]);
  const [cashier, setCashier] = useState<string | null>(null);
  if (!settings || !device || !outlets) return null;

  const save = <K extends keyof Settings>(key: K, value: Settings[K]) => void saveSetting(db, key, value);
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
      <label className="field">
        <span>{t('cashierName')}</span>
        <input
          value={cashier ?? settings.cashier}
          onChange={(e) => setCashier(e.target.value)}
          onBlur={() => {
            if (cashier !== null && cashier.trim() !== '') save('cashier', cashier.trim());
          }}
        />
      </label>
      <label className="field">
        <span>{t('outlet')}</span>
        <select value={device.outletId} onChange={(e) => void setDeviceOutlet(db, e.target.value)}>
          {outlets.length === 0 ? <option value={device.outletId}>{device.outletId}</option> : null}
          {outlets.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
        </select>
      </label>
      <div className="field">
        <span>{t('storagePersist')}</span>
        <p data-testid="persist-status">{persistText}</p>
        {settings.persisted !== true ? (
          <button type="button" className="secondary" onClick={() => void requestPersistence(db)}>
            {t('persistAsk')}
          </button>
        ) : null}
      </div>
      <div className="field">
        <span>{t('deviceId')}</span>
        <code>{device.deviceId}</code>
      </div>
      <p className="muted">{t('catalogInfo', { n: productCount ?? 0, v: settings.pullVersion })}</p>
    </section>
  );
}
