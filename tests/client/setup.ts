import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterEach, beforeEach, vi } from 'vitest';
import { resetAllStores } from '../../src/client/lib/create-store.ts';

// Any network request a test did not arrange fails the test.
beforeEach(() => {
  vi.stubGlobal(
    'fetch',
    vi.fn((input: unknown) => Promise.reject(new Error(`unexpected network request in a test: ${String(input)}`))),
  );
});

afterEach(() => {
  cleanup();
  resetAllStores();
  vi.unstubAllGlobals();
});
