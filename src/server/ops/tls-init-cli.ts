// `npm run tls:init [-- --host NAME ...] [--dir DIR]`: a local certificate
// authority and a server certificate for this machine (ops/tls-init.ts).
import { relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { formatWita } from '../../domain/time.ts';
import { DEFAULT_TLS_DIR } from '../config.ts';
import { initTls, SERVER_CERT_DAYS, TlsInitProblem } from './tls-init.ts';

let args: { host?: string[]; dir?: string };
try {
  ({ values: args } = parseArgs({ options: { host: { type: 'string', multiple: true }, dir: { type: 'string' } }, strict: true }));
} catch (e) {
  console.error(`${e instanceof Error ? e.message : String(e)}\nUsage: npm run tls:init [-- --host NAME [--host NAME ...]] [--dir FOLDER]   (default folder ${DEFAULT_TLS_DIR})`);
  process.exit(1);
}
const dir = resolve(args.dir ?? DEFAULT_TLS_DIR);
try {
  const r = initTls(dir, args.host ?? []);
  const shown = (path: string): string => {
    const rel = relative(process.cwd(), path);
    return rel.startsWith('..') ? path : rel;
  };
  console.log(
    [
      r.caCreated
        ? `Made a new local certificate authority: ${shown(r.caFile)} (its key ${shown(resolve(dir, 'ca-key.pem'))} never leaves this machine; back it up).`
        : `Kept the certificate authority in ${shown(r.caFile)}: tablets that trust it need nothing new.`,
      `Made a server certificate, valid ${SERVER_CERT_DAYS} days (until ${formatWita(r.validTo.getTime())}), for:`,
      `  ${[...r.dnsNames, ...r.ips].join(', ')}`,
      ...(r.dropped.length > 0 ? [`No longer in it (the last certificate had them; give them again with --host to keep them): ${r.dropped.join(', ')}`] : []),
      '',
      'Set these two lines in the server\'s environment (or its systemd unit) and restart it:',
      `TLS_CERT_FILE=${r.certFile}`,
      `TLS_KEY_FILE=${r.keyFile}`,
      '',
      r.caCreated
        ? 'Then on each tablet: open /admin > Sertifikat on the server and follow the steps to install the CA certificate once.'
        : `Run this again before ${formatWita(r.validTo.getTime())}, or when this machine's address changes.`,
    ].join('\n'),
  );
} catch (e) {
  console.error(e instanceof TlsInitProblem ? `No certificate made: ${e.message}` : e);
  process.exit(1);
}
