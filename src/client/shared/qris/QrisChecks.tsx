// The device's QRIS payments saved "menunggu konfirmasi", each confirmed with
// the reference the merchant's mutasi shows or disputed, offline like a sale.
// Used on its own (Penjualan) and inside the Tutup Kasir screen, which reads
// `onCount` to know whether any is left before the close.
import '../../i18n/receipts-strings.ts';
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useId, useState } from 'react';
import { formatRupiah } from '../../../domain/money.ts';
import { formatWitaTime } from '../../../domain/time.ts';
import { awaitingQrisPayments, checkQrisPayment, QrisCheckError, type AwaitingPayment } from '../../db/payment-repo.ts';
import type { SaleSyncState } from '../../db/schema.ts';
import { pushAnswerText, saleFlagNames } from '../../i18n/push-words.ts';
import type { StringKey } from '../../i18n/strings.ts';
import { useT, type T } from '../../i18n/use-t.ts';
import { useDb } from '../services/services.tsx';

export interface QrisChecksProps {
  /** The signed-in user, recorded as who checked the mutasi. */
  user: { id: string; name: string };
  /** Called with how many payments still await an answer, whenever that changes. */
  onCount?: (awaiting: number) => void;
  /** Also list the payments answered on this device (with their sync state); default true. */
  showAnswered?: boolean;
  /** The heading's level inside the host screen; default 2. */
  headingLevel?: 2 | 3;
}

const SYNC: Record<SaleSyncState, StringKey> = { pending: 'syncPending', synced: 'syncSynced', flagged: 'syncFlagged', rejected: 'syncRejected' };

function failureText(t: T, e: unknown): string {
  if (e instanceof QrisCheckError) {
    switch (e.code) {
      case 'reference-needed':
        return t('qrisReferenceNeeded');
      case 'already-checked':
        return t('qrisAlreadyChecked');
      case 'not-awaiting':
      case 'sale-gone':
        return t('qrisNotAwaiting');
    }
  }
  return t('qrisCheckFailed', { reason: e instanceof Error ? e.message : String(e) });
}

function PaymentRow({ item, user, onSaved }: { item: AwaitingPayment; user: QrisChecksProps['user']; onSaved: (text: string) => void }) {
  const t = useT();
  const db = useDb();
  const [reference, setReference] = useState('');
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const receipt = item.sale.receiptNo;
  const answer = async (outcome: 'confirmed' | 'disputed') => {
    setBusy(true);
    setProblem(null);
    try {
      await checkQrisPayment(db, { saleId: item.sale.id, paymentId: item.payment.id, outcome, reference, note, by: user });
      onSaved(t('qrisCheckSaved', { receipt, what: t(outcome === 'confirmed' ? 'qrisWhatConfirmed' : 'qrisWhatDisputed') }));
    } catch (e) {
      setProblem(failureText(t, e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <li className="qris-check">
      <p>
        <strong>{t('qrisItem', { receipt, time: formatWitaTime(item.sale.createdAt), amount: formatRupiah(item.payment.amount) })}</strong>
      </p>
      <div className="qris-check-actions">
        <label className="field compact">
          <span>{t('qrisReferenceOf', { receipt })}</span>
          <input value={reference} maxLength={100} autoComplete="off" onChange={(e) => setReference(e.target.value)} />
        </label>
        <button type="button" className="primary" aria-label={t('qrisConfirmOf', { receipt })} disabled={busy} onClick={() => void answer('confirmed')}>
          {t('qrisConfirmShort')}
        </button>
        <label className="field compact">
          <span>{t('qrisNoteOf', { receipt })}</span>
          <input value={note} maxLength={500} autoComplete="off" onChange={(e) => setNote(e.target.value)} />
        </label>
        <button type="button" className="danger" aria-label={t('qrisDisputeOf', { receipt })} disabled={busy} onClick={() => void answer('disputed')}>
          {t('qrisDisputeShort')}
        </button>
      </div>
      {problem ? (
        <p role="alert" className="error">
          {problem}
        </p>
      ) : null}
    </li>
  );
}

export function QrisChecks({ user, onCount, showAnswered = true, headingLevel = 2 }: QrisChecksProps) {
  const t = useT();
  const db = useDb();
  const id = useId();
  const items = useLiveQuery(() => awaitingQrisPayments(db, { all: true }), [db]);
  const [saved, setSaved] = useState<string | null>(null);
  const awaiting = (items ?? []).filter((x) => x.check === null);
  const answered = (items ?? []).filter((x) => x.check !== null);
  const count = items === undefined ? null : awaiting.length;
  useEffect(() => {
    if (count !== null) onCount?.(count);
  }, [count, onCount]);
  if (items === undefined) return null;
  const H = headingLevel === 2 ? 'h2' : 'h3';
  const H2 = headingLevel === 2 ? 'h3' : 'h4';
  return (
    <section className="qris-checks" aria-labelledby={`${id}-h`}>
      <H id={`${id}-h`}>{t('qrisListTitle', { n: awaiting.length })}</H>
      <p className="muted small">{t('qrisListHelp')}</p>
      {saved ? (
        <p role="status" className="notice">
          {saved}
        </p>
      ) : null}
      {awaiting.length === 0 ? <p>{t('qrisListEmpty')}</p> : null}
      <ul className="plain">
        {awaiting.map((item) => (
          <PaymentRow key={item.payment.id} item={item} user={user} onSaved={setSaved} />
        ))}
      </ul>
      {showAnswered && answered.length > 0 ? (
        <>
          <H2>{t('qrisAnsweredTitle')}</H2>
          <ul className="plain" aria-label={t('qrisAnsweredTitle')}>
            {answered.map(({ sale, payment, check }) => {
              if (!check) return null;
              const why = pushAnswerText(t, { problem: check.syncProblem, reason: check.syncNote }, saleFlagNames(sale.lines));
              return (
                <li key={payment.id}>
                  {t('qrisItem', { receipt: sale.receiptNo, time: formatWitaTime(sale.createdAt), amount: formatRupiah(payment.amount) })}:{' '}
                  {check.outcome === 'confirmed' ? t('qrisConfirmedWith', { reference: check.reference ?? '' }) : t('qrisDisputedNote')} · {t(SYNC[check.sync])}
                  {why ? <span className="small block">{why}</span> : null}
                </li>
              );
            })}
          </ul>
        </>
      ) : null}
    </section>
  );
}
