// Runs prepare-body.ts for the main thread (prepare-pool.ts). The answer goes
// back as one JSON string: copying a string between threads is a memcpy, and
// parsing it on the main thread costs less than the structured clone of the
// same objects would.
import { parentPort } from 'node:worker_threads';
import { prepareBody, type BodyKind } from './prepare-body.ts';

if (!parentPort) throw new Error('prepare-worker.ts runs as a worker thread (prepare-pool.ts starts it)');
const port = parentPort;

export interface WorkerRequest {
  id: number;
  kind: BodyKind;
  text: string;
}

export type WorkerReply = { ready: true } | { id: number; json: string } | { id: number; failure: string };

const send = (reply: WorkerReply): void => port.postMessage(reply);

port.on('message', (req: WorkerRequest) => {
  try {
    send({ id: req.id, json: JSON.stringify(prepareBody(req.kind, req.text)) });
  } catch (e) {
    send({ id: req.id, failure: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
});
send({ ready: true });
