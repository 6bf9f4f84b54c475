import { useLiveQuery } from 'dexie-react-hooks';
import { formatWita, formatWitaTime } from '../../../domain/time.ts';
import { loadPullProgress } from '../../db/catalog-repo.ts';
import { getDevice } from '../../db/device-repo.ts';
import { syncSummary } from '../../db/outbox-repo.ts';
import { useT } from '../../i18n/use-t.ts';
import { useDb } from '../../shared/services/services.tsx';
import { isConnected, useSyncState } from '../../sync/status.ts';
import { agoText } from './ago.ts';
import { ExportButton } from './ExportButton.tsx';
import { ImportButton } from './ImportButton.tsx';
import { failureText } from './failure-text.ts';
import { useClock } from '../../shared/services/use-clock.ts';
import { CatalogProgress } from '../../ui/CatalogProgress.tsx';
import { pushAnswerText, saleFlagNames } from '../../i18n/push-words.ts';

/** Everything a cashier or manager needs to judge the queue: what waits, since when, why, and what to do. */
export function SyncPanel({ id }: { id: string }) {
  const t = useT();
  const db = useDb();
  const { online, failure, lastSuccessAt, nextAttemptAt } = useSyncState();
  const summary = useLiveQuery(() => syncSummary(db), [db]);
  const device = useLiveQuery(() => getDevice(db), [db]);
  // Saved with every page, so a pull cut off an hour ago still shows how far it got.
  const catalog = useLiveQuery(() => loadPullProgress(db), [db]);
  const now = useClock(30_000);
  if (!summary) return null;

  const last = Math.max(summary.lastSyncAt ?? 0, lastSuccessAt ?? 0) || null;
  // Revoked outranks offline: coming back online would not help.
  const shownFailure = device?.revoked ? ({ kind: 'revoked' } as const) : !online ? ({ kind: 'offline' } as const) : failure;
  const problem = shownFailure ? failureText(t, shownFailure) : null;
  const { rejected, flagged } = summary.problems;
  const latestReason = pushAnswerText(t, { problem: summary.problems.latestProblem, reason: summary.problems.latestReason }, saleFlagNames(summary.problems.latestLines));

  return (
    <section id={id} className="sync-panel" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>
        {t('syncDetails')}
      </h2>
      <dl className="totals">
        <dt>{t('status')}</dt>
        <dd>{isConnected({ online, failure }) ? t('online') : t('offline')}</dd>
        <dt>{t('syncPending')}</dt>
        <dd data-testid="panel-unsynced">
          {summary.unsynced > 0
            ? `${t('pendingRecords', { n: summary.unsynced })}, ${t('syncOldest', { ago: agoText(t, summary.oldestUnsyncedAt ?? now, now) })}`
            : t('allSynced')}
        </dd>
        <dt>{t('syncLastLabel')}</dt>
        <dd data-testid="panel-last-sync">{last ? t('syncWhen', { time: formatWita(last), ago: agoText(t, last, now) }) : t('syncNever')}</dd>
      </dl>
      {catalog ? <CatalogProgress done={catalog.done} total={catalog.total} /> : null}
      {problem ? (
        <p className={shownFailure?.kind === 'offline' ? undefined : 'error'} data-testid="panel-problem">
          {problem.cause}
          {problem.action ? ` ${problem.action}` : ''}
          {nextAttemptAt && shownFailure?.kind !== 'offline' ? ` ${t('syncNextTry', { time: formatWitaTime(nextAttemptAt) })}` : ''}
        </p>
      ) : null}
      {rejected > 0 ? (
        <p className="error" data-testid="panel-rejected">
          {t('syncRejectedCount', { n: rejected })}. {t('syncRejectedHelp')}
        </p>
      ) : null}
      {flagged > 0 ? (
        <p data-testid="panel-flagged">
          <strong>{t('syncFlaggedCount', { n: flagged })}.</strong> {t('syncFlaggedHelp')}
        </p>
      ) : null}
      {latestReason && rejected + flagged > 0 ? <p className="small">{t('syncReason', { reason: latestReason })}</p> : null}
      <ExportButton count={summary.exportable} />
      <ImportButton />
    </section>
  );
}
