// A stored stock document as a resolution of its flags needs it: which
// outlets answer for it, which products it moved, whether it is flagged. The
// device's resolution (handlers/flag-resolve.ts, through the batch) and the
// password session's (sync/resolve.ts) read it with this one function.
import type { StockDocKind } from '../../domain/flag-resolution.ts';
import { str, type Row, type SqlTx } from '../store/db.ts';

export interface StockDocSeen {
  /** A transfer's source and destination; an adjustment's or count's outlet. */
  outletIds: string[];
  products: string[];
  flagged: boolean;
}

const linesOf = (body: unknown): string[] => {
  const b = JSON.parse(String(body)) as { lines?: { productId: string }[] };
  return (b.lines ?? []).map((l) => l.productId);
};
const flagged = (r: Row): boolean => r.flags !== null && r.flags !== undefined && str(r.flags) !== '[]';

export async function readStockDoc(tx: SqlTx, kind: StockDocKind, id: string): Promise<StockDocSeen | null> {
  if (kind === 'transfer') {
    const [r] = await tx.all(
      `SELECT t.from_outlet_id, t.to_outlet_id, t.body AS sent, r.body AS got, r.flags FROM transfers t LEFT JOIN transfer_receipts r ON r.transfer_id = t.id WHERE t.id = ?`,
      [id],
    );
    if (!r) return null;
    const products = [...new Set([...linesOf(r.sent), ...(r.got === null || r.got === undefined ? [] : linesOf(r.got))])];
    return { outletIds: [str(r.to_outlet_id), str(r.from_outlet_id)], products, flagged: flagged(r) };
  }
  const table = kind === 'adjustment' ? 'stock_adjustments' : 'stock_counts';
  const [r] = await tx.all(`SELECT outlet_id, flags, body FROM ${table} WHERE id = ?`, [id]);
  if (!r) return null;
  return { outletIds: [str(r.outlet_id)], products: [...new Set(linesOf(r.body))], flagged: flagged(r) };
}

/** The key a resolution of a stock document is stored under (`flag_resolutions.subject_id`): ids of different tables never meet. */
export const stockDocSubjectId = (kind: StockDocKind, id: string): string => `${kind}:${id}`;
