import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { getOpenCart } from '../../db/cart-repo.ts';
import { getDevice } from '../../db/device-repo.ts';
import type { SaleRow } from '../../db/schema.ts';
import { loadSettings } from '../../db/settings-repo.ts';
import { useDb, useServices } from '../../lib/services.tsx';
import { CartPanel } from './CartPanel.tsx';
import { PaymentPanel } from './PaymentPanel.tsx';
import { ProductSearch } from './ProductSearch.tsx';
import { SaleDone } from './SaleDone.tsx';

type Step = { kind: 'cart' } | { kind: 'pay' } | { kind: 'done'; sale: SaleRow };

export function CheckoutPage() {
  const db = useDb();
  const { sync } = useServices();
  const [step, setStep] = useState<Step>({ kind: 'cart' });
  const cart = useLiveQuery(() => getOpenCart(db), [db]);
  const settings = useLiveQuery(() => loadSettings(db), [db]);
  const device = useLiveQuery(() => getDevice(db), [db]);
  if (!cart || !settings || !device) return null;

  return (
    <div className="checkout">
      <ProductSearch outletId={device.outletId} />
      <div className="side">
        {step.kind === 'cart' ? <CartPanel cart={cart} taxMode={settings.taxMode} onPay={() => setStep({ kind: 'pay' })} /> : null}
        {step.kind === 'pay' ? (
          <PaymentPanel
            cart={cart}
            taxMode={settings.taxMode}
            roundingStep={settings.roundingStep}
            cashier={settings.cashier}
            onBack={() => setStep({ kind: 'cart' })}
            onDone={(sale) => {
              setStep({ kind: 'done', sale });
              void sync?.syncNow();
            }}
          />
        ) : null}
        {step.kind === 'done' ? <SaleDone sale={step.sale} onNew={() => setStep({ kind: 'cart' })} /> : null}
      </div>
    </div>
  );
}
