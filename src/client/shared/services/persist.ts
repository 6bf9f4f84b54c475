// Sync rule 4: ask the browser not to evict our data, and remember the answer
// so settings can show it.
import type { KasirDb } from '../../db/database.ts';
import { saveSetting } from '../../db/settings-repo.ts';

export async function requestPersistence(db: KasirDb): Promise<boolean | null> {
  const storage = globalThis.navigator?.storage;
  if (!storage?.persist) return null;
  const granted = (await storage.persisted()) || (await storage.persist());
  await saveSetting(db, 'persisted', granted);
  return granted;
}
