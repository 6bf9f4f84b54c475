import { createStore } from '../lib/create-store.ts';
import type { SyncFailure } from './engine.ts';

export interface SyncState {
  online: boolean;
  syncing: boolean;
  lastSuccessAt: number | null;
  failure: SyncFailure | null;
}

export const useSyncState = createStore<SyncState>(() => ({
  online: typeof navigator === 'undefined' ? true : navigator.onLine,
  syncing: false,
  lastSuccessAt: null,
  failure: null,
}));
