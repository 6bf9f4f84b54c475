// The "Impor" tab: choose a sheet, check it (a dry run: nothing written),
// read the errors by row and column, fix the file, check again, then apply,
// all rows or none. And the export of the whole catalog in the same columns.
import { useEffect, useState } from 'react';
import { Button, Cell, Column, FileTrigger, Row, Table, TableBody, TableHeader } from 'react-aria-components';
import { CSV_MEDIA_TYPE, XLSX_MEDIA_TYPE, type ImportResponse } from '../../../../protocol/products.ts';
import { useLanguage, useT } from '../../../i18n/use-t.ts';
import { managementErrorText, useManagementSession } from '../../../shared/services/management-session.ts';
import { exportProducts, formatOfFile, importProducts, listProducts } from '../../../sync/product-api.ts';
import { Picker, Tick } from './controls.tsx';
import './products.css';

function download(bytes: Uint8Array, name: string, type: string): void {
  const url = URL.createObjectURL(new Blob([bytes.slice().buffer], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function ImportPanel() {
  const t = useT();
  const lang = useLanguage((s) => s.lang);
  const user = useManagementSession((s) => s.session?.user ?? null);
  const ownOutlet = user?.role === 'admin' ? null : (user?.outletId ?? null);
  const [file, setFile] = useState<File | null>(null);
  const [outletId, setOutletId] = useState<string>('');
  const [outlets, setOutlets] = useState<{ id: string; name: string }[]>([]);
  const [createProducers, setCreateProducers] = useState(false);
  const [checked, setChecked] = useState<ImportResponse | null>(null);
  const [applied, setApplied] = useState<ImportResponse | null>(null);
  const [busy, setBusy] = useState<'check' | 'apply' | 'export' | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [exported, setExported] = useState<string | null>(null);

  useEffect(() => {
    listProducts({ limit: 1 }).then(
      (d) => setOutlets(d.outlets.filter((o) => ownOutlet === null || o.id === ownOutlet)),
      () => setOutlets([]),
    );
  }, [ownOutlet]);

  const run = async (dryRun: boolean) => {
    if (file === null) return;
    setBusy(dryRun ? 'check' : 'apply');
    setFailure(null);
    try {
      const answer = await importProducts({ file, format: formatOfFile(file), dryRun, outletId: outletId === '' ? null : outletId, createProducers, lang });
      if (dryRun) {
        setChecked(answer);
        setApplied(null);
      } else if (answer.applied || answer.errors.length === 0) {
        setApplied(answer);
        setChecked(null);
      } else {
        // The file changed since the check (or the catalog did): show what is wrong now.
        setChecked(answer);
      }
    } catch (e) {
      setFailure(t('productsImportFailed', { reason: managementErrorText(t, e) }));
    } finally {
      setBusy(null);
    }
  };

  const exportAs = async (format: 'csv' | 'xlsx') => {
    setBusy('export');
    setExported(null);
    try {
      const bytes = await exportProducts(format, outletId === '' ? null : outletId);
      const name = `produk-${new Date().toISOString().slice(0, 10)}.${format}`;
      download(bytes, name, format === 'csv' ? CSV_MEDIA_TYPE : XLSX_MEDIA_TYPE);
      setExported(t('exportDoneFile', { name }));
    } catch (e) {
      setExported(t('exportFailedFile', { reason: managementErrorText(t, e) }));
    } finally {
      setBusy(null);
    }
  };

  const canApply = checked !== null && checked.errors.length === 0 && checked.created + checked.updated > 0;
  return (
    <section aria-labelledby="import-heading" className="import-panel">
      <h2 id="import-heading">{t('importTitle')}</h2>
      <p className="muted">{t('importHelp')}</p>
      <div className="form-row">
        <div className="field">
          <FileTrigger
            acceptedFileTypes={['.csv', '.xlsx', CSV_MEDIA_TYPE, XLSX_MEDIA_TYPE]}
            onSelect={(files) => {
              const f = files?.[0] ?? null;
              setFile(f);
              setChecked(null);
              setApplied(null);
              setFailure(null);
            }}
          >
            <Button className="button secondary">{t('importChoose')}</Button>
          </FileTrigger>
          <span className="muted">{file ? t('importChosen', { name: file.name }) : t('importNoFile')}</span>
        </div>
        <Picker label={t('importOutlet')} value={outletId} choices={[{ id: '', name: t('importNoStock') }, ...outlets]} onChange={setOutletId} />
      </div>
      <Tick value={createProducers} onChange={setCreateProducers}>
        {t('importCreateProducers')}
      </Tick>
      <div className="actions">
        <Button className="button primary" isDisabled={file === null || busy !== null} onPress={() => void run(true)}>
          {busy === 'check' ? t('importChecking') : t('importCheck')}
        </Button>
        <Button className="button primary" isDisabled={!canApply || busy !== null} onPress={() => void run(false)}>
          {busy === 'apply' ? t('importApplying') : t('importApply')}
        </Button>
      </div>
      {failure ? (
        <p role="alert" className="error">
          {failure}
        </p>
      ) : null}
      {checked !== null ? (
        <div role="status">
          <p>{t('importSummary', { rows: checked.rows, created: checked.created, updated: checked.updated, unchanged: checked.unchanged })}</p>
          {checked.errors.length > 0 ? <p className="error">{t('importErrorsTitle', { n: checked.errors.length })}</p> : checked.created + checked.updated > 0 ? <p>{t('importReady')}</p> : <p>{t('importNothing')}</p>}
        </div>
      ) : null}
      {checked !== null && checked.errors.length > 0 ? (
        <div className="import-errors">
          <Table aria-label={t('importErrorsTable')} className="sales-table">
            <TableHeader>
              <Column isRowHeader>{t('importColRow')}</Column>
              <Column>{t('importColColumn')}</Column>
              <Column>{t('importColProblem')}</Column>
            </TableHeader>
            <TableBody items={checked.errors.map((e, i) => ({ ...e, id: i }))}>
              {(e) => (
                <Row>
                  <Cell>{e.row}</Cell>
                  <Cell>{e.column ?? t('importWholeRow')}</Cell>
                  <Cell>{e.message}</Cell>
                </Row>
              )}
            </TableBody>
          </Table>
        </div>
      ) : null}
      {applied !== null ? (
        <p role="status" className="notice">
          {t('importApplied', { created: applied.created, updated: applied.updated, unchanged: applied.unchanged })}
        </p>
      ) : null}
      {(checked ?? applied)?.notes.length ? (
        <div>
          <h3>{t('importNotes')}</h3>
          <ul>
            {(checked ?? applied)?.notes.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <h2>{t('exportTitle')}</h2>
      <p className="muted">{t('exportHelp')}</p>
      <div className="actions">
        <Button className="button secondary" isDisabled={busy !== null} onPress={() => void exportAs('csv')}>
          {t('exportCsv')}
        </Button>
        <Button className="button secondary" isDisabled={busy !== null} onPress={() => void exportAs('xlsx')}>
          {t('exportXlsx')}
        </Button>
      </div>
      {exported ? <p role="status">{exported}</p> : null}
    </section>
  );
}
