// The back office's form controls, made of react-aria-components so labels,
// descriptions, errors and keyboard use come right by construction: each
// error is read out with its field and sits next to it.
import type { ReactNode } from 'react';
import {
  Button,
  Checkbox,
  ComboBox,
  FieldError,
  Input,
  Label,
  ListBox,
  ListBoxItem,
  NumberField,
  Popover,
  Select,
  SelectValue,
  Text,
  TextArea,
  TextField,
} from 'react-aria-components';

interface Common {
  label: string;
  error?: string | null | undefined;
  hint?: string | null | undefined;
}

export function TextInput({ label, error, hint, value, onChange, autoFocus, inputMode, name }: Common & { value: string; onChange: (v: string) => void; autoFocus?: boolean; inputMode?: 'numeric' | 'text'; name?: string }) {
  return (
    <TextField className="field" value={value} onChange={onChange} isInvalid={Boolean(error)} validationBehavior="aria" {...(autoFocus ? { autoFocus } : {})} {...(name ? { name } : {})}>
      <Label>{label}</Label>
      <Input {...(inputMode ? { inputMode } : {})} />
      {hint ? (
        <Text slot="description" className="muted small">
          {hint}
        </Text>
      ) : null}
      <FieldError className="error">{error}</FieldError>
    </TextField>
  );
}

export function LongText({ label, error, hint, value, onChange }: Common & { value: string; onChange: (v: string) => void }) {
  return (
    <TextField className="field" value={value} onChange={onChange} isInvalid={Boolean(error)} validationBehavior="aria">
      <Label>{label}</Label>
      <TextArea rows={3} />
      {hint ? (
        <Text slot="description" className="muted small">
          {hint}
        </Text>
      ) : null}
      <FieldError className="error">{error}</FieldError>
    </TextField>
  );
}

/** Whole rupiah (or pieces); NaN while empty. */
export function WholeNumber({ label, error, hint, value, onChange, min = 0 }: Common & { value: number; onChange: (v: number) => void; min?: number }) {
  return (
    <NumberField className="field" value={value} onChange={onChange} minValue={min} formatOptions={{ maximumFractionDigits: 0, useGrouping: true }} isInvalid={Boolean(error)} validationBehavior="aria">
      <Label>{label}</Label>
      <Input inputMode="numeric" />
      {hint ? (
        <Text slot="description" className="muted small">
          {hint}
        </Text>
      ) : null}
      <FieldError className="error">{error}</FieldError>
    </NumberField>
  );
}

export interface Choice {
  id: string;
  name: string;
}

export function Picker({ label, error, value, onChange, choices, placeholder }: Common & { value: string | null; onChange: (id: string) => void; choices: readonly Choice[]; placeholder?: string }) {
  return (
    <Select
      className="field"
      selectedKey={value}
      onSelectionChange={(k) => {
        if (k !== null) onChange(String(k));
      }}
      isInvalid={Boolean(error)}
      validationBehavior="aria"
      {...(placeholder ? { placeholder } : {})}
    >
      <Label>{label}</Label>
      <Button className="picker-button">
        <SelectValue />
        <span aria-hidden="true">▾</span>
      </Button>
      <FieldError className="error">{error}</FieldError>
      <Popover className="picker-popover">
        <ListBox items={choices}>{(c) => <ListBoxItem id={c.id}>{c.name}</ListBoxItem>}</ListBox>
      </Popover>
    </Select>
  );
}

/** Free text with the known values offered (a category). */
export function Suggest({ label, error, value, onChange, options, toggleLabel }: Common & { value: string; onChange: (v: string) => void; options: readonly string[]; toggleLabel: string }) {
  const items = options.map((o) => ({ id: o, name: o }));
  return (
    <ComboBox className="field" allowsCustomValue inputValue={value} onInputChange={onChange} onSelectionChange={(k) => (k !== null ? onChange(String(k)) : undefined)} items={items} isInvalid={Boolean(error)} validationBehavior="aria" menuTrigger="focus">
      <Label>{label}</Label>
      <div className="suggest">
        <Input />
        <Button aria-label={toggleLabel}>▾</Button>
      </div>
      <FieldError className="error">{error}</FieldError>
      <Popover className="picker-popover">
        <ListBox>{(c: Choice) => <ListBoxItem id={c.id}>{c.name}</ListBoxItem>}</ListBox>
      </Popover>
    </ComboBox>
  );
}

export function Tick({ children, value, onChange }: { children: ReactNode; value: boolean; onChange: (v: boolean) => void }) {
  return (
    <Checkbox className="tick" isSelected={value} onChange={onChange}>
      <span className="tick-box" aria-hidden="true">
        {value ? '✓' : ''}
      </span>
      {children}
    </Checkbox>
  );
}
