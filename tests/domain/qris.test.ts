import { describe, it, expect } from 'vitest';
import { crc16Hex } from '../../src/domain/crc16.ts';
import {
  QRIS_MAX_AMOUNT,
  QRIS_MAX_PAYLOAD_LENGTH,
  appendCrc,
  buildDynamicQris,
  checkQrisAmount,
  encodeTlv,
  encodeTlvField,
  isTemplateTag,
  parseTemplate,
  parseTlv,
  qrisMerchantCity,
  qrisMerchantName,
  validateQris,
  type QrisErrorCode,
  type QrisResult,
  type TlvField,
} from '../../src/domain/qris.ts';

// domain.md test vectors, copied verbatim.
const STATIC_QRIS =
  '00020101021126620016ID.CO.CONTOH.WWW011893600000000001234502090000123450303UMI51440014ID.CO.QRIS.WWW0215ID10250000000010303UMI5204594753033605802ID5908NTB MALL6007MATARAM6105831256304DC72';
const DYNAMIC_150K =
  '00020101021226620016ID.CO.CONTOH.WWW011893600000000001234502090000123450303UMI51440014ID.CO.QRIS.WWW0215ID10250000000010303UMI52045947530336054061500005802ID5908NTB MALL6007MATARAM6105831256304259F';

const TEMPLATE_26 = '0016ID.CO.CONTOH.WWW011893600000000001234502090000123450303UMI';
const TEMPLATE_51 = '0014ID.CO.QRIS.WWW0215ID10250000000010303UMI';

type Pair = readonly [tag: string, value: string];

const BASE: readonly Pair[] = [
  ['00', '01'],
  ['01', '11'],
  ['26', TEMPLATE_26],
  ['51', TEMPLATE_51],
  ['52', '5947'],
  ['53', '360'],
  ['58', 'ID'],
  ['59', 'NTB MALL'],
  ['60', 'MATARAM'],
  ['61', '83125'],
];

/** Raw TLV text, written independently of the module under test. */
function tlv(pairs: readonly Pair[]): string {
  return pairs.map(([t, v]) => t + String(v.length).padStart(2, '0') + v).join('');
}

/** A payload with a correct CRC, so a test reaches the check it is about. */
function signed(pairs: readonly Pair[]): string {
  const body = `${tlv(pairs)}6304`;
  return body + crc16Hex(body);
}

function without(tags: readonly string[], pairs: readonly Pair[] = BASE): Pair[] {
  return pairs.filter(([t]) => !tags.includes(t));
}

function replaced(tag: string, value: string, pairs: readonly Pair[] = BASE): Pair[] {
  return pairs.map(([t, v]) => (t === tag ? [t, value] : [t, v]));
}

/** Inserted before the first tag that sorts after it, keeping ascending order. */
function withField(tag: string, value: string, pairs: readonly Pair[] = BASE): Pair[] {
  const out = [...pairs];
  const at = out.findIndex(([t]) => t > tag);
  out.splice(at === -1 ? out.length : at, 0, [tag, value]);
  return out;
}

/**
 * The static vector grown to exactly `length` characters with fields in the
 * unreserved range 80-99, which a QR may carry and the builder must keep.
 */
function staticOfLength(length: number): string {
  const pairs: Pair[] = [...BASE];
  let missing = length - signed(pairs).length;
  for (let tag = 80; missing > 0; tag++) {
    if (missing < 5) throw new Error('cannot pad by fewer than 5 characters with a new field');
    // Leave at least 5 for the next field so no remainder is unusable.
    let take = Math.min(missing - 4, 99);
    if (missing - 4 - take > 0 && missing - 4 - take < 5) take -= 5;
    pairs.push([String(tag), 'X'.repeat(take)]);
    missing -= 4 + take;
  }
  const payload = signed(pairs);
  if (payload.length !== length) throw new Error(`padding went wrong: ${payload.length}`);
  return payload;
}

function errorOf<T>(result: QrisResult<T>): { code: QrisErrorCode; message: string; tag?: string } {
  if (result.ok) throw new Error('expected a failure, got success');
  return result.error;
}

function valueOf<T>(result: QrisResult<T>): T {
  if (!result.ok) throw new Error(`expected success, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('the domain.md vectors', () => {
  it('the test helper rebuilds the static vector from its fields', () => {
    expect(signed(BASE)).toBe(STATIC_QRIS);
  });

  it('a static QRIS with Rp 150.000 becomes the documented dynamic string', () => {
    expect(valueOf(buildDynamicQris(STATIC_QRIS, 150_000))).toBe(DYNAMIC_150K);
  });

  it('the static vector validates as a static QR with no amount', () => {
    const info = valueOf(validateQris(STATIC_QRIS));
    expect(info.initiation).toBe('static');
    expect(info.amount).toBeNull();
    expect(info.merchantName).toBe('NTB MALL');
    expect(info.merchantCity).toBe('MATARAM');
    expect(info.nmid).toBe('ID1025000000001');
  });

  it('the dynamic vector validates as a dynamic QR carrying Rp 150.000', () => {
    const info = valueOf(validateQris(DYNAMIC_150K));
    expect(info.initiation).toBe('dynamic');
    expect(info.amount).toBe(150_000);
    expect(info.merchantName).toBe('NTB MALL');
    expect(info.nmid).toBe('ID1025000000001');
  });

  it('rebuilding the dynamic vector with the same amount gives it back unchanged', () => {
    expect(valueOf(buildDynamicQris(DYNAMIC_150K, 150_000))).toBe(DYNAMIC_150K);
  });

  it('a dynamic QR given a new amount equals the static one given that amount', () => {
    expect(valueOf(buildDynamicQris(DYNAMIC_150K, 27_500))).toBe(valueOf(buildDynamicQris(STATIC_QRIS, 27_500)));
  });
});

describe('parseTlv', () => {
  it('splits the static vector into its fields in order', () => {
    const fields = valueOf(parseTlv(STATIC_QRIS));
    expect(fields.map((f) => [f.tag, f.value])).toEqual([...BASE, ['63', 'DC72']]);
    expect(fields.every((f) => f.children === undefined)).toBe(true);
  });

  it('parses merchant account templates and tag 62 only when asked', () => {
    const payload = signed(withField('62', tlv([['07', 'A01'], ['01', 'INV-9']])));
    const fields = valueOf(parseTlv(payload, { nested: true }));
    const byTag = new Map(fields.map((f) => [f.tag, f]));
    expect(byTag.get('26')?.children).toEqual([
      { tag: '00', value: 'ID.CO.CONTOH.WWW' },
      { tag: '01', value: '936000000000012345' },
      { tag: '02', value: '000012345' },
      { tag: '03', value: 'UMI' },
    ]);
    expect(byTag.get('51')?.children?.map((c) => c.value)).toEqual(['ID.CO.QRIS.WWW', 'ID1025000000001', 'UMI']);
    expect(byTag.get('62')?.children).toEqual([
      { tag: '07', value: 'A01' },
      { tag: '01', value: 'INV-9' },
    ]);
    for (const tag of ['00', '01', '52', '53', '58', '59', '60', '61', '63']) {
      expect(byTag.get(tag)?.children).toBeUndefined();
    }
  });

  it('encodes parsed fields back to the identical string', () => {
    for (const payload of [STATIC_QRIS, DYNAMIC_150K]) {
      expect(encodeTlv(valueOf(parseTlv(payload)))).toBe(payload);
      expect(encodeTlv(valueOf(parseTlv(payload, { nested: true })))).toBe(payload);
    }
  });

  it('refuses an empty string', () => {
    expect(errorOf(parseTlv('')).code).toBe('empty');
  });

  it('refuses a pasted line break, tab or non-ASCII letter and says where it is', () => {
    const cases: [string, number][] = [
      [`${STATIC_QRIS}\n`, STATIC_QRIS.length],
      [`\t${STATIC_QRIS}`, 0],
      [STATIC_QRIS.replace('NTB MALL', 'NTB MALé'), STATIC_QRIS.indexOf('NTB MALL') + 7],
      [STATIC_QRIS.replace('NTB MALL', 'NTB\u00a0MALL'), STATIC_QRIS.indexOf('NTB MALL') + 3],
    ];
    for (const [payload, position] of cases) {
      const error = errorOf(parseTlv(payload));
      expect(error.code).toBe('bad-character');
      expect(error).toMatchObject({ position });
    }
  });

  it('refuses a tag that is not two digits', () => {
    const error = errorOf(parseTlv('0002015A02ab'));
    expect(error.code).toBe('bad-tag');
    expect(error).toMatchObject({ position: 6 });
  });

  it('refuses a length that is not two digits', () => {
    expect(errorOf(parseTlv('000201590XNTB')).code).toBe('bad-length');
    expect(errorOf(parseTlv('00 201')).code).toBe('bad-length');
  });

  it('refuses a zero length', () => {
    expect(errorOf(parseTlv('0002015900')).code).toBe('bad-length');
  });

  it('refuses a value that runs past the end (a string cut short)', () => {
    const error = errorOf(parseTlv(STATIC_QRIS.slice(0, -1)));
    expect(error.code).toBe('bad-length');
    expect(error.tag).toBe('63');
  });

  it('refuses stray characters too short to be a field', () => {
    for (const tail of ['6', '63', '630']) {
      expect(errorOf(parseTlv(`000201${tail}`)).code).toBe('bad-length');
    }
  });

  it('refuses a malformed template only when parsing templates', () => {
    const payload = tlv([
      ['00', '01'],
      ['26', '0016ID.CO.CONTOH.WW'],
    ]);
    expect(parseTlv(payload).ok).toBe(true);
    const error = errorOf(parseTlv(payload, { nested: true }));
    expect(error.code).toBe('bad-template');
    expect(error.tag).toBe('26');
    expect(error.message).toContain('inside tag 26');
  });

  it('does not read CRC-like text inside a value as a field', () => {
    const fields = valueOf(parseTlv(tlv([['59', '6304ABCD']])));
    expect(fields).toEqual([{ tag: '59', value: '6304ABCD' }]);
  });
});

describe('parseTemplate', () => {
  it('reads the sub-fields of a field parsed without nesting', () => {
    expect(valueOf(parseTemplate({ tag: '51', value: TEMPLATE_51 }))).toEqual([
      { tag: '00', value: 'ID.CO.QRIS.WWW' },
      { tag: '02', value: 'ID1025000000001' },
      { tag: '03', value: 'UMI' },
    ]);
  });

  it('returns already parsed children as they are', () => {
    const children: TlvField[] = [{ tag: '07', value: 'A01' }];
    expect(valueOf(parseTemplate({ tag: '62', value: '0703A01', children }))).toEqual(children);
  });

  it('reports a malformed template as bad-template', () => {
    expect(errorOf(parseTemplate({ tag: '62', value: '0705A01' })).code).toBe('bad-template');
  });
});

describe('isTemplateTag', () => {
  it('is true exactly for 26-51 and 62', () => {
    const templates = [];
    for (let n = 0; n <= 99; n++) {
      const tag = String(n).padStart(2, '0');
      if (isTemplateTag(tag)) templates.push(n);
    }
    expect(templates).toEqual([...Array.from({ length: 26 }, (_, i) => 26 + i), 62]);
    expect(isTemplateTag('2')).toBe(false);
    expect(isTemplateTag('ab')).toBe(false);
  });
});

describe('encodeTlvField and appendCrc', () => {
  it('writes tag, two-digit length and value', () => {
    expect(encodeTlvField('54', '150000')).toBe('5406150000');
    expect(encodeTlvField('59', 'X'.repeat(99))).toBe(`5999${'X'.repeat(99)}`);
  });

  it('throws on values no TLV field can carry', () => {
    expect(() => encodeTlvField('59', '')).toThrow(RangeError);
    expect(() => encodeTlvField('59', 'X'.repeat(100))).toThrow(RangeError);
    expect(() => encodeTlvField('5', 'X')).toThrow(RangeError);
  });

  it('appends 6304 and the CRC over everything including 6304', () => {
    expect(appendCrc(tlv(BASE))).toBe(STATIC_QRIS);
  });
});

describe('validateQris failures', () => {
  // Keyed by the code type, so adding a code without a test fails typecheck.
  const ALL_CODES: Record<QrisErrorCode, true> = {
    'empty': true,
    'bad-character': true,
    'too-long': true,
    'bad-tag': true,
    'bad-length': true,
    'duplicate-tag': true,
    'bad-template': true,
    'missing-tag': true,
    'bad-format-indicator': true,
    'bad-initiation': true,
    'crc-not-last': true,
    'bad-crc-format': true,
    'crc-mismatch': true,
    'bad-currency': true,
    'bad-country': true,
    'missing-merchant-account': true,
    'bad-amount': true,
    'amount-not-integer': true,
    'amount-not-positive': true,
    'amount-too-large': true,
  };

  const cases: { name: string; payload: string; code: QrisErrorCode; tag?: string }[] = [
    { name: 'an empty string', payload: '', code: 'empty' },
    { name: 'a trailing line break', payload: `${STATIC_QRIS}\r\n`, code: 'bad-character' },
    { name: 'a string over 512 characters', payload: STATIC_QRIS + '0'.repeat(QRIS_MAX_PAYLOAD_LENGTH), code: 'too-long' },
    { name: 'a letter where a tag should be', payload: `${STATIC_QRIS.slice(0, 6)}X${STATIC_QRIS.slice(7)}`, code: 'bad-tag' },
    { name: 'a string missing its last character', payload: STATIC_QRIS.slice(0, -1), code: 'bad-length', tag: '63' },
    { name: 'a string missing its first character', payload: STATIC_QRIS.slice(1), code: 'bad-tag' },
    {
      name: 'a merchant account template whose inner lengths are wrong',
      payload: signed(replaced('26', '0017ID.CO.CONTOH.WWW')),
      code: 'bad-template',
      tag: '26',
    },
    { name: 'tag 62 that is not a template', payload: signed(withField('62', 'A01')), code: 'bad-template', tag: '62' },
    { name: 'tag 00 not first', payload: signed([['01', '11'], ['00', '01'], ...without(['00', '01'])]), code: 'bad-format-indicator', tag: '00' },
    { name: 'no tag 00 at all', payload: signed(without(['00'])), code: 'bad-format-indicator', tag: '00' },
    { name: 'tag 00 other than 01', payload: signed(replaced('00', '02')), code: 'bad-format-indicator', tag: '00' },
    { name: 'no CRC', payload: tlv(BASE), code: 'missing-tag', tag: '63' },
    { name: 'a field after the CRC', payload: `${STATIC_QRIS}0703A01`, code: 'crc-not-last', tag: '63' },
    { name: 'a CRC of five characters', payload: `${tlv(BASE)}6305DC72A`, code: 'bad-crc-format', tag: '63' },
    { name: 'a CRC of three characters', payload: `${tlv(BASE)}6303DC7`, code: 'bad-crc-format', tag: '63' },
    { name: 'a CRC that is not hex', payload: `${tlv(BASE)}6304DC7G`, code: 'bad-crc-format', tag: '63' },
    { name: 'a wrong CRC', payload: `${tlv(BASE)}6304DC73`, code: 'crc-mismatch', tag: '63' },
    { name: 'an edited merchant name', payload: STATIC_QRIS.replace('NTB MALL', 'NTB MALX'), code: 'crc-mismatch', tag: '63' },
    { name: 'an amount added without a new CRC', payload: DYNAMIC_150K.replace('150000', '950000'), code: 'crc-mismatch', tag: '63' },
    { name: 'the merchant name twice', payload: signed([...without(['60', '61']), ['59', 'OTHER'], ['60', 'MATARAM']]), code: 'duplicate-tag', tag: '59' },
    { name: 'two amounts', payload: signed([...withField('54', '1000'), ['54', '2000']]), code: 'duplicate-tag', tag: '54' },
    { name: 'no merchant category code', payload: signed(without(['52'])), code: 'missing-tag', tag: '52' },
    { name: 'no currency', payload: signed(without(['53'])), code: 'missing-tag', tag: '53' },
    { name: 'no country', payload: signed(without(['58'])), code: 'missing-tag', tag: '58' },
    { name: 'no merchant name', payload: signed(without(['59'])), code: 'missing-tag', tag: '59' },
    { name: 'no merchant city', payload: signed(without(['60'])), code: 'missing-tag', tag: '60' },
    { name: 'a point of initiation other than 11 or 12', payload: signed(replaced('01', '13')), code: 'bad-initiation', tag: '01' },
    { name: 'a foreign currency', payload: signed(replaced('53', '840')), code: 'bad-currency', tag: '53' },
    { name: 'a foreign country', payload: signed(replaced('58', 'SG')), code: 'bad-country', tag: '58' },
    { name: 'no merchant account template', payload: signed(without(['26', '51'])), code: 'missing-merchant-account' },
    { name: 'an amount with thousands dots', payload: signed(withField('54', '150.000')), code: 'bad-amount', tag: '54' },
    { name: 'an amount with decimals', payload: signed(withField('54', '150000.00')), code: 'bad-amount', tag: '54' },
    { name: 'an amount of zero', payload: signed(withField('54', '0')), code: 'bad-amount', tag: '54' },
    { name: 'a negative amount', payload: signed(withField('54', '-5')), code: 'bad-amount', tag: '54' },
    { name: 'an amount too big for a safe integer', payload: signed(withField('54', '9'.repeat(17))), code: 'bad-amount', tag: '54' },
  ];

  for (const c of cases) {
    it(`refuses ${c.name} with "${c.code}"`, () => {
      const error = errorOf(validateQris(c.payload));
      expect(error.code).toBe(c.code);
      if (c.tag !== undefined) expect(error.tag).toBe(c.tag);
      expect(error.message.length).toBeGreaterThan(10);
    });
  }

  const amountCases: [number, QrisErrorCode][] = [
    [1.5, 'amount-not-integer'],
    [Number.NaN, 'amount-not-integer'],
    [Number.POSITIVE_INFINITY, 'amount-not-integer'],
    [2 ** 53, 'amount-not-integer'],
    [0, 'amount-not-positive'],
    [-1000, 'amount-not-positive'],
    [QRIS_MAX_AMOUNT + 1, 'amount-too-large'],
  ];

  it('refuses an amount on the QR that is not a positive whole rupiah', () => {
    for (const [amount, code] of amountCases) {
      const error = errorOf(buildDynamicQris(STATIC_QRIS, amount));
      expect(error.code).toBe(code);
      expect(error.tag).toBe('54');
      expect(checkQrisAmount(amount)?.code).toBe(code);
    }
  });

  it('the cases above cover every failure code', () => {
    const covered = new Set([...cases.map((c) => c.code), ...amountCases.map(([, code]) => code)]);
    expect([...covered].sort()).toEqual(Object.keys(ALL_CODES).sort());
  });
});

describe('validateQris acceptance', () => {
  it('accepts a CRC written in lower case', () => {
    expect(validateQris(STATIC_QRIS.replace(/DC72$/, 'dc72')).ok).toBe(true);
  });

  it('accepts a QR without the optional tag 01 and reports no initiation', () => {
    expect(valueOf(validateQris(signed(without(['01'])))).initiation).toBeNull();
  });

  it('reports no NMID when there is no ID.CO.QRIS.WWW template', () => {
    expect(valueOf(validateQris(signed(without(['51'])))).nmid).toBeNull();
  });

  it('finds the NMID whichever merchant account tag carries the national template', () => {
    const moved = [...without(['51']).slice(0, 3), ['27', TEMPLATE_51] as const, ...without(['51']).slice(3)];
    expect(valueOf(validateQris(signed(moved))).nmid).toBe('ID1025000000001');
  });

  it('accepts a payload of exactly 512 characters', () => {
    expect(validateQris(staticOfLength(QRIS_MAX_PAYLOAD_LENGTH)).ok).toBe(true);
  });
});

describe('buildDynamicQris', () => {
  it('keeps every field except 01, 54-57 and 63 exactly as issued (parse, build, parse)', () => {
    const before = valueOf(parseTlv(STATIC_QRIS, { nested: true }));
    const after = valueOf(parseTlv(valueOf(buildDynamicQris(STATIC_QRIS, 150_000)), { nested: true }));
    const untouched = (fs: readonly TlvField[]): TlvField[] => fs.filter((f) => !['01', '54', '63'].includes(f.tag));
    expect(untouched(after)).toEqual(untouched(before));
    expect(after.find((f) => f.tag === '01')?.value).toBe('12');
    expect(after.find((f) => f.tag === '54')?.value).toBe('150000');
  });

  it('accepts the smallest and the largest allowed amounts', () => {
    expect(valueOf(validateQris(valueOf(buildDynamicQris(STATIC_QRIS, 1)))).amount).toBe(1);
    const max = valueOf(buildDynamicQris(STATIC_QRIS, QRIS_MAX_AMOUNT));
    expect(max).toContain('540810000000');
    expect(valueOf(validateQris(max)).amount).toBe(10_000_000);
  });

  it('every amount from Rp 1 to Rp 3.000 builds a valid QR that carries it before tag 58', () => {
    for (let amount = 1; amount <= 3000; amount++) {
      const qr = valueOf(buildDynamicQris(STATIC_QRIS, amount));
      const info = valueOf(validateQris(qr));
      expect(info.amount).toBe(amount);
      expect(info.initiation).toBe('dynamic');
      const text = String(amount);
      expect(qr).toContain(`530336054${String(text.length).padStart(2, '0')}${text}5802ID`);
    }
  });

  it('random amounts up to the ceiling survive parse, build, parse, build', () => {
    const rnd = seededRandom(7);
    for (let n = 0; n < 2000; n++) {
      const amount = 1 + Math.floor(rnd() * QRIS_MAX_AMOUNT);
      const qr = valueOf(buildDynamicQris(STATIC_QRIS, amount));
      const info = valueOf(validateQris(qr));
      expect(info.amount).toBe(amount);
      expect(info.merchantName).toBe('NTB MALL');
      expect(info.merchantCity).toBe('MATARAM');
      expect(info.nmid).toBe('ID1025000000001');
      expect(valueOf(buildDynamicQris(qr, amount))).toBe(qr);
      expect(valueOf(buildDynamicQris(qr, 150_000))).toBe(DYNAMIC_150K);
    }
  });

  it('drops tip and convenience-fee tags 55-57 so the wallet cannot add to the total', () => {
    const withTips = withField('57', '5', withField('56', '1000', withField('55', '02')));
    const qr = valueOf(buildDynamicQris(signed(withTips), 150_000));
    expect(qr).toBe(DYNAMIC_150K);
  });

  it('replaces an amount already on the source QR', () => {
    const source = signed(replaced('01', '12', withField('54', '99999')));
    expect(valueOf(buildDynamicQris(source, 150_000))).toBe(DYNAMIC_150K);
  });

  it('adds tag 01 right after tag 00 when the source has none', () => {
    expect(valueOf(buildDynamicQris(signed(without(['01'])), 150_000))).toBe(DYNAMIC_150K);
  });

  it('puts the amount before the first remaining tag above 54, wherever that is', () => {
    // Tags out of the usual order: 59 ahead of 58. The amount still goes in
    // front of the first tag above 54, and the rest keeps its order.
    const odd: Pair[] = [...without(['58', '59', '60', '61']), ['59', 'NTB MALL'], ['58', 'ID'], ['60', 'MATARAM']];
    const fields = valueOf(parseTlv(valueOf(buildDynamicQris(signed(odd), 5000))));
    expect(fields.map((f) => f.tag)).toEqual(['00', '01', '26', '51', '52', '53', '54', '59', '58', '60', '63']);
  });

  it('keeps additional data (tag 62) after the amount and before the CRC', () => {
    const source = signed(withField('62', tlv([['07', 'A01']])));
    const qr = valueOf(buildDynamicQris(source, 150_000));
    expect(qr).toBe(appendCrc(tlv([...replaced('01', '12', withField('54', '150000')), ['62', '0703A01']])));
    expect(valueOf(validateQris(qr)).fields.find((f) => f.tag === '62')?.children).toEqual([{ tag: '07', value: 'A01' }]);
  });

  it('refuses to build from a damaged source and says why', () => {
    expect(errorOf(buildDynamicQris(STATIC_QRIS.replace('MATARAM', 'MATARAN'), 150_000)).code).toBe('crc-mismatch');
    expect(errorOf(buildDynamicQris(STATIC_QRIS.slice(0, 50), 150_000)).code).toBe('bad-length');
    expect(errorOf(buildDynamicQris('', 150_000)).code).toBe('empty');
  });

  it('copies unreserved fields (80-99) through unchanged', () => {
    const source = staticOfLength(300);
    const qr = valueOf(buildDynamicQris(source, 150_000));
    const extra = (p: string): TlvField[] => valueOf(parseTlv(p)).filter((f) => Number(f.tag) >= 80);
    expect(extra(qr)).toEqual(extra(source));
    expect(extra(qr).length).toBeGreaterThan(0);
  });

  it('refuses when the amount would push the payload past 512 characters', () => {
    expect(valueOf(buildDynamicQris(staticOfLength(QRIS_MAX_PAYLOAD_LENGTH - 10), 150_000))).toHaveLength(QRIS_MAX_PAYLOAD_LENGTH);
    expect(errorOf(buildDynamicQris(staticOfLength(QRIS_MAX_PAYLOAD_LENGTH - 9), 150_000)).code).toBe('too-long');
  });

  it('never returns a string when it fails', () => {
    const result = buildDynamicQris(STATIC_QRIS, 0);
    expect(result.ok).toBe(false);
    expect('value' in result).toBe(false);
  });
});

describe('merchant name and city for display', () => {
  it('reads name (59) and city (60) from the vectors', () => {
    for (const qr of [STATIC_QRIS, DYNAMIC_150K]) {
      expect(qrisMerchantName(qr)).toBe('NTB MALL');
      expect(qrisMerchantCity(qr)).toBe('MATARAM');
    }
  });

  it('gives null for a string that is not TLV', () => {
    expect(qrisMerchantName('https://example.com')).toBeNull();
    expect(qrisMerchantCity('')).toBeNull();
  });

  it('gives null when the tag is absent', () => {
    expect(qrisMerchantCity(signed(without(['60'])))).toBeNull();
    expect(qrisMerchantName(signed(without(['59'])))).toBeNull();
  });
});
