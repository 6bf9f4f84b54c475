import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DEFAULT_SCAN_RULES, ScanDetector, slowGapBudget, slowGapMs } from '../../src/domain/scan-detector.ts';

function feed(d: ScanDetector, keys: string[], start: number, gap: number) {
  let t = start;
  const out = [];
  for (const k of keys) {
    out.push(d.key(k, t));
    t += gap;
  }
  return out;
}

describe('telling a scanner from a person', () => {
  it('a 13-digit burst with 10 ms gaps ending in Enter is a scan', () => {
    const d = new ScanDetector();
    const res = feed(d, [...'8991234100013', 'Enter'], 1000, 10);
    expect(res.at(-1)).toEqual({ kind: 'scan', code: '8991234100013' });
  });

  it('the same digits typed by a person (120 ms apart) are not a scan', () => {
    const d = new ScanDetector();
    const res = feed(d, [...'8991234100013', 'Enter'], 1000, 120);
    expect(res.every((r) => r.kind === 'none')).toBe(true);
  });

  it('a burst shorter than the minimum length is not a scan', () => {
    const d = new ScanDetector({ maxGapMs: 35, minLength: 4 });
    expect(feed(d, ['1', '2', '3', 'Enter'], 0, 5).at(-1)).toEqual({ kind: 'none' });
  });

  it('a slow first key then a fast burst scans only the burst', () => {
    const d = new ScanDetector();
    d.key('k', 0);
    d.key('o', 200);
    const res = feed(d, [...'20000123', 'Enter'], 5000, 8);
    expect(res.at(-1)).toEqual({ kind: 'scan', code: '20000123' });
  });

  it('a pause before Enter breaks the scan', () => {
    const d = new ScanDetector();
    feed(d, [...'8991234100013'], 0, 10);
    expect(d.key('Enter', 10 * 13 + 500)).toEqual({ kind: 'none' });
  });

  it('the gap is tunable: 60 ms passes with a 80 ms limit, not with 35 ms', () => {
    const slow = new ScanDetector({ maxGapMs: 80, minLength: 4 });
    expect(feed(slow, [...'12345678', 'Enter'], 0, 60).at(-1)).toEqual({ kind: 'scan', code: '12345678' });
    const strict = new ScanDetector({ maxGapMs: 35, minLength: 4 });
    expect(feed(strict, [...'12345678', 'Enter'], 0, 60).at(-1)).toEqual({ kind: 'none' });
  });

  it('Shift inside a burst (upper-case SKUs) does not break it; an arrow key does', () => {
    const d = new ScanDetector();
    expect(feed(d, ['Shift', 'C', 'Shift', 'K', 'L', '-', '0', '0', '1', 'Enter'], 0, 5).at(-1)).toEqual({ kind: 'scan', code: 'CKL-001' });
    const e = new ScanDetector();
    expect(feed(e, ['1', '2', 'ArrowDown', '3', '4', 'Enter'], 0, 5).at(-1)).toEqual({ kind: 'none' });
  });

  it('exposes the burst in progress so leaked characters can be undone', () => {
    const d = new ScanDetector();
    feed(d, [...'8991'], 0, 5);
    expect(d.pending).toBe('8991');
    d.reset();
    expect(d.pending).toBe('');
  });

  it('one slow gap inside a burst (a hiccup) keeps the whole code', () => {
    const d = new ScanDetector();
    feed(d, [...'89912'], 0, 8);
    // The browser was busy for 120 ms; the rest of the code comes on.
    expect(feed(d, [...'34100013', 'Enter'], 32 + 120, 8).at(-1)).toEqual({ kind: 'scan', code: '8991234100013' });
  });

  it('a hiccup after the first key still keeps the first key', () => {
    const d = new ScanDetector();
    d.key('8', 0);
    expect(feed(d, [...'991234100013', 'Enter'], 150, 8).at(-1)).toEqual({ kind: 'scan', code: '8991234100013' });
  });

  it('one slow gap before Enter still ends the scan', () => {
    const d = new ScanDetector();
    feed(d, [...'8991234100013'], 0, 8);
    expect(d.key('Enter', 12 * 8 + 200)).toEqual({ kind: 'scan', code: '8991234100013' });
  });

  it('a scan 0.7 s after another is captured whole', () => {
    const d = new ScanDetector();
    expect(feed(d, [...'8990001234567', 'Enter'], 0, 8).at(-1)).toEqual({ kind: 'scan', code: '8990001234567' });
    expect(feed(d, [...'8993001092005', 'Enter'], 13 * 8 + 700, 8).at(-1)).toEqual({ kind: 'scan', code: '8993001092005' });
  });

  it('two slow gaps in a 13-digit code (a busy tablet) still keep the whole code', () => {
    const d = new ScanDetector();
    feed(d, [...'899'], 0, 8);
    feed(d, [...'1234'], 16 + 150, 8);
    expect(feed(d, [...'100013', 'Enter'], 16 + 150 + 24 + 150, 8).at(-1)).toEqual({ kind: 'scan', code: '8991234100013' });
  });

  it('more slow gaps than one in five: only the end that stays within the budget counts', () => {
    const d = new ScanDetector();
    // Slow before '9', '1', '1', '0': four in 13, one more than 13 digits may hold.
    let t = 0;
    for (const [k, gap] of [['8', 0], ['9', 150], ['9', 8], ['1', 150], ['2', 8], ['3', 8], ['4', 8], ['1', 150], ['0', 8], ['0', 150], ['0', 8], ['1', 8], ['3', 8]] as const) {
      t += gap;
      d.key(k, t);
    }
    expect(d.key('Enter', t + 8)).toEqual({ kind: 'scan', code: '1234100013' });
  });

  it('a gap longer than a hiccup starts a new burst', () => {
    const d = new ScanDetector();
    feed(d, [...'899'], 0, 8);
    expect(feed(d, [...'1234100013', 'Enter'], 16 + 400, 8).at(-1)).toEqual({ kind: 'scan', code: '1234100013' });
  });

  it('a person typing at 100 ms with one quick key pair is still not a scan', () => {
    const d = new ScanDetector();
    d.key('k', 0);
    d.key('o', 100);
    d.key('p', 120);
    d.key('i', 220);
    expect(d.key('Enter', 320)).toEqual({ kind: 'none' });
  });
});

describe('scans and people, for any code and timing', () => {
  const code = fc.stringMatching(/^[0-9A-Z-]{4,20}$/);
  const fastGap = fc.integer({ min: 0, max: DEFAULT_SCAN_RULES.maxGapMs });
  const slowGap = fc.integer({ min: DEFAULT_SCAN_RULES.maxGapMs + 1, max: slowGapMs(DEFAULT_SCAN_RULES) });

  it('a burst whose slow gaps stay within the budget is scanned whole, after any pause', () => {
    fc.assert(
      fc.property(code, fc.integer({ min: 400, max: 5000 }), fc.array(fc.tuple(fastGap, slowGap, fc.integer({ min: 0, max: 99 }))), (c, pause, draws) => {
        // Gaps before keys 2..n and before Enter: fast, except some slow ones within the budget.
        const gaps = Array.from({ length: c.length }, (_, i) => draws[i]?.[0] ?? 5);
        const budget = slowGapBudget(c.length);
        draws.slice(0, budget).forEach(([, slow, at]) => {
          gaps[at % gaps.length] = slow;
        });
        const d = new ScanDetector();
        d.key('x', 0);
        let t = pause;
        d.key(c[0] ?? '', t);
        for (let i = 1; i < c.length; i++) d.key(c[i] ?? '', (t += gaps[i - 1] ?? 0));
        expect(d.key('Enter', t + (gaps[c.length - 1] ?? 0))).toEqual({ kind: 'scan', code: c });
      }),
    );
  });

  it('a person, slower than a scanner at every gap but one, never scans', () => {
    fc.assert(
      fc.property(code, fc.array(fc.integer({ min: 60, max: 1000 }), { minLength: 20, maxLength: 20 }), fc.nat(19), (c, gaps, quick) => {
        const d = new ScanDetector();
        let t = 0;
        const keys = [...c, 'Enter'];
        const results = keys.map((k, i) => d.key(k, (t += i === quick ? 10 : (gaps[i] ?? 100))));
        expect(results.every((r) => r.kind === 'none')).toBe(true);
      }),
    );
  });
});
