// Who is at the counter: the signed-in user, read live from the device
// database, so every tab and every screen agrees.
import { useLiveQuery } from 'dexie-react-hooks';
import { signedInUser } from '../../db/auth-repo.ts';
import type { UserRow } from '../../db/schema.ts';
import { useDb } from './services.tsx';

/** The signed-in user; null when nobody is, undefined while the database answers. */
export function useSignedInUser(): UserRow | null | undefined {
  const db = useDb();
  return useLiveQuery(() => signedInUser(db), [db]);
}
