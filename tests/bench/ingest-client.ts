// The load generator for bench/ingest.ts, in its own process so the client's
// HTTP and JSON work does not share the server's event loop, as real devices
// do not. Reads "<deviceId> <credential> <body>" lines; each device posts its
// batches in order (a device never has two pushes in flight), all devices at once.
// Prints {"ms": elapsed} once every answer checked out.
//
//   node --import tsx bench/ingest-client.ts URL BODIES_FILE
import { readFileSync } from 'node:fs';
import { pushResponseSchema } from '../../src/protocol/schemas.ts';

const [url, file] = process.argv.slice(2);
if (!url || !file) throw new Error('usage: ingest-client.ts URL BODIES_FILE');
const perDevice = new Map<string, { token: string; bodies: string[] }>();
for (const line of readFileSync(file, 'utf8').split('\n')) {
  const at = line.indexOf(' ');
  const end = line.indexOf(' ', at + 1);
  if (at < 0 || end < 0) continue;
  const device = line.slice(0, at);
  const entry = perDevice.get(device) ?? { token: line.slice(at + 1, end), bodies: [] };
  entry.bodies.push(line.slice(end + 1));
  perDevice.set(device, entry);
}

const answers: { body: string; answer: string }[] = [];
const start = performance.now();
await Promise.all(
  [...perDevice.values()].map(async ({ token, bodies }) => {
    for (const body of bodies) {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body });
      if (res.status !== 200) throw new Error(`push answered ${res.status}: ${await res.text()}`);
      answers.push({ body, answer: await res.text() });
    }
  }),
);
const ms = performance.now() - start;

// Checked after the clock stops: the server's work is measured, not the client's parsing.
for (const { body, answer } of answers) {
  const res = pushResponseSchema.parse(JSON.parse(answer));
  const sent = (JSON.parse(body) as { mutations: unknown[] }).mutations.length;
  const bad = res.results.find((r) => r.status !== 'applied' && r.status !== 'flagged');
  if (res.gap || bad || res.results.length !== sent) throw new Error(`a push failed: ${JSON.stringify(bad ?? res.gap ?? res.results.length)}`);
}
process.stdout.write(`${JSON.stringify({ ms })}\n`);
