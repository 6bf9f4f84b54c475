// Uploading another device's export file to the server (a supervisor's
// tablet with signal imports a dead booth tablet's sales).
import { loadDeviceWire } from '../../protocol/device-wire-loader.ts';
import type { PushResponse } from '../../protocol/schemas.ts';
import { ROUTES } from '../../protocol/route-paths.ts';
import { NetClient, NetError, type Fetch, type NetProblem } from '../net/http.ts';
import { parseOutboxExport } from './export-format.ts';

export interface ImportSummary {
  stored: number;
  alreadyThere: number;
  flagged: number;
  refused: number;
  /** Set when the server misses sales older than the file holds. */
  missingFrom: number | null;
}

export class ImportError extends Error {
  override name = 'ImportError';
}

/**
 * A file may hold up to 64 MB (the server's import limit) going up a shop's
 * uplink, and is stored in one go: the usual 30 s would cut big imports off.
 * Still a deadline, so a stalled upload does not leave the button busy forever.
 */
const IMPORT_TIMEOUT_MS = 10 * 60_000;

/** What the import panel shows after "Impor gagal:". */
function reasonOf(p: NetProblem): string {
  switch (p.kind) {
    case 'offline':
      return 'this device is offline';
    case 'network':
      return p.detail;
    case 'timeout':
      return `no answer within ${Math.round(p.afterMs / 1000)} s`;
    case 'http':
      return p.message;
    case 'bad-response':
      return 'the server sent an answer this app does not understand';
  }
}

/** `credential`: this device's, sent as the bearer token; the server decides whether it may import another device's file. */
export async function importOutboxFile(text: string, fetchFn?: Fetch, credential: string | null = null): Promise<ImportSummary> {
  let file;
  try {
    file = await parseOutboxExport(text);
  } catch (e) {
    throw new ImportError(`not a Kasir Karya export file: ${e instanceof Error ? e.message.slice(0, 200) : String(e)}`);
  }
  let r: PushResponse;
  try {
    const answer = await new NetClient({ fetch: fetchFn, timeoutMs: IMPORT_TIMEOUT_MS }).call({
      method: 'POST',
      path: ROUTES.import,
      schema: loadDeviceWire().then((w) => w.pushResponseSchema),
      body: { json: file },
      credential: credential ? { kind: 'device', read: () => credential } : { kind: 'none' },
    });
    r = answer.data;
  } catch (e) {
    if (e instanceof NetError) throw new ImportError(reasonOf(e.problem));
    throw e;
  }
  return {
    stored: r.results.filter((x) => !x.replay && (x.status === 'applied' || x.status === 'flagged')).length,
    alreadyThere: r.results.filter((x) => x.replay || x.status === 'duplicate').length,
    flagged: r.results.filter((x) => x.status === 'flagged').length,
    refused: r.results.filter((x) => !x.replay && (x.status === 'rejected' || x.status === 'conflict')).length,
    missingFrom: r.gap?.expectedSeq ?? null,
  };
}
