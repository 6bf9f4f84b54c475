import { useLiveQuery } from 'dexie-react-hooks';
import { formatWitaTime } from '../../../domain/time.ts';
import { unsyncedCount } from '../../db/outbox-repo.ts';
import { useT } from '../../i18n/use-t.ts';
import { useDb, useServices } from '../../lib/services.tsx';
import { useSyncState } from '../../sync/status.ts';

export function SyncIndicator() {
  const t = useT();
  const db = useDb();
  const { sync } = useServices();
  const { online, syncing, failure, lastSuccessAt } = useSyncState();
  const pending = useLiveQuery(() => unsyncedCount(db), [db]) ?? 0;
  let problem: string | null = null;
  if (failure?.kind === 'unreachable') problem = t('syncErrorUnreachable', { detail: failure.detail });
  if (failure?.kind === 'update-required') problem = t('syncErrorUpdate', { detail: failure.detail });
  if (failure?.kind === 'refused') problem = t('syncErrorRefused', { detail: failure.detail });
  return (
    <div className="sync-indicator" role="status" aria-label={t('syncStatus')}>
      <span className={online ? 'pill online' : 'pill offline'}>{online ? t('online') : t('offline')}</span>
      <span className={pending > 0 ? 'pill pending' : 'pill ok'} data-testid="pending-count" data-count={pending}>
        {pending > 0 ? t('pendingSales', { n: pending }) : t('allSynced')}
      </span>
      {lastSuccessAt ? <span className="muted small">{t('lastSync', { time: formatWitaTime(lastSuccessAt) })}</span> : null}
      {sync ? (
        <button type="button" className="secondary small" disabled={syncing} onClick={() => void sync.syncNow()}>
          {syncing ? t('syncing') : t('syncNow')}
        </button>
      ) : null}
      {problem && online ? <p className="error small">{problem}</p> : null}
    </div>
  );
}
