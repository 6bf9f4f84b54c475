import { useState } from 'react';
import type { Discount } from '../../domain/cart.ts';
import { parseRupiah } from '../../domain/money.ts';
import { useT } from '../i18n/use-t.ts';

/** Percent ("10", "12,5") or rupiah ("5.000"); reports a clear error instead of guessing. */
export function parseDiscount(kind: 'percent' | 'amount', text: string): Discount | null {
  if (kind === 'amount') {
    const amount = parseRupiah(text);
    return amount === null ? null : { kind: 'amount', amount };
  }
  const m = /^\s*(\d{1,3})(?:[.,](\d{1,2}))?\s*%?\s*$/.exec(text);
  if (!m) return null;
  const bp = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return bp <= 10_000 ? { kind: 'percent', bp } : null;
}

export function describeDiscount(d: Discount): string {
  return d.kind === 'percent' ? `${String(d.bp / 100).replace('.', ',')}%` : `Rp ${new Intl.NumberFormat('id-ID').format(d.amount)}`;
}

interface Props {
  label: string;
  value: Discount | null;
  onApply: (d: Discount | null) => void;
  onClose: () => void;
}

export function DiscountEditor({ label, value, onApply, onClose }: Props) {
  const t = useT();
  const [kind, setKind] = useState<'percent' | 'amount'>(value?.kind ?? 'percent');
  const [text, setText] = useState(value ? (value.kind === 'percent' ? String(value.bp / 100) : String(value.amount)) : '');
  const parsed = text.trim() === '' ? null : parseDiscount(kind, text);
  const invalid = text.trim() !== '' && parsed === null;
  return (
    <div className="discount-editor" role="group" aria-label={label}>
      <select aria-label={t('discountKind')} value={kind} onChange={(e) => setKind(e.target.value === 'amount' ? 'amount' : 'percent')}>
        <option value="percent">%</option>
        <option value="amount">Rp</option>
      </select>
      <input
        aria-label={label}
        inputMode="decimal"
        value={text}
        autoFocus
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && parsed) {
            onApply(parsed);
            onClose();
          }
          if (e.key === 'Escape') onClose();
        }}
        aria-invalid={invalid}
      />
      <button
        type="button"
        className="primary"
        disabled={!parsed}
        onClick={() => {
          onApply(parsed);
          onClose();
        }}
      >
        {t('apply')}
      </button>
      {value ? (
        <button
          type="button"
          className="secondary"
          onClick={() => {
            onApply(null);
            onClose();
          }}
        >
          {t('removeDiscount')}
        </button>
      ) : null}
      {invalid ? (
        <p className="error" role="alert">
          {t('invalidDiscount')}
        </p>
      ) : null}
    </div>
  );
}
