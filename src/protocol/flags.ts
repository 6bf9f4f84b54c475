// What a supervisor must look at on a stored sale or return, as a kind and
// its parameters: the device words it in the reader's language (with product
// and people names from its own catalog), and `message` stays English for API
// clients and logs. FLAG_KINDS is the one list; a test walks it.
import { z } from 'zod';
import { APPROVAL_KINDS, RETURN_PROBLEM_CODES } from '../domain/approval.ts';
import { id, rupiah, text } from './common.ts';

const count = z.number().int();
const name = text().max(200);
const returnAct = z.enum(['void', 'refund']);
const approval = z.enum(APPROVAL_KINDS);

/** Each kind of flag and the parameters it carries. */
export const FLAG_PARAMS = {
  /** Rule 13: the level went below zero with this sale or return. */
  'stock-negative': z.object({ productId: id, outletId: id, level: count }),
  'outlet-unknown': z.object({ outletId: id }),
  'product-unknown': z.object({ productId: id, name }),
  /** The device's catalog showed another list price than the server's. */
  'price-differs': z.object({ productId: id, name, soldAt: rupiah, catalogPrice: rupiah }),
  /** The device sold a line as bebas PPN (or taxed) where the server's catalog says otherwise. */
  'tax-exemption-differs': z.object({ productId: id, name, claimed: z.boolean(), catalog: z.boolean() }),
  /** Made at an outlet other than the one the device is enrolled at. */
  'outside-enrolment': z.object({ act: z.enum(['sale', 'void', 'refund']), outletId: id, enrolledAt: id }),
  /** The cashier (on a sale) or the user (on a void) was not an active user of the outlet then. */
  'person-not-at-outlet': z.object({ role: z.enum(['cashier', 'user']), userId: id, outletId: id }),
  'approval-missing': z.object({ approval, lineId: id.nullable() }),
  /** The approver named could not approve this at that outlet at that time. */
  'approval-forged': z.object({ approval, approverId: id, lineId: id.nullable(), outletId: id }),
  /** A line cleared from a cart without a void-line approval. */
  'cart-line-unapproved': z.object({ productId: id, name, qty: count }),
  'return-sale-unknown': z.object({ act: returnAct, saleId: id }),
  'return-other-outlet': z.object({ act: returnAct, outletId: id, saleOutletId: id }),
  'return-amount-differs': z.object({ act: returnAct, amount: rupiah, expected: rupiah }),
  /** The returned lines do not fit the sale (domain ReturnProblem). */
  'return-lines-invalid': z.object({ act: returnAct, problem: z.enum(RETURN_PROBLEM_CODES), lineId: id.nullable(), name: name.nullable(), left: count.nullable() }),
  'void-not-whole': z.object({}),
  'void-after-day': z.object({ voidDate: text().max(10), saleDate: text().max(10) }),
  /** The stock going back is not what the returned lines hold. */
  'return-stock-differs': z.object({ productId: id, back: count, lines: count }),
  /** A transfer arrived with another quantity of a product than was sent. */
  'transfer-difference': z.object({ transferId: id, productId: id, sent: count, received: count }),
  /** A count by category counted a product of another category; its count still stands. */
  'count-out-of-scope': z.object({ productId: id, category: text().max(100) }),
  /** A count by category left products of it uncounted; their levels are unchanged. */
  'count-uncounted': z.object({ category: text().max(100), uncounted: count }),
  /** A QRIS payment saved "menunggu konfirmasi" that the merchant's mutasi does not show: the cashier disputed it. */
  'qris-disputed': z.object({ paymentId: id, amount: rupiah, note: text().max(500) }),
  /** A confirmation names a payment its sale does not hold as an awaiting QRIS payment. */
  'payment-not-awaiting': z.object({ paymentId: id, saleId: id }),
  /** A sale, return or cash movement that names a shift already closed: it still belongs to that shift, whose Z no longer adds up. */
  'shift-closed': z.object({ act: z.enum(['sale', 'return', 'movement']), shiftId: id, zNo: count }),
  /** A sale, return, movement or close naming a shift the server has no opening of. */
  'shift-unknown': z.object({ act: z.enum(['sale', 'return', 'movement', 'close']), shiftId: id }),
  /** The Z's expected figure for a method is not what the server counts from the acts it holds (forged, or acts missing). */
  'shift-figures-differ': z.object({ method: z.enum(['cash', 'qris', 'card', 'transfer', 'sales']), stated: rupiah, counted: rupiah }),
  /** A Kas Masuk / Kas Keluar naming a reason code the server has never had on its list (a device's own, or a typo): the money moved, so it is kept. */
  'cash-reason-unknown': z.object({ direction: z.enum(['in', 'out']), reason: text().max(40) }),
  /** Another Z of this drawer already carries this number. */
  'z-number-repeated': z.object({ drawerId: id, zNo: count }),
  /** A shared drawer's slip whose figure is not what the server counts for its shift, or not what the other copy of the slip says. */
  'slip-figures-differ': z.object({ shiftId: id, method: z.enum(['cash', 'qris', 'card', 'transfer', 'sales']), stated: rupiah, counted: rupiah }),
  /** A slip already counted in another close of the shared drawer. */
  'slip-merged-twice': z.object({ shiftId: id, zNo: count }),
  /** A shift of the shared drawer that day whose slip no close counted. */
  'slip-missing': z.object({ shiftId: id, zNo: count }),
  /** A flag stored before flags had kinds: only its English words exist. */
  'legacy-text': z.object({ text: text().max(2000) }),
} as const;

export type FlagKind = keyof typeof FLAG_PARAMS;
export const FLAG_KINDS = Object.keys(FLAG_PARAMS) as FlagKind[];
export type FlagParams<K extends FlagKind> = z.infer<(typeof FLAG_PARAMS)[K]>;
export type Flag = { [K in FlagKind]: { kind: K; params: FlagParams<K>; message: string } }[FlagKind];

const variant = <K extends FlagKind>(kind: K) => z.object({ kind: z.literal(kind), params: FLAG_PARAMS[kind], message: text().max(2000) });

export const flagSchema = z.discriminatedUnion('kind', [
  variant('stock-negative'),
  variant('outlet-unknown'),
  variant('product-unknown'),
  variant('price-differs'),
  variant('tax-exemption-differs'),
  variant('outside-enrolment'),
  variant('person-not-at-outlet'),
  variant('approval-missing'),
  variant('approval-forged'),
  variant('cart-line-unapproved'),
  variant('return-sale-unknown'),
  variant('return-other-outlet'),
  variant('return-amount-differs'),
  variant('return-lines-invalid'),
  variant('void-not-whole'),
  variant('void-after-day'),
  variant('return-stock-differs'),
  variant('legacy-text'),
  variant('transfer-difference'),
  variant('count-out-of-scope'),
  variant('count-uncounted'),
  variant('qris-disputed'),
  variant('payment-not-awaiting'),
  variant('shift-closed'),
  variant('shift-unknown'),
  variant('shift-figures-differ'),
  variant('z-number-repeated'),
  variant('slip-figures-differ'),
  variant('slip-merged-twice'),
  variant('slip-missing'),
  variant('cash-reason-unknown'),
]);

// Compile-time: the union above names every kind of FLAG_PARAMS, and nothing else.
type UnionKinds = z.infer<typeof flagSchema>['kind'];
const everyKind: [Exclude<FlagKind, UnionKinds>, Exclude<UnionKinds, FlagKind>] extends [never, never] ? true : never = true;
void everyKind;

const line = (lineId: string | null): string => (lineId ? ` on line ${lineId}` : '');

const ENGLISH: { [K in FlagKind]: (p: FlagParams<K>) => string } = {
  'stock-negative': (p) => `stock of ${p.productId} at ${p.outletId} is now ${p.level}`,
  'outlet-unknown': (p) => `unknown outlet ${p.outletId}`,
  'product-unknown': (p) => `unknown product ${p.productId} (${p.name})`,
  'price-differs': (p) => `${p.name}: sold at ${p.soldAt}, catalog price ${p.catalogPrice}`,
  'tax-exemption-differs': (p) => `${p.name}: sold ${p.claimed ? 'exempt from' : 'with'} PPN, the catalog says ${p.catalog ? 'exempt' : 'taxable'}`,
  'outside-enrolment': (p) => `${p.act === 'sale' ? 'sold' : p.act} at outlet ${p.outletId}, but this device is enrolled at ${p.enrolledAt}`,
  'person-not-at-outlet': (p) => `${p.role} ${p.userId} was not an active user of outlet ${p.outletId} at that time`,
  'approval-missing': (p) => `${p.approval}${line(p.lineId)} without a supervisor's approval`,
  'approval-forged': (p) => `forged approval: ${p.approverId} could not approve ${p.approval}${line(p.lineId)} at ${p.outletId} at that time`,
  'cart-line-unapproved': (p) => `${p.name} x${p.qty} voided without a supervisor's approval`,
  'return-sale-unknown': (p) => `sale ${p.saleId} is not on the server; the ${p.act} could not be checked against it`,
  'return-other-outlet': (p) => `the ${p.act} is at ${p.outletId} but the sale was at ${p.saleOutletId}`,
  'return-amount-differs': (p) => `${p.act} pays back ${p.amount} but the lines come to ${p.expected}`,
  'return-lines-invalid': (p) =>
    `${p.act}: ${
      p.problem === 'no-lines'
        ? 'choose at least one line to return'
        : p.problem === 'line-not-on-sale'
          ? `line ${p.lineId ?? '?'} is not on this sale`
          : p.problem === 'qty-not-whole'
            ? `line ${p.name ?? '?'}: return a whole number above zero`
            : `line ${p.name ?? '?'}: only ${p.left ?? 0} left to return`
    }`,
  'void-not-whole': () => 'a void must take back the whole sale; use a refund for part of it',
  'void-after-day': (p) => `a void on ${p.voidDate} of a sale from ${p.saleDate}: after the day, it is a refund`,
  'return-stock-differs': (p) => `stock of ${p.productId} goes back by ${p.back}, the returned lines hold ${p.lines}`,
  'legacy-text': (p) => p.text,
  'transfer-difference': (p) => `transfer ${p.transferId}: ${p.sent} of ${p.productId} sent, ${p.received} received`,
  'count-out-of-scope': (p) => `product ${p.productId} is not of category ${p.category}, yet counted with it; its count stands`,
  'count-uncounted': (p) => `${p.uncounted} products of category ${p.category} were not counted; their levels are unchanged`,
  'qris-disputed': (p) => `QRIS payment ${p.paymentId} of ${p.amount} disputed: not in the merchant's mutasi${p.note ? ` (${p.note})` : ''}`,
  'payment-not-awaiting': (p) => `payment ${p.paymentId} is not a QRIS payment awaiting confirmation on sale ${p.saleId}`,
  'shift-closed': (p) => `${p.act} in shift ${p.shiftId}, which Z ${p.zNo} already closed; it still counts in that shift`,
  'shift-unknown': (p) => `${p.act} names shift ${p.shiftId}, which the server has no opening of`,
  'shift-figures-differ': (p) => (p.method === 'sales' ? `the Z counts ${p.stated} sales, the server holds ${p.counted}` : `the Z expects ${p.stated} ${p.method}, the server counts ${p.counted}`),
  'z-number-repeated': (p) => `drawer ${p.drawerId} already has a Z number ${p.zNo}`,
  'slip-figures-differ': (p) =>
    p.method === 'sales' ? `the slip of shift ${p.shiftId} counts ${p.stated} sales, the server holds ${p.counted}` : `the slip of shift ${p.shiftId} expects ${p.stated} ${p.method}, the server counts ${p.counted}`,
  'slip-merged-twice': (p) => `the slip of shift ${p.shiftId} was already counted in Z ${p.zNo} of this drawer`,
  'slip-missing': (p) => `shift ${p.shiftId} of the shared drawer is not in Z ${p.zNo}: its slip was not counted`,
  'cash-reason-unknown': (p) => `${p.direction === 'in' ? 'kas masuk' : 'kas keluar'} with reason "${p.reason}", which is not on the server's list of cash reasons`,
};

/** A flag of `kind`, with its English words for API clients. */
export function makeFlag<K extends FlagKind>(kind: K, params: FlagParams<K>): Flag {
  return { kind, params, message: ENGLISH[kind](params) } as Flag;
}

/** Flags as a row stores them; rows written before kinds hold plain English strings. */
export function storedFlags(json: string): Flag[] {
  const raw = JSON.parse(json) as unknown;
  if (!Array.isArray(raw)) return [];
  return raw.map((f: unknown): Flag => {
    if (typeof f === 'string') return makeFlag('legacy-text', { text: f });
    const parsed = flagSchema.safeParse(f);
    return parsed.success ? parsed.data : makeFlag('legacy-text', { text: JSON.stringify(f).slice(0, 2000) });
  });
}
