// The local certificate authority for tablets: a download link, its address
// as a QR code for a tablet to scan, and how to install it on Android, so a
// booth's tablets trust the laptop's HTTPS once and get the offline app.
import { useId } from 'react';
import { CA_CERTIFICATE_ROUTE } from '../../../protocol/route-paths.ts';
import { useT } from '../../i18n/use-t.ts';
import { ManagementError } from '../../shared/services/management-session.ts';
import { caCertificate } from '../../sync/admin-api.ts';
import { QrCode } from '../../ui/QrCode.tsx';
import { PanelError } from './PanelError.tsx';
import { useLoaded } from './use-loaded.ts';

export function CertificatePanel() {
  const t = useT();
  const id = useId();
  const { data: pem, error } = useLoaded(caCertificate);
  const missing = error instanceof ManagementError && error.kind === 'not-found';
  // The address the tablet can reach: this page's own origin, as the admin typed it.
  const url = `${window.location.origin}${CA_CERTIFICATE_ROUTE}`;
  return (
    <section aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('caTitle')}</h2>
      {window.isSecureContext && window.location.protocol === 'https:' ? null : (
        <p role="alert" className="error">
          {t('caNotSecure')}
        </p>
      )}
      {missing ? (
        <div role="status" className="notice">
          <p>{t('caMissing')}</p>
          <p>{t('caMissingHelp')}</p>
        </div>
      ) : error !== null ? (
        <PanelError error={error} />
      ) : pem === null ? (
        <p role="status">{t('caLoading')}</p>
      ) : (
        <>
          <p>{t('caIntro')}</p>
          <p>
            <a href={CA_CERTIFICATE_ROUTE} download="kasir-karya-ca.crt" className="button primary">
              {t('caDownload')}
            </a>
          </p>
          <p>
            {t('caAddress')} <code>{url}</code>
          </p>
          <QrCode text={url} label={t('caQrLabel')} size={200} />
          <h3>{t('caStepsTitle')}</h3>
          <ol>
            <li>{t('caStep1')}</li>
            <li>{t('caStep2')}</li>
            <li>{t('caStep3')}</li>
            <li>{t('caStep4')}</li>
          </ol>
          <p className="notice">{t('caMenuVaries')}</p>
        </>
      )}
    </section>
  );
}
