// The device database and the sync engine, handed down by context so tests
// can give each case a fresh database and a fake server.
import { createContext, useContext, type ReactNode } from 'react';
import type { KasirDb } from '../../db/database.ts';
import type { SyncEngine } from '../../sync/engine.ts';

export interface Services {
  db: KasirDb;
  sync: SyncEngine | null;
}

const ServicesContext = createContext<Services | null>(null);

export function ServicesProvider({ services, children }: { services: Services; children: ReactNode }) {
  return <ServicesContext.Provider value={services}>{children}</ServicesContext.Provider>;
}

export function useServices(): Services {
  const s = useContext(ServicesContext);
  if (!s) throw new Error('useServices outside ServicesProvider');
  return s;
}

export function useDb(): KasirDb {
  return useServices().db;
}
