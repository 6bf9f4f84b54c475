// Who holds the management session on this screen, until when, and the way out:
// on a shared counter PC the next person must see whose session is open.
import { formatWita } from '../../domain/time.ts';
import type { SessionUser } from '../../protocol/auth.ts';
import type { StringKey } from '../i18n/strings.ts';
import { useT } from '../i18n/use-t.ts';

export const ROLE_LABEL: Record<SessionUser['role'], StringKey> = {
  cashier: 'roleCashier',
  supervisor: 'roleSupervisor',
  admin: 'roleAdmin',
};

export function SessionBar({ user, expiresAt, onSignOut }: { user: SessionUser; expiresAt: number; onSignOut: () => void }) {
  const t = useT();
  return (
    <section className="inline session-bar" aria-label={t('sessionLabel')}>
      <p>
        {t('mgmtSignedInAs', { name: user.name, username: user.username, role: t(ROLE_LABEL[user.role]) })}{' '}
        <span className="muted">{t('sessionUntil', { time: formatWita(expiresAt) })}</span>
      </p>
      {/* The counter's own PIN sign-out may be on screen too: the words, not only the accessible name, say which this is. */}
      <button type="button" className="secondary" onClick={onSignOut}>
        {t('mgmtSignOutLong')}
      </button>
    </section>
  );
}
