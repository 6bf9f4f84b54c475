// How far a catalog download got, as the sync panel and the screen after
// enrolment show it: from where the pull stands in the device's database,
// so a pull cut off earlier still says how far it came.
import { render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { SyncPanel } from '../../src/client/features/sync-status/SyncPanel.tsx';
import { SignInPage } from '../../src/client/features/auth/SignInPage.tsx';
import { useLanguage } from '../../src/client/i18n/use-t.ts';
import { ServicesProvider } from '../../src/client/shared/services/services.tsx';
import { CatalogProgress } from '../../src/client/ui/CatalogProgress.tsx';
import { ProductSearch } from '../../src/client/features/checkout/ProductSearch.tsx';
import { newEpoch } from '../../src/server/sync/pull.ts';
import { upsertCatalog } from '../../src/server/catalog/catalog.ts';
import { DEMO_PRODUCTS } from '../../src/server/seed-data.ts';
import { FakeServer, TestDevice } from './sync-harness.ts';

let server: FakeServer | null = null;
let device: TestDevice | null = null;
afterEach(async () => {
  await device?.destroy();
  device = null;
  await server?.close();
  server = null;
  useLanguage.getState().setLang('id');
});

/** A device whose full re-pull was cut after two pages of ten products. */
async function cutPull(): Promise<TestDevice> {
  server = await FakeServer.create();
  device = await TestDevice.create(server, { pullPageSize: 10 });
  await newEpoch(server.store);
  server.plan('pull', 'ok', 'ok', 'fail-before');
  await device.engine.syncNow();
  return device;
}

describe('catalog download progress', () => {
  it('the sync panel shows how many products came of how many, in Bahasa Indonesia and in English', async () => {
    const d = await cutPull();
    render(
      <ServicesProvider services={{ db: d.db, sync: d.engine }}>
        <SyncPanel id="panel" />
      </ServicesProvider>,
    );
    const text = `Katalog 20 / ${DEMO_PRODUCTS.length}`;
    expect(await screen.findByTestId('catalog-progress')).toHaveTextContent(text);
    expect(screen.getByRole('progressbar', { name: text })).toHaveAttribute('value', '20');

    useLanguage.getState().setLang('en');
    expect(await screen.findByRole('progressbar', { name: `Catalog 20 / ${DEMO_PRODUCTS.length}` })).toBeInTheDocument();

    // The pull resumes and completes: the progress leaves the panel.
    expect((await d.engine.syncNow()).ok).toBe(true);
    await screen.findByRole('heading', { name: 'Sync details' });
    await expect.poll(() => screen.queryByTestId('catalog-progress')).toBeNull();
  });

  it('the screen after enrolment shows it too, next to the sign-in', async () => {
    const d = await cutPull();
    render(
      <ServicesProvider services={{ db: d.db, sync: d.engine }}>
        <SignInPage />
      </ServicesProvider>,
    );
    expect(await screen.findByTestId('catalog-progress')).toHaveTextContent(`Katalog 20 / ${DEMO_PRODUCTS.length}`);
  });

  it('writes thousands as people read them: 23.000 in Bahasa Indonesia, 23,000 in English', () => {
    const { rerender } = render(<CatalogProgress done={23_000} total={50_000} />);
    expect(screen.getByTestId('catalog-progress')).toHaveTextContent('Katalog 23.000 / 50.000');
    useLanguage.getState().setLang('en');
    rerender(<CatalogProgress done={23_000} total={50_000} />);
    expect(screen.getByTestId('catalog-progress')).toHaveTextContent('Catalog 23,000 / 50,000');
  });
});

describe('the counter after a catalog download', () => {
  it('the category list follows the pull: a category the next pull brings is offered once that pull completes', async () => {
    server = await FakeServer.create();
    device = await TestDevice.create(server, { pullPageSize: 10 });
    expect((await device.engine.syncNow()).ok).toBe(true);
    render(
      <ServicesProvider services={{ db: device.db, sync: device.engine }}>
        <ProductSearch outletId="ntb-mall" initialQuery="" onCamera={() => undefined} />
      </ServicesProvider>,
    );
    const options = () => [...screen.getByRole('combobox', { name: 'Kategori' }).querySelectorAll('option')].map((o) => o.textContent ?? '').slice(1).sort();
    const demo = [...new Set(DEMO_PRODUCTS.map((p) => p.category))].sort();
    await expect.poll(options).toEqual(demo);
    const first = DEMO_PRODUCTS[0];
    if (!first) throw new Error('no demo product');
    await upsertCatalog(server.store, { products: [{ ...first, id: 'p-grb-001', sku: 'GRB-001', barcode: null, name: 'Kendi Banyumulek', category: 'Gerabah' }] });
    expect((await device.engine.syncNow()).ok).toBe(true);
    await expect.poll(options).toEqual([...demo, 'Gerabah'].sort());
  });
});
