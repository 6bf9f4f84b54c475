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
