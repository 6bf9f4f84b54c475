// Phone numbers as customers say them ("0812-3456-7890", "+62 812 ...") turned
// into the digits wa.me wants, and the wa.me links that send a receipt.

export type PhoneProblem = 'empty' | 'bad-character' | 'bad-prefix' | 'too-short' | 'too-long';

export type PhoneResult =
  | {
      readonly ok: true;
      /** Country code and number, digits only: "6281234567890". */
      readonly digits: string;
      /** True for a non-Indonesian number typed with +. */
      readonly international: boolean;
    }
  | { readonly ok: false; readonly reason: PhoneProblem; readonly message: string };

export class PhoneNumberError extends Error {
  override name = 'PhoneNumberError';
  constructor(
    readonly reason: PhoneProblem,
    message: string,
  ) {
    super(message);
  }
}

// Indonesian national numbers (without 0 or 62): mobiles are 8 followed by
// 8-11 digits (0812-345-678 up to 0812-3456-78901); landlines are an area code
// of 2-3 digits plus subscriber, 8 to 11 digits in all.
const MOBILE_MIN = 9;
const MOBILE_MAX = 12;
const LANDLINE_MIN = 8;
const LANDLINE_MAX = 11;
// E.164: at most 15 digits with the country code; shorter than 8 is not a
// number anyone can be reached on.
const INTL_MIN = 8;
const INTL_MAX = 15;

// What people and contact apps put between digits.
const SEPARATORS = /[\s\-.()/]/g;

function problem(reason: PhoneProblem, message: string): PhoneResult {
  return { ok: false, reason, message };
}

/**
 * Normalises a phone number for wa.me. Indonesian forms: 08xx, 8xx, 628xx,
 * +62 8xx and "+62 (0)8xx". A number with + and another country code is kept
 * as an international number (tourists buy at fairs).
 */
export function normalizeWhatsAppPhone(input: string): PhoneResult {
  const stripped = input.replace(SEPARATORS, '');
  if (stripped.length === 0) return problem('empty', 'no phone number given');

  let rest = stripped;
  let explicitInternational = false;
  // Only + marks a country code: Indonesia dials abroad with 001/007/008/009,
  // so a leading 00 here is far more likely a typo than an exit code.
  if (rest.startsWith('+')) {
    rest = rest.slice(1);
    explicitInternational = true;
  }
  if (!/^\d+$/.test(rest)) {
    return problem('bad-character', `"${input}" has characters other than digits, +, spaces, dashes, dots and brackets`);
  }

  let national: string;
  if (rest.startsWith('62')) {
    // "+62 (0)812..." is common on business cards; the 0 is the trunk prefix.
    national = rest.slice(2).replace(/^0/, '');
  } else if (explicitInternational) {
    if (rest.startsWith('0')) return problem('bad-prefix', `"${input}": a country code cannot start with 0`);
    if (rest.length < INTL_MIN) return problem('too-short', `"${input}" is too short for an international number`);
    if (rest.length > INTL_MAX) return problem('too-long', `"${input}" is longer than any international number (15 digits)`);
    return { ok: true, digits: rest, international: true };
  } else if (rest.startsWith('0')) {
    national = rest.slice(1);
  } else if (rest.startsWith('8')) {
    national = rest;
  } else {
    return problem('bad-prefix', `"${input}" should start with 08, 8, 62 or +62 (or + and a country code)`);
  }

  if (national.startsWith('0') || national.length === 0) {
    return problem('bad-prefix', `"${input}" has an extra 0 after the prefix`);
  }
  const mobile = national.startsWith('8');
  const min = mobile ? MOBILE_MIN : LANDLINE_MIN;
  const max = mobile ? MOBILE_MAX : LANDLINE_MAX;
  if (national.length < min) return problem('too-short', `"${input}" has too few digits for an Indonesian number`);
  if (national.length > max) return problem('too-long', `"${input}" has too many digits for an Indonesian number`);
  return { ok: true, digits: `62${national}`, international: false };
}

/** The wa.me digits, or null when the number is not usable. */
export function toWhatsAppDigits(input: string): string | null {
  const r = normalizeWhatsAppPhone(input);
  return r.ok ? r.digits : null;
}

// encodeURIComponent throws URIError on a lone surrogate (a half-deleted
// emoji in a product name); U+FFFD keeps the link buildable.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * `https://wa.me/<digits>?text=...`, or `https://wa.me/?text=...` (WhatsApp
 * lets the user pick a chat) when `phone` is null. `phone` may be in any form
 * `normalizeWhatsAppPhone` accepts; an unusable one throws PhoneNumberError,
 * so check it with `normalizeWhatsAppPhone` first when it comes from a user.
 * An empty text gives no `text` parameter.
 */
export function waMeLink(phone: string | null, text: string): string {
  let path = '';
  if (phone !== null) {
    const r = normalizeWhatsAppPhone(phone);
    if (!r.ok) throw new PhoneNumberError(r.reason, r.message);
    path = r.digits;
  }
  const query = text === '' ? '' : `?text=${encodeURIComponent(text.replace(LONE_SURROGATE, '\uFFFD'))}`;
  return `https://wa.me/${path}${query}`;
}
