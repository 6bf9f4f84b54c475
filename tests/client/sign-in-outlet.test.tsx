// Whose PIN a device offers: the people of its own outlet. An admin of every
// outlet signs in with a password on the management screens and has no PIN on
// any device (a PIN hash can be taken with a stolen tablet).
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { KasirDb } from '../../src/client/db/database.ts';
import { ADMIN, ADMIN_EVERYWHERE, CASHIER, freshDb, OTHER_OUTLET_SUPERVISOR, renderApp, SUPERVISOR } from './harness.tsx';

let db: KasirDb | null = null;
afterEach(() => {
  db?.close();
  db = null;
});

describe('the sign-in list', () => {
  it("offers this outlet's people, its admin included, and neither another outlet's supervisor nor an admin of every outlet", async () => {
    db = await freshDb(true, { signedIn: null });
    userEvent.setup();
    renderApp({ db, sync: null });
    for (const who of [CASHIER, SUPERVISOR, ADMIN]) {
      expect(await screen.findByRole('radio', { name: new RegExp(`^${who.name}`) })).toBeInTheDocument();
    }
    expect(screen.queryByRole('radio', { name: new RegExp(`^${OTHER_OUTLET_SUPERVISOR.name}`) })).toBeNull();
    expect(screen.queryByRole('radio', { name: new RegExp(`^${ADMIN_EVERYWHERE.name}`) })).toBeNull();
  });
});
