// The management pages under /admin. They need no enrolled device and no PIN
// sign-in: an admin registers a fresh PC from this very page, with a password
// session that lives only in this tab.
import { Link, Navigate, NavLink, Outlet, Route, Routes } from 'react-router';
import type { Role } from '../../../domain/approval.ts';
import { useT } from '../../i18n/use-t.ts';
import { managementErrorText, useManagementSession } from '../../shared/services/management-session.ts';
import { PATHS } from '../../shared/services/paths.ts';
import { signIn, signOut } from '../../sync/admin-api.ts';
import { ROLE_LABEL, SessionBar } from '../../ui/SessionBar.tsx';
import { SignInForm } from '../../ui/SignInForm.tsx';
import { AuditPanel } from './AuditPanel.tsx';
import { CertificatePanel } from './CertificatePanel.tsx';
import { DevicesPanel } from './DevicesPanel.tsx';
import { StockReasonsPanel } from './StockReasonsPanel.tsx';
import { UsersPanel } from './UsersPanel.tsx';

/** Sub-paths under /admin, relative so this feature need not know where the app mounts it. */
export const ADMIN_SECTIONS = { devices: 'perangkat', users: 'pengguna', audit: 'audit', certificate: 'sertifikat', stockReasons: 'alasan-stok' } as const;

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
          {session.user.role === 'admin' ? <AdminSections /> : <AdminOnly role={session.user.role} />}
        </>
      )}
    </section>
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
        <Route path={ADMIN_SECTIONS.stockReasons} element={<StockReasonsPanel />} />
      </Route>
    </Routes>
  );
}

function AdminLayout() {
  const t = useT();
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
        <NavLink to={`${PATHS.admin}/${ADMIN_SECTIONS.stockReasons}`} className="button">
          {t('adminReasonsNav')}
        </NavLink>
      </nav>
      <Outlet />
    </>
  );
}
