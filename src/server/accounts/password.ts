// Passwords for the management pages, hashed with scrypt from node:crypto (no
// native add-on to build on a booth laptop, unlike argon2).
//
// Parameters: N = 2^16, r = 8, p = 2. OWASP's password storage cheat sheet
// lists this among its equivalent minimums for scrypt (the same work as
// N = 2^17, p = 1) and it needs half the memory: 64 MiB per hash instead of
// 128. Node runs at most four hashes at once (the libuv pool), so a burst of
// sign-ins peaks at 256 MiB, which a counter PC shared with a browser can
// spare. It takes about 280 ms here; a person signs in once a shift, and the
// rate limit (not this cost alone) is what stops online guessing. The
// parameters are stored with each hash, so raising them later keeps every
// existing password working.
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

export interface ScryptParams {
  /** log2 of N, the CPU and memory cost. */
  ln: number;
  r: number;
  p: number;
}

export const SCRYPT_PARAMS: ScryptParams = { ln: 16, r: 8, p: 2 };

/**
 * The cost new hashes get: SCRYPT_PARAMS, unless KASIR_SCRYPT_LN lowers N for
 * a test run (a suite signing in hundreds of times on a busy 2-core machine
 * would otherwise spend minutes in scrypt and time out). Never set it in
 * production; hashes made with it keep their low cost until the password is
 * changed. One test checks the production cost itself.
 */
export function configuredParams(env: NodeJS.ProcessEnv = process.env): ScryptParams {
  const raw = env.KASIR_SCRYPT_LN;
  if (raw === undefined || raw === '') return SCRYPT_PARAMS;
  const ln = Number(raw);
  if (!Number.isInteger(ln) || ln < 10 || ln > 20) throw new Error(`KASIR_SCRYPT_LN must be a whole number from 10 to 20, got "${raw}"`);
  return { ...SCRYPT_PARAMS, ln };
}
const KEY_BYTES = 32;
const SALT_BYTES = 16;

function derive(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  const N = 2 ** params.ln;
  // Room for the 128 * N * r bytes scrypt needs, and then some.
  const opts: ScryptOptions = { N, r: params.r, p: params.p, maxmem: 256 * N * params.r };
  return new Promise((done, fail) => scrypt(password.normalize('NFC'), salt, KEY_BYTES, opts, (err, key) => (err ? fail(err) : done(key))));
}

/** PHC-style text: `$scrypt$ln=16,r=8,p=2$<salt>$<hash>`, both base64url. */
export async function hashPassword(password: string, params: ScryptParams = configuredParams()): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, params);
  return `$scrypt$ln=${params.ln},r=${params.r},p=${params.p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

const PHC = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9_-]+)\$([A-Za-z0-9_-]+)$/;

/** False for a wrong password and for a stored text this code cannot read; never throws on bad input. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const m = PHC.exec(stored);
  if (!m) return false;
  const params = { ln: Number(m[1]), r: Number(m[2]), p: Number(m[3]) };
  // Bounds so a corrupt row cannot ask for gigabytes.
  if (params.ln < 10 || params.ln > 20 || params.r < 1 || params.r > 32 || params.p < 1 || params.p > 16) return false;
  const expected = Buffer.from(m[5] ?? '', 'base64url');
  const actual = await derive(password, Buffer.from(m[4] ?? '', 'base64url'), params);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

let decoy: Promise<string> | null = null;

/**
 * Spends the time of a real check when there is no hash to check against
 * (unknown username, no password set), so the answer's timing does not say
 * which usernames exist.
 */
export async function verifyDecoy(password: string): Promise<false> {
  decoy ??= hashPassword(randomBytes(16).toString('base64url'));
  await verifyPassword(password, await decoy);
  return false;
}
