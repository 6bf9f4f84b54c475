// What was stored, read back: a device's or an outlet's sales, and what a
// supervisor must look at (flagged sales and returns, stock below zero).
import type { Sale } from '../../domain/sale.ts';
import type { NegativeStock, ReviewResponse, SaleVoidPayload, ServerReturn, ServerSale } from '../../protocol/schemas.ts';
import { storedFlags } from '../../protocol/flags.ts';
import { num, str, type Row } from '../store/db.ts';
import type { Store } from '../store/store.ts';

function serverSale(r: Row): ServerSale {
  return {
    sale: JSON.parse(str(r.body)) as Sale,
    deviceSeq: num(r.device_seq),
    receivedAt: num(r.received_at),
    flags: storedFlags(str(r.flags)),
  };
}

/** `outletId` narrows the list to one outlet's sales (a supervisor sees their own outlet only). */
export async function listSales(store: Store, filter: { deviceId?: string | undefined; outletId?: string | null | undefined; limit?: number }): Promise<ServerSale[]> {
  const limit = Math.min(filter.limit ?? 500, 5000);
  const where: string[] = [];
  const params: (string | number)[] = [];
  if (filter.deviceId) {
    where.push('device_id = ?');
    params.push(filter.deviceId);
  }
  if (filter.outletId) {
    where.push('outlet_id = ?');
    params.push(filter.outletId);
  }
  const order = filter.deviceId ? 'device_seq' : 'received_at, device_id, device_seq';
  const rows = await store.db.all(`SELECT * FROM sales${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY ${order} LIMIT ?`, [
    ...params,
    limit,
  ]);
  return rows.map(serverSale);
}

/**
 * What a supervisor must look at: flagged sales (oldest first) and every
 * level below zero; one outlet's only when `outletId` is given.
 */
export async function review(store: Store, limit = 500, outletId: string | null = null): Promise<ReviewResponse> {
  return store.db.tx(async (tx) => {
    const outlet = outletId === null ? '' : ' AND outlet_id = ?';
    const flagged = await tx.all(`SELECT * FROM sales WHERE flags <> '[]'${outlet} ORDER BY received_at, device_id, device_seq LIMIT ?`, [
      ...(outletId === null ? [] : [outletId]),
      Math.min(limit, 5000),
    ]);
    const negative = await tx.all(
      `SELECT s.outlet_id, o.name AS outlet_name, s.product_id, p.name AS product_name, s.level
       FROM stock_levels s LEFT JOIN outlets o ON o.id = s.outlet_id LEFT JOIN products p ON p.id = s.product_id
       WHERE s.level < 0${outletId === null ? '' : ' AND s.outlet_id = ?'} ORDER BY s.outlet_id, s.product_id`,
      outletId === null ? [] : [outletId],
    );
    const returns = await tx.all(`SELECT * FROM sale_returns WHERE flags <> '[]'${outlet} ORDER BY received_at, device_id, device_seq LIMIT ?`, [
      ...(outletId === null ? [] : [outletId]),
      Math.min(limit, 5000),
    ]);
    return {
      flaggedReturns: returns.map(
        (r): ServerReturn => ({
          ret: JSON.parse(str(r.body)) as SaleVoidPayload,
          deviceId: str(r.device_id),
          deviceSeq: num(r.device_seq),
          receivedAt: num(r.received_at),
          flags: storedFlags(str(r.flags)),
        }),
      ),
      flaggedSales: flagged.map(serverSale),
      negativeStock: negative.map(
        (r): NegativeStock => ({
          outletId: str(r.outlet_id),
          outletName: r.outlet_name === null ? null : str(r.outlet_name),
          productId: str(r.product_id),
          productName: r.product_name === null ? null : str(r.product_name),
          level: num(r.level),
        }),
      ),
    };
  });
}
