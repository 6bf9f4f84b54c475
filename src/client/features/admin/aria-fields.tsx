// The back office's form fields on react-aria-components: each with its
// label, its hint and its error read out with it, touch-sized, in the app's
// classes. The panels compose these instead of hand-written widgets.
import type { Key } from 'react-aria-components';
import { Button, Checkbox, FieldError, Input, Label, ListBox, ListBoxItem, NumberField, Popover, Select, SelectValue, Text, TextArea, TextField } from 'react-aria-components';

interface Common {
  label: string;
  hint?: string | null;
  error?: string | null;
  isDisabled?: boolean;
}

export function TextInput({
  label,
  hint,
  error,
  value,
  onChange,
  type = 'text',
  multiline = false,
  isDisabled,
  isRequired,
  maxLength,
  inputMode,
}: Common & {
  value: string;
  onChange: (v: string) => void;
  type?: 'text' | 'date' | 'time' | 'tel';
  multiline?: boolean;
  isRequired?: boolean;
  maxLength?: number;
  inputMode?: 'numeric' | 'text' | 'tel';
}) {
  return (
    <TextField
      className="field"
      value={value}
      onChange={onChange}
      type={type}
      isInvalid={!!error}
      {...(isDisabled !== undefined ? { isDisabled } : {})}
      {...(isRequired !== undefined ? { isRequired } : {})}
      {...(maxLength !== undefined ? { maxLength } : {})}
      {...(inputMode !== undefined ? { inputMode } : {})}
    >
      <Label>{label}</Label>
      {multiline ? <TextArea rows={3} spellCheck={false} /> : <Input spellCheck={type === 'text' ? undefined : false} />}
      {hint ? (
        <Text slot="description" className="muted small">
          {hint}
        </Text>
      ) : null}
      <FieldError className="error">{error}</FieldError>
    </TextField>
  );
}

/** A whole number or a percentage with decimals; `value` null while empty. */
export function NumberInput({
  label,
  hint,
  error,
  value,
  onChange,
  minValue,
  maxValue,
  fractionDigits = 0,
  isDisabled,
}: Common & { value: number | null; onChange: (v: number | null) => void; minValue?: number; maxValue?: number; fractionDigits?: number }) {
  return (
    <NumberField
      className="field"
      value={value ?? Number.NaN}
      onChange={(v) => onChange(Number.isNaN(v) ? null : v)}
      isInvalid={!!error}
      formatOptions={{ maximumFractionDigits: fractionDigits, useGrouping: true }}
      {...(minValue !== undefined ? { minValue } : {})}
      {...(maxValue !== undefined ? { maxValue } : {})}
      {...(isDisabled !== undefined ? { isDisabled } : {})}
    >
      <Label>{label}</Label>
      <Input inputMode={fractionDigits > 0 ? 'decimal' : 'numeric'} />
      {hint ? (
        <Text slot="description" className="muted small">
          {hint}
        </Text>
      ) : null}
      <FieldError className="error">{error}</FieldError>
    </NumberField>
  );
}

export interface ChoiceOption<K extends string> {
  id: K;
  label: string;
}

export function Choice<K extends string>({
  label,
  hint,
  error,
  value,
  onChange,
  options,
  placeholder,
  isDisabled,
}: Common & { value: K | null; onChange: (v: K) => void; options: readonly ChoiceOption<K>[]; placeholder?: string }) {
  return (
    <Select
      className="field"
      value={value}
      onChange={(k: Key | null) => {
        const hit = options.find((o) => o.id === k);
        if (hit) onChange(hit.id);
      }}
      isInvalid={!!error}
      {...(placeholder !== undefined ? { placeholder } : {})}
      {...(isDisabled !== undefined ? { isDisabled } : {})}
    >
      <Label>{label}</Label>
      <Button className="select-button">
        <SelectValue />
        <span aria-hidden="true"> ▾</span>
      </Button>
      {hint ? (
        <Text slot="description" className="muted small">
          {hint}
        </Text>
      ) : null}
      <FieldError className="error">{error}</FieldError>
      <Popover className="select-popover">
        <ListBox className="select-list">
          {options.map((o) => (
            <ListBoxItem key={o.id} id={o.id} textValue={o.label} className="select-option">
              {o.label}
            </ListBoxItem>
          ))}
        </ListBox>
      </Popover>
    </Select>
  );
}

export function Toggle({ label, value, onChange, isDisabled }: { label: string; value: boolean; onChange: (v: boolean) => void; isDisabled?: boolean }) {
  return (
    <Checkbox className="check aria-check" isSelected={value} onChange={onChange} {...(isDisabled !== undefined ? { isDisabled } : {})}>
      {({ isSelected }) => (
        <>
          <span className="check-box" aria-hidden="true">
            {isSelected ? '✓' : ''}
          </span>
          {label}
        </>
      )}
    </Checkbox>
  );
}
