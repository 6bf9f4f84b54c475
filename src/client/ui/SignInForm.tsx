// The management sign-in (username + password), shared by the admin and
// review pages. Presentational: the caller does the request and hands back
// the failure in words, or null when the sign-in worked.
import { useId, useRef, useState, type FormEvent } from 'react';
import { useT } from '../i18n/use-t.ts';

export function SignInForm({
  heading,
  notice,
  onSignIn,
}: {
  heading: string;
  /** Why the form is shown, e.g. the session ended. */
  notice?: string | null;
  onSignIn: (username: string, password: string) => Promise<string | null>;
}) {
  const t = useT();
  const ids = useId();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const passwordRef = useRef<HTMLInputElement>(null);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    if (username.trim() === '' || password === '') {
      setError(t('signInMissing'));
      return;
    }
    setBusy(true);
    setError(null);
    onSignIn(username.trim(), password)
      .then((problem) => {
        if (problem === null) return;
        setError(problem);
        // A wrong password is retyped, not edited.
        setPassword('');
        passwordRef.current?.focus();
      })
      .finally(() => setBusy(false));
  };

  return (
    <form className="settings" aria-labelledby={`${ids}-h`} onSubmit={submit} noValidate>
      <h2 id={`${ids}-h`}>{heading}</h2>
      {notice ? (
        <p role="status" className="big-error">
          {notice}
        </p>
      ) : null}
      <p className="muted">{t('signInHelp')}</p>
      <label className="field">
        <span>{t('mgmtUsername')}</span>
        <input
          name="username"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          value={username}
          onChange={(e) => setUsername(e.target.value)}
          aria-invalid={error !== null}
          aria-describedby={error ? `${ids}-err` : undefined}
        />
      </label>
      <label className="field">
        <span>{t('mgmtPassword')}</span>
        <input
          ref={passwordRef}
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          aria-invalid={error !== null}
          aria-describedby={error ? `${ids}-err` : undefined}
        />
      </label>
      {error ? (
        <p id={`${ids}-err`} role="alert" className="error">
          {error}
        </p>
      ) : null}
      <button type="submit" className="primary" disabled={busy} aria-busy={busy}>
        {t('mgmtSignIn')}
      </button>
    </form>
  );
}
