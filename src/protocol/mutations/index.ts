// The mutation registry: every kind of synced change, declared once. The
// server's handlers (server/sync/handlers) and the device's bookkeeping
// (client/db/mutation-kinds.ts) are typed maps over these keys, so a kind
// added here without its handler or its bookkeeping does not compile.
import type { z } from 'zod';
import { cartVoid } from './cart-void.ts';
import { cashMove } from './cash-move.ts';
import type { MutationDeclaration } from './declare.ts';
import { flagResolve } from './flag-resolve.ts';
import { paymentConfirm } from './payment-confirm.ts';
import { saleRecord } from './sale-record.ts';
import { saleVoid } from './sale-void.ts';
import { shiftClose } from './shift-close.ts';
import { shiftMerge } from './shift-merge.ts';
import { shiftOpen } from './shift-open.ts';
import { shiftSlip } from './shift-slip.ts';
import { stockAdjust } from './stock-adjust.ts';
import { stockCount } from './stock-count.ts';
import { stockReceive } from './stock-receive.ts';
import { transferReceive } from './transfer-receive.ts';
import { transferSend } from './transfer-send.ts';

export const MUTATIONS = {
  [saleRecord.type]: saleRecord,
  [saleVoid.type]: saleVoid,
  [cartVoid.type]: cartVoid,
  [flagResolve.type]: flagResolve,
  [stockReceive.type]: stockReceive,
  [stockAdjust.type]: stockAdjust,
  [transferSend.type]: transferSend,
  [transferReceive.type]: transferReceive,
  [stockCount.type]: stockCount,
  [paymentConfirm.type]: paymentConfirm,
  [shiftOpen.type]: shiftOpen,
  [cashMove.type]: cashMove,
  [shiftClose.type]: shiftClose,
  [shiftSlip.type]: shiftSlip,
  [shiftMerge.type]: shiftMerge,
} as const satisfies Record<string, MutationDeclaration>;

export type MutationType = keyof typeof MUTATIONS;
export type PayloadOf<K extends MutationType> = z.infer<(typeof MUTATIONS)[K]['payload']>;

/** Mutation types the server understands; anything else is refused alone. */
export const MUTATION_TYPES = Object.keys(MUTATIONS) as MutationType[];

export function isMutationType(type: string): type is MutationType {
  return Object.hasOwn(MUTATIONS, type);
}

/** Each kind's payload schema, by type (the OpenAPI document names one per type). */
export const payloadSchemas = Object.fromEntries(MUTATION_TYPES.map((t) => [t, MUTATIONS[t].payload])) as {
  readonly [K in MutationType]: (typeof MUTATIONS)[K]['payload'];
};

/**
 * A payload parsed for its kind: the type and payload travel together, so a
 * handler is picked by `type` and never by which keys the payload has.
 */
export type TypedPayload<K extends MutationType = MutationType> = { [P in K]: { type: P; payload: PayloadOf<P> } }[K];

/** Parses `payload` as a `type` mutation; the refusal names the field that does not fit. */
export function parsePayload<K extends MutationType>(type: K, payload: unknown): z.ZodSafeParseResult<PayloadOf<K>> {
  return MUTATIONS[type].payload.safeParse(payload) as z.ZodSafeParseResult<PayloadOf<K>>;
}

export { cartVoidPayloadSchema, type CartVoidPayload } from './cart-void.ts';
export { cashMovePayloadSchema, type CashMovePayload } from './cash-move.ts';
export { shiftClosePayloadSchema, type ShiftClosePayload } from './shift-close.ts';
export { shiftOpenPayloadSchema, type ShiftOpenPayload } from './shift-open.ts';
export { shiftSlipPayloadSchema, type ShiftSlipPayload } from './shift-slip.ts';
export { shiftMergePayloadSchema, type ShiftMergePayload } from './shift-merge.ts';
export { flagResolvePayloadSchema, flagSubjectSchema, type FlagResolvePayload, type FlagSubjectRef } from './flag-resolve.ts';
export { paymentConfirmPayloadSchema, type PaymentConfirmPayload } from './payment-confirm.ts';
export { saleRecordPayloadSchema, type SaleRecordPayload } from './sale-record.ts';
export { saleVoidPayloadSchema, type SaleVoidPayload } from './sale-void.ts';
export { stockAdjustPayloadSchema, type StockAdjustPayload } from './stock-adjust.ts';
export { countScopeSchema, stockCountPayloadSchema, type StockCountPayload } from './stock-count.ts';
export { stockReceivePayloadSchema, type StockReceivePayload } from './stock-receive.ts';
export { transferReceivePayloadSchema, type TransferReceivePayload } from './transfer-receive.ts';
export { transferSendPayloadSchema, type TransferSendPayload } from './transfer-send.ts';
export type { MutationDeclaration } from './declare.ts';
