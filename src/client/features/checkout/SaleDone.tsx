import type { SaleRow } from '../../db/schema.ts';
import { useT } from '../../i18n/use-t.ts';
import { ReceiptActions } from '../../shared/printing/receipt.tsx';
import { Money } from '../../ui/Money.tsx';
import { amountCollected } from '../../../domain/sale.ts';

export function SaleDone({ sale, onNew }: { sale: SaleRow; onNew: () => void }) {
  const t = useT();
  return (
    <section className="done" role="status" aria-labelledby="done-heading">
      <h2 id="done-heading">{t('saleSaved')}</h2>
      <p>
        {t('receiptNo')}: <strong>{sale.receiptNo}</strong>
      </p>
      <p>
        {t('total')} <Money value={amountCollected(sale)} />
      </p>
      <p className="change">
        {t('change')} <Money value={sale.change} className="huge" />
      </p>
      <button type="button" className="primary big" autoFocus onClick={onNew}>
        {t('newSale')}
      </button>
      <ReceiptActions sale={sale} reprint={false} />
    </section>
  );
}
