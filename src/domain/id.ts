// Ids are made on the device (sync rule 1): UUIDv7, so they sort roughly by
// creation and never need the server.
export function uuidv7(now: number = Date.now(), random: Uint8Array = randomBytes(10)): string {
  const b = new Uint8Array(16);
  let ms = now;
  for (let i = 5; i >= 0; i--) {
    b[i] = ms % 256;
    ms = Math.floor(ms / 256);
  }
  b[6] = 0x70 | ((random[0] ?? 0) & 0x0f);
  b[7] = random[1] ?? 0;
  b[8] = 0x80 | ((random[2] ?? 0) & 0x3f);
  for (let i = 9; i < 16; i++) b[i] = random[i - 6] ?? 0;
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function randomBytes(n: number): Uint8Array {
  const out = new Uint8Array(n);
  globalThis.crypto.getRandomValues(out);
  return out;
}

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Receipt numbers must be unique with no network: a short device prefix plus
 * the device's own counter. The prefix comes from the random tail of the
 * device id.
 */
export function receiptNumber(deviceId: string, counter: number): string {
  const prefix = deviceId.replace(/-/g, '').slice(-4).toUpperCase();
  return `${prefix}-${String(counter).padStart(6, '0')}`;
}
