import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scaledSize, webpInfo } from '../../src/domain/webp.ts';
import { CHROMIUM_LOSSLESS_20X10, CHROMIUM_LOSSY_40X30, PNG_8X8 } from './webp-fixtures.ts';

const bytes = (b64: string): Uint8Array => Uint8Array.from(Buffer.from(b64, 'base64'));

/** The file's image chunk (VP8 or VP8L) alone in a RIFF container: a simple-format WebP. */
function simpleWebp(extended: Uint8Array, fourcc: 'VP8 ' | 'VP8L'): Uint8Array {
  const text = Buffer.from(extended).toString('latin1');
  const at = text.indexOf(fourcc);
  const size = Buffer.from(extended).readUInt32LE(at + 4);
  const chunk = extended.subarray(at, at + 8 + size + (size % 2));
  const out = Buffer.alloc(12 + chunk.length);
  out.write('RIFF', 0, 'latin1');
  out.writeUInt32LE(4 + chunk.length, 4);
  out.write('WEBP', 8, 'latin1');
  Buffer.from(chunk).copy(out, 12);
  return Uint8Array.from(out);
}

describe('reading a WebP header', () => {
  it('reads the size of what Chromium encodes (extended format)', () => {
    expect(webpInfo(bytes(CHROMIUM_LOSSY_40X30))).toEqual({ format: 'extended', width: 40, height: 30 });
    expect(webpInfo(bytes(CHROMIUM_LOSSLESS_20X10))).toEqual({ format: 'extended', width: 20, height: 10 });
  });

  it('reads the simple lossy (VP8) and lossless (VP8L) formats', () => {
    expect(webpInfo(simpleWebp(bytes(CHROMIUM_LOSSY_40X30), 'VP8 '))).toEqual({ format: 'lossy', width: 40, height: 30 });
    expect(webpInfo(simpleWebp(bytes(CHROMIUM_LOSSLESS_20X10), 'VP8L'))).toEqual({ format: 'lossless', width: 20, height: 10 });
  });

  it('refuses a PNG, a cut file, a file with bytes glued on, and a RIFF that is not WebP', () => {
    const good = bytes(CHROMIUM_LOSSY_40X30);
    expect(webpInfo(bytes(PNG_8X8))).toBeNull();
    expect(webpInfo(good.subarray(0, good.length - 10))).toBeNull();
    expect(webpInfo(Uint8Array.from([...good, 0, 0]))).toBeNull();
    const wave = Uint8Array.from(good);
    wave.set([0x57, 0x41, 0x56, 0x45], 8);
    expect(webpInfo(wave)).toBeNull();
    expect(webpInfo(new Uint8Array(0))).toBeNull();
  });

  it('property: random bytes are never taken for a WebP unless they carry its header', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (b) => {
        const info = webpInfo(b);
        if (info !== null) expect(Buffer.from(b.subarray(0, 4)).toString('latin1')).toBe('RIFF');
      }),
    );
  });
});

describe('the size a photo is shrunk to', () => {
  it('fits the longer side to the limit, keeps the shape, and never enlarges', () => {
    expect(scaledSize(4000, 3000, 320)).toEqual({ width: 320, height: 240 });
    expect(scaledSize(3000, 4000, 320)).toEqual({ width: 240, height: 320 });
    expect(scaledSize(200, 100, 320)).toEqual({ width: 200, height: 100 });
    expect(scaledSize(10000, 1, 320)).toEqual({ width: 320, height: 1 });
    expect(() => scaledSize(0, 10, 320)).toThrow(RangeError);
  });

  it('property: the longer side is at most the limit and the ratio stays within rounding', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10000 }), fc.integer({ min: 1, max: 10000 }), fc.integer({ min: 16, max: 2048 }), (w, h, max) => {
        const s = scaledSize(w, h, max);
        expect(Math.max(s.width, s.height)).toBeLessThanOrEqual(Math.max(max, 1));
        if (Math.max(w, h) <= max) expect(s).toEqual({ width: w, height: h });
        else expect(Math.abs(s.width / s.height - w / h)).toBeLessThanOrEqual(w / h / Math.min(s.width, s.height) + 1 / s.height + 1e-9);
      }),
    );
  });
});
