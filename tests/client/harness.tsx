// A fresh device database per test, loaded with the demo catalog as a pull
// would bring it, and the app rendered around it.
import { render, type RenderResult } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { App } from '../../src/client/app/App.tsx';
import { applyPull } from '../../src/client/db/catalog-repo.ts';
import { KasirDb } from '../../src/client/db/database.ts';
import { ensureDevice } from '../../src/client/db/device-repo.ts';
import { ServicesProvider, type Services } from '../../src/client/lib/services.tsx';
import type { PullResponse } from '../../src/protocol/schemas.ts';
import { demoCatalog } from '../../src/server/seed-data.ts';

let counter = 0;

export function demoPull(version = 1): PullResponse {
  const c = demoCatalog();
  return { version, epoch: 0, full: true, outlets: c.outlets, producers: c.producers, products: c.products, stock: c.stock, users: [] };
}

export async function freshDb(withCatalog = true): Promise<KasirDb> {
  const db = new KasirDb(`test-${Date.now()}-${++counter}`);
  await db.open();
  await ensureDevice(db);
  if (withCatalog) await applyPull(db, demoPull(), []);
  return db;
}

export function renderApp(services: Services, path = '/'): RenderResult {
  return render(
    <ServicesProvider services={services}>
      <MemoryRouter initialEntries={[path]}>
        <App />
      </MemoryRouter>
    </ServicesProvider>,
  );
}
