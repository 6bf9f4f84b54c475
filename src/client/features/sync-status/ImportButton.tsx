import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { getDevice } from '../../db/device-repo.ts';
import { useT } from '../../i18n/use-t.ts';
import { useDb } from '../../shared/services/services.tsx';
import { importOutboxFile, type ImportSummary } from '../../sync/import.ts';

/** Uploads another device's export file; the server stores each sale once, however often it is imported. */
export function ImportButton() {
  const t = useT();
  const db = useDb();
  const credential = useLiveQuery(async () => (await getDevice(db))?.credential ?? null, [db]) ?? null;
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: true; s: ImportSummary } | { ok: false; reason: string } | null>(null);
  return (
    <div className="import">
      <label className="field compact">
        <span>{t('importFile')}</span>
        <input
          type="file"
          accept="application/json,.json"
          disabled={busy}
          onChange={(e) => {
            const f = e.target.files?.[0];
            if (!f) return;
            setBusy(true);
            void f
              .text()
              .then((text) => importOutboxFile(text, undefined, credential))
              .then((s) => setResult({ ok: true, s }))
              .catch((err: unknown) => setResult({ ok: false, reason: err instanceof Error ? err.message : String(err) }))
              .finally(() => setBusy(false));
          }}
        />
      </label>
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
