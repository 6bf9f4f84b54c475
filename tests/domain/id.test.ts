import { describe, it, expect } from 'vitest';
import { UUID_RE, receiptNumber, uuidv7 } from '../../src/domain/id.ts';

const hexDigits = (id: string): string => id.replace(/-/g, '');

describe('uuidv7', () => {
  it('is a lower-case 8-4-4-4-12 hex UUID', () => {
    const id = uuidv7();
    expect(id).toMatch(UUID_RE);
    expect(id).toHaveLength(36);
  });

  it('carries version 7 and the RFC 9562 variant bits', () => {
    for (let i = 0; i < 1000; i++) {
      const id = uuidv7();
      expect(id[14]).toBe('7');
      expect('89ab').toContain(id[19]);
    }
  });

  it('keeps version and variant even when every random bit is set', () => {
    const id = uuidv7(0, new Uint8Array(10).fill(0xff));
    expect(id).toBe('00000000-0000-7fff-bfff-ffffffffffff');
  });

  it('puts the millisecond timestamp big-endian in the first 48 bits', () => {
    const now = Date.UTC(2026, 1, 14, 5, 5);
    const id = uuidv7(now, new Uint8Array(10));
    expect(parseInt(hexDigits(id).slice(0, 12), 16)).toBe(now);
    expect(id).toBe(`${now.toString(16).padStart(12, '0').slice(0, 8)}-${now.toString(16).padStart(12, '0').slice(8)}-7000-8000-000000000000`);
  });

  it('places the random bytes after the version and variant', () => {
    const random = Uint8Array.from([0x1a, 0x2b, 0x3c, 0x4d, 0x5e, 0x6f, 0x70, 0x81, 0x92, 0xa3]);
    expect(uuidv7(0, random)).toBe('00000000-0000-7a2b-bc4d-5e6f708192a3');
  });

  it('sorts as text in the order the ids were made, across milliseconds', () => {
    const start = Date.UTC(2026, 0, 1);
    const ids: string[] = [];
    for (let i = 0; i < 1000; i++) ids.push(uuidv7(start + i * 7919));
    expect([...ids].sort()).toEqual(ids);
    // Also across the byte boundaries of the timestamp.
    const edges = [0, 255, 256, 65_535, 65_536, 2 ** 32 - 1, 2 ** 32, 2 ** 40, 2 ** 48 - 1];
    const edgeIds = edges.map((t) => uuidv7(t, new Uint8Array(10).fill(0xff)));
    expect([...edgeIds].sort()).toEqual(edgeIds);
  });

  it('makes 10 000 distinct ids within the same millisecond', () => {
    const now = Date.now();
    const ids = new Set<string>();
    for (let i = 0; i < 10_000; i++) ids.add(uuidv7(now));
    expect(ids.size).toBe(10_000);
  });

  it('makes 10 000 distinct ids in a row', () => {
    const ids = new Set(Array.from({ length: 10_000 }, () => uuidv7()));
    expect(ids.size).toBe(10_000);
  });
});

describe('receiptNumber', () => {
  it('is the last four hex digits of the device id, upper-case, and a six-digit counter', () => {
    expect(receiptNumber('0192f1a2-3b4c-7d5e-8f60-71a2b3c4d5e6', 42)).toBe('D5E6-000042');
  });

  it('pads small counters and keeps large ones whole', () => {
    const device = '0192f1a2-3b4c-7d5e-8f60-0000000abcde';
    expect(receiptNumber(device, 1)).toBe('BCDE-000001');
    expect(receiptNumber(device, 999_999)).toBe('BCDE-999999');
    expect(receiptNumber(device, 1_234_567)).toBe('BCDE-1234567');
  });

  it('matches PREFIX-NNNNNN for any generated device id', () => {
    for (let i = 1; i <= 100; i++) {
      expect(receiptNumber(uuidv7(), i)).toMatch(/^[0-9A-F]{4}-\d{6}$/);
    }
  });

  it('gives two devices different numbers for the same counter', () => {
    const a = receiptNumber('0192f1a2-3b4c-7d5e-8f60-71a2b3c40001', 7);
    const b = receiptNumber('0192f1a2-3b4c-7d5e-8f60-71a2b3c40002', 7);
    expect(a).not.toBe(b);
  });
});
