// The audit log, newest first, a page at a time. Everything in it came from
// devices and people the server does not trust, so it is rendered as text only.
import '../../i18n/stock-strings.ts';
import '../../i18n/shift-strings.ts';
import '../../i18n/shift-admin-strings.ts';
import { useCallback, useEffect, useState } from 'react';
import { formatWita } from '../../../domain/time.ts';
import type { AuditAction, AuditEntry } from '../../../protocol/auth.ts';
import type { StringKey } from '../../i18n/strings.ts';
import { auditEntryWords, type AuditNames } from '../../i18n/audit-words.ts';
import { useT } from '../../i18n/use-t.ts';
import { outletName, useKnownOutlets } from './use-known-outlets.ts';
import { listAudit, listDevices, listUsers } from '../../sync/admin-api.ts';
import { PanelError } from './PanelError.tsx';

export const AUDIT_PAGE_SIZE = 50;

const ACTION_LABEL: Record<AuditAction, StringKey> = {
  'device.register': 'auditDeviceRegister',
  'device.enrol': 'auditDeviceEnrol',
  'device.rotate': 'auditDeviceRotate',
  'device.revoke': 'auditDeviceRevoke',
  'user.create': 'auditUserCreate',
  'user.update': 'auditUserUpdate',
  'user.role': 'auditUserRole',
  'user.pin': 'auditUserPin',
  'user.password': 'auditUserPassword',
  'user.active': 'auditUserActive',
  'auth.sign-in': 'auditSignIn',
  'auth.sign-in-failed': 'auditSignInFailed',
  'auth.sign-out': 'auditSignOut',
  'sale.void': 'auditSaleVoid',
  'sale.refund': 'auditSaleRefund',
  'cart.void': 'auditCartVoid',
  'approval.price-override': 'auditApprovalPriceOverride',
  'approval.discount-over-limit': 'auditApprovalDiscount',
  'approval.void-line': 'auditApprovalVoidLine',
  'approval.forged': 'auditApprovalForged',
  'sync.resent-after-restore': 'auditResentAfterRestore',
  'flag.resolve': 'auditFlagResolve',
  'product.create': 'auditProductCreate',
  'product.update': 'auditProductUpdate',
  'product.import': 'auditProductImport',
  'outlet.create': 'auditOutletCreate',
  'outlet.update': 'auditOutletUpdate',
  'producer.create': 'auditProducerCreate',
  'producer.update': 'auditProducerUpdate',
  'label.printed': 'auditLabelPrinted',
  'label.skipped': 'auditLabelSkipped',
  'product.photo': 'auditProductPhoto',
  'stock.receive': 'auditStockReceive',
  'stock.adjust': 'auditStockAdjust',
  'transfer.send': 'auditTransferSend',
  'transfer.receive': 'auditTransferReceive',
  'stock.count': 'auditStockCount',
  'payment.confirm': 'auditPaymentConfirm',
  'adjust-reason.save': 'auditAdjustReasonSave',
  'settlement.draft': 'auditSettlementDraft',
  'settlement.discard': 'auditSettlementDiscard',
  'settlement.correct': 'auditSettlementCorrect',
  'settlement.approve': 'auditSettlementApprove',
  'settlement.pay': 'auditSettlementPay',
  'settlement.share': 'auditSettlementShare',
  'settlement.share-revoke': 'auditSettlementShareRevoke',
  'pnbp.record': 'auditPnbpRecord',
  'shift.close': 'auditShiftClose',
  'cash.in': 'auditCashIn',
  'cash.out': 'auditCashOut',
  'cash-reason.create': 'auditCashReasonCreate',
  'cash-reason.update': 'auditCashReasonUpdate',
};

interface Names {
  users: ReadonlyMap<string, string>;
  devices: ReadonlyMap<string, string>;
}

/** People and devices by name instead of ids; best effort, the ids stand in when a list cannot be had. */
function useNames(): Names {
  const [names, setNames] = useState<Names>({ users: new Map(), devices: new Map() });
  useEffect(() => {
    let live = true;
    void Promise.allSettled([listUsers(), listDevices()]).then(([users, devices]) => {
      if (!live) return;
      setNames({
        users: new Map(users.status === 'fulfilled' ? users.value.map((u) => [u.id, `${u.name} (${u.username})`]) : []),
        devices: new Map(
          devices.status === 'fulfilled' ? devices.value.flatMap((d) => (d.deviceId === null ? [] : [[d.deviceId, d.label] as const])) : [],
        ),
      });
    });
    return () => {
      live = false;
    };
  }, []);
  return names;
}

export function AuditPanel() {
  const t = useT();
  const names = useNames();
  const outlets = useKnownOutlets();
  const words: AuditNames = {
    user: (id) => names.users.get(id) ?? id,
    device: (id) => names.devices.get(id) ?? id,
    outlet: (id) => outletName(outlets, id),
  };
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [loading, setLoading] = useState(true);
  const [atEnd, setAtEnd] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const loadPage = useCallback((before?: number) => {
    setLoading(true);
    setError(null);
    listAudit({ before, limit: AUDIT_PAGE_SIZE }).then(
      (page) => {
        setEntries((shown) => {
          if (before === undefined) return page;
          const seen = new Set(shown.map((e) => e.id));
          return [...shown, ...page.filter((e) => !seen.has(e.id))];
        });
        setAtEnd(page.length < AUDIT_PAGE_SIZE);
        setLoading(false);
      },
      (e: unknown) => {
        setError(e);
        setLoading(false);
      },
    );
  }, []);
  useEffect(() => loadPage(), [loadPage]);

  const oldest = entries.at(-1);
  const none = t('auditNone');
  return (
    <section aria-labelledby="audit-heading">
      <h2 id="audit-heading">{t('auditTitle')}</h2>
      {entries.length > 0 ? (
        <table className="sales-table">
          <thead>
            <tr>
              <th scope="col">{t('auditWhen')}</th>
              <th scope="col">{t('auditAction')}</th>
              <th scope="col">{t('auditActor')}</th>
              <th scope="col">{t('auditDevice')}</th>
              <th scope="col">{t('auditSubject')}</th>
              <th scope="col">{t('auditDetail')}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id}>
                <td>
                  <time dateTime={new Date(e.at).toISOString()}>{formatWita(e.at)}</time>
                </td>
                <th scope="row">{t(ACTION_LABEL[e.action])}</th>
                <td>{e.actorId === null ? none : (names.users.get(e.actorId) ?? e.actorId)}</td>
                <td>{e.deviceId === null ? none : (names.devices.get(e.deviceId) ?? e.deviceId)}</td>
                <td>{e.subject ?? none}</td>
                <td>{auditEntryWords(t, e, words)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {loading ? <p>{t('loading')}</p> : null}
      {error !== null ? <PanelError error={error} /> : null}
      {error !== null && entries.length === 0 ? (
        <button type="button" className="secondary" disabled={loading} onClick={() => loadPage()}>
          {t('reload')}
        </button>
      ) : null}
      {!loading && error === null && entries.length === 0 ? <p className="notice">{t('auditEmpty')}</p> : null}
      {!loading && atEnd && entries.length > 0 ? <p className="notice">{t('auditEnd')}</p> : null}
      {!atEnd && oldest ? (
        <button type="button" className="secondary" disabled={loading} onClick={() => loadPage(oldest.id)}>
          {t('auditLoadOlder')}
        </button>
      ) : null}
    </section>
  );
}
