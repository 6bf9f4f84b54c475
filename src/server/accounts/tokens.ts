// Device and session credentials, and the one-time enrolment codes that buy
// a device its credential. Every secret is random and long, so the server
// keeps only its SHA-256: a stolen database gives no working credential, and
// no slow hash is needed (slow hashes protect guessable secrets, these are not).
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { DEVICE_TOKEN_PREFIX, SESSION_TOKEN_PREFIX } from '../../protocol/auth.ts';

/** 32 random bytes: 256 bits, base64url (43 characters). */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** A random id for a session: 128 bits, base64url (22 characters). */
export function newSessionId(): string {
  return randomBytes(16).toString('base64url');
}

/** Hex SHA-256, the form secrets and codes are stored in. */
export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** True when `secret` hashes to `storedHash`; compares in constant time, so timing says nothing about near misses. */
export function secretMatches(secret: string, storedHash: string | null): boolean {
  return hashMatches(sha256(secret), storedHash);
}

/** secretMatches for a secret already hashed (sha256), to compare one secret with several stored hashes. */
export function hashMatches(hash: string, storedHash: string | null): boolean {
  if (storedHash === null) return false;
  const a = Buffer.from(hash, 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

export type ParsedToken = { kind: 'device'; deviceId: string; secret: string } | { kind: 'session'; sessionId: string; secret: string };

const SECRET_RE = /^[A-Za-z0-9_-]{20,100}$/;
const ID_RE = /^[A-Za-z0-9_-]{1,64}$/;

/** `kkd_<deviceId>.<secret>` or `kks_<sessionId>.<secret>`; null for anything else. */
export function parseToken(token: string): ParsedToken | null {
  const prefix = token.startsWith(DEVICE_TOKEN_PREFIX) ? 'device' : token.startsWith(SESSION_TOKEN_PREFIX) ? 'session' : null;
  if (prefix === null) return null;
  const rest = token.slice(4);
  const dot = rest.lastIndexOf('.');
  if (dot <= 0) return null;
  const id = rest.slice(0, dot);
  const secret = rest.slice(dot + 1);
  if (!ID_RE.test(id) || !SECRET_RE.test(secret)) return null;
  return prefix === 'device' ? { kind: 'device', deviceId: id, secret } : { kind: 'session', sessionId: id, secret };
}

/** The token in `Authorization: Bearer <token>`; null when absent or not a bearer. */
export function bearerOf(header: string | undefined): string | null {
  if (header === undefined) return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m?.[1] ?? null;
}

export function deviceToken(deviceId: string, secret: string): string {
  return `${DEVICE_TOKEN_PREFIX}${deviceId}.${secret}`;
}

export function sessionToken(sessionId: string, secret: string): string {
  return `${SESSION_TOKEN_PREFIX}${sessionId}.${secret}`;
}

// ------------------------------------------------------------ enrolment codes

/**
 * No 0/O, 1/I/L: an admin reads the code off a screen and a cashier types it
 * on a tablet. 31 symbols.
 */
export const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
/** 12 symbols of 31: about 59 bits. Guessing one of a few live codes at 10 tries a minute per address is hopeless within its 24 hours. */
export const CODE_LENGTH = 12;
export const CODE_TTL_MS = 24 * 60 * 60_000;

/** A fresh code as shown: "K7QH-2M9X-PA4D". randomInt draws without modulo bias. */
/** `length` characters of CODE_ALPHABET in groups of four, easy to read out and type. */
export function randomCode(length: number): string {
  let raw = '';
  for (let i = 0; i < length; i++) raw += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)] ?? '';
  return raw.match(/.{1,4}/g)?.join('-') ?? raw;
}

export function newEnrolmentCode(): string {
  return randomCode(CODE_LENGTH);
}

/** What is hashed and compared: case, spaces and dashes as typed do not matter. */
export function normaliseCode(code: string): string {
  return code.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

export function codeHash(code: string): string {
  return sha256(`enrolment:${normaliseCode(code)}`);
}
