// A receipt number asked of the server: the sale may be another device's.
// The device's own credential; the server answers for the device's outlet.
import { receiptLookupResponseSchema, type ReceiptMatch } from '../../protocol/receipts.ts';
import { saleByReceiptPath } from '../../protocol/route-paths.ts';
import { getDevice } from '../db/device-repo.ts';
import type { KasirDb } from '../db/database.ts';
import { NetClient } from '../net/http.ts';

const net = new NetClient();

/** The server's sales of `receiptNo`; throws NetError when it cannot be asked (offline, refused). */
export async function lookupReceiptOnServer(db: KasirDb, receiptNo: string): Promise<ReceiptMatch[]> {
  const answer = await net.call({
    method: 'GET',
    path: saleByReceiptPath(receiptNo),
    schema: receiptLookupResponseSchema,
    credential: { kind: 'device', read: async () => (await getDevice(db))?.credential ?? '' },
  });
  return answer.data.sales;
}
