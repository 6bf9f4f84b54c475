// Uploading another device's export file to the server (a supervisor's
// tablet with signal imports a dead booth tablet's sales).
import { errorResponseSchema, pushResponseSchema } from '../../protocol/schemas.ts';
import { ROUTES } from '../../protocol/routes.ts';
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

/** `credential`: this device's, sent as the bearer token; the server decides whether it may import another device's file. */
export async function importOutboxFile(text: string, fetchFn: typeof fetch = (...a) => globalThis.fetch(...a), credential: string | null = null): Promise<ImportSummary> {
  let file;
  try {
    file = parseOutboxExport(text);
  } catch (e) {
    throw new ImportError(`not a Kasir Karya export file: ${e instanceof Error ? e.message.slice(0, 200) : String(e)}`);
  }
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (credential) headers.authorization = `Bearer ${credential}`;
  const res = await fetchFn(ROUTES.import, { method: 'POST', headers, body: JSON.stringify(file) });
  const body: unknown = await res.json().catch(() => undefined);
  if (!res.ok) {
    const err = errorResponseSchema.safeParse(body);
    throw new ImportError(err.success ? err.data.error.message : `HTTP ${res.status}`);
  }
  const r = pushResponseSchema.parse(body);
  return {
    stored: r.results.filter((x) => !x.replay && (x.status === 'applied' || x.status === 'flagged')).length,
    alreadyThere: r.results.filter((x) => x.replay || x.status === 'duplicate').length,
    flagged: r.results.filter((x) => x.status === 'flagged').length,
    refused: r.results.filter((x) => !x.replay && (x.status === 'rejected' || x.status === 'conflict')).length,
    missingFrom: r.gap?.expectedSeq ?? null,
  };
}
