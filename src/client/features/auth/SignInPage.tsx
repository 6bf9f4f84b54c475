// Who is at the counter: pick your name, type your PIN. Works with no
// network; the people and their PIN hashes came down with the last pull.
import { useLiveQuery } from 'dexie-react-hooks';
import { useId } from 'react';
import { signIn, signInUsers } from '../../db/auth-repo.ts';
import { loadPullProgress, outletById } from '../../db/catalog-repo.ts';
import { getDevice } from '../../db/device-repo.ts';
import { useT } from '../../i18n/use-t.ts';
import { PinPrompt } from '../../shared/approvals/pin-prompt.tsx';
import { useDb, useServices } from '../../shared/services/services.tsx';
import { useSyncState } from '../../sync/status.ts';
import { CatalogProgress } from '../../ui/CatalogProgress.tsx';

export function SignInPage() {
  const t = useT();
  const db = useDb();
  const { sync } = useServices();
  const id = useId();
  const syncing = useSyncState((s) => s.syncing);
  const device = useLiveQuery(() => getDevice(db), [db]);
  const outletId = device?.outletId ?? null;
  const outlet = useLiveQuery(() => outletById(db, outletId), [db, outletId]);
  const users = useLiveQuery(() => (outletId ? signInUsers(db, outletId) : Promise.resolve(undefined)), [db, outletId]);
  // Right after enrolment: the people come with the first page, the rest of the catalog follows.
  const catalog = useLiveQuery(() => loadPullProgress(db), [db]);
  if (!device || users === undefined) return null;

  return (
    <section className="sign-in narrow" aria-labelledby={`${id}-h`}>
      <h1 id={`${id}-h`}>{t('signInTitle')}</h1>
      <p className="muted">{[outlet?.name ?? device.outletId, device.label].filter(Boolean).join(' · ')}</p>
      {users.length === 0 ? (
        <div className="notice" role="status">
          <p>{syncing ? t('signInLoadingUsers') : t('signInNoUsers')}</p>
          {sync ? (
            <button type="button" className="secondary" disabled={syncing} onClick={() => void sync.syncNow()}>
              {syncing ? t('syncing') : t('syncNow')}
            </button>
          ) : null}
        </div>
      ) : (
        <PinPrompt
          users={users}
          initialUserId={users.length === 1 ? (users[0]?.id ?? null) : null}
          pickLabel={t('signInPick')}
          submitLabel={t('signIn')}
          onVerified={(u) => void signIn(db, u.id)}
        />
      )}
      {catalog ? <CatalogProgress done={catalog.done} total={catalog.total} /> : null}
    </section>
  );
}
