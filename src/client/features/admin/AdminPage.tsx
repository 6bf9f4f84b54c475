// The management pages under /admin. They need no enrolled device and no PIN
// sign-in: an admin registers a fresh PC from this very page, with a password
// session that lives only in this tab.
import { Suspense, useState, type ReactNode } from 'react';
import { lazyRetry } from '../../shared/services/lazy-retry.tsx';
import { ChunkBoundary } from '../../shared/services/ChunkBoundary.tsx';
import { Link, Navigate, NavLink, Outlet, Route, Routes, usePathname } from '../../shared/services/router.tsx';
import type { Role } from '../../../domain/approval.ts';
import { useT } from '../../i18n/use-t.ts';
import { managementErrorText, useManagementSession } from '../../shared/services/management-session.ts';
import { PATHS } from '../../shared/services/paths.ts';
import { signIn, signOut } from '../../sync/admin-api.ts';
import { ROLE_LABEL, SessionBar } from '../../ui/SessionBar.tsx';
import { SignInForm } from '../../ui/SignInForm.tsx';
import { AuditPanel } from './AuditPanel.tsx';
import { ChangePasswordPanel } from './ChangePasswordPanel.tsx';
import { CertificatePanel } from './CertificatePanel.tsx';
import { DevicesPanel } from './DevicesPanel.tsx';
import { StockReasonsPanel } from './StockReasonsPanel.tsx';
import { UsersPanel } from './UsersPanel.tsx';
// The back office's words come with its chunk, not with the counter's first download.
import '../../i18n/products-strings.ts';
import '../../i18n/labels-strings.ts';
import '../../i18n/settlement-strings.ts';
import '../../i18n/reports-strings.ts';
import '../../i18n/back-office-strings.ts';
import '../../i18n/shift-admin-strings.ts';

// Their own chunk (react-aria-components and all): only who opens these tabs downloads them.
const ProductsPanel = lazyRetry(() => import('./products/ProductsPanel.tsx').then((m) => m.ProductsPanel));
const ImportPanel = lazyRetry(() => import('./products/ImportPanel.tsx').then((m) => m.ImportPanel));

// The outlet and producer administration (react-aria forms and tables) loads when opened.
const OutletsPanel = lazyRetry(() => import('./OutletsPanel.tsx').then((m) => m.default));
const ProducersPanel = lazyRetry(() => import('./ProducersPanel.tsx').then((m) => m.default));
// The label screen brings bwip-js and its own stylesheet: loaded when the tab is opened, never with the counter.
const ShiftsPanel = lazyRetry(() => import('./ShiftsPanel.tsx').then((m) => m.default));
// The Kas Masuk / Kas Keluar reasons (react-aria table, form and dialog): loaded when the tab is opened.
const CashReasonsPanel = lazyRetry(() => import('./CashReasonsPanel.tsx').then((m) => m.default));
const LabelsPanel = lazyRetry(() => import('./labels/LabelsPanel.tsx').then((m) => m.default));
// Settlement, its statement and (on demand) pdfmake: loaded when the tab is opened.
const SettlementPanel = lazyRetry(() => import('./settlement/SettlementPanel.tsx').then((m) => m.default));
// The reports bring react-aria tables and, once a chart is drawn, chart.js: loaded when the tab is opened.
const ReportsPanel = lazyRetry(() => import('./reports/ReportsPanel.tsx').then((m) => m.default));
// Stock at every outlet: its table, filters and exports load with the tab.
const StockLevelsPanel = lazyRetry(() => import('./stock/StockLevelsPanel.tsx').then((m) => m.default));

/** Sub-paths under /admin, relative so this feature need not know where the app mounts it. */
export const ADMIN_SECTIONS = {
  devices: 'perangkat',
  users: 'pengguna',
  audit: 'audit',
  certificate: 'sertifikat',
  products: 'produk',
  import: 'impor',
  outlets: 'outlet',
  producers: 'produsen',
  labels: 'label',
  stockReasons: 'alasan-stok',
  settlement: 'penyelesaian',
  reports: 'laporan',
  shifts: 'shift',
  stock: 'stok',
  cashReasons: 'alasan-kas',
} as const;

export function AdminPage() {
  const t = useT();
  const session = useManagementSession((s) => s.session);
  const expired = useManagementSession((s) => s.expired);
  return (
    <section className="admin" aria-labelledby="admin-heading">
      <h1 id="admin-heading">{t('adminTitle')}</h1>
      {session === null ? (
        <SignInForm
          heading={t('mgmtSignInTitle')}
          notice={expired ? t('sessionExpiredNotice') : null}
          onSignIn={(username, password) =>
            signIn(username, password).then(
              () => null,
              (e: unknown) => managementErrorText(t, e),
            )
          }
        />
      ) : (
        <>
          <SessionBar user={session.user} expiresAt={session.expiresAt} onSignOut={() => void signOut()} />
          {session.passwordMustChange === true ? (
            <ChangePasswordPanel forced />
          ) : (
            <>
              <OwnPassword />
              {session.user.role === 'admin' ? <AdminSections /> : session.user.role === 'supervisor' ? <SupervisorSections /> : <AdminOnly role={session.user.role} />}
            </>
          )}
        </>
      )}
    </section>
  );
}

/** Anyone signed in here may replace their own password, admins and supervisors alike. */
function OwnPassword() {
  const t = useT();
  const [open, setOpen] = useState(false);
  return (
    <div className="own-password">
      <button type="button" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
        {t('pwChangeLink')}
      </button>
      {open ? <ChangePasswordPanel forced={false} /> : null}
    </div>
  );
}

function AdminOnly({ role }: { role: Role }) {
  const t = useT();
  return (
    <div role="alert" className="big-error">
      <p>{t('adminOnly', { role: t(ROLE_LABEL[role]) })}</p>
      {role === 'supervisor' ? (
        <p>
          {t('adminOnlySupervisor')} <Link to={PATHS.review}>{t('openReview')}</Link>
        </p>
      ) : null}
    </div>
  );
}

function AdminSections() {
  return (
    <Routes>
      <Route element={<AdminLayout />}>
        <Route index element={<Navigate to={ADMIN_SECTIONS.devices} replace />} />
        <Route path={ADMIN_SECTIONS.devices} element={<DevicesPanel />} />
        <Route path={ADMIN_SECTIONS.users} element={<UsersPanel />} />
        <Route path={ADMIN_SECTIONS.audit} element={<AuditPanel />} />
        <Route path={ADMIN_SECTIONS.certificate} element={<CertificatePanel />} />
        <Route path={ADMIN_SECTIONS.products} element={<LazyPanel panel={<ProductsPanel />} />} />
        <Route path={ADMIN_SECTIONS.import} element={<LazyPanel panel={<ImportPanel />} />} />
        <Route path={ADMIN_SECTIONS.outlets} element={<LazyPanel panel={<OutletsPanel />} />} />
        <Route path={ADMIN_SECTIONS.producers} element={<LazyPanel panel={<ProducersPanel />} />} />
        <Route path={ADMIN_SECTIONS.labels} element={<LazyPanel panel={<LabelsPanel />} />} />
        <Route path={ADMIN_SECTIONS.stockReasons} element={<StockReasonsPanel />} />
        <Route path={ADMIN_SECTIONS.settlement} element={<LazyPanel panel={<SettlementPanel />} />} />
        <Route path={ADMIN_SECTIONS.reports} element={<LazyPanel panel={<ReportsPanel />} />} />
        <Route path={ADMIN_SECTIONS.shifts} element={<LazyPanel panel={<ShiftsPanel />} />} />
        <Route path={ADMIN_SECTIONS.stock} element={<LazyPanel panel={<StockLevelsPanel />} />} />
        <Route path={ADMIN_SECTIONS.cashReasons} element={<LazyPanel panel={<CashReasonsPanel />} />} />
      </Route>
    </Routes>
  );
}

/** Supervisors manage products and imports; devices, users and the audit log stay the admins'. */
function SupervisorSections() {
  return (
    <Routes>
      <Route element={<AdminLayout supervisor />}>
        <Route index element={<Navigate to={ADMIN_SECTIONS.products} replace />} />
        <Route path={ADMIN_SECTIONS.products} element={<LazyPanel panel={<ProductsPanel />} />} />
        <Route path={ADMIN_SECTIONS.import} element={<LazyPanel panel={<ImportPanel />} />} />
        <Route path={ADMIN_SECTIONS.labels} element={<LazyPanel panel={<LabelsPanel />} />} />
        <Route path={ADMIN_SECTIONS.reports} element={<LazyPanel panel={<ReportsPanel />} />} />
        <Route path={ADMIN_SECTIONS.shifts} element={<LazyPanel panel={<ShiftsPanel />} />} />
        <Route path={ADMIN_SECTIONS.stock} element={<LazyPanel panel={<StockLevelsPanel />} />} />
        <Route path="*" element={<AdminOnly role="supervisor" />} />
      </Route>
    </Routes>
  );
}

function AdminLayout({ supervisor = false }: { supervisor?: boolean }) {
  const t = useT();
  if (supervisor) {
    return (
      <>
        <p className="muted">{t('adminSupervisorTabs')}</p>
        <nav aria-label={t('adminNav')} className="view-toggle">
          <NavLink to={`${PATHS.admin}/${ADMIN_SECTIONS.products}`} className="button">
            {t('tabProducts')}
          </NavLink>
          <NavLink to={`${PATHS.admin}/${ADMIN_SECTIONS.import}`} className="button">
            {t('tabImport')}
          </NavLink>
          <NavLink to={`${PATHS.admin}/${ADMIN_SECTIONS.labels}`} className="button">
            {t('tabLabels')}
          </NavLink>
          <NavLink to={`${PATHS.admin}/${ADMIN_SECTIONS.reports}`} className="button">
            {t('tabReports')}
          </NavLink>
          <NavLink to={`${PATHS.admin}/${ADMIN_SECTIONS.shifts}`} className="button">
            {t('navShift')}
          </NavLink>
          <NavLink to={`${PATHS.admin}/${ADMIN_SECTIONS.stock}`} className="button">
            {t('stockLevelsNav')}
          </NavLink>
          <Link to={PATHS.review} className="button">
            {t('openReview')}
          </Link>
        </nav>
        <Outlet />
      </>
    );
  }
  // Absolute: under the /admin/* splat a relative "pengguna" resolves against
  // the current section (/admin/perangkat/pengguna), a blank page.
  return (
    <>
      <nav aria-label={t('adminNav')} className="view-toggle">
        <NavLink to={`${PATHS.admin}/${ADMIN_SECTIONS.devices}`} className="button">
          {t('tabDevices')}
        </NavLink>
        <NavLink to={`${PATHS.admin}/${ADMIN_SECTIONS.users}`} className="button">
          {t('tabUsers')}
        </NavLink>
        <NavLink to={`${PATHS.admin}/${ADMIN_SECTIONS.audit}`} className="button">
          {t('tabAudit')}
        </NavLink>
        <NavLink to={`${PATHS.admin}/${ADMIN_SECTIONS.certificate}`} className="button">
          {t('tabCertificate')}
        </NavLink>
        <NavLink to={`${PATHS.admin}/${ADMIN_SECTIONS.products}`} className="button">
          {t('tabProducts')}
        </NavLink>
        <NavLink to={`${PATHS.admin}/${ADMIN_SECTIONS.import}`} className="button">
          {t('tabImport')}
        </NavLink>
        <NavLink to={`${PATHS.admin}/${ADMIN_SECTIONS.outlets}`} className="button">
          {t('tabOutlets')}
        </NavLink>
        <NavLink to={`${PATHS.admin}/${ADMIN_SECTIONS.producers}`} className="button">
          {t('tabProducers')}
        </NavLink>
        <NavLink to={`${PATHS.admin}/${ADMIN_SECTIONS.labels}`} className="button">
          {t('tabLabels')}
        </NavLink>
        <NavLink to={`${PATHS.admin}/${ADMIN_SECTIONS.stockReasons}`} className="button">
          {t('adminReasonsNav')}
        </NavLink>
        <NavLink to={`${PATHS.admin}/${ADMIN_SECTIONS.stock}`} className="button">
          {t('stockLevelsNav')}
        </NavLink>
        <NavLink to={`${PATHS.admin}/${ADMIN_SECTIONS.settlement}`} className="button">
          {t('tabSettlement')}
        </NavLink>
        <NavLink to={`${PATHS.admin}/${ADMIN_SECTIONS.reports}`} className="button">
          {t('tabReports')}
        </NavLink>
        <NavLink to={`${PATHS.admin}/${ADMIN_SECTIONS.shifts}`} className="button">
          {t('navShift')}
        </NavLink>
        <NavLink to={`${PATHS.admin}/${ADMIN_SECTIONS.cashReasons}`} className="button">
          {t('cashReasonsNav')}
        </NavLink>
      </nav>
      <Outlet />
    </>
  );
}

function LazyPanel({ panel }: { panel: ReactNode }) {
  const t = useT();
  // The admin's menu stays on screen when a panel cannot load or draw.
  return (
    <ChunkBoundary resetKey={usePathname()}>
      <Suspense fallback={<p role="status">{t('loading')}</p>}>{panel}</Suspense>
    </ChunkBoundary>
  );
}
