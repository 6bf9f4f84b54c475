import { Suspense, type ReactNode } from 'react';
import { lazyRetry } from '../shared/services/lazy-retry.tsx';
import { NavLink, Route, Routes, usePathname } from '../shared/services/router.tsx';
import { ChunkBoundary } from '../shared/services/ChunkBoundary.tsx';
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
const AdminPage = lazyRetry(() => import('../features/admin/AdminPage.tsx').then((m) => m.AdminPage));
const ReviewPage = lazyRetry(() => import('../features/review/ReviewPage.tsx').then((m) => m.ReviewPage));
const SalesPage = lazyRetry(() => import('../features/sales/SalesPage.tsx').then((m) => m.SalesPage));
const StockPage = lazyRetry(() => import('../features/stock/StockPage.tsx').then((m) => m.StockPage));
const ShiftPage = lazyRetry(() => import('../features/shift/ShiftPage.tsx').then((m) => m.ShiftPage));
const SettingsPage = lazyRetry(() => import('../features/settings/SettingsPage.tsx').then((m) => m.SettingsPage));

/** `banner` is the update prompt in the real app; tests leave it out (no service worker in jsdom). */
export function App({ banner }: { banner?: ReactNode }) {
  const t = useT();
  // The counter's pages are linked only for someone signed in; Admin always, to enrol this very device.
  const user = useSignedInUser();
  const signedIn = Boolean(user);
  const topbarRef = useTopbarHeight();
  const pathname = usePathname();
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
        {/* A page that cannot load or draw says so here; the menu and the sync status stay. */}
        <ChunkBoundary resetKey={pathname}>
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
        </ChunkBoundary>
      </main>
    </div>
  );
}
