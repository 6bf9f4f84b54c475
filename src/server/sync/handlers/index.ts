// One handler per kind in the mutation registry (protocol/mutations). A
// mapped type with no default: a kind without its handler does not compile.
import type { MutationType, PayloadOf } from '../../../protocol/schemas.ts';
import type { MutationHandler } from '../handler.ts';
import { cartVoidHandler } from './cart-void.ts';
import { saleRecordHandler } from './sale-record.ts';
import { saleVoidHandler } from './sale-void.ts';

export type Handlers = { readonly [K in MutationType]: MutationHandler<PayloadOf<K>> };

export const HANDLERS: Handlers = {
  'sale.record': saleRecordHandler,
  'sale.void': saleVoidHandler,
  'cart.void': cartVoidHandler,
};
