// English twin of mgmt-session-strings.ts, fetched with strings-en.ts only when English is
// chosen (issue 12: the counter's first download carries Indonesian alone).
// A word added there must be added here: the compiler asks for it.

import type { mgmtSessionId } from './mgmt-session-strings.ts';

export const mgmtSessionEn: Record<keyof typeof mgmtSessionId, string> = {
  returnKindVoid: 'Void',
  returnKindRefund: 'Refund',
  navAdmin: 'Admin',
  mgmtSignOutLong: 'Sign out of management',
  sessionLabel: 'Management session',
  mgmtSignedInAs: 'Signed in as {name} ({username}, {role}).',
  sessionUntil: 'Session valid until {time}.',
  sessionExpiredNotice: 'Your session has ended. Please sign in again.',
  errBadCredentials: 'Wrong username or password.',
  errRateLimited: 'Too many attempts. Try again in {n} minutes.',
  errRateLimitedLater: 'Too many attempts. Try again in a while.',
  errForbidden: 'Your account may not do this.',
  errWrongOutlet: 'Your account may not act for this outlet.',
  errUnreachable: 'The server cannot be reached ({detail}). The management pages need the network; check the connection and try again.',
  errUpdateRequired: 'The app needs an update: {message}',
  errBadResponse: 'The server answered something this app does not understand ({detail}). The app and server versions may differ; reload the page.',
  errRefused: 'The server refused: {message}',
  errServer: 'The server failed ({message}). Try again shortly.',
  newPassword: 'New password (at least 10 characters)',
  errUsernameTaken: 'This username is already taken.',
  errOutlet: 'Enter an outlet id, or choose all outlets (admins only).',
  errUnknownOutlet: 'The server knows no such outlet. Check the outlet id.',
  errWeakPin: 'This PIN is too easy for someone else to guess. Choose another.',
  errLastAdmin: 'This change would leave no active admin. Make someone else an admin first.',
};
