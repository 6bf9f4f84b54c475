import './zod-csp.ts';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { App } from './app/App.tsx';
import { bootstrap } from './app/bootstrap.ts';
import './app/styles.css';
import { getDb } from './db/database.ts';
import { ServicesProvider } from './shared/services/services.tsx';
import { UpdatePrompt } from './pwa/UpdatePrompt.tsx';

const db = getDb();
const root = createRoot(document.getElementById('root')!);

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
