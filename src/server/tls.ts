// The server's own HTTPS: the certificate and key named by TLS_CERT_FILE and
// TLS_KEY_FILE, checked before anything opens, and the plain-HTTP port that
// only sends browsers on to HTTPS.
import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

export interface TlsFiles {
  certFile: string;
  keyFile: string;
}

/** PEM text as Fastify's `https` option takes it. */
export interface TlsMaterial {
  cert: string;
  key: string;
  /** The server certificate's names, for the start-up line. */
  names: string[];
  validTo: Date;
}

/** A start-up refusal whose message says which file and what to do. */
export class TlsProblem extends Error {}

const MAKE_ONE = 'Run `npm run tls:init` to make a local certificate (README, "HTTPS"), or point it at your own PEM file.';

function readPem(variable: string, path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new TlsProblem(`${variable} names ${path}, which does not exist. ${MAKE_ONE}`);
    if (code === 'EACCES' || code === 'EPERM') throw new TlsProblem(`${variable} names ${path}, which this user cannot read (${code}). Let the user running the server read it (chown, or chmod 600 for its owner).`);
    if (code === 'EISDIR') throw new TlsProblem(`${variable} names ${path}, which is a folder; name the PEM file inside it.`);
    throw new TlsProblem(`${variable} names ${path}, which cannot be read (${code ?? String(err)}).`);
  }
}

function altNames(cert: X509Certificate): string[] {
  // "DNS:kasir.local, IP Address:192.168.1.5"
  return (cert.subjectAltName ?? '')
    .split(', ')
    .map((s) => s.replace(/^(DNS|IP Address):/, ''))
    .filter((s) => s !== '');
}

/** Reads and checks the pair: each a PEM of the right kind, the key the certificate's own, the certificate in date. */
export function loadTls(files: TlsFiles, now: number = Date.now()): TlsMaterial {
  const cert = readPem('TLS_CERT_FILE', files.certFile);
  const key = readPem('TLS_KEY_FILE', files.keyFile);
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(cert);
  } catch {
    const hint = /PRIVATE KEY-----/.test(cert) ? ' It holds a private key: TLS_CERT_FILE and TLS_KEY_FILE may be swapped.' : '';
    throw new TlsProblem(`TLS_CERT_FILE ${files.certFile} is not a PEM certificate (a "-----BEGIN CERTIFICATE-----" block).${hint} ${MAKE_ONE}`);
  }
  let keyObject: KeyObject;
  try {
    keyObject = createPrivateKey(key);
  } catch {
    const hint = /BEGIN CERTIFICATE-----/.test(key) ? ' It holds a certificate: TLS_CERT_FILE and TLS_KEY_FILE may be swapped.' : ' An encrypted key is not supported: the server starts unattended.';
    throw new TlsProblem(`TLS_KEY_FILE ${files.keyFile} is not a PEM private key (a "-----BEGIN PRIVATE KEY-----" block).${hint}`);
  }
  if (!x509.checkPrivateKey(keyObject)) {
    throw new TlsProblem(`TLS_KEY_FILE ${files.keyFile} is not the key of the certificate in TLS_CERT_FILE ${files.certFile}. Use the key made with that certificate (npm run tls:init writes both together).`);
  }
  const validTo = new Date(x509.validTo);
  if (validTo.getTime() <= now) {
    throw new TlsProblem(`The certificate in TLS_CERT_FILE ${files.certFile} expired on ${validTo.toISOString()}; browsers refuse it. Run \`npm run tls:init\` again (it keeps the certificate authority the tablets trust), or renew your own.`);
  }
  if (new Date(x509.validFrom).getTime() > now) {
    throw new TlsProblem(`The certificate in TLS_CERT_FILE ${files.certFile} is valid only from ${new Date(x509.validFrom).toISOString()}: check this machine's clock.`);
  }
  return { cert, key, names: altNames(x509), validTo };
}

/**
 * `https://<the host the browser asked for>:<httpsPort><path>`, or null when
 * the Host header is not a host name or address (it goes into a Location
 * header, so nothing else may pass).
 */
export function httpsLocation(hostHeader: string | undefined, url: string, httpsPort: number): string | null {
  const m = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(?::\d{1,5})?$/.exec(hostHeader ?? '');
  if (!m || !url.startsWith('/')) return null;
  const port = httpsPort === 443 ? '' : `:${httpsPort}`;
  return `https://${m[1] ?? ''}${port}${url}`;
}

/**
 * The plain-HTTP port: a tablet that types the bare address lands on HTTPS.
 * Nothing is served over plain HTTP, not even an API answer, as a token sent
 * there would cross the network in clear. The 301 is not cached (no-store),
 * so a later change of PORT is not remembered wrongly by every tablet.
 */
export function createRedirectServer(httpsPort: () => number): Server {
  return createServer((req: IncomingMessage, res: ServerResponse) => {
    const location = httpsLocation(req.headers.host, req.url ?? '/', httpsPort());
    if (location === null) {
      res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' });
      res.end('This port only redirects to HTTPS, and the request names no host to redirect to. Open https://<server address>/ instead.\n');
      return;
    }
    res.writeHead(301, { location, 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
    res.end(`Moved to ${location}\n`);
  });
}
