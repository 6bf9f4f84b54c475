// A shared drawer's close slip: what one tablet of a booth took into the
// drawer all the tablets share, carried to the lead tablet with no server (a
// QR, or a short code typed or read by a 2D hand scanner), checked by a
// checksum, and merged into the one count the lead makes. Pure, integer rupiah.
import type { Rupiah } from './money.ts';
import { PAYMENT_METHODS } from './payment.ts';
import { zeroPerMethod, type PerMethod, type ShiftFigures } from './shift.ts';

/** What a slip carries besides expected: the Z's totals, as shift.ts figures them. */
export interface SlipTotals {
  salesCount: number;
  gross: Rupiah;
  discounts: Rupiah;
  tax: Rupiah;
  rounding: Rupiah;
  net: Rupiah;
  voids: { count: number; amount: Rupiah };
  refunds: { count: number; amount: Rupiah };
  cashIn: Rupiah;
  cashOut: Rupiah;
}

export interface ShiftSlip {
  shiftId: string;
  deviceId: string;
  outletId: string;
  /** `YYYY-MM-DD`, the shift's business day: a slip of another day is refused. */
  businessDate: string;
  openingFloat: Rupiah;
  expected: PerMethod;
  totals: SlipTotals;
  /** Kas Masuk and Kas Keluar made in the shift. */
  movementCount: number;
  /** The highest Z number of the shared drawer this tablet knows of, so the lead numbers the next one after it with no server. */
  lastZ: number;
}

export const slipTotalsOf = (f: ShiftFigures): SlipTotals => ({
  salesCount: f.salesCount,
  gross: f.gross,
  discounts: f.discounts,
  tax: f.tax,
  rounding: f.rounding,
  net: f.net,
  voids: { ...f.voids },
  refunds: { ...f.refunds },
  cashIn: f.cashIn,
  cashOut: f.cashOut,
});

const zeroTotals = (): SlipTotals => ({
  salesCount: 0,
  gross: 0,
  discounts: 0,
  tax: 0,
  rounding: 0,
  net: 0,
  voids: { count: 0, amount: 0 },
  refunds: { count: 0, amount: 0 },
  cashIn: 0,
  cashOut: 0,
});

export interface MergedSlips {
  shiftIds: string[];
  openingFloat: Rupiah;
  expected: PerMethod;
  totals: SlipTotals;
  movementCount: number;
  /** The shared drawer's last Z as the slips know it: the merge is numbered after it. */
  lastZ: number;
}

/**
 * The one count a shared drawer expects: the sum of its tablets' slips. Each
 * shift counts once (a slip given twice is the first only), and the order
 * the slips were scanned in changes nothing.
 */
export function mergeSlips(slips: readonly ShiftSlip[]): MergedSlips {
  const seen = new Set<string>();
  const out: MergedSlips = { shiftIds: [], openingFloat: 0, expected: zeroPerMethod(), totals: zeroTotals(), movementCount: 0, lastZ: 0 };
  for (const s of slips) {
    if (seen.has(s.shiftId)) continue;
    seen.add(s.shiftId);
    out.shiftIds.push(s.shiftId);
    out.openingFloat += s.openingFloat;
    for (const m of PAYMENT_METHODS) out.expected[m] += s.expected[m];
    const t = out.totals;
    t.salesCount += s.totals.salesCount;
    t.gross += s.totals.gross;
    t.discounts += s.totals.discounts;
    t.tax += s.totals.tax;
    t.rounding += s.totals.rounding;
    t.net += s.totals.net;
    t.voids.count += s.totals.voids.count;
    t.voids.amount += s.totals.voids.amount;
    t.refunds.count += s.totals.refunds.count;
    t.refunds.amount += s.totals.refunds.amount;
    t.cashIn += s.totals.cashIn;
    t.cashOut += s.totals.cashOut;
    out.movementCount += s.movementCount;
    out.lastZ = Math.max(out.lastZ, s.lastZ);
  }
  out.shiftIds.sort();
  return out;
}

export type SlipRefusal =
  | { code: 'slip-unreadable' }
  | { code: 'slip-checksum' }
  | { code: 'slip-other-outlet'; outletId: string }
  | { code: 'slip-other-day'; businessDate: string }
  | { code: 'slip-twice'; shiftId: string }
  | { code: 'slip-own' };

/**
 * Whether the lead may add a slip to its merge: of its outlet and business
 * day, not its own shift, not one already in this merge or merged before.
 */
export function slipRefusal(slip: ShiftSlip, lead: { outletId: string; businessDate: string; shiftId: string; merged: ReadonlySet<string> }): SlipRefusal | null {
  if (slip.outletId !== lead.outletId) return { code: 'slip-other-outlet', outletId: slip.outletId };
  if (slip.businessDate !== lead.businessDate) return { code: 'slip-other-day', businessDate: slip.businessDate };
  if (slip.shiftId === lead.shiftId) return { code: 'slip-own' };
  if (lead.merged.has(slip.shiftId)) return { code: 'slip-twice', shiftId: slip.shiftId };
  return null;
}

// ------------------------------------------------------------- the code
//
// Bytes: a version, the three ids, the day, the figures (zigzag varints, as
// expected figures may be below zero), then a 32-bit FNV-1a checksum of all
// before it; written in Crockford base32 (no I, L, O, U: nothing to misread
// when typed, and all of it fits a QR's alphanumeric mode), in groups of 4.

const VERSION = 1;
const PREFIX = 'SLIP';
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const DAY_MS = 86_400_000;

class Writer {
  readonly bytes: number[] = [];
  varint(n: number): void {
    if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`not a count: ${String(n)}`);
    let v = n;
    while (v >= 0x80) {
      this.bytes.push((v % 0x80) | 0x80);
      v = Math.floor(v / 0x80);
    }
    this.bytes.push(v);
  }
  signed(n: number): void {
    if (!Number.isSafeInteger(n)) throw new RangeError(`not whole rupiah: ${String(n)}`);
    this.varint(n >= 0 ? n * 2 : -n * 2 - 1);
  }
  id(s: string): void {
    if (UUID.test(s)) {
      this.bytes.push(0);
      const hex = s.replace(/-/g, '');
      for (let i = 0; i < 32; i += 2) this.bytes.push(parseInt(hex.slice(i, i + 2), 16));
      return;
    }
    const utf8 = new TextEncoder().encode(s);
    this.bytes.push(1);
    this.varint(utf8.length);
    for (const b of utf8) this.bytes.push(b);
  }
}

class Reader {
  private at = 0;
  constructor(private readonly bytes: Uint8Array) {}
  byte(): number {
    const b = this.bytes[this.at++];
    if (b === undefined) throw new RangeError('slip too short');
    return b;
  }
  varint(): number {
    let v = 0;
    let scale = 1;
    for (;;) {
      const b = this.byte();
      v += (b & 0x7f) * scale;
      if (b < 0x80) break;
      scale *= 0x80;
      if (scale > Number.MAX_SAFE_INTEGER) throw new RangeError('number too long');
    }
    return v;
  }
  signed(): number {
    const z = this.varint();
    return z % 2 === 0 ? z / 2 : -(z + 1) / 2;
  }
  id(): string {
    const tag = this.byte();
    if (tag === 0) {
      let hex = '';
      for (let i = 0; i < 16; i++) hex += this.byte().toString(16).padStart(2, '0');
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    }
    if (tag !== 1) throw new RangeError('unknown id form');
    const n = this.varint();
    if (n > 64) throw new RangeError('id too long');
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push(this.byte());
    return new TextDecoder().decode(new Uint8Array(out));
  }
  get done(): boolean {
    return this.at === this.bytes.length;
  }
}

function fnv1a(bytes: readonly number[] | Uint8Array): number {
  let h = 0x811c9dc5;
  for (const b of bytes) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

function toBase32(bytes: readonly number[]): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const b of bytes) {
    buffer = ((buffer << 8) | b) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(buffer >> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(buffer << (5 - bits)) & 31];
  return out;
}

function fromBase32(text: string): Uint8Array | null {
  const out: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const ch of text) {
    const v = ALPHABET.indexOf(ch);
    if (v < 0) return null;
    buffer = ((buffer << 5) | v) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      out.push((buffer >> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  // The last character's spare bits are written as zeros: anything else is a typo there.
  if (bits >= 5 || (buffer & ((1 << bits) - 1)) !== 0) return null;
  return new Uint8Array(out);
}

const dayNumber = (date: string): number => Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS;
const dayText = (n: number): string => new Date(n * DAY_MS).toISOString().slice(0, 10);

/** The slip as a code: `SLIP-XXXX-XXXX-…`, the same text the QR holds. */
export function encodeSlip(slip: ShiftSlip): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(slip.businessDate)) throw new RangeError(`not a business date: ${slip.businessDate}`);
  const w = new Writer();
  w.bytes.push(VERSION);
  w.id(slip.shiftId);
  w.id(slip.deviceId);
  w.id(slip.outletId);
  w.varint(dayNumber(slip.businessDate));
  w.signed(slip.openingFloat);
  for (const m of PAYMENT_METHODS) w.signed(slip.expected[m]);
  const t = slip.totals;
  w.varint(t.salesCount);
  for (const n of [t.gross, t.discounts, t.tax, t.rounding, t.net]) w.signed(n);
  w.varint(t.voids.count);
  w.signed(t.voids.amount);
  w.varint(t.refunds.count);
  w.signed(t.refunds.amount);
  w.signed(t.cashIn);
  w.signed(t.cashOut);
  w.varint(slip.movementCount);
  w.varint(slip.lastZ);
  const sum = fnv1a(w.bytes);
  w.bytes.push((sum >>> 24) & 0xff, (sum >>> 16) & 0xff, (sum >>> 8) & 0xff, sum & 0xff);
  const body = toBase32(w.bytes);
  return [PREFIX, ...(body.match(/.{1,4}/g) ?? [])].join('-');
}

/**
 * A code as scanned or typed: case, spaces and dashes do not matter, and the
 * letters people confuse with digits (O, I, L) read as those digits. A code
 * whose checksum does not match (a typo, a slip cut short) is refused.
 */
export function decodeSlip(code: string): { ok: true; slip: ShiftSlip } | { ok: false; refusal: SlipRefusal } {
  const upper = code.toUpperCase().replace(/[\s-]/g, '');
  if (!upper.startsWith(PREFIX)) return { ok: false, refusal: { code: 'slip-unreadable' } };
  const bytes = fromBase32(upper.slice(PREFIX.length).replace(/O/g, '0').replace(/[IL]/g, '1'));
  if (bytes === null || bytes.length < 5) return { ok: false, refusal: { code: 'slip-unreadable' } };
  const body = bytes.subarray(0, bytes.length - 4);
  const tail = bytes.subarray(bytes.length - 4);
  const stated = (((tail[0] ?? 0) << 24) | ((tail[1] ?? 0) << 16) | ((tail[2] ?? 0) << 8) | (tail[3] ?? 0)) >>> 0;
  if (fnv1a(body) !== stated) return { ok: false, refusal: { code: 'slip-checksum' } };
  try {
    const r = new Reader(body);
    if (r.byte() !== VERSION) return { ok: false, refusal: { code: 'slip-unreadable' } };
    const shiftId = r.id();
    const deviceId = r.id();
    const outletId = r.id();
    const businessDate = dayText(r.varint());
    const openingFloat = r.signed();
    const expected = zeroPerMethod();
    for (const m of PAYMENT_METHODS) expected[m] = r.signed();
    const salesCount = r.varint();
    const [gross, discounts, tax, rounding, net] = [r.signed(), r.signed(), r.signed(), r.signed(), r.signed()];
    const voids = { count: r.varint(), amount: r.signed() };
    const refunds = { count: r.varint(), amount: r.signed() };
    const cashIn = r.signed();
    const cashOut = r.signed();
    const movementCount = r.varint();
    const lastZ = r.varint();
    if (!r.done) return { ok: false, refusal: { code: 'slip-unreadable' } };
    return {
      ok: true,
      slip: { shiftId, deviceId, outletId, businessDate, openingFloat, expected, totals: { salesCount, gross, discounts, tax, rounding, net, voids, refunds, cashIn, cashOut }, movementCount, lastZ },
    };
  } catch {
    return { ok: false, refusal: { code: 'slip-unreadable' } };
  }
}
