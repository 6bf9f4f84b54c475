// Outlet ids an admin can pick from without a device credential: those in the
// catalog this device already pulled, if any. A fresh PC has none, so every
// outlet field stays free text and this only offers suggestions.
import { useLiveQuery } from 'dexie-react-hooks';
import { listOutlets } from '../../db/catalog-repo.ts';
import { useDb } from '../../shared/services/services.tsx';

export interface KnownOutlet {
  id: string;
  name: string;
}

export function useKnownOutlets(): KnownOutlet[] {
  const db = useDb();
  const outlets = useLiveQuery(() => listOutlets(db), [db]);
  return (outlets ?? []).map((o) => ({ id: o.id, name: o.name }));
}

export function outletName(outlets: readonly KnownOutlet[], id: string): string {
  return outlets.find((o) => o.id === id)?.name ?? id;
}
