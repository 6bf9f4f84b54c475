// The reasons a stock adjustment may give: the built-in four, and those an
// admin adds (kedaluwarsa, retur produsen, ...). Devices get them with their
// next pull; a reason taken off the list stays on the adjustments that used it.
import '../../i18n/stock-strings.ts';
import { useState } from 'react';
import { Button, Checkbox, Form, Input, Label, TextField } from 'react-aria-components';
import { isReasonCode } from '../../../domain/stock.ts';
import { useT } from '../../i18n/use-t.ts';
import { fetchAdjustReasons, saveAdjustReason } from '../../sync/stock.ts';
import { PanelError } from './PanelError.tsx';
import { useLoaded } from './use-loaded.ts';

export function StockReasonsPanel() {
  const t = useT();
  const { data, error, reload } = useLoaded(fetchAdjustReasons);
  const [code, setCode] = useState('');
  const [label, setLabel] = useState('');
  const [active, setActive] = useState(true);
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);
  const [saveError, setSaveError] = useState<unknown>(null);
  const save = async () => {
    const c = code.trim();
    if (!isReasonCode(c)) {
      setNote({ ok: false, text: t('adminReasonCodeInvalid') });
      return;
    }
    try {
      await saveAdjustReason({ code: c, label: label.trim() || c, active });
      setNote({ ok: true, text: t('adminReasonSaved', { code: c }) });
      setSaveError(null);
      setCode('');
      setLabel('');
      setActive(true);
      reload();
    } catch (e) {
      setNote(null);
      setSaveError(e);
    }
  };
  return (
    <section aria-labelledby="reasons-heading">
      <h2 id="reasons-heading">{t('adminReasonsTitle')}</h2>
      <p>{t('adminReasonsHelp')}</p>
      {error ? <PanelError error={error} /> : null}
      <ul aria-label={t('adminReasonList')} className="stock-docs">
        {(data ?? []).map((r) => (
          <li key={r.code}>
            <Button
              className="secondary"
              aria-label={`${r.label} (${r.code})`}
              onPress={() => {
                setCode(r.code);
                setLabel(r.label);
                setActive(r.active);
              }}
            >
              {r.label} <small>{r.code}</small>
            </Button>
            {r.builtin ? <span className="muted">{t('adminReasonBuiltin')}</span> : null}
            {r.active ? null : <span className="muted">{t('adminReasonOff')}</span>}
          </li>
        ))}
      </ul>
      <Form
        aria-label={t('adminReasonsTitle')}
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <TextField value={code} onChange={setCode} className="field" maxLength={40}>
          <Label>{t('adminReasonCode')}</Label>
          <Input />
        </TextField>
        <TextField value={label} onChange={setLabel} className="field" maxLength={80}>
          <Label>{t('adminReasonLabel')}</Label>
          <Input />
        </TextField>
        <Checkbox isSelected={active} onChange={setActive}>
          {t('adminReasonActive')}
        </Checkbox>
        <Button type="submit" className="primary">
          {t('adminReasonSave')}
        </Button>
      </Form>
      {note ? (
        <p role={note.ok ? 'status' : 'alert'} className={note.ok ? '' : 'error'}>
          {note.text}
        </p>
      ) : null}
      {saveError ? <PanelError error={saveError} /> : null}
    </section>
  );
}
