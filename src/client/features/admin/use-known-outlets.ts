// The outlets an admin picks from (device registration, users): the server's
// list, as the outlet administration keeps it; while it loads, or if it
// cannot be had, those in the catalog this device already pulled.
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import { listOutlets } from '../../db/catalog-repo.ts';
import { useDb } from '../../shared/services/services.tsx';
import { listAdminOutlets } from '../../sync/catalog-admin-api.ts';

export interface KnownOutlet {
  id: string;
  name: string;
  /** An inactive outlet is still named in lists, but not offered for new devices and users. */
  active: boolean;
}

export function useKnownOutlets(): KnownOutlet[] {
  const db = useDb();
  const local = useLiveQuery(() => listOutlets(db), [db]);
  const [fromServer, setFromServer] = useState<KnownOutlet[] | null>(null);
  useEffect(() => {
    let live = true;
    listAdminOutlets().then(
      (outlets) => {
        if (live) setFromServer(outlets.map((o) => ({ id: o.id, name: o.name, active: o.active })));
      },
      // The device's catalog stands in; the form still says what the server refuses.
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);
  return fromServer ?? (local ?? []).map((o) => ({ id: o.id, name: o.name, active: o.active ?? true }));
}

export function outletName(outlets: readonly KnownOutlet[], id: string): string {
  return outlets.find((o) => o.id === id)?.name ?? id;
}

/** The choices for a form: active outlets, and the one already chosen even if it is not. */
export function outletChoices(outlets: readonly KnownOutlet[], current: string | null): { id: string; label: string }[] {
  const shown = outlets.filter((o) => o.active || o.id === current).map((o) => ({ id: o.id, label: o.name }));
  if (current !== null && current !== '' && !shown.some((o) => o.id === current)) shown.push({ id: current, label: current });
  return shown;
}
