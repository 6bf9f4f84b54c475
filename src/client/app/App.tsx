import { lazy, Suspense, type ReactNode } from 'react';
import { NavLink, Route, Routes } from '../shared/services/router.tsx';
import { AccessGate } from '../features/auth/AccessGate.tsx';
import { EnrolPage } from '../features/auth/EnrolPage.tsx';
import { UserBar } from '../features/auth/UserBar.tsx';
import { CheckoutPage } from '../features/checkout/CheckoutPage.tsx';
import { SyncIndicator } from '../features/sync-status/SyncIndicator.tsx';
import { useT } from '../i18n/use-t.ts';
import { PATHS } from '../shared/services/paths.ts';
import { useSignedInUser } from '../shared/services/session.ts';
import { useTopbarHeight } from './topbar-height.ts';

export { PATHS };

// The counter (checkout, enrolment, PIN) is in the first download; every other
// page is a chunk of its own, fetched when opened. The service worker
// precaches every chunk (vite.config.ts), so they open offline too.
const AdminPage = lazy(() => import('../features/admin/AdminPage.tsx').then((m) => ({ default: m.AdminPage })));
const ReviewPage = lazy(() => import('../features/review/ReviewPage.tsx').then((m) => ({ default: m.ReviewPage })));
const SalesPage = lazy(() => import('../features/sales/SalesPage.tsx').then((m) => ({ default: m.SalesPage })));
const StockPage = lazy(() => import('../features/stock/StockPage.tsx').then((m) => ({ default: m.StockPage })));
const ShiftPage = lazy(() => import('../features/shift/ShiftPage.tsx').then((m) => ({ default: m.ShiftPage })));
const SettingsPage = lazy(() => import('../features/settings/SettingsPage.tsx').then((m) => ({ default: m.SettingsPage })));

/** `banner` is the update prompt in the real app; tests leave it out (no service worker in jsdom). */
export function App({ banner }: { banner?: ReactNode }) {
  const t = useT();
  // The counter's pages are linked only for someone signed in; Admin always, to enrol this very device.
  const user = useSignedInUser();
  const signedIn = Boolean(user);
  const topbarRef = useTopbarHeight();
  // Who is signed in decides the top bar's links and account corner: painting
  // before the database answers (a few ms) would draw the bar twice and push
  // the page down under the cashier's finger.
  if (user === undefined) return <div className="app" aria-busy="true" />;
  return (
    <div className="app">
      <header className="topbar" ref={topbarRef}>
        <strong className="brand">{t('appName')}</strong>
        <nav aria-label={t('mainNav')}>
          {signedIn ? (
            <>
              <NavLink to={PATHS.checkout} end>
                {t('navCheckout')}
              </NavLink>
              <NavLink to={PATHS.shift}>{t('navShift')}</NavLink>
              <NavLink to={PATHS.sales}>{t('navSales')}</NavLink>
              <NavLink to={PATHS.review}>{t('navReview')}</NavLink>
              {user && user.role !== 'cashier' ? <NavLink to={PATHS.stock}>{t('navStock')}</NavLink> : null}
              <NavLink to={PATHS.settings}>{t('navSettings')}</NavLink>
            </>
          ) : null}
          <NavLink to={PATHS.admin}>{t('navAdmin')}</NavLink>
        </nav>
        <UserBar />
        <SyncIndicator />
      </header>
      {banner}
      <main>
        {/* A chunk comes from the precache in a few milliseconds: nothing is shown meanwhile rather than a flashing "loading". */}
        <Suspense fallback={null}>
          <Routes>
            {/* Management pages sign in with a password on the server, not with this device's PIN. */}
            <Route path={`${PATHS.admin}/*`} element={<AdminPage />} />
            <Route path={PATHS.review} element={<ReviewPage />} />
            <Route path={PATHS.enrol} element={<EnrolPage again />} />
            <Route element={<AccessGate />}>
              <Route path={PATHS.checkout} element={<CheckoutPage />} />
              <Route path={PATHS.sales} element={<SalesPage />} />
              <Route path={PATHS.settings} element={<SettingsPage />} />
              <Route path={PATHS.stock} element={<StockPage />} />
              <Route path={PATHS.shift} element={<ShiftPage />} />
              <Route path="*" element={<CheckoutPage />} />
            </Route>
          </Routes>
        </Suspense>
      </main>
    </div>
  );
}
