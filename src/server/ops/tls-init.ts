// A local certificate authority and a server certificate signed by it, for a
// booth laptop that serves its tablets over its own Wi-Fi with no internet:
// the tablets trust the CA once, and every later server certificate with it.
import { createPrivateKey, generateKeyPairSync, randomBytes, X509Certificate } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { hostname, networkInterfaces } from 'node:os';
import { isIP } from 'node:net';
import { join } from 'node:path';
import forge from 'node-forge';

/** Apple's and Chromium's ceiling for a server certificate's life; Android follows it too. */
export const SERVER_CERT_DAYS = 825;
/** Long: re-trusting a CA means walking to every tablet. */
export const CA_YEARS = 10;

export const TLS_FILES = {
  ca: 'ca.pem',
  caKey: 'ca-key.pem',
  cert: 'server.pem',
  key: 'server-key.pem',
} as const;

export class TlsInitProblem extends Error {}

export interface TlsInitResult {
  /** False when an existing CA was kept. */
  caCreated: boolean;
  caFile: string;
  certFile: string;
  keyFile: string;
  /** The server certificate's names: DNS names, then addresses. */
  dnsNames: string[];
  ips: string[];
  /** Names the previous server certificate had and this one has not (a --host not given again, an address gone). */
  dropped: string[];
  validTo: Date;
}

const DNS_NAME = /^(\*\.)?(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))*$/;

/** This machine's names and LAN addresses, plus `extra` (from --host), each once. */
export function machineNames(extra: readonly string[] = []): { dnsNames: string[]; ips: string[] } {
  const dns = new Set<string>();
  const ips = new Set<string>();
  const host = hostname().toLowerCase();
  if (DNS_NAME.test(host)) {
    dns.add(host);
    // Android and most laptops resolve <hostname>.local over mDNS on a LAN with no DNS server.
    if (!host.endsWith('.local')) dns.add(`${host.split('.')[0] ?? host}.local`);
  }
  dns.add('localhost');
  ips.add('127.0.0.1');
  ips.add('::1');
  for (const addrs of Object.values(networkInterfaces())) {
    for (const a of addrs ?? []) if (!a.internal) ips.add(a.address);
  }
  for (const raw of extra) {
    const name = raw.trim().toLowerCase();
    if (isIP(name)) ips.add(name);
    else if (DNS_NAME.test(name)) dns.add(name);
    else throw new TlsInitProblem(`--host "${raw}" is neither a host name (like kasir-booth.local) nor an IP address.`);
  }
  return { dnsNames: [...dns], ips: [...ips] };
}

function serial(): string {
  // 16 random bytes with the top bit clear: a positive serial, unguessable (CA/B baseline).
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] ?? 0) & 0x7f;
  return bytes.toString('hex');
}

function newKeyPair(): forge.pki.rsa.KeyPair {
  // Node's RSA is native; forge's own would take seconds on a slow laptop.
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const key = forge.pki.privateKeyFromPem(pem) as forge.pki.rsa.PrivateKey;
  return { privateKey: key, publicKey: forge.pki.setRsaPublicKey(key.n, key.e) };
}

function keyPem(key: forge.pki.rsa.PrivateKey): string {
  // PKCS#8, as Node and every server read it.
  return forge.pki.privateKeyInfoToPem(forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(key)));
}

function makeCa(now: Date): { cert: forge.pki.Certificate; key: forge.pki.rsa.PrivateKey } {
  const keys = newKeyPair();
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = serial();
  cert.validity.notBefore = new Date(now.getTime() - 60 * 60 * 1000);
  cert.validity.notAfter = new Date(now.getTime());
  cert.validity.notAfter.setFullYear(now.getFullYear() + CA_YEARS);
  const subject = [
    { name: 'commonName', value: `Kasir Karya CA ${hostname()} ${now.toISOString().slice(0, 10)}` },
    { name: 'organizationName', value: 'Kasir Karya (local)' },
  ];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  return { cert, key: keys.privateKey };
}

function makeServerCert(
  ca: { cert: forge.pki.Certificate; key: forge.pki.rsa.PrivateKey },
  names: { dnsNames: string[]; ips: string[] },
  now: Date,
): { cert: forge.pki.Certificate; key: forge.pki.rsa.PrivateKey } {
  const keys = newKeyPair();
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = serial();
  // An hour back: a tablet whose clock runs a little behind still accepts it.
  cert.validity.notBefore = new Date(now.getTime() - 60 * 60 * 1000);
  // Whole seconds, as the certificate stores them, so the date reported is the one in it.
  cert.validity.notAfter = new Date(Math.floor(now.getTime() / 1000) * 1000 + SERVER_CERT_DAYS * 24 * 60 * 60 * 1000);
  cert.setSubject([{ name: 'commonName', value: names.dnsNames[0] ?? 'localhost' }]);
  cert.setIssuer(ca.cert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    // Browsers read only these names, never the common name.
    { name: 'subjectAltName', altNames: [...names.dnsNames.map((value) => ({ type: 2, value })), ...names.ips.map((ip) => ({ type: 7, ip }))] },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: ca.cert.generateSubjectKeyIdentifier().getBytes() },
  ]);
  cert.sign(ca.key, forge.md.sha256.create());
  return { cert, key: keys.privateKey };
}

/** Written beside, then renamed over: a crash never leaves half a key where the server reads it. */
function writeAtomic(path: string, text: string, mode: number): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text, { mode });
  // The umask may have narrowed or (for 0644) kept it; say exactly what it is.
  chmodSync(tmp, mode);
  renameSync(tmp, path);
}

function loadCa(dir: string): { cert: forge.pki.Certificate; key: forge.pki.rsa.PrivateKey } | null {
  const certPath = join(dir, TLS_FILES.ca);
  const keyPath = join(dir, TLS_FILES.caKey);
  const hasCert = existsSync(certPath);
  const hasKey = existsSync(keyPath);
  if (!hasCert && !hasKey) return null;
  if (!hasCert || !hasKey) {
    throw new TlsInitProblem(
      `${hasCert ? keyPath : certPath} is missing but ${hasCert ? certPath : keyPath} is there: the certificate authority needs both. Put the missing file back (from a backup), or move both away to make a new CA (every tablet must then install it again).`,
    );
  }
  const certText = readFileSync(certPath, 'utf8');
  const keyText = readFileSync(keyPath, 'utf8');
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(certText);
    if (!x509.checkPrivateKey(createPrivateKey(keyText))) throw new Error('mismatch');
  } catch {
    throw new TlsInitProblem(`${certPath} and ${keyPath} are not a certificate and its key. Restore them from a backup, or move both away to make a new CA (every tablet must then install it again).`);
  }
  if (new Date(x509.validTo).getTime() < Date.now() + SERVER_CERT_DAYS * 24 * 60 * 60 * 1000) {
    throw new TlsInitProblem(`The certificate authority in ${certPath} expires on ${new Date(x509.validTo).toISOString().slice(0, 10)}, before a new server certificate would. Move ${certPath} and ${keyPath} away to make a new CA, and install it on every tablet again.`);
  }
  return { cert: forge.pki.certificateFromPem(certText), key: forge.pki.privateKeyFromPem(keyText) as forge.pki.rsa.PrivateKey };
}

/**
 * Makes `dir` (0700) with a CA unless one is there (kept, so tablets need
 * not trust again), and a new server certificate for this machine's names
 * and `extraHosts`, every key file 0600.
 */
export function initTls(dir: string, extraHosts: readonly string[] = [], now: Date = new Date()): TlsInitResult {
  const names = machineNames(extraHosts);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  const existing = loadCa(dir);
  const ca = existing ?? makeCa(now);
  if (!existing) {
    // The key first: a CA certificate with no key beside it would be refused on the next run.
    writeAtomic(join(dir, TLS_FILES.caKey), keyPem(ca.key), 0o600);
    writeAtomic(join(dir, TLS_FILES.ca), forge.pki.certificateToPem(ca.cert), 0o644);
  }
  const server = makeServerCert(ca, names, now);
  const certFile = join(dir, TLS_FILES.cert);
  const dropped = previousNames(certFile).filter((n) => !names.dnsNames.includes(n) && !names.ips.includes(n));
  const keyFile = join(dir, TLS_FILES.key);
  writeAtomic(keyFile, keyPem(server.key), 0o600);
  // The chain: browsers that have the CA need only the leaf, but sending the CA too costs nothing.
  writeAtomic(certFile, forge.pki.certificateToPem(server.cert) + forge.pki.certificateToPem(ca.cert), 0o644);
  return { caCreated: !existing, caFile: join(dir, TLS_FILES.ca), certFile, keyFile, ...names, dropped, validTo: server.cert.validity.notAfter };
}

/** The DNS names and addresses of the certificate at `path`, as machineNames() writes them; none when there is no readable one. */
function previousNames(path: string): string[] {
  try {
    const cert = forge.pki.certificateFromPem(readFileSync(path, 'utf8'));
    const ext = cert.getExtension('subjectAltName') as { altNames?: { type: number; value?: string; ip?: string }[] } | undefined;
    return (ext?.altNames ?? []).flatMap((a) => (a.type === 2 && a.value ? [a.value] : a.type === 7 && a.ip ? [a.ip] : []));
  } catch {
    return [];
  }
}
