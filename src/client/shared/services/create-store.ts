// zustand behind our own module: every store made here can be reset between
// tests (bulletproof-react's pattern), and no feature imports zustand itself.
import { create, type StateCreator, type StoreApi, type UseBoundStore } from 'zustand';

const resets = new Set<() => void>();

export function createStore<T>(init: StateCreator<T>): UseBoundStore<StoreApi<T>> {
  const store = create<T>()(init);
  const initial = store.getState();
  resets.add(() => store.setState(initial, true));
  return store;
}

export function resetAllStores(): void {
  for (const r of resets) r();
}
