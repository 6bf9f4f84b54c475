// A failed load or save on an admin panel, in words. A 403 means the server
// no longer counts this account as an admin (role changed since sign-in), so
// it reads as the same "admins only" message the page gives up front.
import { useT } from '../../i18n/use-t.ts';
import { ManagementError, managementErrorText, useManagementSession } from '../../shared/services/management-session.ts';
import { ROLE_LABEL } from '../../ui/SessionBar.tsx';

export function PanelError({ error }: { error: unknown }) {
  const t = useT();
  const role = useManagementSession((s) => s.session?.user.role ?? null);
  const text =
    error instanceof ManagementError && error.kind === 'forbidden' && role !== null
      ? t('adminOnly', { role: t(ROLE_LABEL[role]) })
      : managementErrorText(t, error);
  return (
    <p role="alert" className="error">
      {text}
    </p>
  );
}
