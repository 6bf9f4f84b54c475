import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fromBase64Url, hashPin, PIN_ITERATIONS, pinProblem, toBase64Url, verifyPin } from '../../src/domain/pin.ts';

// Low counts keep the suite fast; the stored count is what verifyPin uses.
const FAST = 1_000;

describe('PIN hashing', () => {
  it('accepts the right PIN and refuses any other', async () => {
    const h = await hashPin('482915', FAST);
    expect(await verifyPin('482915', h)).toBe(true);
    for (const wrong of ['482914', '48291', '4829150', '', '482915 ']) expect(await verifyPin(wrong, h)).toBe(false);
  });

  it('salts every hash, so two users with one PIN do not share a hash', async () => {
    const a = await hashPin('482915', FAST);
    const b = await hashPin('482915', FAST);
    expect(a.salt).not.toBe(b.salt);
    expect(a.hash).not.toBe(b.hash);
  });

  it('is PBKDF2-HMAC-SHA256 (RFC 6070-style vector via WebCrypto), so both ends agree', async () => {
    // Known answer: PBKDF2-HMAC-SHA256("password", "salt", 1, 32).
    const h = await hashPin('password', 1, new TextEncoder().encode('salt'));
    expect(Buffer.from(fromBase64Url(h.hash)).toString('hex')).toBe('120fb6cffcf8b32c43e7225256c4f837a86548c92ccc35480805987cb70be17b');
  });

  it('verifies with the iteration count stored in the hash, so the default can rise later', async () => {
    const old = await hashPin('482915', FAST);
    expect(old.iterations).toBe(FAST);
    expect(PIN_ITERATIONS).toBeGreaterThan(FAST);
    expect(await verifyPin('482915', old)).toBe(true);
  });

  it('refuses a hash of another algorithm rather than guessing', async () => {
    const h = await hashPin('482915', FAST);
    expect(await verifyPin('482915', { ...h, algorithm: 'md5' as 'pbkdf2-sha256' })).toBe(false);
  });

  it('base64url round-trips any bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
      const text = toBase64Url(bytes);
      expect(text).toMatch(/^[A-Za-z0-9_-]*$/);
      expect([...fromBase64Url(text)]).toEqual([...bytes]);
    }));
  });
});

describe('pinProblem', () => {
  it.each([
    ['4829', null],
    ['48291537', null],
    ['482', 'too-short'],
    ['482915371', 'too-long'],
    ['48a915', 'not-digits'],
    ['', 'too-short'],
    ['0000', 'too-simple'],
    ['999999', 'too-simple'],
    ['123456', 'too-simple'],
    ['654321', 'too-simple'],
    ['7890', 'too-simple'],
    ['1357', null],
  ] as const)('%s → %s', (pin, problem) => {
    expect(pinProblem(pin)).toBe(problem);
  });
});
