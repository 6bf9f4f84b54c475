// A checkout in progress holds the catalog pull's next chunk back.
import { describe, expect, it } from 'vitest';
import { afterSales, asSale } from '../../src/client/db/sales-first.ts';

describe('sales first', () => {
  it('lets the catalog write only after the sales being written are committed', async () => {
    let commit: (v: string) => void = () => undefined;
    const sale = asSale(() => new Promise<string>((r) => (commit = r)));
    let catalogWent = false;
    const catalog = afterSales().then(() => {
      catalogWent = true;
    });
    await new Promise((r) => setTimeout(r, 0));
    expect(catalogWent).toBe(false);
    commit('saved');
    expect(await sale).toBe('saved');
    await catalog;
    expect(catalogWent).toBe(true);
  });

  it('holds nothing back when no sale is being written, nor after one failed', async () => {
    await expect(asSale(() => Promise.reject(new Error('storage full')))).rejects.toThrow('storage full');
    let went = false;
    await afterSales().then(() => (went = true));
    expect(went).toBe(true);
  });
});
