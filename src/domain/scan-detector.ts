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

export type ScanKeyResult =
  | { kind: 'none' }
  /** Enter ended a burst that qualifies: `code` was scanned. */
  | { kind: 'scan'; code: string };

/** Feed it every keydown: printable single characters and Enter. */
export class ScanDetector {
  private buffer = '';
  private lastAt = Number.NEGATIVE_INFINITY;

  constructor(private rules: ScanRules = DEFAULT_SCAN_RULES) {}

  setRules(rules: ScanRules): void {
    this.rules = rules;
  }

  /** Characters of the burst in progress (for undoing what leaked into an input). */
  get pending(): string {
    return this.buffer;
  }

  key(key: string, at: number): ScanKeyResult {
    // A clock that went backwards (events from another time origin) breaks the burst too.
    const gap = at >= this.lastAt ? at - this.lastAt : Number.POSITIVE_INFINITY;
    this.lastAt = at;
    if (key === 'Enter') {
      const code = this.buffer;
      this.buffer = '';
      if (gap <= this.rules.maxGapMs && code.length >= this.rules.minLength) return { kind: 'scan', code };
      return { kind: 'none' };
    }
    if (key.length !== 1) {
      // Shift, arrows and the like break a burst; scanners send none of them mid-code.
      if (key !== 'Shift') this.buffer = '';
      return { kind: 'none' };
    }
    this.buffer = gap <= this.rules.maxGapMs ? this.buffer + key : key;
    return { kind: 'none' };
  }

  reset(): void {
    this.buffer = '';
    this.lastAt = Number.NEGATIVE_INFINITY;
  }
}
