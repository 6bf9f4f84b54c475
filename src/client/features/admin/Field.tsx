// A labelled input with its hint and its error read out with it, so a server
// complaint about one field lands next to that field.
import { useId, type InputHTMLAttributes } from 'react';

export function Field({
  label,
  hint,
  error,
  ...input
}: { label: string; hint?: string | null; error?: string | null } & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  const described = [hint ? `${id}-hint` : null, error ? `${id}-err` : null].filter((x) => x !== null).join(' ');
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} aria-invalid={error ? true : undefined} aria-describedby={described || undefined} {...input} />
      {hint ? (
        <span id={`${id}-hint`} className="muted small">
          {hint}
        </span>
      ) : null}
      {error ? (
        <span id={`${id}-err`} className="error">
          {error}
        </span>
      ) : null}
    </div>
  );
}
