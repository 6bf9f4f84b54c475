// Reads a WebP file's header (RIFF container, then a VP8, VP8L or VP8X
// chunk) for its size in pixels, so the server can refuse anything that only
// claims to be a product photo. Layouts from Google's WebP container spec.

export interface WebpInfo {
  readonly format: 'lossy' | 'lossless' | 'extended';
  readonly width: number;
  readonly height: number;
}

const ascii = (b: Uint8Array, at: number, n: number): string => String.fromCharCode(...b.subarray(at, at + n));
const u16 = (b: Uint8Array, at: number): number => (b[at] ?? 0) | ((b[at + 1] ?? 0) << 8);
const u24 = (b: Uint8Array, at: number): number => u16(b, at) | ((b[at + 2] ?? 0) << 16);
const u32 = (b: Uint8Array, at: number): number => (u24(b, at) + (b[at + 3] ?? 0) * 0x1000000);

/** The image's format and size, or null when `bytes` is not a whole, well-formed WebP file. */
export function webpInfo(bytes: Uint8Array): WebpInfo | null {
  if (bytes.length < 30 || ascii(bytes, 0, 4) !== 'RIFF' || ascii(bytes, 8, 4) !== 'WEBP') return null;
  // The RIFF size counts everything after its own field: a file cut short, or with bytes glued on, is refused.
  if (u32(bytes, 4) + 8 !== bytes.length) return null;
  const chunk = ascii(bytes, 12, 4);
  if (u32(bytes, 16) + 20 > bytes.length) return null;
  switch (chunk) {
    case 'VP8 ': {
      // A key frame: 3 bytes of frame tag, then the start code 9d 01 2a.
      if (bytes[23] !== 0x9d || bytes[24] !== 0x01 || bytes[25] !== 0x2a) return null;
      return sized('lossy', u16(bytes, 26) & 0x3fff, u16(bytes, 28) & 0x3fff);
    }
    case 'VP8L': {
      if (bytes[20] !== 0x2f) return null;
      const bits = u32(bytes, 21);
      return sized('lossless', (bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1);
    }
    case 'VP8X':
      return sized('extended', u24(bytes, 24) + 1, u24(bytes, 27) + 1);
    default:
      return null;
  }
}

function sized(format: WebpInfo['format'], width: number, height: number): WebpInfo | null {
  return width > 0 && height > 0 ? { format, width, height } : null;
}

/** The size to draw a `width` x `height` picture at so its longer side is at most `maxSide`; never enlarged. */
export function scaledSize(width: number, height: number, maxSide: number): { width: number; height: number } {
  if (!(width > 0 && height > 0 && maxSide > 0)) throw new RangeError(`a picture has a positive size, got ${width} x ${height}`);
  const scale = Math.min(1, maxSide / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}
