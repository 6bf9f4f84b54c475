// Sync rule 16: a new version is offered, never forced, and applied only when
// the cart is empty. The service worker is an edge jsdom cannot run, so the
// plugin's hook is replaced by one whose state the test sets.
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { addToCart, clearCart } from '../../src/client/db/cart-repo.ts';
import type { KasirDb } from '../../src/client/db/database.ts';
import { ServicesProvider } from '../../src/client/shared/services/services.tsx';
import { UpdatePrompt } from '../../src/client/pwa/UpdatePrompt.tsx';
import { freshDb } from './harness.tsx';

const sw = vi.hoisted(() => ({ needRefresh: true, update: vi.fn((_reload?: boolean) => Promise.resolve()) }));
vi.mock('virtual:pwa-register/react', () => ({
  useRegisterSW: () => ({
    needRefresh: [sw.needRefresh, vi.fn()],
    offlineReady: [false, vi.fn()],
    updateServiceWorker: sw.update,
  }),
}));

let db: KasirDb;
afterEach(() => db?.close());

describe('the update prompt', () => {
  it('offers the update but will not apply it while a cart is open', async () => {
    db = await freshDb();
    await addToCart(db, { productId: 'p-kop-001', producerId: 'umkm-kopi-sembalun', name: 'Kopi', sku: 'KOP-001', unitPrice: 65_000 });
    render(
      <ServicesProvider services={{ db, sync: null }}>
        <UpdatePrompt />
      </ServicesProvider>,
    );
    expect(await screen.findByText('Versi baru aplikasi tersedia.')).toBeInTheDocument();
    expect(await screen.findByText('Selesaikan atau kosongkan keranjang dulu untuk memperbarui.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Perbarui Sekarang' })).toBeDisabled();

    await clearCart(db);
    const user = userEvent.setup();
    await vi.waitFor(() => expect(screen.getByRole('button', { name: 'Perbarui Sekarang' })).toBeEnabled());
    expect(sw.update).not.toHaveBeenCalled();
    await user.click(screen.getByRole('button', { name: 'Perbarui Sekarang' }));
    expect(sw.update).toHaveBeenCalledWith(true);
  });
});
