import { render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CertificatePanel } from '../../src/client/features/admin/CertificatePanel.tsx';
import { useLanguage } from '../../src/client/i18n/use-t.ts';
import { CA_CERTIFICATE_ROUTE } from '../../src/protocol/routes.ts';

const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

/** Only the CA route answers; any other request fails the test. */
function serve(status: number, body: string, type: string): void {
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL) => {
      const url = new URL(String(input), 'http://kasir.test');
      if (url.pathname !== CA_CERTIFICATE_ROUTE) throw new Error(`unexpected request in a test: ${url.pathname}`);
      return new Response(body, { status, headers: { 'content-type': type } });
    }),
  );
}

afterEach(() => {
  vi.unstubAllGlobals();
  useLanguage.setState({ lang: 'id' });
});

describe('the CA certificate panel', () => {
  it('offers the download and the Android steps when the server has a local CA', async () => {
    serve(200, PEM, 'application/x-x509-ca-cert');
    render(<CertificatePanel />);
    const link = await screen.findByRole('link', { name: 'Unduh sertifikat CA' });
    expect(link.getAttribute('href')).toBe(CA_CERTIFICATE_ROUTE);
    expect(link.getAttribute('download')).toBe('kasir-karya-ca.crt');
    expect(screen.getByRole('img', { name: 'Kode QR alamat unduhan sertifikat CA' })).toBeTruthy();
    expect(screen.getByText(/Setelan > Keamanan > Enkripsi & kredensial > Instal sertifikat > Sertifikat CA/)).toBeTruthy();
    // jsdom serves the page over http://: the panel says tablets get no offline app here.
    expect(screen.getByRole('alert').textContent).toContain('tanpa HTTPS');
  });

  it('says there is no local CA, and how to make one, when the server answers 404', async () => {
    serve(404, JSON.stringify({ error: { code: 'no-local-ca', message: 'this server has no local certificate authority', field: null } }), 'application/json');
    useLanguage.setState({ lang: 'en' });
    render(<CertificatePanel />);
    expect(await screen.findByText('This server has no local certificate authority to download.')).toBeTruthy();
    expect(screen.getByText(/run npm run tls:init/)).toBeTruthy();
    expect(screen.queryByRole('link', { name: 'Download the CA certificate' })).toBeNull();
  });

  it('refuses an answer that is not a certificate rather than offer it', async () => {
    serve(200, '<html>captive portal</html>', 'text/html');
    render(<CertificatePanel />);
    await screen.findByText(/Jawaban server tidak dikenali/);
    expect(screen.queryByRole('link', { name: 'Unduh sertifikat CA' })).toBeNull();
  });
});
