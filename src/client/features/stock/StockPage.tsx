// The device's Stok area, for the outlet's supervisors and admins: receive
// goods from a producer, send and receive transfers, adjust with a reason,
// count the shelf (stock opname), and see levels and this device's pending
// events. Everything works offline; each act is queued like a sale.
import '../../i18n/stock-strings.ts';
import { useLiveQuery } from 'dexie-react-hooks';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Tab, TabList, TabPanel, Tabs, type Key } from 'react-aria-components';
import { canApprove } from '../../../domain/approval.ts';
import { findByCode, type ProductHit } from '../../db/catalog-repo.ts';
import { getDevice } from '../../db/device-repo.ts';
import { loadSettings } from '../../db/settings-repo.ts';
import { useT } from '../../i18n/use-t.ts';
import { useDb } from '../../shared/services/services.tsx';
import { useSignedInUser } from '../../shared/services/session.ts';
import { useBarcodeScanner } from '../../shared/services/use-scanner.ts';
import { AdjustSection } from './AdjustSection.tsx';
import { CountSection } from './CountSection.tsx';
import { HistorySection } from './HistorySection.tsx';
import { ReceiveSection } from './ReceiveSection.tsx';
import { TransferSection } from './TransferSection.tsx';
import '../../i18n/back-office-strings.ts';

export type ScanHandler = (hit: ProductHit | null, code: string) => void;

export interface StockContext {
  outletId: string;
  userId: string;
  /** The section on screen takes the scans. */
  onScan: (handler: ScanHandler | null) => void;
}

const TABS = ['receive', 'transfer', 'adjust', 'count', 'history'] as const;
type TabKey = (typeof TABS)[number];

export function StockPage() {
  const t = useT();
  const db = useDb();
  const user = useSignedInUser();
  const device = useLiveQuery(() => getDevice(db), [db]);
  const settings = useLiveQuery(() => loadSettings(db), [db]);
  const [tab, setTab] = useState<TabKey>('receive');
  const handler = useRef<ScanHandler | null>(null);
  const onScan = useCallback((h: ScanHandler | null) => {
    handler.current = h;
  }, []);
  const outletId = device?.outletId ?? null;
  useBarcodeScanner(
    { maxGapMs: settings?.scanMaxGapMs ?? 35, minLength: settings?.scanMinLength ?? 4 },
    useCallback(
      (code: string) => {
        if (outletId === null) return;
        void findByCode(db, code, outletId).then((hit) => handler.current?.(hit, code));
      },
      [db, outletId],
    ),
  );
  useEffect(() => () => void (handler.current = null), []);

  if (user === undefined || device === undefined) return <section className="stock" aria-busy="true" />;
  if (!user || !canApprove(user.role) || outletId === null) {
    return (
      <section className="stock" aria-labelledby="stock-heading">
        <h1 id="stock-heading">{t('stockTitle')}</h1>
        <p role="alert">{t('stockNotAllowed')}</p>
      </section>
    );
  }
  const ctx: StockContext = { outletId, userId: user.id, onScan };
  const labels: Record<TabKey, string> = {
    receive: t('stockTabReceive'),
    transfer: t('stockTabTransfer'),
    adjust: t('stockTabAdjust'),
    count: t('stockTabCount'),
    history: t('stockTabHistory'),
  };
  return (
    <section className="stock" aria-labelledby="stock-heading">
      <h1 id="stock-heading">{t('stockTitle')}</h1>
      <p className="stock-scan-hint">{t('stockScanHint')}</p>
      <Tabs selectedKey={tab} onSelectionChange={(k: Key) => setTab(k as TabKey)}>
        <TabList aria-label={t('stockSections')} className="stock-tabs">
          {TABS.map((k) => (
            <Tab key={k} id={k}>
              {labels[k]}
            </Tab>
          ))}
        </TabList>
        <TabPanel id="receive">
          <ReceiveSection ctx={ctx} />
        </TabPanel>
        <TabPanel id="transfer">
          <TransferSection ctx={ctx} />
        </TabPanel>
        <TabPanel id="adjust">
          <AdjustSection ctx={ctx} />
        </TabPanel>
        <TabPanel id="count">
          <CountSection ctx={ctx} />
        </TabPanel>
        <TabPanel id="history">
          <HistorySection ctx={ctx} />
        </TabPanel>
      </Tabs>
    </section>
  );
}
