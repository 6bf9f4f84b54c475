// Sales go before the catalog. A checkout in progress on this page holds
// back the pull's next chunk, so the sale's requests never queue behind
// catalog rows in IndexedDB or on the page's thread.
let salesInFlight = 0;
const waiting: (() => void)[] = [];

/** Runs a sale's write, holding the catalog's writes back until it is done. */
export async function asSale<T>(write: () => Promise<T>): Promise<T> {
  salesInFlight++;
  try {
    return await write();
  } finally {
    salesInFlight--;
    if (salesInFlight === 0) for (const w of waiting.splice(0)) w();
  }
}

/** Resolves at once, or when the sales being written are committed. */
export function afterSales(): Promise<void> {
  if (salesInFlight === 0) return Promise.resolve();
  return new Promise((resolve) => waiting.push(resolve));
}
