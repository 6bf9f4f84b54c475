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
 * The one slow gap a burst may hold: a Bluetooth scanner's radio hiccup, or
 * the browser busy (a garbage collection, a render) while keys queue up. A
 * person's keys are slow at every gap, so forgiving one cannot make typing a
 * scan; losing a cashier's scan to one hiccup put a piece of the code in the
 * search box and the rest on screen as an unknown code.
 */
export function slowGapMs(rules: ScanRules): number {
  return Math.max(300, rules.maxGapMs * 4);
}

export type ScanKeyResult =
  | { kind: 'none' }
  /** Enter ended a burst that qualifies: `code` was scanned. */
  | { kind: 'scan'; code: string };

/** Feed it every keydown: printable single characters and Enter. */
export class ScanDetector {
  private buffer = '';
  /** Where in `buffer` the burst's one slow gap falls (the key after it), or null. */
  private slowAt: number | null = null;
  private lastAt = Number.NEGATIVE_INFINITY;

  constructor(private rules: ScanRules = DEFAULT_SCAN_RULES) {}

  setRules(rules: ScanRules): void {
    this.rules = rules;
  }

  /**
   * Characters of the burst in progress (for undoing what leaked into an
   * input). It may lose characters from its start, never from its end.
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
      const code = this.buffer;
      const forgiven = this.slowAt !== null;
      this.buffer = '';
      this.slowAt = null;
      const timed = fast || (slow && !forgiven);
      if (timed && code.length >= this.rules.minLength) return { kind: 'scan', code };
      return { kind: 'none' };
    }
    if (key.length !== 1) {
      // Shift, arrows and the like break a burst; scanners send none of them mid-code.
      if (key !== 'Shift') {
        this.buffer = '';
        this.slowAt = null;
      }
      return { kind: 'none' };
    }
    if (fast && this.buffer !== '') {
      this.buffer += key;
    } else if (slow && this.buffer !== '') {
      // A second slow gap: whatever came before the first cannot be one burst
      // with this key, what came after it still may.
      const kept = this.slowAt === null ? this.buffer : this.buffer.slice(this.slowAt);
      this.slowAt = kept.length;
      this.buffer = kept + key;
    } else {
      this.buffer = key;
      this.slowAt = null;
    }
    return { kind: 'none' };
  }

  reset(): void {
    this.buffer = '';
    this.slowAt = null;
    this.lastAt = Number.NEGATIVE_INFINITY;
  }
}
