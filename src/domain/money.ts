// Integer rupiah. Every amount in the app is a whole number of rupiah; the
// helpers here are the only place that turns one into text.

export type Rupiah = number;

export class MoneyError extends Error {
  override name = 'MoneyError';
}

export function assertRupiah(value: number, what = 'amount'): Rupiah {
  if (!Number.isSafeInteger(value)) {
    throw new MoneyError(`${what} must be a whole number of rupiah, got ${String(value)}`);
  }
  return value;
}

// Older ICU prints "Rp 15.000,00" unless fraction digits are pinned to 0.
const idr = new Intl.NumberFormat('id-ID', {
  style: 'currency',
  currency: 'IDR',
  minimumFractionDigits: 0,
  maximumFractionDigits: 0,
});
const grouped = new Intl.NumberFormat('id-ID', {
  minimumFractionDigits: 0,
  maximumFractionDigits: 0,
});

/**
 * `Rp 150.000`, `-Rp 2.500`. Intl puts U+00A0 after "Rp"; thermal printers
 * print it as garbage, so it becomes a plain space.
 */
export function formatRupiah(value: Rupiah): string {
  assertRupiah(value);
  // `+ 0` turns -0 (e.g. negating a zero discount) into 0; Intl prints "-Rp 0" for it.
  return idr.format(value + 0).replace(/\u00a0/g, ' ');
}

/** `150.000` without the currency, for narrow receipt columns and inputs. */
export function formatNumber(value: number): string {
  return grouped.format(value + 0).replace(/\u00a0/g, ' ');
}

/**
 * Reads what a cashier types: "150.000", "150000", "Rp 150.000", "150rb".
 * Returns null when it is not a whole non-negative amount, so the caller can
 * say what is wrong instead of guessing.
 */
export function parseRupiah(text: string): Rupiah | null {
  let t = text.trim().toLowerCase().replace(/^rp\.?\s*/, '');
  let multiplier = 1;
  if (/(rb|ribu|k)$/.test(t)) {
    multiplier = 1000;
    t = t.replace(/(rb|ribu|k)$/, '').trim();
  } else if (/(jt|juta)$/.test(t)) {
    multiplier = 1_000_000;
    t = t.replace(/(jt|juta)$/, '').trim();
  }
  if (multiplier === 1) {
    // id-ID groups with dots; a comma starts decimals, which rupiah never has.
    if (!/^\d{1,3}(\.\d{3})*$|^\d+$/.test(t)) return null;
    const n = Number(t.replace(/\./g, ''));
    return Number.isSafeInteger(n) ? n : null;
  }
  // "1,5jt": the fraction is read as digits, not as a float, so "4,35jt" is
  // exact and "1,0005rb" (a fraction of a rupiah) is refused, not rounded.
  const m = /^(\d+)(?:[.,](\d+))?$/.exec(t);
  if (!m) return null;
  const scale = multiplier === 1000 ? 3 : 6;
  const frac = (m[2] ?? '').replace(/0+$/, '');
  if (frac.length > scale) return null;
  const n = Number(m[1]) * multiplier + Number(frac.padEnd(scale, '0'));
  return Number.isSafeInteger(n) ? n : null;
}

/** Half-up division for non-negative integers, exact (no float drift). */
export function divRoundHalfUp(numerator: number, denominator: number): number {
  if (denominator <= 0) throw new MoneyError('denominator must be positive');
  const sign = numerator < 0 ? -1 : 1;
  const n = Math.abs(numerator);
  const q = Math.floor(n / denominator);
  const r = n - q * denominator;
  // `+ 0`: a negative numerator rounding to zero would otherwise give -0.
  return sign * (r * 2 >= denominator ? q + 1 : q) + 0;
}

/**
 * Splits `total` over `weights` so the parts are integers that add up to
 * `total` exactly (largest remainder). Used to spread an order discount over
 * lines, so every producer's share is exact.
 */
export function allocate(total: Rupiah, weights: readonly number[]): Rupiah[] {
  assertRupiah(total, 'total');
  const sum = weights.reduce((a, b) => a + b, 0);
  if (weights.length === 0) return [];
  if (sum <= 0) {
    const parts = weights.map(() => 0);
    parts[0] = total;
    return parts;
  }
  const raw = weights.map((w) => (total * w) / sum);
  const parts = raw.map((x) => Math.floor(x));
  let left = total - parts.reduce((a, b) => a + b, 0);
  const order = raw
    .map((x, i) => ({ i, frac: x - Math.floor(x) }))
    .sort((a, b) => b.frac - a.frac || a.i - b.i);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) {
    const idx = order[k]!.i;
    parts[idx] = parts[idx]! + 1;
  }
  return parts;
}
