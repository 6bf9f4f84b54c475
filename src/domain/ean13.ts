// Retail barcodes: GS1 check digits for EAN-13, EAN-8 and UPC-A, and the
// in-store (restricted circulation, prefix 20-29) codes printed for handmade goods.

export class BarcodeError extends Error {
  override name = 'BarcodeError';
}

const DIGITS = /^\d+$/;

/**
 * GS1 mod-10 check digit for a code body of any length (the code without its
 * last digit). Weights 3,1,3,... run from the right, so EAN-8, UPC-A and
 * EAN-13 (and a UPC-A with a leading 0) all share this one rule.
 */
export function gs1CheckDigit(body: string): number {
  if (body.length === 0 || !DIGITS.test(body)) {
    throw new BarcodeError(`a barcode body must be digits only, got "${body}"`);
  }
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    const digit = body.charCodeAt(body.length - 1 - i) - 48;
    sum += i % 2 === 0 ? digit * 3 : digit;
  }
  return (10 - (sum % 10)) % 10;
}

/** Check digit for the first 12 digits of an EAN-13. */
export function ean13CheckDigit(body12: string): number {
  if (!/^\d{12}$/.test(body12)) throw new BarcodeError(`an EAN-13 body is 12 digits, got "${body12}"`);
  return gs1CheckDigit(body12);
}

function hasValidCheckDigit(code: string): boolean {
  return gs1CheckDigit(code.slice(0, -1)) === code.charCodeAt(code.length - 1) - 48;
}

/**
 * For a code of a retail barcode's length (EAN-8, UPC-A, EAN-13) whose last
 * digit is not its check digit: the digit it should be. Null for a valid
 * code and for anything else (an SKU, a code of another length), so a
 * misread scan can be told apart from a product the catalog lacks.
 */
export function wrongCheckDigit(code: string): { expected: number } | null {
  if (!/^(\d{8}|\d{12}|\d{13})$/.test(code) || hasValidCheckDigit(code)) return null;
  return { expected: gs1CheckDigit(code.slice(0, -1)) };
}

export function isValidEan13(code: string): boolean {
  return /^\d{13}$/.test(code) && hasValidCheckDigit(code);
}

export function isValidEan8(code: string): boolean {
  return /^\d{8}$/.test(code) && hasValidCheckDigit(code);
}

export function isValidUpcA(code: string): boolean {
  return /^\d{12}$/.test(code) && hasValidCheckDigit(code);
}

export type BarcodeKind = 'ean13' | 'ean8' | 'upca';

/** Which retail symbology a scanned string is a valid code of, or null. */
export function barcodeKind(code: string): BarcodeKind | null {
  if (isValidEan13(code)) return 'ean13';
  if (isValidUpcA(code)) return 'upca';
  if (isValidEan8(code)) return 'ean8';
  return null;
}

/** True for a valid EAN-13, UPC-A or EAN-8. */
export function isValidRetailBarcode(code: string): boolean {
  return barcodeKind(code) !== null;
}

/**
 * The EAN-13 form of a valid EAN-13 or UPC-A (a UPC-A is an EAN-13 with a
 * leading 0, so scanners that report 12 digits find the same product); null
 * otherwise. EAN-8 has no EAN-13 form and also gives null.
 */
export function toEan13(code: string): string | null {
  if (isValidEan13(code)) return code;
  if (isValidUpcA(code)) return `0${code}`;
  return null;
}

/**
 * A valid EAN-13 (or UPC-A) in the restricted-circulation range 20-29: codes a
 * store may assign itself, meaningless outside it. Only the 20-29 range
 * counts; UPC-derived 02x/04x ranges are not what this app prints.
 */
export function isInStoreCode(code: string): boolean {
  const ean = toEan13(code);
  return ean !== null && ean[0] === '2';
}

/** A valid EAN-13 under GS1 Indonesia's prefix 899 (a GS1-registered product). */
export function isGs1Indonesia(code: string): boolean {
  return isValidEan13(code) && code.startsWith('899');
}

/** Largest serial that fits the 10 digits between the prefix and the check digit. */
export const IN_STORE_MAX_SERIAL = 9_999_999_999;

/**
 * An in-store EAN-13: two-digit prefix 20-29, the serial zero padded to 10
 * digits, check digit. Throws BarcodeError on a prefix outside 20-29 or a
 * serial that is not a whole number 0..IN_STORE_MAX_SERIAL.
 */
export function makeInStoreEan13(prefix: string | number, serial: number): string {
  const p = typeof prefix === 'number' ? String(prefix) : prefix;
  if (!/^2\d$/.test(p)) {
    throw new BarcodeError(`an in-store prefix is two digits from 20 to 29, got "${String(prefix)}"`);
  }
  if (!Number.isSafeInteger(serial) || serial < 0 || serial > IN_STORE_MAX_SERIAL) {
    throw new BarcodeError(`an in-store serial is a whole number from 0 to ${IN_STORE_MAX_SERIAL}, got ${String(serial)}`);
  }
  const body = p + String(serial).padStart(10, '0');
  return body + String(gs1CheckDigit(body));
}

/** The serial inside an in-store EAN-13 of `prefix` (digits 3-12), or null for any other code. */
export function inStoreSerial(code: string, prefix = '20'): number | null {
  if (!isValidEan13(code) || !code.startsWith(prefix)) return null;
  return Number(code.slice(2, 12));
}

/**
 * The first in-store code of `prefix` from serial `from` on that `taken`
 * does not hold. The server hands out `from` from a counter row, so two
 * admins pressing "Buat kode" together never get the same serial, and
 * skipping taken codes covers in-store codes typed in or imported by hand.
 */
export function nextFreeInStoreEan13(prefix: string, from: number, taken: (code: string) => boolean): { code: string; serial: number } {
  for (let serial = Math.max(0, from); serial <= IN_STORE_MAX_SERIAL; serial++) {
    const code = makeInStoreEan13(prefix, serial);
    if (!taken(code)) return { code, serial };
  }
  throw new BarcodeError(`no in-store code with prefix ${prefix} is left after serial ${from}`);
}
