import { useState } from 'react';
import { formatRupiah, parseRupiah } from '../../domain/money.ts';
import { useT } from '../i18n/use-t.ts';

interface Props {
  /** Names the field, e.g. "Harga Madu Hutan Sumbawa 500 ml". */
  label: string;
  price: number;
  /** The catalog's price, offered as the way back. */
  listPrice: number;
  onApply: (price: number) => void;
  onClose: () => void;
}

/** A new unit price for one cart line, in rupiah; the catalog price is shown beside it. */
export function PriceEditor({ label, price, listPrice, onApply, onClose }: Props) {
  const t = useT();
  const [text, setText] = useState(String(price));
  const parsed = text.trim() === '' ? null : parseRupiah(text);
  const invalid = text.trim() !== '' && parsed === null;
  const apply = (p: number | null) => {
    if (p === null) return;
    onApply(p);
    onClose();
  };
  return (
    <div className="discount-editor" role="group" aria-label={label}>
      <input
        aria-label={label}
        inputMode="numeric"
        value={text}
        autoFocus
        onFocus={(e) => e.target.select()}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') apply(parsed);
          if (e.key === 'Escape') onClose();
        }}
        aria-invalid={invalid}
      />
      <button type="button" className="primary" disabled={parsed === null} onClick={() => apply(parsed)}>
        {t('apply')}
      </button>
      {price !== listPrice ? (
        <button type="button" className="secondary" onClick={() => apply(listPrice)}>
          {t('priceBack', { price: formatRupiah(listPrice) })}
        </button>
      ) : null}
      <span className="muted small">{t('priceList', { price: formatRupiah(listPrice) })}</span>
      {invalid ? (
        <p className="error" role="alert">
          {t('invalidAmount')}
        </p>
      ) : null}
    </div>
  );
}
