// The receipt (struk) as plain lines of a fixed width: the same lines go to a
// thermal printer (ESC/POS), the print stylesheet and WhatsApp, so the three
// never disagree. Amounts sit in right-aligned columns without "Rp" to save
// width; only TOTAL carries it, as that is the number a customer looks for.
import { formatNumber, formatRupiah } from './money.ts';
import type { PaymentMethod } from './payment.ts';
import { amountCollected, type Sale, type SaleLine } from './sale.ts';
import type { Discount } from './cart.ts';
import { formatWita } from './time.ts';

/** Characters a line: 32 on 58 mm paper, 48 on 80 mm (42 on some 80 mm printers). */
export type ReceiptWidth = 32 | 42 | 48;
export const RECEIPT_WIDTHS: readonly ReceiptWidth[] = [32, 42, 48];

export interface ReceiptProducer {
  name: string;
  /** e.g. "Karya warga binaan Lapas Kelas IIA Lombok Barat"; null prints nothing. */
  receiptLine: string | null;
}

export interface ReceiptInput {
  sale: Sale;
  storeName: string;
  storeAddress: string;
  /** Printed only on a PKP's receipt (taxMode 'ppn-included'), where it makes the receipt a simplified tax invoice. */
  npwp: string | null;
  producers: Readonly<Record<string, ReceiptProducer>>;
  /** Extra text under "Terima kasih", e.g. a return policy; newlines start new paragraphs. */
  footer?: string;
  /** By product id: the story printed under the item, for products whose story is ticked for the receipt. */
  stories?: Readonly<Record<string, string>>;
}

export type ReceiptLang = 'id' | 'en';

const METHOD_LABELS: Record<ReceiptLang, Record<PaymentMethod, string>> = {
  id: { cash: 'Tunai', qris: 'QRIS', card: 'Kartu', transfer: 'Transfer' },
  en: { cash: 'Cash', qris: 'QRIS', card: 'Card', transfer: 'Transfer' },
};

export function paymentMethodLabel(method: PaymentMethod, lang: ReceiptLang): string {
  return METHOD_LABELS[lang][method];
}

/**
 * Text a thermal printer's code page can print: accents folded, typographic
 * punctuation made plain, control characters (which an ESC/POS printer would
 * obey as commands) and line breaks turned into spaces, anything else `?`.
 */
export function toReceiptAscii(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u2018\u2019\u201a\u201b\u2032]/g, "'")
    .replace(/[\u201c\u201d\u201e\u201f\u2033]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/[\u00d7]/g, 'x')
    .replace(/[\u2044\u2215]/g, '/')
    .replace(/[\p{M}\p{Cf}\u{FE00}-\u{FE0F}]/gu, '')
    .replace(/[\p{Extended_Pictographic}\p{Emoji_Modifier}\p{Regional_Indicator}]/gu, '')
    .replace(/[\s\p{Cc}]/gu, ' ')
    .replace(/[^\x20-\x7e]/gu, '?')
    .replace(/ {2,}/g, ' ')
    .trim();
}

/** Word wrap; a word longer than the line is cut, as a receipt cannot scroll. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(' ')) {
    if (word === '') continue;
    if (current !== '' && current.length + 1 + word.length <= width) {
      current += ` ${word}`;
      continue;
    }
    if (current !== '') lines.push(current);
    let rest = word;
    while (rest.length > width) {
      lines.push(rest.slice(0, width));
      rest = rest.slice(width);
    }
    current = rest;
  }
  if (current !== '') lines.push(current);
  return lines;
}

/** Wraps with a first-line prefix and a hanging indent for the lines after it. */
function wrapHanging(text: string, width: number, first: string, rest: string): string[] {
  const body = wrap(text, width - Math.max(first.length, rest.length));
  return body.map((l, i) => (i === 0 ? first : rest) + l);
}

function centre(text: string, width: number): string[] {
  return wrap(text, width).map((l) => ' '.repeat(Math.floor((width - l.length) / 2)) + l);
}

/**
 * Label on the left, amount flush right. When both do not fit, the label
 * wraps and the amount goes on the label's last line if it fits there, else
 * on a line of its own, so an amount is never cut.
 */
function row(left: string, right: string, width: number, indent = ''): string[] {
  const one = indent + left;
  if (one.length + 1 + right.length <= width) return [one + ' '.repeat(width - one.length - right.length) + right];
  const lefts = wrapHanging(left, width, indent, indent);
  const last = lefts[lefts.length - 1] ?? '';
  if (right.length > width) return [...lefts, ...wrap(right, width).map((r) => r.padStart(width))];
  if (last.length + 1 + right.length <= width) {
    lefts[lefts.length - 1] = last + ' '.repeat(width - last.length - right.length) + right;
    return lefts;
  }
  return [...lefts, right.padStart(width)];
}

/** `10%`, `12,5%` (basis points, Indonesian decimal comma). */
function percentLabel(bp: number): string {
  const whole = Math.floor(bp / 100);
  const frac = bp % 100;
  return frac === 0 ? `${whole}%` : `${whole},${String(frac).padStart(2, '0').replace(/0$/, '')}%`;
}

function discountLabel(discount: Discount | null): string {
  return discount?.kind === 'percent' ? `Diskon ${percentLabel(discount.bp)}` : 'Diskon';
}

const minus = (amount: number): string => `-${formatNumber(amount)}`;

/** A story is a few sentences; on a receipt, at most this many characters of it, cut at a word. */
export const RECEIPT_STORY_MAX = 160;

function storyLines(story: string | undefined, width: number): string[] {
  const text = toReceiptAscii(story ?? '');
  if (text === '') return [];
  const cut = text.length <= RECEIPT_STORY_MAX ? text : `${text.slice(0, RECEIPT_STORY_MAX).replace(/\s+\S*$/, '')}...`;
  return wrapHanging(cut, width, '  ', '  ');
}

function itemLines(line: SaleLine, width: number, story?: string): string[] {
  const out = wrap(toReceiptAscii(line.name), width);
  out.push(...row(`${line.qty} x ${formatNumber(line.unitPrice)}`, formatNumber(line.unitPrice * line.qty), width, '  '));
  if (line.lineDiscount > 0) out.push(...row(discountLabel(line.discount), minus(line.lineDiscount), width, '  '));
  out.push(...storyLines(story, width));
  return out;
}

/**
 * Items are grouped by producer, in the order each producer first appears,
 * and the producer line is printed once under its group. Why grouped: a
 * showroom sale is often several pieces from one Lapas workshop, and
 * repeating the line under each item would double a 58 mm receipt; printing
 * it once under the group still says exactly which goods it covers, which a
 * single line at the bottom would not.
 */
function itemsSection(input: ReceiptInput, width: number): string[] {
  const groups = new Map<string, SaleLine[]>();
  for (const line of input.sale.lines) {
    const group = groups.get(line.producerId);
    if (group) group.push(line);
    else groups.set(line.producerId, [line]);
  }
  const out: string[] = [];
  for (const [producerId, lines] of groups) {
    for (const line of lines) out.push(...itemLines(line, width, input.stories?.[line.productId]));
    const producerLine = toReceiptAscii(input.producers[producerId]?.receiptLine ?? '');
    if (producerLine !== '') out.push(...wrapHanging(producerLine, width, '* ', '  '));
  }
  return out;
}

function paragraphs(text: string, width: number): string[] {
  return text.split(/\r?\n/).flatMap((p) => centre(toReceiptAscii(p), width));
}

export function layoutReceipt(input: ReceiptInput, width: ReceiptWidth): string[] {
  if (!RECEIPT_WIDTHS.includes(width)) throw new RangeError(`a receipt is 32, 42 or 48 characters wide, not ${String(width)}`);
  const { sale } = input;
  const rule = '-'.repeat(width);
  const out: string[] = [];

  out.push(...paragraphs(input.storeName, width), ...paragraphs(input.storeAddress, width));
  const npwp = toReceiptAscii(input.npwp ?? '');
  if (sale.taxMode === 'ppn-included' && npwp !== '') out.push(...centre(`NPWP ${npwp}`, width));
  out.push(rule);

  out.push(...row('Tanggal', formatWita(sale.createdAt), width));
  out.push(...row('No. Struk', toReceiptAscii(sale.receiptNo), width));
  const cashier = toReceiptAscii(sale.cashier);
  if (cashier !== '') out.push(...row('Kasir', cashier, width));
  out.push(rule);

  out.push(...itemsSection(input, width));
  out.push(rule);

  out.push(...row('Subtotal', formatNumber(sale.subtotal), width));
  const discounts = sale.lineDiscounts + sale.orderDiscountAmount;
  if (discounts > 0) out.push(...row('Diskon', minus(discounts), width));
  if (sale.rounding !== 0) out.push(...row('Pembulatan', formatNumber(sale.rounding), width));
  out.push(...row('TOTAL', formatRupiah(amountCollected(sale)), width));
  // Under TOTAL rather than above it: the PPN is inside the prices, and a
  // column that adds up to TOTAL is easier to check at the counter.
  if (sale.taxMode === 'ppn-included') out.push(...row('Harga sudah termasuk PPN', formatNumber(sale.tax), width));
  out.push(rule);

  for (const payment of sale.payments) {
    out.push(...row(paymentMethodLabel(payment.method, 'id'), formatNumber(payment.amount), width));
    const reference = toReceiptAscii(payment.reference ?? '');
    if (reference !== '') out.push(...wrapHanging(`Ref: ${reference}`, width, '  ', '  '));
  }
  if (sale.change > 0) out.push(...row('Kembalian', formatNumber(sale.change), width));
  out.push(rule);

  out.push(...centre('Terima kasih', width));
  if (input.footer !== undefined) out.push(...paragraphs(input.footer, width));
  return out;
}

/** The receipt as one text, e.g. for a WhatsApp message. */
export function receiptText(input: ReceiptInput, width: ReceiptWidth): string {
  return layoutReceipt(input, width).join('\n');
}
