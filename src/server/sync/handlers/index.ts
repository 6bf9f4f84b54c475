// One handler per kind in the mutation registry (protocol/mutations). A
// mapped type with no default: a kind without its handler does not compile.
import type { z } from 'zod';
import type { MutationDeclaration } from '../../../protocol/mutations/index.ts';
import type { MUTATIONS } from '../../../protocol/schemas.ts';
import type { MutationHandler } from '../handler.ts';
import { cartVoidHandler } from './cart-void.ts';
import { cashMoveHandler } from './cash-move.ts';
import { flagResolveHandler } from './flag-resolve.ts';
import { paymentConfirmHandler } from './payment-confirm.ts';
import { saleRecordHandler } from './sale-record.ts';
import { saleVoidHandler } from './sale-void.ts';
import { shiftCloseHandler } from './shift-close.ts';
import { shiftMergeHandler } from './shift-merge.ts';
import { shiftSlipHandler } from './shift-slip.ts';
import { shiftOpenHandler } from './shift-open.ts';
import { stockAdjustHandler } from './stock-adjust.ts';
import { stockCountHandler } from './stock-count.ts';
import { stockReceiveHandler } from './stock-receive.ts';
import { transferReceiveHandler } from './transfer-receive.ts';
import { transferSendHandler } from './transfer-send.ts';

/** One handler per kind of a registry, typed by its payload. */
export type HandlersFor<R extends Record<string, MutationDeclaration>> = { readonly [K in keyof R]: MutationHandler<z.infer<R[K]['payload']>> };
export type Handlers = HandlersFor<typeof MUTATIONS>;

export const HANDLERS: Handlers = {
  'sale.record': saleRecordHandler,
  'sale.void': saleVoidHandler,
  'cart.void': cartVoidHandler,
  'flag.resolve': flagResolveHandler,
  'stock.receive': stockReceiveHandler,
  'stock.adjust': stockAdjustHandler,
  'transfer.send': transferSendHandler,
  'transfer.receive': transferReceiveHandler,
  'stock.count': stockCountHandler,
  'payment.confirm': paymentConfirmHandler,
  'shift.open': shiftOpenHandler,
  'cash.move': cashMoveHandler,
  'shift.close': shiftCloseHandler,
  'shift.slip': shiftSlipHandler,
  'shift.merge': shiftMergeHandler,
};
