// A page whose code cannot be fetched (offline on a first visit) or that
// throws while drawing says so in words, keeps the rest of the app, and
// "Coba Lagi" fetches it again: React.lazy alone keeps the failure for good.
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Suspense, type ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { lazyRetry } from '../../src/client/shared/services/lazy-retry.tsx';
import { ChunkBoundary } from '../../src/client/shared/services/ChunkBoundary.tsx';
import { useLanguage } from '../../src/client/i18n/use-t.ts';

afterEach(() => vi.restoreAllMocks());

function Page({ name }: { name: string }) {
  return <h1>{name}</h1>;
}

function app(Component: (props: { name: string }) => ReactNode, resetKey?: string) {
  return (
    <div>
      <nav aria-label="Menu">
        <a href="/">Kasir</a>
      </nav>
      <ChunkBoundary resetKey={resetKey}>
        <Suspense fallback={null}>
          <Component name="Tutup Kasir" />
        </Suspense>
      </ChunkBoundary>
    </div>
  );
}

describe('a page that cannot load', () => {
  it('says the device is offline and the page is not stored yet, keeps the menu, and loads on Coba Lagi', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    let online = false;
    const load = vi.fn(() => (online ? Promise.resolve(Page) : Promise.reject(new TypeError('Failed to fetch dynamically imported module: http://127.0.0.1/assets/ShiftPage-x.js'))));
    const Lazy = lazyRetry(load);
    const user = userEvent.setup();
    render(app(Lazy));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Halaman ini belum tersimpan di perangkat');
    expect(alert).toHaveTextContent('Sambungkan ke jaringan, lalu tekan Coba Lagi.');
    expect(screen.getByRole('navigation', { name: 'Menu' })).toBeInTheDocument();
    // Pressed while still offline: the same words, fetched once more, nothing blank.
    await user.click(screen.getByRole('button', { name: 'Coba Lagi' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Halaman ini belum tersimpan di perangkat');
    expect(load).toHaveBeenCalledTimes(2);

    online = true;
    await user.click(screen.getByRole('button', { name: 'Coba Lagi' }));
    expect(await screen.findByRole('heading', { name: 'Tutup Kasir' })).toBeInTheDocument();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(load).toHaveBeenCalledTimes(3);
  });

  it('a page that throws while drawing names the error, and going to another page clears it', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const Broken = () => {
      throw new Error('settings missing');
    };
    const { rerender } = render(app(Broken, '/shift'));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Halaman ini gagal ditampilkan');
    expect(alert).toHaveTextContent('settings missing');
    rerender(app(Page, '/'));
    expect(await screen.findByRole('heading', { name: 'Tutup Kasir' })).toBeInTheDocument();
  });

  it('speaks English when English is chosen', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    useLanguage.getState().setLang('en');
    render(app(lazyRetry(() => Promise.reject(new TypeError('Failed to fetch dynamically imported module: /assets/x.js')))));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('This page is not on the device yet');
    expect(screen.getByRole('button', { name: 'Try Again' })).toBeInTheDocument();
  });
});
