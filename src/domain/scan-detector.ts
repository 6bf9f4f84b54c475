// Keyboard-wedge scanners type the code then Enter, 4+ keys with gaps of
// about 20 ms or less; a person does not. This tells them apart from key
// timings alone, so a scan can land in the cart wherever focus is.

export interface ScanRules {
  /** Longest gap between two keys of one scan, ms. */
  maxGapMs: number;
  /** Fewest characters before Enter for a burst to count as a scan. */
  minLength: number;
}

export const DEFAULT_SCAN_RULES: ScanRules = { maxGapMs: 35, minLength: 4 };

/**
 * The longest gap a burst may hold at all: a Bluetooth scanner's radio
 * hiccup, or the browser busy (a garbage collection, a render, a catalog page
 * being written) while keys queue up. Past it, a new burst begins.
 */
export function slowGapMs(rules: ScanRules): number {
  return Math.max(300, rules.maxGapMs * 4);
}

/**
 * How many of a burst's gaps (between its keys, and before its Enter) may be
 * slow. A person's keys are slow at nearly every gap, so forgiving one in five
 * cannot make typing a scan; forgiving only one lost a busy tablet's scans
 * (two hiccups in 13 digits put "2" in the search box and "100000010004" on
 * screen as an unknown code).
 */
export function slowGapBudget(codeLength: number): number {
  return Math.max(1, Math.floor(codeLength / 5));
}

/** Keys kept of a burst in progress: longer than any barcode or SKU a scanner sends. */
const MAX_BURST = 64;

export type ScanKeyResult =
  | { kind: 'none' }
  /** Enter ended a burst that qualifies: `code` was scanned. */
  | { kind: 'scan'; code: string };

/** Feed it every keydown: printable single characters and Enter. */
export class ScanDetector {
  private buffer = '';
  /** For each key of `buffer` after the first: whether the gap before it was slow. */
  private slowBefore: boolean[] = [];
  private lastAt = Number.NEGATIVE_INFINITY;

  constructor(private rules: ScanRules = DEFAULT_SCAN_RULES) {}

  setRules(rules: ScanRules): void {
    this.rules = rules;
  }

  /**
   * Characters of the burst in progress (for undoing what leaked into an
   * input). A scan is always its end; it may leave out some of its start.
   */
  get pending(): string {
    return this.buffer;
  }

  key(key: string, at: number): ScanKeyResult {
    // A clock that went backwards (events from another time origin) breaks the burst too.
    const gap = at >= this.lastAt ? at - this.lastAt : Number.POSITIVE_INFINITY;
    this.lastAt = at;
    const fast = gap <= this.rules.maxGapMs;
    const slow = !fast && gap <= slowGapMs(this.rules);
    if (key === 'Enter') {
      const code = fast || slow ? this.codeEndingHere(slow) : null;
      this.clear();
      return code === null ? { kind: 'none' } : { kind: 'scan', code };
    }
    if (key.length !== 1) {
      // Shift, arrows and the like break a burst; scanners send none of them mid-code.
      if (key !== 'Shift') this.clear();
      return { kind: 'none' };
    }
    if ((fast || slow) && this.buffer !== '') {
      this.buffer += key;
      this.slowBefore.push(slow);
      if (this.buffer.length > MAX_BURST) {
        this.buffer = this.buffer.slice(1);
        this.slowBefore.shift();
      }
    } else {
      this.buffer = key;
      this.slowBefore = [];
    }
    return { kind: 'none' };
  }

  /**
   * The longest end of the buffer that is long enough and whose slow gaps
   * (Enter's included) stay within the budget for its length; null if none.
   */
  private codeEndingHere(enterSlow: boolean): string | null {
    const n = this.buffer.length;
    // slowIn[s]: slow gaps between the keys from s to the end.
    let slowIn = enterSlow ? 1 : 0;
    const counts = new Array<number>(n);
    for (let s = n - 1; s >= 0; s--) {
      counts[s] = slowIn;
      if (s > 0 && this.slowBefore[s - 1]) slowIn++;
    }
    for (let s = 0; s + this.rules.minLength <= n; s++) {
      if ((counts[s] ?? 0) <= slowGapBudget(n - s)) return this.buffer.slice(s);
    }
    return null;
  }

  private clear(): void {
    this.buffer = '';
    this.slowBefore = [];
  }

  reset(): void {
    this.clear();
    this.lastAt = Number.NEGATIVE_INFINITY;
  }
}
