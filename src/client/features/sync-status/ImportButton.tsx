import { useLiveQuery } from 'dexie-react-hooks';
import { useId, useRef, useState } from 'react';
import { getDevice } from '../../db/device-repo.ts';
import { useT } from '../../i18n/use-t.ts';
import { useDb } from '../../shared/services/services.tsx';
import { importOutboxFile, type ImportSummary } from '../../sync/import.ts';

/** Uploads another device's export file; the server stores each sale once, however often it is imported. */
export function ImportButton() {
  const t = useT();
  const db = useDb();
  const credential = useLiveQuery(async () => (await getDevice(db))?.credential ?? null, [db]) ?? null;
  const id = useId();
  const picker = useRef<HTMLInputElement>(null);
  const [chosen, setChosen] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: true; s: ImportSummary } | { ok: false; reason: string } | null>(null);
  return (
    <div className="import">
      {/* The native input says "Choose File" in the browser's language, whatever the app's: it is hidden, and a button in the app's words opens it. */}
      <div className="field compact" role="group" aria-labelledby={`${id}-label`}>
        <span id={`${id}-label`}>{t('importFile')}</span>
        <span>
          <button type="button" className="secondary" disabled={busy} aria-describedby={`${id}-chosen`} onClick={() => picker.current?.click()}>
            {t('chooseFile')}
          </button>{' '}
          <span id={`${id}-chosen`} className="small muted">
            {chosen ?? t('noFileChosen')}
          </span>
        </span>
        <input
          ref={picker}
          type="file"
          className="visually-hidden"
          tabIndex={-1}
          aria-label={t('importFile')}
          accept="application/json,.json"
          disabled={busy}
          onChange={(e) => {
            const input = e.target;
            const f = input.files?.[0];
            if (!f) return;
            setChosen(f.name);
            setBusy(true);
            void f
              .text()
              .then((text) => importOutboxFile(text, undefined, credential))
              .then((s) => setResult({ ok: true, s }))
              .catch((err: unknown) => setResult({ ok: false, reason: err instanceof Error ? err.message : String(err) }))
              .finally(() => {
                setBusy(false);
                // The same file chosen again (after a fix on the server) must fire onChange again.
                input.value = '';
              });
          }}
        />
      </div>
      {result?.ok ? (
        <p role="status" className="small">
          {t('importDone', { stored: result.s.stored, already: result.s.alreadyThere, flagged: result.s.flagged, refused: result.s.refused })}
          {result.s.missingFrom !== null ? ` ${t('importGap', { seq: result.s.missingFrom })}` : ''}
        </p>
      ) : null}
      {result && !result.ok ? (
        <p role="alert" className="error small">
          {t('importFailed', { reason: result.reason })}
        </p>
      ) : null}
    </div>
  );
}
