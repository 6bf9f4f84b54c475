// What the server's answer to each kind of mutation does to the rows it
// wrote on this device, looked up by the row's type in a map over the
// mutation registry: a kind without its bookkeeping here does not compile.
import type { z } from 'zod';
import type { MutationDeclaration } from '../../protocol/mutations/index.ts';
import type { MUTATIONS, MutationResult, MutationType, PayloadOf } from '../../protocol/schemas.ts';
import type { OutboxRow, SaleSyncState, StockEventRow } from './schema.ts';
import type { WirePushProblem } from '../../protocol/push-problems.ts';

/** Changes gathered over a whole batch of answers, then written in a few bulk requests. */
export interface Effects {
  /** A sale's own sync state (from its 'sale.record'). */
  sales: { saleId: string; sync: SaleSyncState; note: string | null; problem: WirePushProblem | null }[];
  /** Sales whose own 'sale' stock events take this state. */
  saleEvents: { saleIds: string[]; state: StockEventRow['state'] }[];
  /** Stock events by id (a return's own, a stock document's). */
  events: { ids: string[]; state: StockEventRow['state'] }[];
  /** One return's state on its sale. */
  returns: { saleId: string; returnId: string; sync: SaleSyncState; note: string | null; problem: WirePushProblem | null }[];
  /** One QRIS check's state on its sale. */
  checks: { saleId: string; checkId: string; sync: SaleSyncState; note: string | null; problem: WirePushProblem | null }[];
}

export function noEffects(): Effects {
  return { sales: [], saleEvents: [], events: [], returns: [], checks: [] };
}

export interface Answer {
  sync: SaleSyncState;
  note: string | null;
  problem: WirePushProblem | null;
  /** Rejected or conflict: the server did not take it, so its stock deltas still count as the device's own. */
  refused: boolean;
}

export interface KindBookkeeping<P> {
  /** The server answered this mutation. */
  answered(row: OutboxRow, payload: P, answer: Answer, fx: Effects): void;
  /** The server lost it (restored from a backup): it is sent again and counts as unsynced. */
  resent(row: OutboxRow, payload: P, fx: Effects): void;
}

const PENDING: Answer = { sync: 'pending', note: null, problem: null, refused: true };

function saleAnswered(row: OutboxRow, { sale }: PayloadOf<'sale.record'>, a: Answer, fx: Effects): void {
  const saleId = row.saleId ?? sale.id;
  fx.sales.push({ saleId, sync: a.sync, note: a.note, problem: a.problem });
  // Only the sale's own events: its returns share the saleId but are acked with their own mutation.
  if (!a.refused) fx.saleEvents.push({ saleIds: [saleId], state: 'acked' });
}

function returnAnswered(ret: PayloadOf<'sale.void'>, a: Answer, fx: Effects): void {
  // The return's state is kept on its sale; the sale's own state is its 'sale.record' row's.
  fx.returns.push({ saleId: ret.saleId, returnId: ret.id, sync: a.sync, note: a.note, problem: a.problem });
  if (!a.refused) fx.events.push({ ids: ret.stockEvents.map((e) => e.id), state: 'acked' });
}

/** The stock events a stock document wrote here, by id. */
const stockEventIds = (lines: readonly { stockEventId: string }[]): string[] => lines.map((l) => l.stockEventId);

/**
 * A stock document's events: acknowledged, they wait for the pull that
 * brings the level including them; refused, the server will never count
 * them, so they stop counting here too ('applied' retires them).
 */
function stockBook<P>(ids: (p: P) => string[]): KindBookkeeping<P> {
  return {
    answered: (_row, p, a, fx) => {
      fx.events.push({ ids: ids(p), state: a.refused ? 'applied' : 'acked' });
    },
    resent: (_row, p, fx) => {
      fx.events.push({ ids: ids(p), state: 'pending' });
    },
  };
}

/** The bookkeeping of every kind of a registry, typed by its payload. */
export type BookkeepingFor<R extends Record<string, MutationDeclaration>> = { readonly [K in keyof R]: KindBookkeeping<z.infer<R[K]['payload']>> };

export const KIND_BOOKKEEPING: BookkeepingFor<typeof MUTATIONS> = {
  'sale.record': {
    answered: saleAnswered,
    resent(row, payload, fx) {
      saleAnswered(row, payload, PENDING, fx);
      fx.saleEvents.push({ saleIds: [row.saleId ?? payload.sale.id], state: 'pending' });
    },
  },
  'sale.void': {
    answered: (_row, ret, a, fx) => returnAnswered(ret, a, fx),
    resent(_row, ret, fx) {
      returnAnswered(ret, PENDING, fx);
      fx.events.push({ ids: ret.stockEvents.map((e) => e.id), state: 'pending' });
    },
  },
  // The evidence lives on the server only: nothing on the device follows the answer.
  'cart.void': { answered: () => undefined, resent: () => undefined },
  // The flags are the server's: the review page reads the answer from the outbox row itself.
  'flag.resolve': { answered: () => undefined, resent: () => undefined },
  'stock.receive': stockBook((p) => stockEventIds(p.lines)),
  'stock.adjust': stockBook((p) => stockEventIds(p.lines)),
  'transfer.send': stockBook((p) => stockEventIds(p.lines)),
  'transfer.receive': stockBook((p) => stockEventIds(p.lines)),
  // Lines without a variance wrote no event here; their ids match nothing.
  'stock.count': stockBook((p) => stockEventIds(p.lines)),
  // Kept on its sale, as a return is: the list of payments awaiting confirmation shows the answer.
  'payment.confirm': {
    answered: (_row, p, a, fx) => {
      fx.checks.push({ saleId: p.saleId, checkId: p.id, sync: a.sync, note: a.note, problem: a.problem });
    },
    resent: (_row, p, fx) => {
      fx.checks.push({ saleId: p.saleId, checkId: p.id, sync: 'pending', note: null, problem: null });
    },
  },
  // A shift's rows are the device's own record of its drawer; the server's answer (flags on a Z) is read from the outbox row.
  'shift.open': { answered: () => undefined, resent: () => undefined },
  'cash.move': { answered: () => undefined, resent: () => undefined },
  'shift.close': { answered: () => undefined, resent: () => undefined },
  'shift.slip': { answered: () => undefined, resent: () => undefined },
  'shift.merge': { answered: () => undefined, resent: () => undefined },
};

const SALE_STATE: Record<MutationResult['status'], SaleSyncState> = {
  applied: 'synced',
  duplicate: 'synced',
  flagged: 'flagged',
  rejected: 'rejected',
  conflict: 'rejected',
};

export function answerOf(r: MutationResult): Answer {
  return { sync: SALE_STATE[r.status], note: r.reason, problem: r.problem, refused: r.status === 'rejected' || r.status === 'conflict' };
}

/**
 * Runs the row's kind's bookkeeping. The outbox writer parsed the payload
 * with the kind's wire schema before storing it, so its shape is the kind's;
 * a row of a kind this build does not know (written by a newer app, then
 * downgraded) has no bookkeeping and is skipped.
 */
function withKind<K extends MutationType>(row: OutboxRow & { type: K }, fn: (book: KindBookkeeping<PayloadOf<K>>, payload: PayloadOf<K>) => void): void {
  if (!Object.hasOwn(KIND_BOOKKEEPING, row.type)) return;
  fn(KIND_BOOKKEEPING[row.type], row.payload as PayloadOf<K>);
}

export function bookAnswer(row: OutboxRow, answer: Answer, fx: Effects): void {
  withKind(row, (book, payload) => book.answered(row, payload, answer, fx));
}

export function bookResend(row: OutboxRow, fx: Effects): void {
  withKind(row, (book, payload) => book.resent(row, payload, fx));
}
