import { createStore } from '../shared/services/create-store.ts';
import type { SyncEngineState } from './engine.ts';

export interface SyncState extends SyncEngineState {
  online: boolean;
}

export const useSyncState = createStore<SyncState>(() => ({
  online: typeof navigator === 'undefined' ? true : navigator.onLine,
  syncing: false,
  lastSuccessAt: null,
  failure: null,
  nextAttemptAt: null,
}));

/**
 * Whether the device can reach the server, as the cashier should be told:
 * the browser's flag says only that some network is there. A booth's Wi-Fi
 * with no uplink, or a cable that leads nowhere, is offline too: the last
 * round got no answer at all. A server that answered with an error is not.
 */
export function isConnected(s: Pick<SyncState, 'online' | 'failure'>): boolean {
  return s.online && !(s.failure?.kind === 'unreachable' && s.failure.noConnection === true);
}
