import { lazy, StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from './shared/services/router.tsx';
import { App } from './app/App.tsx';
import { bootstrap } from './app/bootstrap.ts';
import './app/styles.css';
import { getDb } from './db/database.ts';
import { ServicesProvider } from './shared/services/services.tsx';
import { UpdatePrompt } from './pwa/UpdatePrompt.tsx';
import { STATEMENT_PAGE_PREFIX } from '../protocol/statement-page.ts';

const root = createRoot(document.getElementById('root')!);

// A producer's statement link opens that statement alone: no device storage, no sync, no service worker, no menu.
if (location.pathname.startsWith(STATEMENT_PAGE_PREFIX)) {
  const StatementSharePage = lazy(() => import('./features/admin/settlement/StatementSharePage.tsx'));
  root.render(
    <StrictMode>
      <Suspense fallback={null}>
        <StatementSharePage token={location.pathname.slice(STATEMENT_PAGE_PREFIX.length).replace(/\/+$/, '')} />
      </Suspense>
    </StrictMode>,
  );
} else {
  startApp();
}

function startApp(): void {
  const db = getDb();
  bootstrap(db)
    .then((sync) => {
      root.render(
        <StrictMode>
          <ServicesProvider services={{ db, sync }}>
            <BrowserRouter>
              <App banner={<UpdatePrompt />} />
            </BrowserRouter>
          </ServicesProvider>
        </StrictMode>,
      );
    })
    .catch((e: unknown) => {
      // Without IndexedDB nothing can be sold safely; say so instead of a blank page.
      const p = document.createElement('p');
      p.setAttribute('role', 'alert');
      p.textContent = `Kasir Karya tidak bisa membuka penyimpanan perangkat: ${e instanceof Error ? e.message : String(e)}. Muat ulang halaman; jika tetap gagal, periksa ruang penyimpanan peramban.`;
      document.getElementById('root')!.replaceChildren(p);
    });
}
