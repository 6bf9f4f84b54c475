// The load generator for bench/ingest.ts, in its own process so the client's
// HTTP and JSON work does not share the server's event loop, as real devices
// do not. Reads "<deviceId> <credential> <body>" lines; each device posts its
// batches in order (a device never has two pushes in flight), all devices at once.
// Prints {"ms": elapsed} once every answer checked out.
//
//   node --import tsx bench/ingest-client.ts URL BODIES_FILE
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
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

// node:http with one kept-alive connection per device, as a tablet's browser
// keeps one. fetch (undici) took three times the CPU per request (170 ms of
// the 450 ms a round lasted), and on a two-core machine what the load
// generator uses is taken from the server it measures.
const agents = new Map<string, Agent>();
function agentFor(token: string): Agent {
  let a = agents.get(token);
  if (!a) agents.set(token, (a = new Agent({ keepAlive: true, maxSockets: 1 })));
  return a;
}

function post(body: string, token: string): Promise<{ status: number; text: string }> {
  const headers = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: `Bearer ${token}` };
  return new Promise((done, fail) => {
    const req = request(url ?? '', { method: 'POST', agent: agentFor(token), headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', fail);
    });
    req.on('error', fail);
    req.end(body);
  });
}

const answers: { body: string; answer: string }[] = [];
const start = performance.now();
await Promise.all(
  [...perDevice.values()].map(async ({ token, bodies }) => {
    for (const body of bodies) {
      const { status, text } = await post(body, token);
      if (status !== 200) throw new Error(`push answered ${status}: ${text}`);
      answers.push({ body, answer: text });
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
