import type { T } from '../../i18n/use-t.ts';
import type { SyncFailure } from '../../sync/engine.ts';

/** The cause in words and what to do about it; null `action` when the cause already says it. */
export function failureText(t: T, failure: SyncFailure): { cause: string; action: string | null } {
  switch (failure.kind) {
    case 'offline':
      return { cause: t('syncErrorOffline'), action: null };
    case 'unreachable':
      return { cause: t('syncErrorUnreachable', { detail: failure.detail }), action: null };
    case 'update-required':
      return { cause: t('syncErrorUpdate', { detail: failure.detail }), action: t('syncUpdateHelp') };
    case 'refused':
      return { cause: t('syncErrorRefused', { detail: failure.detail }), action: null };
    case 'storage':
      return { cause: t('syncErrorStorage', { detail: failure.detail }), action: null };
    case 'not-enrolled':
      return { cause: t('syncErrorNotEnrolled'), action: null };
    case 'revoked':
      return { cause: t('syncErrorRevoked'), action: t('syncRevokedHelp') };
    case 'unauthenticated':
      return { cause: t('syncErrorUnauthenticated', { detail: failure.detail }), action: t('syncEnrolAgainHelp') };
  }
}
