import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterEach, beforeEach, vi } from 'vitest';
import { resetAllStores } from '../../src/client/shared/services/create-store.ts';
// The back office's words load with each page App.tsx loads on demand; these
// tests render its panels without the page around them, so they load them here.
import '../../src/client/i18n/back-office-strings.ts';
import { loadLanguage } from '../../src/client/i18n/strings.ts';

// A device fetches English when it is chosen; these tests switch to it in the
// middle of a render, so it is fetched once here, as a device that chose it has.
await loadLanguage('en');

// The counter fetches paying and the receipt as soon as it is on screen, from
// the precache in a few milliseconds, long before a cashier has filled a
// cart. Here the same fetch is a transform and an evaluation through
// vitest's module runner, which on a busy 2-core CI machine took over 15 s
// while the test had already pressed Bayar: loaded once per file here, as a
// device that has been open a moment has them. (Not the wire schemas:
// outbox-wire.test.ts checks a change queued before they arrive.)
await Promise.all([import('../../src/client/features/checkout/PaymentPanel.tsx'), import('../../src/client/features/checkout/SaleDone.tsx')]);

// CI has two cores shared with the property tests: give findBy/waitFor room
// rather than failing on a busy machine. Real failures still fail.
configure({ asyncUtilTimeout: 15_000 });

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
