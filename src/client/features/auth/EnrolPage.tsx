// The first screen of a device the server does not know yet: the one-time
// code from the admin (typed, or scanned from the admin's QR) buys it a
// credential. Shown again only when the device asks for it (revoked, or a
// credential the server no longer knows); an enrolled device starts offline.
import { useLiveQuery } from 'dexie-react-hooks';
import { useCallback, useId, useState, type FormEvent } from 'react';
import { Link, useNavigate } from '../../shared/services/router.tsx';
import { loadPullProgress } from '../../db/catalog-repo.ts';
import { getDevice } from '../../db/device-repo.ts';
import { AUTH_ERROR_CODES, GENERAL_ERROR_CODES } from '../../../protocol/error-codes.ts';
import { browserErrorText, serverErrorText } from '../../i18n/server-words.ts';
import type { T } from '../../i18n/use-t.ts';
import { useT } from '../../i18n/use-t.ts';
import { PATHS } from '../../shared/services/paths.ts';
import { useDb, useServices } from '../../shared/services/services.tsx';
import { EnrolError, enrolDevice, normaliseCode, type EnrolProblem } from '../../sync/enrol.ts';
import { CameraScanner } from '../../ui/CameraScanner.tsx';
import { CatalogProgress } from '../../ui/CatalogProgress.tsx';

function problemText(t: T, p: EnrolProblem): string {
  switch (p.kind) {
    case 'offline':
      return t('enrolOffline');
    case 'unreachable':
      return t('enrolUnreachable', { detail: p.code === null ? t('netNoAnswer') : serverErrorText(t, p.code, p.params) });
    case 'code-refused':
      // A code of the wrong shape is as unknown to the admin as a mistyped one.
      return p.code === AUTH_ERROR_CODES.enrolmentCodeUnknown || p.code === GENERAL_ERROR_CODES.invalidRequest ? t('enrolCodeRefused') : serverErrorText(t, p.code, p.params);
    case 'code-expired':
      return t('enrolCodeExpired');
    case 'code-used':
      return t('enrolCodeUsed');
    case 'already-enrolled':
      return t('enrolAlreadyEnrolled');
    case 'rate-limited':
      return p.retryAfterS ? t('enrolRateLimitedFor', { n: Math.ceil(p.retryAfterS / 60) }) : t('enrolRateLimited');
    case 'failed':
      return t('enrolFailed', { detail: t(p.why === 'wrong-device' ? 'enrolWrongDevice' : 'enrolBadResponse') });
  }
}

/** `again`: the device was enrolled before (revoked or unknown to the server); afterwards it goes back to the counter. */
export function EnrolPage({ again = false }: { again?: boolean }) {
  const t = useT();
  const db = useDb();
  const { sync } = useServices();
  const navigate = useNavigate();
  const id = useId();
  const device = useLiveQuery(() => getDevice(db), [db]);
  const catalog = useLiveQuery(() => loadPullProgress(db), [db]);
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [camera, setCamera] = useState(false);

  const enrol = async (raw: string) => {
    const value = normaliseCode(raw);
    if (value.length < 4) {
      setProblem(t('enrolCodeShort'));
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      if (sync) await sync.enrol(value);
      else await enrolDevice(db, value);
      if (again) void navigate(PATHS.checkout);
    } catch (e) {
      setProblem(e instanceof EnrolError ? problemText(t, e.problem) : t('enrolFailed', { detail: browserErrorText(t, e) ?? (e instanceof Error ? e.message : String(e)) }));
    } finally {
      setBusy(false);
    }
  };
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void enrol(code);
  };
  const onScanned = useCallback((text: string) => {
    setCamera(false);
    setCode(normaliseCode(text));
  }, []);
  const closeCamera = useCallback(() => setCamera(false), []);

  return (
    <section className="enrol narrow" aria-labelledby={`${id}-h`}>
      <h1 id={`${id}-h`}>{again ? t('enrolAgainTitle') : t('enrolTitle')}</h1>
      <p>{t('enrolHelp')}</p>
      <form onSubmit={onSubmit} noValidate>
        <label className="field">
          <span>{t('enrolCode')}</span>
          <input
            value={code}
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            maxLength={40}
            autoFocus
            aria-invalid={problem !== null}
            aria-describedby={`${id}-code-help`}
            onChange={(e) => setCode(e.target.value)}
          />
        </label>
        <p id={`${id}-code-help`} className="muted small">
          {t('enrolCodeHelp')}
        </p>
        {problem ? (
          <p role="alert" className="error big-error">
            {problem}
          </p>
        ) : null}
        <div className="cart-actions">
          <button type="submit" className="primary big" disabled={busy}>
            {busy ? t('enrolBusy') : t('enrolSubmit')}
          </button>
          <button type="button" className="secondary" disabled={busy} onClick={() => setCamera(true)}>
            {t('enrolScan')}
          </button>
        </div>
      </form>
      {catalog ? <CatalogProgress done={catalog.done} total={catalog.total} /> : null}
      {camera ? <CameraScanner onCode={onScanned} onClose={closeCamera} hint={t('enrolScanHint')} /> : null}
      <p>
        <Link to={PATHS.admin}>{t('enrolAdminLink')}</Link>
      </p>
      {device ? (
        <p className="muted small">
          {t('deviceId')}: <code>{device.deviceId}</code>
        </p>
      ) : null}
    </section>
  );
}
