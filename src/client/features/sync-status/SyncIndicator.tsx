import { useLiveQuery } from 'dexie-react-hooks';
import { Suspense, useId, useState } from 'react';
import { lazyRetry } from '../../shared/services/lazy-retry.tsx';
import { ChunkBoundary } from '../../shared/services/ChunkBoundary.tsx';
import { formatWitaTime } from '../../../domain/time.ts';
import { isEnrolled } from '../../db/auth-repo.ts';
import { getDevice } from '../../db/device-repo.ts';
import { syncSummary } from '../../db/outbox-repo.ts';
import { useT } from '../../i18n/use-t.ts';
import { AppLink } from '../../shared/services/app-link.tsx';
import { PATHS } from '../../shared/services/paths.ts';
import { useDb, useServices } from '../../shared/services/services.tsx';
import { isConnected, useSyncState } from '../../sync/status.ts';
import { agoText } from './ago.ts';
import { failureText } from './failure-text.ts';
import { useClock } from '../../shared/services/use-clock.ts';

// The details (what the queue holds, import from another device, the pull's progress) are opened by
// hand, and the export shows here only on a revoked or unknown device: neither is part of the counter's
// first download; the precache has them offline.
const SyncPanel = lazyRetry(() => import('./SyncPanel.tsx').then((m) => m.SyncPanel));
const ExportButton = lazyRetry(() => import('./ExportButton.tsx').then((m) => m.ExportButton));

/** The top bar's view of the queue; the details open below it. */
export function SyncIndicator() {
  const t = useT();
  const db = useDb();
  const { sync } = useServices();
  const state = useSyncState();
  const { syncing, failure, lastSuccessAt } = state;
  // The pill: whether the server can be reached. The sentence below still
  // says why when the browser believes it has a network.
  const online = isConnected(state);
  const summary = useLiveQuery(() => syncSummary(db), [db]);
  const device = useLiveQuery(() => getDevice(db), [db]);
  const now = useClock(30_000);
  const [open, setOpen] = useState(false);
  const panelId = useId();

  const pending = summary?.unsynced ?? null;
  const last = Math.max(summary?.lastSyncAt ?? 0, lastSuccessAt ?? 0) || null;
  const rejected = summary?.problems.rejected ?? 0;
  // Read from the database too: a revoked device says so from the first
  // paint after a reload, before its engine has even started.
  const revoked = device?.revoked === true || failure?.kind === 'revoked';
  const unknownDevice = !revoked && failure?.kind === 'unauthenticated';
  // Nothing can sync from a browser that was never enrolled: "all synced" would be a comfort it has not earned.
  const notEnrolled = device !== undefined && !isEnrolled(device);
  // Offline needs no sentence up here: the pill says it, and nothing is wrong.
  // Nor does "not enrolled": the enrolment screen below says it.
  const problem =
    failure && state.online && !revoked && !unknownDevice && failure.kind !== 'offline' && failure.kind !== 'not-enrolled' ? failureText(t, failure) : null;

  return (
    <>
      <div className="sync-indicator" role="status" aria-label={t('syncStatus')}>
        <span className={online ? 'pill online' : 'pill offline'}>{online ? t('online') : t('offline')}</span>
        {pending === null ? null : (
          <span className={pending > 0 || notEnrolled ? 'pill pending' : 'pill ok'} data-testid="pending-count" data-count={pending}>
            {pending > 0 ? t('pendingRecords', { n: pending }) : notEnrolled ? t('syncNotEnrolled') : t('allSynced')}
          </span>
        )}
        {pending && summary?.oldestUnsyncedAt ? (
          <span className="muted small" data-testid="oldest-unsynced">
            {t('syncOldest', { ago: agoText(t, summary.oldestUnsyncedAt, now) })}
          </span>
        ) : null}
        {rejected > 0 ? (
          <span className="pill pending" data-testid="rejected-count">
            {t('syncRejectedCount', { n: rejected })}
          </span>
        ) : null}
        {last ? <span className="muted small last-sync">{t('lastSync', { time: formatWitaTime(last) })}</span> : null}
        {sync ? (
          <button type="button" className="secondary small" disabled={syncing || revoked} onClick={() => void sync.syncNow()}>
            {syncing ? t('syncing') : t('syncNow')}
          </button>
        ) : null}
        <button type="button" className="secondary small" aria-expanded={open} aria-controls={panelId} onClick={() => setOpen((o) => !o)}>
          {t('syncDetails')}
        </button>
        {problem ? (
          <p className="error small">
            {problem.cause}
            {problem.action ? ` ${problem.action}` : ''}
          </p>
        ) : null}
      </div>
      {revoked || unknownDevice ? (
        <div className="device-alert" role="alert" data-testid="device-alert">
          <p>
            <strong>{revoked ? t('syncErrorRevoked') : failureText(t, failure ?? { kind: 'unauthenticated', detail: '' }).cause}</strong>{' '}
            {revoked ? t('syncRevokedHelp') : t('syncEnrolAgainHelp')}
          </p>
          <ChunkBoundary>
            <Suspense fallback={null}>
              <ExportButton count={summary?.exportable ?? 0} />
            </Suspense>
          </ChunkBoundary>
          <AppLink to={PATHS.enrol} className="button secondary small">
            {t('enrolAgain')}
          </AppLink>
        </div>
      ) : null}
      {open ? (
        <ChunkBoundary>
          <Suspense fallback={null}>
            <SyncPanel id={panelId} />
          </Suspense>
        </ChunkBoundary>
      ) : null}
    </>
  );
}
