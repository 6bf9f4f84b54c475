import { describe, it, expect } from 'vitest';
import {
  PhoneNumberError,
  normalizeWhatsAppPhone,
  toWhatsAppDigits,
  waMeLink,
  type PhoneProblem,
} from '../../src/domain/whatsapp.ts';

function reasonOf(input: string): PhoneProblem | null {
  const r = normalizeWhatsAppPhone(input);
  return r.ok ? null : r.reason;
}

describe('normalizeWhatsAppPhone', () => {
  it('turns every way of writing an Indonesian mobile into the same wa.me digits', () => {
    const forms = [
      '081234567890',
      '0812-3456-7890',
      '0812 3456 7890',
      '0812.3456.7890',
      '(0812) 3456-7890',
      '81234567890',
      '6281234567890',
      '+6281234567890',
      '+62 812-3456-7890',
      '+62 (0)812 3456 7890',
      '62 0812 3456 7890',
      ' 0812 3456 7890 ',
      '0812\u00a03456\u00a07890',
      '0812/3456/7890',
    ];
    for (const form of forms) {
      expect(normalizeWhatsAppPhone(form), form).toEqual({ ok: true, digits: '6281234567890', international: false });
    }
  });

  it('accepts the shortest and longest Indonesian mobile numbers', () => {
    expect(toWhatsAppDigits('0812345678')).toBe('62812345678');
    expect(toWhatsAppDigits('0812-3456-78901')).toBe('62812345678901');
  });

  it('refuses mobile numbers with too few or too many digits', () => {
    expect(reasonOf('081234567')).toBe('too-short');
    expect(reasonOf('0812')).toBe('too-short');
    expect(reasonOf('+62 8')).toBe('too-short');
    expect(reasonOf('0812-3456-789012')).toBe('too-long');
  });

  it('accepts landlines such as Mataram 0370 and Jakarta 021', () => {
    expect(toWhatsAppDigits('(0370) 123456')).toBe('62370123456');
    expect(toWhatsAppDigits('021-1234-5678')).toBe('622112345678');
    expect(reasonOf('0370 1234')).toBe('too-short');
    expect(reasonOf('021 1234 567890')).toBe('too-long');
  });

  it('keeps a foreign number typed with + as an international number', () => {
    expect(normalizeWhatsAppPhone('+61 412 345 678')).toEqual({ ok: true, digits: '61412345678', international: true });
    expect(toWhatsAppDigits('+1 (555) 010-9999')).toBe('15550109999');
  });

  it('refuses international numbers outside E.164 lengths or with a 0 country code', () => {
    expect(reasonOf('+61 412')).toBe('too-short');
    expect(reasonOf('+1 2345 6789 0123 456')).toBe('too-long');
    expect(reasonOf('+0812 3456 7890')).toBe('bad-prefix');
  });

  it('refuses an empty entry', () => {
    for (const input of ['', '   ', ' - . ( ) ']) expect(reasonOf(input)).toBe('empty');
  });

  it('refuses letters and symbols other than separators', () => {
    for (const input of ['0812-3456-789O', 'abc', '0812*3456', '0812#7890', '62+81234567890', '0812_3456_7890', '+']) {
      expect(reasonOf(input), input).toBe('bad-character');
    }
  });

  it('refuses numbers that start with neither 0, 8, 62 nor +', () => {
    for (const input of ['71234567890', '912345678', '1234567890']) expect(reasonOf(input), input).toBe('bad-prefix');
  });

  it('refuses a doubled trunk zero, and 00 which is not how Indonesia dials abroad', () => {
    expect(reasonOf('+62 00812 3456 789')).toBe('bad-prefix');
    expect(reasonOf('0 0812 3456 789')).toBe('bad-prefix');
    expect(reasonOf('0062 812 3456 7890')).toBe('bad-prefix');
  });

  it('explains each refusal in words', () => {
    for (const input of ['', 'abc', '0812', '0812345678901234', '71234567']) {
      const r = normalizeWhatsAppPhone(input);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.message.length).toBeGreaterThan(10);
    }
  });

  it('is idempotent: normalising its own output changes nothing', () => {
    for (const input of ['081234567890', '+62 812 345 678', '(0370) 123456', '+61 412 345 678']) {
      const once = toWhatsAppDigits(input);
      expect(once).not.toBeNull();
      // A bare international number has lost its + and so is only stable when Indonesian;
      // with + restored it must be stable too.
      expect(toWhatsAppDigits(`+${once ?? ''}`)).toBe(once);
      if (once?.startsWith('62')) expect(toWhatsAppDigits(once)).toBe(once);
    }
  });

  it('accepts every 08xx number of valid length in a sweep', () => {
    for (let extra = 8; extra <= 11; extra++) {
      for (let i = 0; i < 50; i++) {
        const subscriber = String(i * 7919).padStart(extra, '3').slice(0, extra);
        expect(toWhatsAppDigits(`08${subscriber}`)).toBe(`628${subscriber}`);
        expect(toWhatsAppDigits(`+62 8${subscriber}`)).toBe(`628${subscriber}`);
      }
    }
  });
});

describe('waMeLink', () => {
  it('builds a link to a normalised Indonesian number with the text encoded', () => {
    expect(waMeLink('0812-3456-7890', 'Terima kasih')).toBe('https://wa.me/6281234567890?text=Terima%20kasih');
  });

  it('builds a contact-picker link when there is no number', () => {
    expect(waMeLink(null, 'Struk #12')).toBe('https://wa.me/?text=Struk%20%2312');
  });

  it('encodes line breaks, ampersands, question marks, plus and non-ASCII', () => {
    const text = 'NTB Mall\nTotal: Rp 150.000 & Kembalian?\n+ kopi ☕ 100%';
    const link = waMeLink('+62 812 3456 7890', text);
    expect(link).toBe(`https://wa.me/6281234567890?text=${encodeURIComponent(text)}`);
    expect(link).toContain('%0A');
    expect(link).toContain('%26');
    expect(link).toContain('%3F');
    expect(link).toContain('%2B');
    expect(new URL(link).searchParams.get('text')).toBe(text);
  });

  it('round trips any receipt text through the link', () => {
    const texts = ['', ' ', 'a=b&c=d', 'Batik Tulis "Gembok"\r\n2 x Rp 750.000', '#%/?:@', 'emoji 👍🏽 and ñ'];
    for (const text of texts) {
      const link = waMeLink(null, text);
      expect(new URL(link).searchParams.get('text') ?? '').toBe(text);
    }
  });

  it('leaves out the text parameter when the text is empty', () => {
    expect(waMeLink('081234567890', '')).toBe('https://wa.me/6281234567890');
    expect(waMeLink(null, '')).toBe('https://wa.me/');
  });

  it('replaces a lone surrogate instead of failing to build the link', () => {
    const link = waMeLink(null, 'Kopi \ud83d');
    expect(link).toBe('https://wa.me/?text=Kopi%20%EF%BF%BD');
  });

  it('throws PhoneNumberError with the reason for a number it cannot use', () => {
    expect(() => waMeLink('0812', 'x')).toThrow(PhoneNumberError);
    try {
      waMeLink('abc', 'x');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(PhoneNumberError);
      expect((e as PhoneNumberError).reason).toBe('bad-character');
    }
  });

  it('links to an international number too', () => {
    expect(waMeLink('+61 412 345 678', 'Thanks')).toBe('https://wa.me/61412345678?text=Thanks');
  });
});
