// A cart change refused by the limits of domain/cart.ts, in the screen's words:
// the search, the scanner and the cart all say it the same way.
import { formatRupiah } from '../../../domain/money.ts';
import type { CartSizeError } from '../../db/cart-repo.ts';
import type { T } from '../../i18n/use-t.ts';

export function sizeRefusalText(t: T, e: CartSizeError): string {
  const r = e.refusal;
  return r.kind === 'line-qty'
    ? t('cartLineTooMany', { name: e.lineName, max: r.max.toLocaleString('id-ID'), qty: r.qty.toLocaleString('id-ID') })
    : t('cartTotalTooLarge', { total: formatRupiah(r.total), max: formatRupiah(r.max) });
}
