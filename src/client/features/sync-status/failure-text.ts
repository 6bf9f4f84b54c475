import { serverErrorText } from '../../i18n/server-words.ts';
import type { T } from '../../i18n/use-t.ts';
import type { ServerRefusal, SyncFailure } from '../../sync/engine.ts';

/** The server's refusal in the reader's words when it gave a code; else the technical detail. */
function detailOf(t: T, failure: { detail: string; server?: ServerRefusal }): string {
  return failure.server ? serverErrorText(t, failure.server.code, failure.server.params) : failure.detail;
}

/** The cause in words and what to do about it; null `action` when the cause already says it. */
export function failureText(t: T, failure: SyncFailure): { cause: string; action: string | null } {
  switch (failure.kind) {
    case 'offline':
      return { cause: t('syncErrorOffline'), action: null };
    case 'unreachable':
      return { cause: t('syncErrorUnreachable', { detail: detailOf(t, failure) }), action: null };
    case 'update-required':
      return { cause: t('syncErrorUpdate', { detail: detailOf(t, failure) }), action: t('syncUpdateHelp') };
    case 'refused':
      return { cause: t('syncErrorRefused', { detail: detailOf(t, failure) }), action: null };
    case 'storage':
      return { cause: t('syncErrorStorage', { detail: failure.detail }), action: null };
    case 'not-enrolled':
      return { cause: t('syncErrorNotEnrolled'), action: null };
    case 'revoked':
      return { cause: t('syncErrorRevoked'), action: t('syncRevokedHelp') };
    case 'unauthenticated':
      return { cause: t('syncErrorUnauthenticated', { detail: detailOf(t, failure) }), action: t('syncEnrolAgainHelp') };
  }
}
