// The local certificate authority's certificate, for tablets to install so
// they trust this server's HTTPS (`npm run tls:init` makes it).
import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { HttpError } from './http-error.ts';

const NONE = 'this server has no local certificate authority. On the server machine run `npm run tls:init`, set the TLS_CERT_FILE and TLS_KEY_FILE lines it prints, and restart; a server with a certificate from a public authority needs none installed on tablets.';

/** The PEM of `caFile` when it holds a CA certificate; a 404 saying how to make one otherwise. */
export async function readCaCertificate(caFile: string | null): Promise<string> {
  if (caFile === null) throw new HttpError(404, 'no-local-ca', NONE);
  let pem: string;
  try {
    pem = await readFile(caFile, 'utf8');
  } catch {
    throw new HttpError(404, 'no-local-ca', NONE);
  }
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(pem);
  } catch {
    throw new HttpError(404, 'no-local-ca', `${caFile} is not a PEM certificate: run \`npm run tls:init\` again to make the local certificate authority.`);
  }
  // Only ever the certificate: never a key that may share the file by mistake.
  if (!cert.ca) throw new HttpError(404, 'no-local-ca', `${caFile} is not a certificate authority's certificate (TLS_CA_FILE must name the CA, not the server's certificate).`);
  return cert.toString();
}
