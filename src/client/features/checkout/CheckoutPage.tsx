import { wrongCheckDigit } from '../../../domain/ean13.ts';
import { useLiveQuery } from 'dexie-react-hooks';
import { Suspense, useCallback, useEffect, useState } from 'react';
import { useNavigate } from '../../shared/services/router.tsx';
import { asReceiptNumber } from '../../../domain/receipt-code.ts';
import { loadDeviceWire } from '../../../protocol/device-wire-loader.ts';
import { addToCart, CartSizeError, getOpenCart } from '../../db/cart-repo.ts';
import { findByCode, outletById, stockOf } from '../../db/catalog-repo.ts';
import { getDevice } from '../../db/device-repo.ts';
import { dismissReceipt, shownReceipt } from '../../db/sales-repo.ts';
import { currentShift } from '../../db/shift-current.ts';
import { AppLink } from '../../shared/services/app-link.tsx';
import { PATHS } from '../../shared/services/paths.ts';
import type { SaleRow } from '../../db/schema.ts';
import { dayCutoffOf, loadSettings } from '../../db/settings-repo.ts';
import { useT } from '../../i18n/use-t.ts';
import { discountLimitOf } from '../../shared/approvals/approvals.ts';
import { useDb, useServices } from '../../shared/services/services.tsx';
import { saleLookupPath } from '../../shared/services/paths.ts';
import { useSignedInUser } from '../../shared/services/session.ts';
import { useBarcodeScanner } from '../../shared/services/use-scanner.ts';
import { CameraScanner } from '../../ui/CameraScanner.tsx';
import { ChunkBoundary } from '../../shared/services/ChunkBoundary.tsx';
import { lazyRetry } from '../../shared/services/lazy-retry.tsx';
import { CartPanel } from './CartPanel.tsx';
import { HeldCarts } from './HeldCarts.tsx';
import { cartLineOf, ProductSearch } from './ProductSearch.tsx';
import { sizeRefusalText } from './size-refusal.ts';

// Paying and the receipt come after the first screen: their code (payment methods, the QRIS amount, the
// receipt's print and share) is fetched while the cashier fills the cart, not in the first download.
const paymentPanel = () => import('./PaymentPanel.tsx');
const saleDone = () => import('./SaleDone.tsx');
const PaymentPanel = lazyRetry(() => paymentPanel().then((m) => m.PaymentPanel));
const SaleDone = lazyRetry(() => saleDone().then((m) => m.SaleDone));

type Step = { kind: 'cart' } | { kind: 'pay' } | { kind: 'done'; sale: SaleRow };
type ScanNote = { kind: 'added'; name: string } | { kind: 'unknown'; code: string; expected: number | null } | { kind: 'refused'; text: string } | null;

export function CheckoutPage() {
  const t = useT();
  const db = useDb();
  const { sync } = useServices();
  const navigate = useNavigate();
  const [step, setStep] = useState<Step>({ kind: 'cart' });
  const [camera, setCamera] = useState(false);
  const [scanNote, setScanNote] = useState<ScanNote>(null);
  // Searching for an unknown code remounts the search box with that text.
  const [seed, setSeed] = useState<{ query: string; n: number }>({ query: '', n: 0 });
  const cart = useLiveQuery(() => getOpenCart(db), [db]);
  const settings = useLiveQuery(() => loadSettings(db), [db]);
  const device = useLiveQuery(() => getDevice(db), [db]);
  const outletId = device?.outletId ?? null;
  const outlet = useLiveQuery(() => outletById(db, outletId), [db, outletId]);
  const user = useSignedInUser();
  const lastReceipt = useLiveQuery(() => shownReceipt(db), [db]);
  // A sale belongs to the drawer's open shift: with none, the counter says so and offers to start one.
  const shiftOpen = useLiveQuery(async () => (await currentShift(db)) !== null, [db]);
  const productIds = (cart?.lines ?? []).map((l) => l.productId).join(' ');
  const stock = useLiveQuery(() => (outletId && productIds ? stockOf(db, outletId, productIds.split(' ')) : new Map<string, number | null>()), [db, outletId, productIds]);
  const cartStarted = (cart?.lines.length ?? 0) > 0;
  // Fetched once the counter is on screen (from the precache offline), so paying never waits for it;
  // the wire schemas too, which the outbox parses each sale with.
  useEffect(() => {
    void paymentPanel().catch(() => undefined);
    void saleDone().catch(() => undefined);
    void loadDeviceWire().catch(() => undefined);
  }, []);
  // A line in the cart is the next sale: the last receipt is done with.
  useEffect(() => {
    if (cartStarted && lastReceipt) void dismissReceipt(db);
  }, [db, cartStarted, lastReceipt]);

  // Until the cashier answers "Lanjutkan keranjang ...?", a scan must not add to someone else's cart.
  const handoverPending = !!cart?.leftBy && !!user && cart.leftBy.id !== user.id;
  const onCode = useCallback(
    async (code: string) => {
      if (!outletId || handoverPending) return;
      const hit = await findByCode(db, code, outletId);
      // The code under a receipt: the customer is back with it, so its sale opens for a refund.
      const receiptNo = hit ? null : asReceiptNumber(code);
      if (receiptNo !== null) {
        navigate(saleLookupPath(receiptNo));
        return;
      }
      if (!hit) {
        setScanNote({ kind: 'unknown', code, expected: wrongCheckDigit(code)?.expected ?? null });
        return;
      }
      try {
        await addToCart(db, cartLineOf(hit));
      } catch (e) {
        if (!(e instanceof CartSizeError)) throw e;
        setScanNote({ kind: 'refused', text: sizeRefusalText(t, e) });
        return;
      }
      setScanNote({ kind: 'added', name: hit.name });
      // A scan during payment or after a sale starts the next cart view.
      setStep((s) => (s.kind === 'done' ? { kind: 'cart' } : s));
    },
    [db, outletId, t, handoverPending, navigate],
  );
  useBarcodeScanner(
    { maxGapMs: settings?.scanMaxGapMs ?? 35, minLength: settings?.scanMinLength ?? 4 },
    useCallback(
      (code: string) =>
        void onCode(code).catch((e: unknown) => {
          console.error('scan failed', e);
          setScanNote({ kind: 'unknown', code, expected: wrongCheckDigit(code)?.expected ?? null });
        }),
      [onCode],
    ),
  );
  const onCameraCode = useCallback(
    (code: string) => {
      setCamera(false);
      void onCode(code);
    },
    [onCode],
  );
  const closeCamera = useCallback(() => setCamera(false), []);

  if (!cart || !settings || !device || !user) return null;

  return (
    <div className="checkout">
      <div className="main-col">
        {scanNote ? (
          <div className={scanNote.kind === 'added' ? 'scan-note' : 'scan-note warn'} role={scanNote.kind === 'added' ? 'status' : 'alert'}>
            <span>
              {scanNote.kind === 'added'
                ? t('scanAdded', { name: scanNote.name })
                : scanNote.kind === 'refused'
                  ? scanNote.text
                  : scanNote.expected !== null
                    ? t('scanBadCheckDigit', { code: scanNote.code, expected: scanNote.expected })
                    : t('scanUnknown', { code: scanNote.code })}
            </span>
            {scanNote.kind === 'unknown' ? (
              <button
                type="button"
                className="small secondary"
                onClick={() => {
                  setSeed({ query: scanNote.code, n: seed.n + 1 });
                  setScanNote(null);
                }}
              >
                {t('searchForIt', { code: scanNote.code })}
              </button>
            ) : null}
            <button type="button" className="small secondary" onClick={() => setScanNote(null)}>
              {t('dismiss')}
            </button>
          </div>
        ) : null}
        {camera ? <CameraScanner onCode={onCameraCode} onClose={closeCamera} /> : null}
        <ProductSearch
          key={seed.n}
          initialQuery={seed.query}
          outletId={device.outletId}
          onCamera={() => setCamera(true)}
        />
      </div>
      <div className="side">
        {/* Paying that cannot load offline says so in this column; the cart is kept, and Coba Lagi goes back to it. */}
        <ChunkBoundary resetKey={step.kind} onRetry={() => setStep((s) => (s.kind === 'pay' ? { kind: 'cart' } : s))}>
          <Suspense fallback={null}>
            {step.kind === 'cart' && !cartStarted && lastReceipt ? (
              <SaleDone sale={lastReceipt} onNew={() => void dismissReceipt(db)} />
            ) : step.kind === 'cart' ? (
              <>
                {shiftOpen === false ? (
                  <div className="notice" role="status">
                    <p>{t('shiftNoneOpen')}</p>
                    <AppLink to={PATHS.shift} className="button primary">
                      {t('shiftStartLink')}
                    </AppLink>
                  </div>
                ) : null}
                <HeldCarts />
                <CartPanel
                  cart={cart}
                  taxMode={settings.taxMode}
                  limitBp={discountLimitOf(outlet)}
                  user={user}
                  policy={{ removalNeedsApproval: settings.cartRemovalNeedsApproval, large: { lineQty: settings.largeLineQty, saleTotal: settings.largeSaleTotal } }}
                  stock={stock ?? new Map<string, number | null>()}
                  payRefusal={shiftOpen === false ? t('shiftNoneOpen') : null}
                  onPay={() => setStep({ kind: 'pay' })}
                />
              </>
            ) : null}
            {step.kind === 'pay' ? (
              <PaymentPanel
                cart={cart}
                taxMode={settings.taxMode}
                roundingStep={settings.roundingStep}
                dayCutoffMinutes={dayCutoffOf(settings)}
                cashier={user}
                qrisStatic={settings.qrisStatic}
                onBack={() => setStep({ kind: 'cart' })}
                onDone={(sale) => {
                  setStep({ kind: 'done', sale });
                  void sync?.syncNow();
                }}
              />
            ) : null}
            {step.kind === 'done' ? (
              <SaleDone
                sale={step.sale}
                onNew={() => void dismissReceipt(db).then(() => setStep({ kind: 'cart' }))}
              />
            ) : null}
          </Suspense>
        </ChunkBoundary>
      </div>
    </div>
  );
}
