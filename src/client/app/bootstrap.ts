// Start-up order matters: identity and settings before the first screen, the
// sync loop after, so the first push already knows who this device is.
import type { KasirDb } from '../db/database.ts';
import { ensureDevice } from '../db/device-repo.ts';
import { loadSettings } from '../db/settings-repo.ts';
import { loadLanguage } from '../i18n/strings.ts';
import { useLanguage } from '../i18n/use-t.ts';
import { requestPersistence } from '../shared/services/persist.ts';
import { SyncEngine, type SyncEngineOptions } from '../sync/engine.ts';
import { useSyncState } from '../sync/status.ts';

export async function bootstrap(db: KasirDb, opts: SyncEngineOptions = {}): Promise<SyncEngine> {
  await db.open();
  await ensureDevice(db);
  const settings = await loadSettings(db);
  // Before the first paint: a device set to English opens in English, not in Indonesian for a moment.
  await loadLanguage(settings.language).catch(() => undefined);
  useLanguage.getState().setLang(settings.language);
  void requestPersistence(db).catch(() => undefined);
  const engine = new SyncEngine(db, {
    ...opts,
    onState: (s) => useSyncState.setState(s),
  });
  const setOnline = () => useSyncState.setState({ online: navigator.onLine });
  globalThis.addEventListener('online', setOnline);
  // A management sign-out made offline leaves the cookie until the server hears it. The management
  // client (and the schemas of its answers) is not part of the counter's first download.
  const finishPendingSignOut = () => void import('../sync/admin-api.ts').then((m) => m.finishPendingSignOut()).catch(() => undefined);
  finishPendingSignOut();
  globalThis.addEventListener('online', finishPendingSignOut);
  globalThis.addEventListener('offline', setOnline);
  // The store read navigator.onLine when its module loaded; an 'offline'
  // that came between then and these listeners would otherwise be missed.
  setOnline();
  await engine.start();
  return engine;
}
