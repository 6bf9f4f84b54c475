// CRC-16/CCITT-FALSE, the checksum EMVCo (and so QRIS) puts in tag 63.
// Poly 0x1021, init 0xFFFF, no reflection, xorout 0; check value "123456789" -> 29B1.

const TABLE: readonly number[] = (() => {
  const table: number[] = [];
  for (let byte = 0; byte < 256; byte++) {
    let crc = byte << 8;
    for (let bit = 0; bit < 8; bit++) {
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
    }
    table.push(crc);
  }
  return table;
})();

/**
 * UTF-8 bytes of a string. Written out rather than using TextEncoder so the
 * module has no runtime dependency; a lone surrogate becomes U+FFFD, as
 * TextEncoder would do, so the result is what a QR encoder would emit.
 */
export function utf8Bytes(text: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    let cp = text.charCodeAt(i);
    if (cp >= 0xd800 && cp <= 0xdbff) {
      const next = i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
      if (next >= 0xdc00 && next <= 0xdfff) {
        cp = 0x10000 + ((cp - 0xd800) << 10) + (next - 0xdc00);
        i++;
      } else {
        cp = 0xfffd;
      }
    } else if (cp >= 0xdc00 && cp <= 0xdfff) {
      cp = 0xfffd;
    }
    if (cp < 0x80) {
      out.push(cp);
    } else if (cp < 0x800) {
      out.push(0xc0 | (cp >> 6), 0x80 | (cp & 0x3f));
    } else if (cp < 0x10000) {
      out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
    } else {
      out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 0x3f), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
    }
  }
  return out;
}

/** CRC over raw bytes (each taken modulo 256). */
export function crc16CcittFalseBytes(bytes: ArrayLike<number>): number {
  let crc = 0xffff;
  for (let i = 0; i < bytes.length; i++) {
    const b = (bytes[i] ?? 0) & 0xff;
    crc = ((crc << 8) & 0xffff) ^ (TABLE[((crc >> 8) ^ b) & 0xff] ?? 0);
  }
  return crc;
}

/**
 * CRC over the UTF-8 bytes of `text`. QRIS payloads are ASCII, where bytes and
 * characters coincide; for other text the CRC is still well defined (over
 * UTF-8), but qris.ts refuses such payloads before it gets here.
 */
export function crc16CcittFalse(text: string): number {
  return crc16CcittFalseBytes(utf8Bytes(text));
}

/** Four upper-case hex digits, zero padded, as tag 63 carries them. */
export function crc16Hex(text: string): string {
  return formatCrc16(crc16CcittFalse(text));
}

export function formatCrc16(crc: number): string {
  return (crc & 0xffff).toString(16).toUpperCase().padStart(4, '0');
}
