import type { ReactNode } from 'react';
import { NavLink, Route, Routes } from 'react-router';
import { AdminPage } from '../features/admin/AdminPage.tsx';
import { CheckoutPage } from '../features/checkout/CheckoutPage.tsx';
import { ReviewPage } from '../features/review/ReviewPage.tsx';
import { SalesPage } from '../features/sales/SalesPage.tsx';
import { SettingsPage } from '../features/settings/SettingsPage.tsx';
import { SyncIndicator } from '../features/sync-status/SyncIndicator.tsx';
import { useT } from '../i18n/use-t.ts';

export const PATHS = { checkout: '/', sales: '/penjualan', review: '/tinjauan', settings: '/pengaturan', admin: '/admin' } as const;

/** `banner` is the update prompt in the real app; tests leave it out (no service worker in jsdom). */
export function App({ banner }: { banner?: ReactNode }) {
  const t = useT();
  return (
    <div className="app">
      <header className="topbar">
        <strong className="brand">{t('appName')}</strong>
        <nav aria-label={t('mainNav')}>
          <NavLink to={PATHS.checkout} end>
            {t('navCheckout')}
          </NavLink>
          <NavLink to={PATHS.sales}>{t('navSales')}</NavLink>
          <NavLink to={PATHS.review}>{t('navReview')}</NavLink>
          <NavLink to={PATHS.settings}>{t('navSettings')}</NavLink>
          <NavLink to={PATHS.admin}>{t('navAdmin')}</NavLink>
        </nav>
        <SyncIndicator />
      </header>
      {banner}
      <main>
        <Routes>
          <Route path={PATHS.checkout} element={<CheckoutPage />} />
          <Route path={PATHS.sales} element={<SalesPage />} />
          <Route path={PATHS.review} element={<ReviewPage />} />
          <Route path={PATHS.settings} element={<SettingsPage />} />
          <Route path={`${PATHS.admin}/*`} element={<AdminPage />} />
          <Route path="*" element={<CheckoutPage />} />
        </Routes>
      </main>
    </div>
  );
}
