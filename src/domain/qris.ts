// QRIS (EMVCo merchant-presented mode): read the merchant's static QR string,
// check it, and turn it into an amount-bearing (dynamic) one for a single sale.
import { crc16Hex } from './crc16.ts';

/** Bank Indonesia's per-transaction ceiling for QRIS. */
export const QRIS_MAX_AMOUNT = 10_000_000;

/** EMVCo caps a merchant-presented payload at 512 characters. */
export const QRIS_MAX_PAYLOAD_LENGTH = 512;

/** Globally unique identifier of the national QRIS template (holds the NMID). */
export const QRIS_NATIONAL_GUI = 'ID.CO.QRIS.WWW';

export interface TlvField {
  /** Two decimal digits, e.g. "26". */
  readonly tag: string;
  readonly value: string;
  /** Sub-fields of a template (26-51, 62), only when parsed with `nested`. */
  readonly children?: readonly TlvField[];
}

export type QrisErrorCode =
  // the string as a whole
  | 'empty'
  | 'bad-character'
  | 'too-long'
  // TLV structure
  | 'bad-tag'
  | 'bad-length'
  | 'duplicate-tag'
  | 'bad-template'
  // required content
  | 'missing-tag'
  | 'bad-format-indicator'
  | 'bad-initiation'
  | 'crc-not-last'
  | 'bad-crc-format'
  | 'crc-mismatch'
  | 'bad-currency'
  | 'bad-country'
  | 'missing-merchant-account'
  | 'bad-amount'
  // building a dynamic QR
  | 'amount-not-integer'
  | 'amount-not-positive'
  | 'amount-too-large';

export interface QrisError {
  /** Stable, for the UI to translate. */
  readonly code: QrisErrorCode;
  /** English explanation, for logs and as a fallback. */
  readonly message: string;
  /** The tag the problem is about, when there is one. */
  readonly tag?: string;
  /** Character offset in the payload (or in the template value), when known. */
  readonly position?: number;
}

export type QrisResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: QrisError };

export interface QrisInfo {
  /** Top-level fields in payload order, templates parsed into `children`. */
  readonly fields: readonly TlvField[];
  /** From tag 01; null when the optional tag is absent. */
  readonly initiation: 'static' | 'dynamic' | null;
  /** Tag 54 in rupiah, null on a static QR. */
  readonly amount: number | null;
  readonly merchantName: string;
  readonly merchantCity: string;
  /** National Merchant ID from the ID.CO.QRIS.WWW template, if present. */
  readonly nmid: string | null;
}

export interface ParseOptions {
  /** Also parse the values of template tags (26-51, 62) into `children`. */
  readonly nested?: boolean;
}

function fail<T>(code: QrisErrorCode, message: string, extra: { tag?: string; position?: number } = {}): QrisResult<T> {
  return { ok: false, error: { code, message, ...extra } };
}

function ok<T>(value: T): QrisResult<T> {
  return { ok: true, value };
}

/** Tags whose value is itself a TLV list. */
export function isTemplateTag(tag: string): boolean {
  if (!/^\d\d$/.test(tag)) return false;
  const n = Number(tag);
  return (n >= 26 && n <= 51) || n === 62;
}

const TWO_DIGITS = /^\d\d$/;
// EMVCo's "ans" character set: printable ASCII. Anything else either breaks
// the length arithmetic (lengths count characters) or is a copy-paste accident.
const NON_PRINTABLE_ASCII = /[^\x20-\x7e]/;

function parseLevel(text: string, nested: boolean, where: string): QrisResult<TlvField[]> {
  const fields: TlvField[] = [];
  let pos = 0;
  while (pos < text.length) {
    if (pos + 4 > text.length) {
      return fail('bad-length', `${where}: ${text.length - pos} stray character(s) at position ${pos}, too few for a tag and a length`, {
        position: pos,
      });
    }
    const tag = text.slice(pos, pos + 2);
    const lengthText = text.slice(pos + 2, pos + 4);
    if (!TWO_DIGITS.test(tag)) {
      return fail('bad-tag', `${where}: tag "${tag}" at position ${pos} is not two digits`, { position: pos });
    }
    if (!TWO_DIGITS.test(lengthText)) {
      return fail('bad-length', `${where}: tag ${tag} has length "${lengthText}", which is not two digits`, { tag, position: pos + 2 });
    }
    const length = Number(lengthText);
    if (length === 0) {
      return fail('bad-length', `${where}: tag ${tag} has length 00; EMVCo fields are never empty`, { tag, position: pos + 2 });
    }
    const start = pos + 4;
    const end = start + length;
    if (end > text.length) {
      return fail(
        'bad-length',
        `${where}: tag ${tag} says ${length} character(s) but only ${text.length - start} remain; the string is cut short or a length is wrong`,
        { tag, position: pos + 2 },
      );
    }
    const value = text.slice(start, end);
    if (nested && isTemplateTag(tag)) {
      const inner = parseLevel(value, false, `template ${tag}`);
      if (!inner.ok) {
        return fail('bad-template', `${inner.error.message} (inside tag ${tag})`, { tag, position: start + (inner.error.position ?? 0) });
      }
      fields.push({ tag, value, children: inner.value });
    } else {
      fields.push({ tag, value });
    }
    pos = end;
  }
  return ok(fields);
}

/**
 * Splits a TLV string into its fields, in order. Checks structure only (tags
 * and lengths), not what the fields mean; see `validateQris` for that.
 */
export function parseTlv(payload: string, options: ParseOptions = {}): QrisResult<TlvField[]> {
  if (payload.length === 0) return fail('empty', 'the QRIS string is empty');
  const bad = NON_PRINTABLE_ASCII.exec(payload);
  if (bad) {
    const ch = bad[0].codePointAt(0) ?? 0;
    return fail(
      'bad-character',
      `character U+${ch.toString(16).toUpperCase().padStart(4, '0')} at position ${bad.index} is not printable ASCII; QRIS strings are plain ASCII (was a line break or space pasted in?)`,
      { position: bad.index },
    );
  }
  return parseLevel(payload, options.nested ?? false, 'QRIS');
}

/** Sub-fields of one template field's value (e.g. tag 26 or 62). */
export function parseTemplate(field: TlvField): QrisResult<TlvField[]> {
  if (field.children) return ok([...field.children]);
  const inner = parseLevel(field.value, false, `template ${field.tag}`);
  if (!inner.ok) {
    return fail('bad-template', `${inner.error.message} (inside tag ${field.tag})`, {
      tag: field.tag,
      ...(inner.error.position === undefined ? {} : { position: inner.error.position }),
    });
  }
  return inner;
}

/** One field as text: tag, two-digit length, value. Throws on a value no TLV can carry. */
export function encodeTlvField(tag: string, value: string): string {
  if (!TWO_DIGITS.test(tag)) throw new RangeError(`TLV tag must be two digits, got "${tag}"`);
  if (value.length < 1 || value.length > 99) {
    throw new RangeError(`TLV value for tag ${tag} must be 1-99 characters, got ${value.length}`);
  }
  return `${tag}${String(value.length).padStart(2, '0')}${value}`;
}

/** The fields back as a string; templates are written from `value`, not `children`. */
export function encodeTlv(fields: readonly TlvField[]): string {
  return fields.map((f) => encodeTlvField(f.tag, f.value)).join('');
}

/** Appends `6304` and the CRC computed over everything before it, `6304` included. */
export function appendCrc(payloadWithoutCrc: string): string {
  const body = `${payloadWithoutCrc}6304`;
  return body + crc16Hex(body);
}

function isMerchantAccountTag(tag: string): boolean {
  const n = Number(tag);
  return n >= 26 && n <= 51;
}

const REQUIRED_TAGS: readonly { tag: string; name: string }[] = [
  { tag: '00', name: 'payload format indicator' },
  { tag: '52', name: 'merchant category code' },
  { tag: '53', name: 'transaction currency' },
  { tag: '58', name: 'country code' },
  { tag: '59', name: 'merchant name' },
  { tag: '60', name: 'merchant city' },
];

/**
 * Checks a QRIS string: structure, CRC, and the fields every Indonesian
 * merchant-presented QR must carry. On success gives the fields and what a
 * cashier screen shows (merchant name, city, NMID, amount).
 */
export function validateQris(payload: string): QrisResult<QrisInfo> {
  if (payload.length > QRIS_MAX_PAYLOAD_LENGTH) {
    return fail('too-long', `the QRIS string has ${payload.length} characters; EMVCo allows at most ${QRIS_MAX_PAYLOAD_LENGTH}`);
  }
  const parsed = parseTlv(payload, { nested: true });
  if (!parsed.ok) return parsed;
  const fields = parsed.value;

  const first = fields[0];
  if (!first || first.tag !== '00') {
    return fail('bad-format-indicator', 'the QRIS string must start with tag 00 (payload format indicator)', { tag: '00', position: 0 });
  }
  if (first.value !== '01') {
    return fail('bad-format-indicator', `tag 00 (payload format indicator) must be "01", got "${first.value}"`, { tag: '00', position: 0 });
  }

  // CRC first among the meaning checks: when it fails, the string is damaged
  // and any other complaint about it would be misleading.
  const crcIndex = fields.findIndex((f) => f.tag === '63');
  if (crcIndex === -1) return fail('missing-tag', 'tag 63 (CRC) is missing', { tag: '63' });
  if (crcIndex !== fields.length - 1) {
    return fail('crc-not-last', 'tag 63 (CRC) must be the last field, but fields follow it', { tag: '63' });
  }
  const crcField = fields[crcIndex];
  if (!crcField || !/^[0-9A-Fa-f]{4}$/.test(crcField.value)) {
    return fail('bad-crc-format', `tag 63 (CRC) must be 4 hex digits, got "${crcField?.value ?? ''}"`, { tag: '63' });
  }
  const expected = crc16Hex(payload.slice(0, payload.length - 4));
  if (crcField.value.toUpperCase() !== expected) {
    return fail(
      'crc-mismatch',
      `CRC is ${crcField.value} but the content gives ${expected}; the string was changed or copied incompletely`,
      { tag: '63', position: payload.length - 4 },
    );
  }

  const seen = new Set<string>();
  for (const f of fields) {
    if (seen.has(f.tag)) return fail('duplicate-tag', `tag ${f.tag} appears more than once`, { tag: f.tag });
    seen.add(f.tag);
  }
  for (const r of REQUIRED_TAGS) {
    if (!seen.has(r.tag)) return fail('missing-tag', `tag ${r.tag} (${r.name}) is missing`, { tag: r.tag });
  }

  const byTag = new Map(fields.map((f) => [f.tag, f.value] as const));
  const initiationValue = byTag.get('01');
  let initiation: QrisInfo['initiation'] = null;
  if (initiationValue !== undefined) {
    if (initiationValue === '11') initiation = 'static';
    else if (initiationValue === '12') initiation = 'dynamic';
    else {
      return fail('bad-initiation', `tag 01 (point of initiation) must be "11" (static) or "12" (dynamic), got "${initiationValue}"`, {
        tag: '01',
      });
    }
  }
  const currency = byTag.get('53');
  if (currency !== '360') {
    return fail('bad-currency', `tag 53 (currency) must be "360" (rupiah), got "${currency ?? ''}"`, { tag: '53' });
  }
  const country = byTag.get('58');
  if (country !== 'ID') {
    return fail('bad-country', `tag 58 (country) must be "ID", got "${country ?? ''}"`, { tag: '58' });
  }
  if (!fields.some((f) => isMerchantAccountTag(f.tag))) {
    return fail('missing-merchant-account', 'no merchant account template (tags 26-51); this is not a payable QRIS');
  }

  let amount: number | null = null;
  const amountText = byTag.get('54');
  if (amountText !== undefined) {
    // Rupiah has no minor unit in QRIS; a separator or decimals here would be
    // read differently by different wallets.
    const n = Number(amountText);
    if (!/^\d+$/.test(amountText) || !Number.isSafeInteger(n) || n <= 0) {
      return fail('bad-amount', `tag 54 (amount) must be a positive whole number of rupiah without separators, got "${amountText}"`, {
        tag: '54',
      });
    }
    amount = n;
  }

  return ok({
    fields,
    initiation,
    amount,
    merchantName: byTag.get('59') ?? '',
    merchantCity: byTag.get('60') ?? '',
    nmid: findNmid(fields),
  });
}

function findNmid(fields: readonly TlvField[]): string | null {
  for (const f of fields) {
    if (!isMerchantAccountTag(f.tag) || !f.children) continue;
    const gui = f.children.find((c) => c.tag === '00')?.value;
    if (gui?.toUpperCase() !== QRIS_NATIONAL_GUI) continue;
    return f.children.find((c) => c.tag === '02')?.value ?? null;
  }
  return null;
}

/** Why an amount cannot go on a QR, or null when it can. */
export function checkQrisAmount(amount: number): QrisError | null {
  if (!Number.isSafeInteger(amount)) {
    return { code: 'amount-not-integer', message: `the amount must be a whole number of rupiah, got ${String(amount)}`, tag: '54' };
  }
  if (amount <= 0) {
    return { code: 'amount-not-positive', message: `the amount must be more than Rp 0, got ${amount}`, tag: '54' };
  }
  if (amount > QRIS_MAX_AMOUNT) {
    return {
      code: 'amount-too-large',
      message: `QRIS allows at most Rp ${QRIS_MAX_AMOUNT} per transaction, got ${amount}; split the payment`,
      tag: '54',
    };
  }
  return null;
}

// Tip and convenience-fee tags would let a wallet add to the price; a sale's
// QR carries exactly the sale total.
const DROPPED_FOR_DYNAMIC = new Set(['54', '55', '56', '57', '63']);

/**
 * The merchant's own QRIS with `amount` on it (domain.md): 01 becomes `12`,
 * 54-57 and 63 go, 54 is inserted before the first remaining tag above 54,
 * then `6304` and a fresh CRC. Everything else, in particular the merchant
 * account templates, is copied as issued. Accepts an already dynamic QRIS too,
 * replacing its amount.
 */
export function buildDynamicQris(source: string, amount: number): QrisResult<string> {
  const amountProblem = checkQrisAmount(amount);
  if (amountProblem) return { ok: false, error: amountProblem };
  const checked = validateQris(source);
  if (!checked.ok) return checked;

  const kept: TlvField[] = [];
  let hasInitiation = false;
  for (const f of checked.value.fields) {
    if (DROPPED_FOR_DYNAMIC.has(f.tag)) continue;
    if (f.tag === '01') {
      kept.push({ tag: '01', value: '12' });
      hasInitiation = true;
    } else {
      kept.push({ tag: f.tag, value: f.value });
    }
  }
  if (!hasInitiation) {
    // Tag 00 is always first (validated), so 01 goes right after it.
    kept.splice(1, 0, { tag: '01', value: '12' });
  }
  const amountField: TlvField = { tag: '54', value: String(amount) };
  const at = kept.findIndex((f) => Number(f.tag) > 54);
  if (at === -1) kept.push(amountField);
  else kept.splice(at, 0, amountField);

  const result = appendCrc(encodeTlv(kept));
  if (result.length > QRIS_MAX_PAYLOAD_LENGTH) {
    return fail('too-long', `with the amount the QRIS string would have ${result.length} characters; EMVCo allows at most ${QRIS_MAX_PAYLOAD_LENGTH}`);
  }
  return ok(result);
}

function readTopLevel(payload: string, tag: string): string | null {
  const parsed = parseTlv(payload);
  if (!parsed.ok) return null;
  return parsed.value.find((f) => f.tag === tag)?.value ?? null;
}

/**
 * Merchant name (tag 59) for display, or null when the string cannot be read.
 * Does not check the CRC: use `validateQris` before trusting the string.
 */
export function qrisMerchantName(payload: string): string | null {
  return readTopLevel(payload, '59');
}

/** Merchant city (tag 60), like `qrisMerchantName`. */
export function qrisMerchantCity(payload: string): string | null {
  return readTopLevel(payload, '60');
}
