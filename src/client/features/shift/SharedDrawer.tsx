// A shared drawer on the Shift screen. A tablet that is not the lead ends
// its shift with a close slip, shown as a QR and as a code to type; the lead
// adds each slip (camera, a 2D hand scanner typing the code, or typed by
// hand) before it counts the drawer once for all. No server is needed.
import { useCallback, useState, type ReactNode } from 'react';
import { Button, Input, Label, TextField } from 'react-aria-components';
import { formatRupiah } from '../../../domain/money.ts';
import { decodeSlip, encodeSlip, type ShiftSlip, type SlipRefusal } from '../../../domain/shift-slip.ts';
import type { ShiftRow } from '../../db/schema.ts';
import { checkSlip, endWithSlip } from '../../db/shift-repo.ts';
import '../../i18n/shared-drawer-strings.ts';
import { useT } from '../../i18n/use-t.ts';
import { useDb, useServices } from '../../shared/services/services.tsx';
import { CameraScanner } from '../../ui/CameraScanner.tsx';
import { QrCode } from '../../ui/QrCode.tsx';

type T = ReturnType<typeof useT>;

export function slipRefusalText(t: T, r: SlipRefusal): string {
  switch (r.code) {
    case 'slip-unreadable':
      return t('sharedSlipUnreadable');
    case 'slip-checksum':
      return t('sharedSlipChecksum');
    case 'slip-other-outlet':
      return t('sharedSlipOtherOutlet', { outlet: r.outletId });
    case 'slip-other-day':
      return t('sharedSlipOtherDay', { date: r.businessDate });
    case 'slip-twice':
      return t('sharedSlipTwice');
    case 'slip-own':
      return t('sharedSlipOwn');
  }
}

const tail = (deviceId: string): string => deviceId.slice(-6);

/** The slip of a shift ended on this tablet: QR, code and what it carries. */
export function SlipView({ slip }: { slip: ShiftSlip }) {
  const t = useT();
  const code = encodeSlip(slip);
  return (
    <section className="shift-form" aria-labelledby="shared-slip-heading">
      <h2 id="shared-slip-heading">{t('sharedSlipQr')}</h2>
      <p role="status" className="notice">
        {t('sharedSlipDone')}
      </p>
      <QrCode text={code} label={t('sharedSlipQr')} size={280} />
      <p>
        {t('sharedSlipCode')}: <code aria-label={t('sharedSlipCode')}>{code}</code>
      </p>
      <p>
        {t('sharedSlipSummary', {
          sales: slip.totals.salesCount,
          refunds: slip.totals.refunds.count,
          moves: slip.movementCount,
          cash: formatRupiah(slip.expected.cash),
          qris: formatRupiah(slip.expected.qris),
          card: formatRupiah(slip.expected.card),
          transfer: formatRupiah(slip.expected.transfer),
        })}
      </p>
    </section>
  );
}

/** A tablet that is not the lead: Tutup Kasir ends the shift with a slip. */
export function SlipEnd({ shift, user, onEnded, extra, onError }: { shift: ShiftRow; user: { id: string; name: string }; onEnded: (s: ShiftRow) => void; extra: ReactNode; onError: (e: unknown) => string }) {
  const t = useT();
  const db = useDb();
  const { sync } = useServices();
  const [memo, setMemo] = useState('');
  const [error, setError] = useState<string | null>(null);
  const end = async () => {
    try {
      const done = await endWithSlip(db, { shiftId: shift.id, by: user, note: memo });
      if (sync) void sync.syncNow();
      onEnded(done);
    } catch (e) {
      setError(onError(e));
    }
  };
  return (
    <section className="shift-form" aria-labelledby="shared-end-heading">
      <h2 id="shared-end-heading">{t('shiftCloseTitle')}</h2>
      <p className="hint">{t('sharedSlipHelp')}</p>
      {extra ? <section aria-label={t('shiftQrisPendingSlot')}>{extra}</section> : null}
      <TextField value={memo} onChange={setMemo} className="field" maxLength={500}>
        <Label>{t('sharedSlipNote')}</Label>
        <Input />
      </TextField>
      <Button className="primary" onPress={() => void end()}>
        {t('sharedSlipEnd')}
      </Button>
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
    </section>
  );
}

/** The lead's list of the other tablets' slips: each added once, checked as it comes. */
export function SlipCollector({ shift, slips, onChange }: { shift: ShiftRow; slips: readonly ShiftSlip[]; onChange: (slips: ShiftSlip[]) => void }) {
  const t = useT();
  const db = useDb();
  const [code, setCode] = useState('');
  const [camera, setCamera] = useState(false);
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);

  const add = useCallback(
    async (text: string) => {
      const read = decodeSlip(text);
      if (!read.ok) {
        setNote({ ok: false, text: slipRefusalText(t, read.refusal) });
        return;
      }
      const refusal = await checkSlip(db, shift, read.slip, slips);
      if (refusal) {
        setNote({ ok: false, text: slipRefusalText(t, refusal) });
        return;
      }
      onChange([...slips, read.slip]);
      setCode('');
      setNote({ ok: true, text: t('sharedSlipAdded', { device: tail(read.slip.deviceId), cash: formatRupiah(read.slip.expected.cash) }) });
    },
    [db, shift, slips, onChange, t],
  );
  const onCamera = useCallback(
    (text: string) => {
      setCamera(false);
      void add(text);
    },
    [add],
  );
  const closeCamera = useCallback(() => setCamera(false), []);

  return (
    <section className="shift-form" aria-labelledby="shared-slips-heading">
      <h3 id="shared-slips-heading">{t('sharedSlipsTitle')}</h3>
      <p className="hint">{t('sharedSlipsHelp')}</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void add(code);
        }}
      >
        <TextField value={code} onChange={setCode} className="field" autoComplete="off">
          <Label>{t('sharedSlipCode')}</Label>
          <Input autoCapitalize="characters" spellCheck={false} />
        </TextField>
        <Button type="submit" className="secondary">
          {t('sharedSlipAdd')}
        </Button>
        <Button className="secondary" onPress={() => setCamera(true)}>
          {t('sharedSlipScan')}
        </Button>
      </form>
      {camera ? <CameraScanner onCode={onCamera} onClose={closeCamera} hint={t('sharedSlipScanHint')} /> : null}
      {note ? (
        <p role={note.ok ? 'status' : 'alert'} className={note.ok ? 'notice' : 'error'}>
          {note.text}
        </p>
      ) : null}
      {slips.length === 0 ? (
        <p>{t('sharedSlipNone')}</p>
      ) : (
        <ul aria-label={t('sharedSlipsTitle')}>
          {slips.map((s) => (
            <li key={s.shiftId}>
              {t('sharedSlipRow', { device: tail(s.deviceId), sales: s.totals.salesCount, cash: formatRupiah(s.expected.cash) })}{' '}
              <Button className="secondary" aria-label={t('sharedSlipRemove', { device: tail(s.deviceId) })} onPress={() => onChange(slips.filter((x) => x.shiftId !== s.shiftId))}>
                ×
              </Button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
