// Replacing one's own password. A password the server printed (first start,
// `npm run admin`) opens nothing else until it is replaced: whoever stood at
// the server's terminal may have read it.
import { useState } from 'react';
import { Button, FieldError, Form, Input, Label, TextField } from 'react-aria-components';
import { passwordSchema } from '../../../protocol/auth.ts';
import { useT } from '../../i18n/use-t.ts';
import { ManagementError, managementErrorText } from '../../shared/services/management-session.ts';
import { changePassword } from '../../sync/admin-api.ts';

type Fields = 'currentPassword' | 'newPassword' | 'repeatPassword';

export function ChangePasswordPanel({ forced, onDone }: { forced: boolean; onDone?: () => void }) {
  const t = useT();
  const [values, setValues] = useState<Record<Fields, string>>({ currentPassword: '', newPassword: '', repeatPassword: '' });
  const [errors, setErrors] = useState<Partial<Record<Fields, string>>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);

  const set = (field: Fields) => (value: string) => {
    setValues((v) => ({ ...v, [field]: value }));
    setErrors((e) => ({ ...e, [field]: undefined }));
  };

  // The same rules as the server's schema, said before the round trip.
  const check = (): Partial<Record<Fields, string>> => {
    const found: Partial<Record<Fields, string>> = {};
    if (values.currentPassword === '') found.currentPassword = t('pwCurrentMissing');
    if (!passwordSchema.safeParse(values.newPassword).success) found.newPassword = t('pwTooShort');
    else if (values.newPassword === values.currentPassword) found.newPassword = t('pwSameAsCurrent');
    if (values.repeatPassword !== values.newPassword) found.repeatPassword = t('pwRepeatDiffers');
    return found;
  };

  const submit = () => {
    if (busy) return;
    const found = check();
    setErrors(found);
    setProblem(null);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    changePassword(values.currentPassword, values.newPassword)
      .then(() => {
        setDone(true);
        setValues({ currentPassword: '', newPassword: '', repeatPassword: '' });
        onDone?.();
      })
      .catch((e: unknown) => {
        const text = managementErrorText(t, e);
        if (e instanceof ManagementError && (e.field === 'currentPassword' || e.field === 'newPassword')) setErrors({ [e.field]: text });
        else setProblem(text);
      })
      .finally(() => setBusy(false));
  };

  const field = (name: Fields, label: string, autoComplete: string) => (
    <TextField
      name={name}
      type="password"
      autoComplete={autoComplete}
      className="field"
      value={values[name]}
      onChange={set(name)}
      isInvalid={errors[name] !== undefined}
    >
      <Label>{label}</Label>
      <Input />
      <FieldError className="error">{errors[name]}</FieldError>
    </TextField>
  );

  return (
    <Form
      className="settings"
      aria-labelledby="pw-heading"
      validationBehavior="aria"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <h2 id="pw-heading">{t('pwTitle')}</h2>
      {forced ? (
        <p role="status" className="big-error">
          {t('pwForcedNotice')}
        </p>
      ) : null}
      <p className="muted">{t('pwHelp')}</p>
      {field('currentPassword', forced ? t('pwCurrentOneTime') : t('pwCurrent'), 'current-password')}
      {field('newPassword', t('pwNew'), 'new-password')}
      {field('repeatPassword', t('pwRepeat'), 'new-password')}
      {problem ? (
        <p role="alert" className="error">
          {problem}
        </p>
      ) : null}
      {done ? <p role="status">{t('pwDone')}</p> : null}
      <Button type="submit" className="primary" isDisabled={busy}>
        {t('pwSubmit')}
      </Button>
    </Form>
  );
}
