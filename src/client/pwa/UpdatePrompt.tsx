// registerType 'prompt' (sync rule 16): a new version is offered, and applied
// only when the cart is empty; never a surprise reload mid-sale.
import { useLiveQuery } from 'dexie-react-hooks';
import { useRegisterSW } from 'virtual:pwa-register/react';
import { getOpenCart } from '../db/cart-repo.ts';
import { useT } from '../i18n/use-t.ts';
import { useDb } from '../shared/services/services.tsx';

export function UpdatePrompt() {
  const t = useT();
  const db = useDb();
  const cart = useLiveQuery(() => getOpenCart(db), [db]);
  const {
    needRefresh: [needRefresh, setNeedRefresh],
    offlineReady: [offlineReady, setOfflineReady],
    updateServiceWorker,
  } = useRegisterSW();
  const cartBusy = (cart?.lines.length ?? 0) > 0;
  if (!needRefresh && !offlineReady) return null;
  return (
    <div className="banner" role="region" aria-label={needRefresh ? t('updateAvailable') : t('offlineReady')}>
      {needRefresh ? (
        <>
          <span>{t('updateAvailable')}</span>
          {cartBusy ? <span className="muted">{t('updateWaitCart')}</span> : null}
          <button type="button" className="primary" disabled={cartBusy} onClick={() => void updateServiceWorker(true)}>
            {t('updateNow')}
          </button>
          <button type="button" className="secondary" onClick={() => setNeedRefresh(false)}>
            {t('later')}
          </button>
        </>
      ) : (
        <>
          <span>{t('offlineReady')}</span>
          <button type="button" className="secondary" onClick={() => setOfflineReady(false)}>
            {t('dismiss')}
          </button>
        </>
      )}
    </div>
  );
}
