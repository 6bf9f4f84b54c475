// Start-up: config from the environment, schema, demo catalog on a fresh
// database, a first admin and device when there are none, then the PWA and
// the API on one port.
import { formatWita } from '../domain/time.ts';
import { buildApp } from './http/app.ts';
import { bootstrap, type BootstrapResult } from './bootstrap.ts';
import { loadConfig } from './config.ts';
import { openStore } from './open-store.ts';
import { SchemaTooNewError } from './store/store.ts';
import { sharedPreparer } from './http/prepare-pool.ts';
import { demoCatalog } from './seed-data.ts';
import { seedIfEmpty } from './catalog/catalog.ts';
import { ensureEpoch } from './sync/pull.ts';
import { createServer } from 'node:net';
import { scheduleBackups, writePidFile } from './ops/backups.ts';
import { createRedirectServer, loadTls } from './tls.ts';

const config = refuseStart(() => loadConfig(process.env, process.cwd()));
// A start that fails writes nothing: a bad certificate or a taken port is
// found before the database is opened, and the port is bound before the
// first admin is made, so its one-time password is never created unseen.
const tlsFiles = config.tls;
const tls = tlsFiles ? refuseStart(() => loadTls(tlsFiles)) : null;
await portFree(config.port, config.host);
if (config.httpRedirectPort !== null) await portFree(config.httpRedirectPort, config.host, 'HTTP_REDIRECT_PORT');
const store = await openStore(config.database).catch((err: unknown) => {
  // An older release started on a database a newer one upgraded: say what to do instead of a stack trace.
  if (!(err instanceof SchemaTooNewError)) throw err;
  console.error(`${err.message} Nothing was written.`);
  process.exit(1);
});
const preparer = sharedPreparer();
// Threads up before the first device pushes a backlog.
await preparer.warm();
const app = await buildApp({
  store,
  staticDir: config.staticDir,
  trustProxy: config.trustProxy,
  preparer,
  metricsToken: config.metricsToken,
  logger: { level: process.env.LOG_LEVEL ?? 'info' },
  ...(tls ? { tls: { cert: tls.cert, key: tls.key } } : {}),
  caFile: config.caFile,
});
await app.listen({ port: config.port, host: config.host });
const redirect = config.httpRedirectPort === null ? null : createRedirectServer(() => boundPort());
if (redirect && config.httpRedirectPort !== null) {
  const redirectPort = config.httpRedirectPort;
  await new Promise<void>((ok, fail) => {
    redirect.once('error', fail);
    redirect.listen(redirectPort, config.host, ok);
  });
}
if (await seedIfEmpty(store, demoCatalog())) console.log('Loaded the demo catalog into a fresh database.');
const firstStart = await bootstrap(store, process.env);
// Made once with the database and kept across starts: a restart is not a restore (docs/sync-rules.md).
await ensureEpoch(store);
// PORT=0 picks a free port; the line names the one actually bound, so a
// script (or a test starting several servers) can find it.
function boundPort(): number {
  const address = app.server.address();
  return typeof address === 'object' && address ? address.port : config.port;
}
const port = boundPort();
const scheme = tls ? 'https' : 'http';
const where = config.database.kind === 'sqlite' ? config.database.path : 'PostgreSQL';
// `npm run restore` refuses while this file names a live process.
const removePidFile = config.database.kind === 'sqlite' ? writePidFile(config.database.path) : () => {};
const backups =
  config.database.kind === 'sqlite' && config.backups.everyHours > 0
    ? scheduleBackups({
        dbPath: config.database.path,
        dir: config.backups.dir,
        everyHours: config.backups.everyHours,
        keep: config.backups.keep,
        log: (level, msg) => app.log[level](msg),
      })
    : null;
printFirstStart(firstStart, `${scheme}://localhost:${port}`);
if (tls) console.log(`HTTPS with the certificate for ${tls.names.join(', ')} (valid until ${formatWita(tls.validTo.getTime())}).`);
// A month's warning: past the date every tablet refuses the server, and the fix needs this machine.
if (tls && tls.validTo.getTime() - Date.now() < 30 * 24 * 60 * 60 * 1000) {
  console.warn(`Warning: the HTTPS certificate expires on ${formatWita(tls.validTo.getTime())}. Run \`npm run tls:init\` again (it keeps the CA the tablets trust) and restart, or renew your own certificate.`);
}
if (redirect) console.log(`Plain HTTP on port ${config.httpRedirectPort ?? ''} redirects to HTTPS on port ${port}.`);
if (backups) console.log(`Backups every ${config.backups.everyHours} h into ${config.backups.dir}, keeping the newest ${config.backups.keep}.`);
else if (config.database.kind === 'postgres') console.log('PostgreSQL: back it up with pg_dump (README, "Backups"); this server makes no backups of it.');
// Last, so whoever waits for this line has everything printed before it.
console.log(`Kasir Karya listening on ${scheme}://localhost:${port} (data: ${where})`);

/** A configuration the server cannot start with: its reason, and nothing else, on stderr. */
function refuseStart<T>(load: () => T): T {
  try {
    return load();
  } catch (err) {
    console.error(`${err instanceof Error ? err.message : String(err)} Nothing was written.`);
    process.exit(1);
  }
}

async function portFree(port: number, host: string, variable = 'PORT'): Promise<void> {
  if (port === 0) return;
  try {
    await new Promise<void>((ok, fail) => {
      const probe = createServer();
      probe.once('error', fail);
      probe.listen(port, host, () => probe.close(() => ok()));
    });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    console.error(
      code === 'EADDRINUSE'
        ? `Port ${port} on ${host} is already in use (another Kasir Karya server?). Stop it, or start this one with another ${variable}. Nothing was written.`
        : `Cannot listen on ${host}:${port} (${code ?? String(err)}). Nothing was written.`,
    );
    process.exit(1);
  }
}

/** Shown once: the secrets exist nowhere else in clear text. */
function printFirstStart({ admin, device, notes }: BootstrapResult, url: string): void {
  for (const note of notes) console.log(`Note: ${note}`);
  if (!admin && !device) return;
  const lines = ['', '='.repeat(72)];
  if (admin) {
    lines.push(
      'First start: an admin account was created. Write this down now: it is shown only once.',
      `  username: ${admin.username}`,
      `  password: ${admin.password === null ? '(the one in KASIR_ADMIN_PASSWORD)' : `${admin.password}   (one use: /admin asks for your own at the first sign-in)`}`,
      `  PIN:      ${admin.pin ?? '(the one in KASIR_ADMIN_PIN)'}   (approves voids and discounts on a device)`,
      `Next: open ${url}/admin, sign in, add your cashiers and supervisors, and register devices.`,
    );
  }
  if (device) {
    lines.push(
      '',
      `A first device "${device.label}" is registered for ${device.outletName}. On the tablet or PC that`,
      `will sell there, open ${url} and enter this one-time enrolment code:`,
      `  ${device.code}   (valid until ${formatWita(device.expiresAt)}; later, register devices from /admin)`,
    );
  }
  lines.push('='.repeat(72), '');
  console.log(lines.join('\n'));
}

/** A stop waits this long for requests in flight; a service manager kills soon after (systemd's default is 90 s, Docker's 10 s). */
const STOP_WITHIN_MS = 9_000;

// SIGTERM (systemd, Docker, a redeploy) and SIGINT (Ctrl-C): take no new
// request (Fastify answers 503 while closing, and devices retry), let those
// in flight finish, so every sale acknowledged is stored, then flush and close
// the store. A second signal, or a drain that hangs, exits at once with 1.
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) process.exit(1);
    stopping = true;
    console.log(`${signal}: finishing the requests in flight, then stopping.`);
    backups?.stop();
    setTimeout(() => {
      console.error(`Requests still running after ${STOP_WITHIN_MS / 1000} s; stopping anyway. Devices resend whatever was not acknowledged.`);
      process.exit(1);
    }, STOP_WITHIN_MS).unref();
    // Node closes the connections idle when closing starts; one busy then
    // turns idle when its answer is sent, and would be held open for the
    // whole keep-alive timeout. Closed as soon as it is idle instead.
    setInterval(() => app.server.closeIdleConnections(), 50).unref();
    redirect?.close();
    void app
      .close()
      .then(() => store.close())
      .then(
        () => {
          removePidFile();
          console.log('Stopped.');
          process.exit(0);
        },
        (err: unknown) => {
          console.error(`Stopping failed: ${err instanceof Error ? err.message : String(err)}`);
          removePidFile();
          process.exit(1);
        },
      );
  });
}
