// Fixed-window counters in memory, keyed by whatever the caller names (an
// address, a username). Each server process counts for itself: with N
// processes behind a balancer an attacker gets up to N times the limit,
// which still keeps guessing a long password or a 59-bit code hopeless.
// State is lost on restart, which only ever forgives.

export interface WindowLimit {
  /** Hits allowed per window. */
  max: number;
  windowMs: number;
}

interface Window {
  start: number;
  count: number;
}

/** Keys kept before expired windows are swept; bounds memory under a flood of distinct keys. */
const SWEEP_AT = 10_000;

export class FixedWindowLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(
    readonly limit: WindowLimit,
    private readonly now: () => number,
  ) {}

  private current(key: string): Window | null {
    const w = this.windows.get(key);
    if (!w) return null;
    if (this.now() - w.start >= this.limit.windowMs) {
      this.windows.delete(key);
      return null;
    }
    return w;
  }

  /** Milliseconds until `key` may try again; 0 when it may now. */
  retryAfterMs(key: string): number {
    const w = this.current(key);
    if (!w || w.count < this.limit.max) return 0;
    return Math.max(1, w.start + this.limit.windowMs - this.now());
  }

  /** Counts one hit for `key`. */
  hit(key: string): void {
    if (this.windows.size >= SWEEP_AT) this.sweep();
    const w = this.current(key);
    if (w) w.count++;
    else this.windows.set(key, { start: this.now(), count: 1 });
  }

  /** Counts a hit unless the key is over its limit; answers the wait when it is. */
  take(key: string): number {
    const wait = this.retryAfterMs(key);
    if (wait === 0) this.hit(key);
    return wait;
  }

  reset(key: string): void {
    this.windows.delete(key);
  }

  private sweep(): void {
    for (const key of [...this.windows.keys()]) this.current(key);
  }
}

/** "3 minutes", "40 seconds": for a message a person reads. */
export function waitInWords(ms: number): string {
  const seconds = Math.ceil(ms / 1000);
  if (seconds < 90) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minutes`;
}
