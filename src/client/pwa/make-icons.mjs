// Writes the PWA icons as PNG with nothing but zlib, so no image tool is
// needed on a fresh machine. Run once; the output is committed.
import { writeFileSync, mkdirSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
};

function icon(size, safe) {
  const green = [11, 93, 75];
  const cream = [246, 243, 238];
  const gold = [224, 161, 0];
  const raw = Buffer.alloc(size * (size * 4 + 1));
  const pad = safe ? 0.2 : 0.1; // maskable icons keep the mark inside the safe zone
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      const u = x / size, v = y / size;
      let c = green;
      const inner = u > pad && u < 1 - pad && v > pad && v < 1 - pad;
      if (inner) {
        // A stylised cash drawer: cream body, gold slot, a receipt strip on top.
        const bodyTop = pad + (1 - 2 * pad) * 0.45;
        if (v > bodyTop) c = cream;
        if (v > bodyTop + 0.06 && v < bodyTop + 0.1 && u > 0.35 && u < 0.65) c = gold;
        if (v <= bodyTop && u > 0.38 && u < 0.62 && v > pad + 0.05) c = cream;
        if (v <= bodyTop && u > 0.42 && u < 0.58 && ((v * size) | 0) % Math.max(4, (size / 24) | 0) < 2 && v > pad + 0.1) c = green;
      }
      const o = y * (size * 4 + 1) + 1 + x * 4;
      raw[o] = c[0]; raw[o + 1] = c[1]; raw[o + 2] = c[2]; raw[o + 3] = 255;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; ihdr[9] = 6; ihdr[10] = 0; ihdr[11] = 0; ihdr[12] = 0;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

mkdirSync('public/icons', { recursive: true });
writeFileSync('public/icons/icon-192.png', icon(192, false));
writeFileSync('public/icons/icon-512.png', icon(512, false));
writeFileSync('public/icons/icon-maskable-512.png', icon(512, true));
console.log('icons written to public/icons');
