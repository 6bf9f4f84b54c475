// PIN hashes: made on the server when an admin sets a PIN, checked on the
// device with no network. WebCrypto's PBKDF2 exists in both (Node 20 and
// every browser the PWA runs in), so one module serves both ends.
//
// Why 100,000 iterations (docs/decisions.md, "PIN hashing"): a PIN has at
// most 10^8 values, so no iteration count protects a hash taken off a
// stolen tablet; what protects a PIN is the lockout after 5 tries, that
// only the outlet's own users come down to a device, and that a PIN opens
// nothing on the server (management sign-in needs a password). The count
// is what a cashier pays at every sign-in and every supervisor approval:
// ~43 ms on one core of the development machine, a few hundred on a budget
// tablet (measured and reasoned in decisions.md, "PINs"). Each hash
// records its own count, so it can be raised without breaking old ones.

export const PIN_ALGORITHM = 'pbkdf2-sha256';
export const PIN_ITERATIONS = 100_000;
export const PIN_SALT_BYTES = 16;

export interface PinHash {
  algorithm: typeof PIN_ALGORITHM;
  iterations: number;
  /** base64url */
  salt: string;
  /** base64url of 32 derived bytes */
  hash: string;
}

export type PinProblem = 'not-digits' | 'too-short' | 'too-long' | 'too-simple';

/** 4 to 8 digits, and not one a passer-by guesses first. */
export function pinProblem(pin: string): PinProblem | null {
  if (!/^\d*$/.test(pin)) return 'not-digits';
  if (pin.length < 4) return 'too-short';
  if (pin.length > 8) return 'too-long';
  if (/^(\d)\1*$/.test(pin)) return 'too-simple';
  const digits = [...pin].map(Number);
  const steps = new Set(digits.slice(1).map((d, i) => (d - digits[i]! + 10) % 10));
  if (steps.size === 1 && (steps.has(1) || steps.has(9))) return 'too-simple';
  return null;
}

export function toBase64Url(bytes: Uint8Array): string {
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

export function fromBase64Url(text: string): Uint8Array {
  const bin = atob(text.replaceAll('-', '+').replaceAll('_', '/'));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

async function derive(pin: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(pin), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: salt as BufferSource, iterations }, key, 256);
  return new Uint8Array(bits);
}

export async function hashPin(pin: string, iterations: number = PIN_ITERATIONS, salt?: Uint8Array): Promise<PinHash> {
  const s = salt ?? crypto.getRandomValues(new Uint8Array(PIN_SALT_BYTES));
  return { algorithm: PIN_ALGORITHM, iterations, salt: toBase64Url(s), hash: toBase64Url(await derive(pin, s, iterations)) };
}

/** Compares every byte, so the time taken says nothing about how close a guess was. */
export async function verifyPin(pin: string, stored: PinHash): Promise<boolean> {
  if (stored.algorithm !== PIN_ALGORITHM) return false;
  const expected = fromBase64Url(stored.hash);
  const actual = await derive(pin, fromBase64Url(stored.salt), stored.iterations);
  if (actual.length !== expected.length) return false;
  let diff = 0;
  for (let i = 0; i < actual.length; i++) diff |= actual[i]! ^ expected[i]!;
  return diff === 0;
}
