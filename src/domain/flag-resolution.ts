// How a supervisor closes what the server flagged: what can be done to which
// kind of flag, and who may. Pure: the device offers only these actions, and
// the server refuses any other (it cannot trust the device to have asked).
import { canApprove, type Role } from './approval.ts';

/**
 * What a flag is about: a sale, a void or refund, an outlet's stock of one
 * product, or a stock document (a transfer that arrived with other
 * quantities, an adjustment over the limit without a PIN, a count).
 */
export const FLAG_SUBJECTS = ['sale', 'return', 'stock', 'stock-doc'] as const;
export type FlagSubject = (typeof FLAG_SUBJECTS)[number];

/**
 * accept: it stands as it is, with a note saying why. stock-count: the
 * shelf was counted; the count becomes the level (a 'count' stock event).
 * price-note: the price charged stands, with a note for the catalog owner.
 */
export const RESOLUTION_ACTIONS = ['accept', 'stock-count', 'price-note'] as const;
export type ResolutionAction = (typeof RESOLUTION_ACTIONS)[number];

const ACTIONS: Record<FlagSubject, readonly ResolutionAction[]> = {
  sale: ['accept', 'price-note'],
  return: ['accept'],
  stock: ['stock-count', 'accept'],
  // A difference or variance is accepted as it stands (with a note saying
  // why: the booth's box was short, the driver brings the rest), or fixed by
  // counting the product at the resolving outlet, which sets its level.
  'stock-doc': ['accept', 'stock-count'],
};

/** The stock documents a flag can be on. */
export const STOCK_DOC_KINDS = ['transfer', 'adjustment', 'count'] as const;
export type StockDocKind = (typeof STOCK_DOC_KINDS)[number];

/**
 * Whether a stock document may be resolved from `outletId` with this action:
 * a transfer by either end (the difference is between them), an adjustment or
 * count by its own outlet; a count fixes only a product the document moved.
 */
export function stockDocRefusal(
  doc: { outletIds: readonly string[]; products: readonly string[]; flagged: boolean },
  outletId: string,
  countedProduct: string | null,
): 'not-flagged' | 'other-outlet' | 'product-not-on-doc' | null {
  if (!doc.flagged) return 'not-flagged';
  if (!doc.outletIds.includes(outletId)) return 'other-outlet';
  if (countedProduct !== null && !doc.products.includes(countedProduct)) return 'product-not-on-doc';
  return null;
}

export function actionsFor(subject: FlagSubject): readonly ResolutionAction[] {
  return ACTIONS[subject];
}

/** A flag is closed by the people answerable for the outlet, as approvals are. */
export function mayResolveFlags(role: Role): boolean {
  return canApprove(role);
}

/** The most a shelf count may say; a bigger number is a typo, not stock. */
export const MAX_COUNTED = 1_000_000;

/** A note is needed where the action alone says nothing: accepting, or a price left as charged. */
export function needsNote(action: ResolutionAction): boolean {
  return action !== 'stock-count';
}

/**
 * The stock event a count makes: the difference between what was counted
 * and the level the server holds when it applies the count (sync rule 13:
 * stock moves by events, so the count is one too).
 */
export function countDelta(level: number, counted: number): number {
  return counted - level;
}
