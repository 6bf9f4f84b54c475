import { describe, it, expect } from 'vitest';
import { crc16CcittFalse, crc16CcittFalseBytes, crc16Hex, formatCrc16, utf8Bytes } from '../../src/domain/crc16.ts';

// Bit-by-bit reference, written from the algorithm's definition, to check the
// table-driven implementation against.
function referenceCrc(bytes: readonly number[]): number {
  let crc = 0xffff;
  for (const b of bytes) {
    crc ^= b << 8;
    for (let i = 0; i < 8; i++) {
      crc = crc & 0x8000 ? (crc << 1) ^ 0x1021 : crc << 1;
      crc &= 0xffff;
    }
  }
  return crc;
}

function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('crc16 (CRC-16/CCITT-FALSE)', () => {
  it('gives the catalogued check value 29B1 for "123456789"', () => {
    expect(crc16CcittFalse('123456789')).toBe(0x29b1);
    expect(crc16Hex('123456789')).toBe('29B1');
  });

  it('gives the initial value 0xFFFF for empty input, since there is no xorout', () => {
    expect(crc16CcittFalse('')).toBe(0xffff);
    expect(crc16Hex('')).toBe('FFFF');
  });

  it('gives the published CCITT-FALSE value B915 for "A"', () => {
    expect(crc16Hex('A')).toBe('B915');
  });

  it('reproduces the CRCs of the QRIS vectors in domain.md', () => {
    const staticBody =
      '00020101021126620016ID.CO.CONTOH.WWW011893600000000001234502090000123450303UMI51440014ID.CO.QRIS.WWW0215ID10250000000010303UMI5204594753033605802ID5908NTB MALL6007MATARAM6105831256304';
    const dynamicBody =
      '00020101021226620016ID.CO.CONTOH.WWW011893600000000001234502090000123450303UMI51440014ID.CO.QRIS.WWW0215ID10250000000010303UMI52045947530336054061500005802ID5908NTB MALL6007MATARAM6105831256304';
    expect(crc16Hex(staticBody)).toBe('DC72');
    expect(crc16Hex(dynamicBody)).toBe('259F');
  });

  it('pads to four upper-case hex digits', () => {
    expect(formatCrc16(0)).toBe('0000');
    expect(formatCrc16(0xab)).toBe('00AB');
    expect(formatCrc16(0xbeef)).toBe('BEEF');
    for (const text of ['', 'a', 'QRIS', '6304', 'NTB MALL']) {
      expect(crc16Hex(text)).toMatch(/^[0-9A-F]{4}$/);
    }
  });

  it('agrees with a bit-by-bit reference on many random ASCII strings', () => {
    const rnd = seededRandom(42);
    for (let n = 0; n < 500; n++) {
      const length = Math.floor(rnd() * 80);
      let s = '';
      for (let i = 0; i < length; i++) s += String.fromCharCode(0x20 + Math.floor(rnd() * 95));
      expect(crc16CcittFalse(s)).toBe(referenceCrc(utf8Bytes(s)));
    }
  });

  it('detects every single-character change in a payload', () => {
    const base = '0002010102115204594753033605802ID5908NTB MALL6007MATARAM6304';
    const crc = crc16CcittFalse(base);
    for (let i = 0; i < base.length; i++) {
      const changed = base.slice(0, i) + (base[i] === 'X' ? 'Y' : 'X') + base.slice(i + 1);
      expect(crc16CcittFalse(changed)).not.toBe(crc);
    }
  });

  it('detects two swapped neighbouring digits', () => {
    expect(crc16Hex('5406150000')).not.toBe(crc16Hex('5406105000'));
  });

  it('computes over UTF-8 bytes for non-ASCII text', () => {
    expect(utf8Bytes('é')).toEqual([0xc3, 0xa9]);
    expect(utf8Bytes('€')).toEqual([0xe2, 0x82, 0xac]);
    expect(utf8Bytes('😀')).toEqual([0xf0, 0x9f, 0x98, 0x80]);
    expect(crc16CcittFalse('Rp€')).toBe(crc16CcittFalseBytes([0x52, 0x70, 0xe2, 0x82, 0xac]));
    expect(crc16CcittFalse('é')).not.toBe(crc16CcittFalseBytes([0xe9]));
  });

  it('encodes text to UTF-8 exactly as TextEncoder does, lone surrogates included', () => {
    const samples = ['', 'abc', 'Mataram', 'ñandú', '日本', 'a😀b', '\ud800', 'x\udc00y', '\ud83d\ud83d\ude00'];
    for (const s of samples) {
      expect(utf8Bytes(s)).toEqual([...new TextEncoder().encode(s)]);
    }
  });

  it('takes bytes modulo 256', () => {
    expect(crc16CcittFalseBytes([0x131, 0x132, 0x133])).toBe(crc16CcittFalse('123'));
  });
});
