// After a restore the server knows less than its devices: they send again
// what the backup did not hold (engine.ts resendFrom). Each push that stores
// sales made before the restore leaves one audit entry, so a supervisor sees
// which device brought back how many and which seqs.
import type { MutationResult } from '../../protocol/schemas.ts';
import { appendAudit } from '../accounts/audit.ts';
import { num } from '../store/db.ts';
import type { Store } from '../store/store.ts';
import { auditNote } from '../../protocol/audit-notes.ts';

/** The counter newEpoch() sets when the database is marked restored. */
export const RESTORED_AT = 'restored-at';

export async function noteResentAfterRestore(
  store: Store,
  deviceId: string,
  sent: readonly { seq: number; type: string; deviceTime: number }[],
  results: readonly MutationResult[],
): Promise<void> {
  const [row] = await store.db.all('SELECT value FROM counters WHERE name = ?', [RESTORED_AT]);
  if (!row) return;
  const restoredAt = num(row.value);
  const stored = new Set(results.filter((r) => !r.replay && (r.status === 'applied' || r.status === 'flagged')).map((r) => r.seq));
  const back = sent.filter((m) => m.type === 'sale.record' && m.deviceTime < restoredAt && stored.has(m.seq)).map((m) => m.seq);
  if (back.length === 0) return;
  await store.db.tx((tx) =>
    appendAudit(tx, {
      at: store.now(),
      action: 'sync.resent-after-restore',
      deviceId,
      subject: deviceId,
      detail: `${back.length} sale(s) made before the restore came back from this device (seq ${Math.min(...back)}-${Math.max(...back)})`,
      note: auditNote('sync.resent-after-restore', { count: back.length, fromSeq: Math.min(...back), toSeq: Math.max(...back) }),
    }),
  );
}
