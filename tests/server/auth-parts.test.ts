// The parts of authentication that need no database: token formats,
// enrolment codes, password hashing and the rate limiter's windows.
import { describe, expect, it } from 'vitest';
import { configuredParams, hashPassword, SCRYPT_PARAMS, verifyPassword } from '../../src/server/accounts/password.ts';
import { FixedWindowLimiter, waitInWords } from '../../src/server/http/rate-limit.ts';
import { roleAt, type RoleSpan } from '../../src/server/accounts/role-history.ts';
import {
  bearerOf,
  CODE_ALPHABET,
  codeHash,
  deviceToken,
  newEnrolmentCode,
  newSecret,
  parseToken,
  secretMatches,
  sessionToken,
  sha256,
} from '../../src/server/accounts/tokens.ts';
import { trustProxyFrom } from '../../src/server/config.ts';

describe('tokens', () => {
  it('a device and a session token read back as what they were made from', () => {
    const secret = newSecret();
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const id = '0192d6a0-0000-7000-8000-000000000001';
    expect(parseToken(deviceToken(id, secret))).toEqual({ kind: 'device', deviceId: id, secret });
    expect(parseToken(sessionToken('AbC_d-e', secret))).toEqual({ kind: 'session', sessionId: 'AbC_d-e', secret });
  });

  it('anything else is not a token', () => {
    const secret = newSecret();
    for (const bad of ['', 'kkd_', `kkd_.${secret}`, `kkd_abc`, `kkx_abc.${secret}`, `kkd_a b.${secret}`, `kkd_abc.short`, `kkd_abc.${secret}.`, `KKD_abc.${secret}`]) {
      expect(parseToken(bad), bad).toBeNull();
    }
  });

  it('reads the bearer out of an Authorization header, any case of the scheme', () => {
    expect(bearerOf('Bearer abc')).toBe('abc');
    expect(bearerOf('bearer   abc ')).toBe('abc');
    expect(bearerOf('Basic abc')).toBeNull();
    expect(bearerOf('Bearer a b')).toBeNull();
    expect(bearerOf(undefined)).toBeNull();
  });

  it('a secret matches its stored hash only', () => {
    const secret = newSecret();
    expect(secretMatches(secret, sha256(secret))).toBe(true);
    expect(secretMatches(newSecret(), sha256(secret))).toBe(false);
    expect(secretMatches(secret, null)).toBe(false);
    expect(secretMatches(secret, 'abcd')).toBe(false);
  });

  it('enrolment codes: 12 unambiguous symbols in groups of four; case, spaces and dashes do not matter', () => {
    const codes = new Set(Array.from({ length: 500 }, newEnrolmentCode));
    expect(codes.size).toBe(500);
    for (const code of codes) expect(code).toMatch(new RegExp(`^[${CODE_ALPHABET}]{4}-[${CODE_ALPHABET}]{4}-[${CODE_ALPHABET}]{4}$`));
    for (const ambiguous of ['0', 'O', '1', 'I', 'L']) expect(CODE_ALPHABET).not.toContain(ambiguous);
    expect(codeHash('k7qh 2m9x pa4d')).toBe(codeHash('K7QH-2M9X-PA4D'));
    expect(codeHash('K7QH-2M9X-PA4E')).not.toBe(codeHash('K7QH-2M9X-PA4D'));
  });
});

describe('passwords', () => {
  // At the production cost, whatever the suite's KASIR_SCRYPT_LN: two hashes and three checks of 64 MiB each.
  it('are scrypt with their parameters stored, salted, and checked exactly', { timeout: 60_000 }, async () => {
    const a = await hashPassword('kata sandi yang panjang', SCRYPT_PARAMS);
    const b = await hashPassword('kata sandi yang panjang', SCRYPT_PARAMS);
    expect(a).toMatch(/^\$scrypt\$ln=16,r=8,p=2\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('kata sandi yang panjang', a)).toBe(true);
    expect(await verifyPassword('kata sandi yang panjang ', a)).toBe(false);
    expect(await verifyPassword('Kata sandi yang panjang', a)).toBe(false);
  });

  it('a test run may lower the cost of new hashes, within bounds; production uses SCRYPT_PARAMS', () => {
    expect(configuredParams({})).toEqual(SCRYPT_PARAMS);
    expect(configuredParams({ KASIR_SCRYPT_LN: '12' })).toEqual({ ...SCRYPT_PARAMS, ln: 12 });
    for (const bad of ['9', '21', '1.5', 'cepat']) expect(() => configuredParams({ KASIR_SCRYPT_LN: bad })).toThrow(/KASIR_SCRYPT_LN must be a whole number from 10 to 20/);
  });

  it('an old hash with lower parameters still verifies; a corrupt or greedy one is refused without throwing', async () => {
    const old = await hashPassword('kata-sandi-lama', { ln: 14, r: 8, p: 1 });
    expect(old.startsWith('$scrypt$ln=14,r=8,p=1$')).toBe(true);
    expect(await verifyPassword('kata-sandi-lama', old)).toBe(true);
    for (const bad of ['', 'plain', '$scrypt$ln=30,r=8,p=1$AAAA$BBBB', old.replace('ln=14', 'ln=9'), '$argon2id$v=19$m=1,t=1,p=1$AAAA$BBBB']) {
      expect(await verifyPassword('kata-sandi-lama', bad), bad).toBe(false);
    }
  });
});

describe('the fixed-window limiter', () => {
  it('lets `max` hits through per window, then answers the wait until the window ends', () => {
    let now = 1_000;
    const limiter = new FixedWindowLimiter({ max: 3, windowMs: 60_000 }, () => now);
    expect([limiter.take('a'), limiter.take('a'), limiter.take('a')]).toEqual([0, 0, 0]);
    now += 15_000;
    expect(limiter.take('a')).toBe(45_000);
    expect(limiter.take('b')).toBe(0);
    now += 45_000;
    expect(limiter.take('a')).toBe(0);
  });

  it('counts only what is hit; reset clears a key', () => {
    const now = 0;
    const limiter = new FixedWindowLimiter({ max: 2, windowMs: 1000 }, () => now);
    limiter.hit('u');
    limiter.hit('u');
    expect(limiter.retryAfterMs('u')).toBe(1000);
    limiter.reset('u');
    expect(limiter.retryAfterMs('u')).toBe(0);
  });

  it('forgets expired keys under a flood of distinct ones', () => {
    let now = 0;
    const limiter = new FixedWindowLimiter({ max: 1, windowMs: 10 }, () => now);
    for (let i = 0; i < 30_000; i++) {
      limiter.hit(`k${i}`);
      now++;
    }
    expect((limiter as unknown as { windows: Map<string, unknown> }).windows.size).toBeLessThan(10_100);
  });

  it('says the wait in words', () => {
    expect(waitInWords(1)).toBe('1 second');
    expect(waitInWords(60_000)).toBe('60 seconds');
    expect(waitInWords(15 * 60_000)).toBe('15 minutes');
  });
});

describe('roleAt', () => {
  const spans: RoleSpan[] = [
    { role: 'cashier', outletId: 'a', active: true, from: 10, to: 20 },
    { role: 'supervisor', outletId: 'a', active: true, from: 20, to: 20 },
    { role: 'admin', outletId: null, active: true, from: 20, to: null },
  ];
  it('finds the span in force, half-open, skipping one that lasted no time', () => {
    expect(roleAt(spans, 9)).toBeNull();
    expect(roleAt(spans, 10)?.role).toBe('cashier');
    expect(roleAt(spans, 19)?.role).toBe('cashier');
    expect(roleAt(spans, 20)?.role).toBe('admin');
    expect(roleAt(spans, 1e15)?.role).toBe('admin');
  });
});

describe('TRUST_PROXY', () => {
  it('is off unless set; true, or a list of proxies', () => {
    expect(trustProxyFrom(undefined)).toBe(false);
    expect(trustProxyFrom('false')).toBe(false);
    expect(trustProxyFrom('true')).toBe(true);
    expect(trustProxyFrom('10.0.0.1, 10.0.0.0/8')).toEqual(['10.0.0.1', '10.0.0.0/8']);
  });
});
