import { describe, expect, it } from 'vitest';
import { ScanDetector } from '../../src/domain/scan-detector.ts';

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

  it('two slow gaps are not one burst: only the keys after the first count', () => {
    const d = new ScanDetector();
    feed(d, [...'899'], 0, 8);
    feed(d, [...'1234'], 16 + 150, 8);
    expect(feed(d, [...'100013', 'Enter'], 16 + 150 + 24 + 150, 8).at(-1)).toEqual({ kind: 'scan', code: '1234100013' });
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
