// The top bar's account corner: who is signed in, in what role, and the
// quick cashier switch. An open cart is left in the leaving cashier's name
// on a switch; the next one takes it over or holds it (CartHandover).
import { useNavigate } from '../../shared/services/router.tsx';
import { signOut } from '../../db/auth-repo.ts';
import { useT } from '../../i18n/use-t.ts';
import { PATHS } from '../../shared/services/paths.ts';
import { useDb } from '../../shared/services/services.tsx';
import { useSignedInUser } from '../../shared/services/session.ts';
import { ROLE_LABEL } from '../../ui/SessionBar.tsx';

export function UserBar() {
  const t = useT();
  const db = useDb();
  const navigate = useNavigate();
  const user = useSignedInUser();
  if (!user) return null;
  const leave = () =>
    void signOut(db).then(() => {
      void navigate(PATHS.checkout);
    });
  return (
    <div className="user-bar" role="group" aria-label={t('signedInAs', { name: user.name })}>
      <span className="user-badge" data-testid="signed-in-user">
        <strong>{user.name}</strong> <span className="pill">{t(ROLE_LABEL[user.role])}</span>
      </span>
      <button type="button" className="secondary small" onClick={leave}>
        {t('switchCashier')}
      </button>
      <button type="button" className="secondary small" onClick={leave}>
        {t('signOut')}
      </button>
    </div>
  );
}
