import { useState } from 'react';
import { useT } from '../../i18n/use-t.ts';
import { useDb } from '../../shared/services/services.tsx';
import { buildOutboxExport, outboxExportFileName, serializeOutboxExport } from '../../sync/export-format.ts';
import { downloadText } from './download.ts';

type Note = { kind: 'done'; name: string } | { kind: 'failed'; reason: string } | { kind: 'nothing' } | null;

/** Exports every sale the server has not accepted, for the admin to import by hand. */
export function ExportButton({ count }: { count: number }) {
  const t = useT();
  const db = useDb();
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<Note>(null);

  const run = async () => {
    setBusy(true);
    try {
      const file = await buildOutboxExport(db);
      if (file.mutations.length === 0) {
        setNote({ kind: 'nothing' });
        return;
      }
      const name = outboxExportFileName(file);
      downloadText(serializeOutboxExport(file), name);
      setNote({ kind: 'done', name });
    } catch (e) {
      setNote({ kind: 'failed', reason: e instanceof Error ? e.message : String(e) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="export">
      <button type="button" className="secondary small" disabled={busy || count === 0} onClick={() => void run()}>
        {t('exportUnsynced', { n: count })}
      </button>
      {note?.kind === 'done' ? <p className="small" role="status">{t('exportDone', { name: note.name })}</p> : null}
      {note?.kind === 'nothing' ? <p className="small" role="status">{t('exportNothing')}</p> : null}
      {note?.kind === 'failed' ? (
        <p className="error small" role="alert">
          {t('exportFailed', { reason: note.reason })}
        </p>
      ) : null}
    </div>
  );
}
