// The supervisor's view of an outlet's shifts: open and closed, each Z as the
// tablet printed it beside what the server counts from the acts it holds,
// the Selisih, and the flags (a Z that does not add up, a late sale, Kas
// Keluar without a PIN). Read live from the server.
import '../../i18n/shift-strings.ts';
import { useCallback, useState } from 'react';
import { Button, Input, Label, TextField } from 'react-aria-components';
import { formatRupiah } from '../../../domain/money.ts';
import { formatWita } from '../../../domain/time.ts';
import type { ShiftRow } from '../../../protocol/shift.ts';
import { flagText, type FlagNames } from '../../i18n/server-words.ts';
import { useT } from '../../i18n/use-t.ts';
import { fetchShifts } from '../../sync/shifts-api.ts';
import { PanelError } from './PanelError.tsx';
import { useLoaded } from './use-loaded.ts';

const NAMES: FlagNames = { product: (id) => id, outlet: (id) => id, user: (id) => id, line: (id) => id };

function ShiftLine({ s }: { s: ShiftRow }) {
  const t = useT();
  const z = s.closed;
  return (
    <tr>
      <th scope="row">{formatWita(s.openedAt)}</th>
      <td>{s.drawerId.slice(-8)}</td>
      <td>{z ? t('shiftZTitle', { zNo: z.zNo }) : t('shiftListOpen')}</td>
      <td>{formatRupiah(s.openingFloat)}</td>
      <td>{z ? formatRupiah(z.expected.cash) : ''}</td>
      <td>{z ? formatRupiah(z.counted.cash) : ''}</td>
      <td>{z ? formatRupiah(z.counted.cash - z.expected.cash) : ''}</td>
      <td>{formatRupiah(s.server.expected.cash)}</td>
      <td>
        {s.flags.length === 0 ? null : (
          <ul>
            {s.flags.map((f, i) => (
              <li key={i}>{flagText(t, f, NAMES)}</li>
            ))}
          </ul>
        )}
      </td>
    </tr>
  );
}

export default function ShiftsPanel() {
  const t = useT();
  const [outlet, setOutlet] = useState('');
  const [asked, setAsked] = useState<string | null>(null);
  const load = useCallback(() => fetchShifts(asked), [asked]);
  const { data, error } = useLoaded(load);
  return (
    <section aria-labelledby="shifts-heading">
      <h2 id="shifts-heading">{t('shiftListTitle')}</h2>
      <form
        className="stock-form"
        onSubmit={(e) => {
          e.preventDefault();
          setAsked(outlet.trim() === '' ? null : outlet.trim());
        }}
      >
        <TextField value={outlet} onChange={setOutlet} className="field">
          <Label>{t('shiftListOutlet')}</Label>
          <Input />
        </TextField>
        <Button type="submit" className="secondary">
          {t('shiftListLoad')}
        </Button>
      </form>
      {error ? <PanelError error={error} /> : null}
      {data && data.shifts.length === 0 ? <p>{t('shiftListEmpty')}</p> : null}
      {data && data.shifts.length > 0 ? (
        <div className="table-scroll">
          <table aria-labelledby="shifts-heading">
            <thead>
              <tr>
                <th scope="col">{t('shiftListOpened')}</th>
                <th scope="col">{t('shiftReportDrawer')}</th>
                <th scope="col">{t('shiftListState')}</th>
                <th scope="col">{t('shiftReportFloat')}</th>
                <th scope="col">{t('shiftCloseExpected')}</th>
                <th scope="col">{t('shiftCloseCounted')}</th>
                <th scope="col">{t('shiftCloseSelisih')}</th>
                <th scope="col">{t('shiftListServer')}</th>
                <th scope="col">{t('shiftListFlags')}</th>
              </tr>
            </thead>
            <tbody>
              {data.shifts.map((s) => (
                <ShiftLine key={s.id} s={s} />
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
