import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { KasirDb } from '../../src/client/db/database.ts';
import { freshDb, renderApp } from './harness.tsx';

let db: KasirDb;
afterEach(() => {
  db?.close();
  vi.restoreAllMocks();
});

/** The camera is an edge no test can run here: a stream and a BarcodeDetector that "sees" one code. */
function fakeCamera(code: string) {
  const track = { stop: vi.fn() };
  const stream = { getTracks: () => [track] } as unknown as MediaStream;
  vi.stubGlobal('navigator', Object.assign(Object.create(navigator) as Navigator, { mediaDevices: { getUserMedia: vi.fn(() => Promise.resolve(stream)) } }));
  vi.spyOn(HTMLMediaElement.prototype, 'play').mockResolvedValue(undefined);
  const detect = vi.fn().mockResolvedValueOnce([]).mockResolvedValue([{ rawValue: code }]);
  vi.stubGlobal(
    'BarcodeDetector',
    class {
      detect = detect;
    },
  );
  return { track, detect };
}

describe('camera scanning', () => {
  it('adds the product the camera reads, then turns the camera off', async () => {
    db = await freshDb();
    const product = await db.products.where('sku').equals('TNN-005').first();
    const { track, detect } = fakeCamera(product?.barcode ?? '');
    const user = userEvent.setup();
    renderApp({ db, sync: null });
    await user.click(await screen.findByRole('button', { name: 'Pindai dengan Kamera' }));
    expect(screen.getByRole('dialog', { name: 'Pindai dengan Kamera' })).toBeInTheDocument();
    expect(await within(await screen.findByRole('list', { name: 'Keranjang' })).findByText('Dompet Tenun Motif Subahnale')).toBeInTheDocument();
    expect(detect).toHaveBeenCalledTimes(2);
    expect(track.stop).toHaveBeenCalled();
    expect(screen.queryByRole('dialog', { name: 'Pindai dengan Kamera' })).toBeNull();
  });

  it.each([
    ['NotAllowedError', 'Permission denied', 'Kamera tidak bisa dipakai: izin ditolak: izinkan akses di pengaturan peramban, lalu coba lagi'],
    ['NotFoundError', 'Requested device not found', 'Kamera tidak bisa dipakai: perangkat tidak ditemukan: pastikan kamera atau printer tersambung dan tidak dipakai aplikasi lain'],
  ])('says plainly, in Indonesian, when the camera cannot be used (%s)', async (name, english, words) => {
    db = await freshDb();
    vi.stubGlobal('navigator', Object.assign(Object.create(navigator) as Navigator, { mediaDevices: { getUserMedia: vi.fn(() => Promise.reject(new DOMException(english, name))) } }));
    vi.stubGlobal('BarcodeDetector', class {});
    const user = userEvent.setup();
    renderApp({ db, sync: null });
    await user.click(await screen.findByRole('button', { name: 'Pindai dengan Kamera' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(words);
    expect(alert).not.toHaveTextContent(english);
  });
});
