// A table's CSV and XLSX export buttons with their outcome, as every back-office
// table offers them (the reports, the stock levels).
import '../../../i18n/reports-strings.ts';
import { useState } from 'react';
import { Button } from 'react-aria-components';
import { useT } from '../../../i18n/use-t.ts';
import { exportCsv, exportXlsx, type ExportColumn } from './export.ts';

export function TableTools<R>({ title, fileBase, columns, rows }: { title: string; fileBase: string; columns: readonly ExportColumn<R>[]; rows: readonly R[] }) {
  const t = useT();
  const [status, setStatus] = useState<string | null>(null);
  const run = (kind: 'csv' | 'xlsx') => {
    const name = `${fileBase}.${kind}`;
    (kind === 'csv' ? exportCsv(name, columns, rows) : exportXlsx(name, title, columns, rows)).then(
      () => setStatus(t('reportsExported', { name })),
      (e: unknown) => setStatus(t('reportsExportFailed', { reason: e instanceof Error ? e.message : String(e) })),
    );
  };
  return (
    <div className="report-tools no-print">
      <Button className="button" onPress={() => run('csv')} aria-label={t('reportsExportCsv', { table: title })}>
        CSV
      </Button>
      <Button className="button" onPress={() => run('xlsx')} aria-label={t('reportsExportXlsx', { table: title })}>
        XLSX
      </Button>
      {status ? (
        <span role="status" className="muted small">
          {status}
        </span>
      ) : null}
    </div>
  );
}
