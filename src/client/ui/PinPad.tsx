// An on-screen PIN keypad with big keys for touch; the keyboard's digits,
// Backspace and Enter work too. The field is read-only so a tablet does not
// raise its own keyboard over the keypad.
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useT } from '../i18n/use-t.ts';

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'] as const;
const MIN = 4;
const MAX = 8;

interface Props {
  /** Names the keypad group, e.g. "PIN Baiq". */
  label: string;
  submitLabel: string;
  disabled?: boolean;
  onSubmit: (pin: string) => void;
  /** Focus the PIN field when the pad appears. */
  autoFocus?: boolean;
}

export function PinPad({ label, submitLabel, disabled = false, onSubmit, autoFocus = true }: Props) {
  const t = useT();
  const [pin, setPin] = useState('');
  const field = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (autoFocus) field.current?.focus();
  }, [autoFocus]);

  const add = (d: string) => setPin((p) => (p.length < MAX ? p + d : p));
  const submit = () => {
    if (disabled || pin.length < MIN) return;
    // Cleared at once: the digits are not kept in the page longer than the check needs.
    setPin('');
    onSubmit(pin);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLElement>) => {
    if (disabled) return;
    if (/^\d$/.test(e.key)) {
      e.preventDefault();
      add(e.key);
    } else if (e.key === 'Backspace') {
      e.preventDefault();
      setPin((p) => p.slice(0, -1));
    } else if (e.key === 'Enter' && e.target === field.current) {
      e.preventDefault();
      submit();
    }
  };

  return (
    <div className="pinpad" role="group" aria-label={label} onKeyDown={onKeyDown} data-scan-ignore="">
      <input
        ref={field}
        className="pin-field"
        type="password"
        readOnly
        value={pin}
        aria-label={t('pin')}
        autoComplete="off"
        disabled={disabled}
      />
      <div className="pin-keys">
        {KEYS.map((d) => (
          <button key={d} type="button" className="pin-key" disabled={disabled} onClick={() => add(d)}>
            {d}
          </button>
        ))}
        <button type="button" className="pin-key" disabled={disabled || pin === ''} aria-label={t('pinBackspace')} onClick={() => setPin((p) => p.slice(0, -1))}>
          ⌫
        </button>
        <button type="button" className="pin-key" disabled={disabled} onClick={() => add('0')}>
          0
        </button>
        <button type="button" className="pin-key primary" disabled={disabled || pin.length < MIN} onClick={submit}>
          {submitLabel}
        </button>
      </div>
    </div>
  );
}
