// The people who use the tills: add one, change their role, outlet or PIN,
// switch them off. Only whether a PIN or password is set is ever shown; the
// server never sends hashes and this page would not show them if it did.
import { useId, useState, type FormEvent } from 'react';
import { ROLES, type Role } from '../../../domain/approval.ts';
import { pinProblem } from '../../../domain/pin.ts';
import { passwordSchema, usernameSchema, type AdminUser, type CreateUserRequest, type UpdateUserRequest } from '../../../protocol/auth.ts';
import { DEFAULT_OUTLET_ID } from '../../db/device-repo.ts';
import { useT, type T } from '../../i18n/use-t.ts';
import { createUser, listUsers, updateUser } from '../../sync/admin-api.ts';
import { ROLE_LABEL } from '../../ui/SessionBar.tsx';
import { Field } from './Field.tsx';
import { PanelError } from './PanelError.tsx';
import { serverFieldError } from './server-field.ts';
import { useLoaded } from './use-loaded.ts';
import { outletChoices, outletName, useKnownOutlets, type KnownOutlet } from './use-known-outlets.ts';
import { Choice } from './aria-fields.tsx';


export function UsersPanel() {
  const t = useT();
  const outlets = useKnownOutlets();
  const { data: users, error: loadError, reload: load } = useLoaded(listUsers);
  const [editing, setEditing] = useState<AdminUser | null>(null);
  const [notice, setNotice] = useState<string | null>(null);


  const done = (message: string) => {
    setNotice(message);
    setEditing(null);
    load();
  };

  return (
    <section aria-labelledby="users-heading">
      <h2 id="users-heading">{t('usersTitle')}</h2>
      {notice ? (
        <p role="status" className="notice">
          {notice}
        </p>
      ) : null}
      {loadError !== null ? <PanelError error={loadError} /> : null}
      {users === null && loadError === null ? <p>{t('loading')}</p> : null}
      {users !== null && users.length === 0 ? <p className="notice">{t('noUsers')}</p> : null}
      {users !== null && users.length > 0 ? (
        <table className="sales-table">
          <thead>
            <tr>
              <th scope="col">{t('userName')}</th>
              <th scope="col">{t('mgmtUsername')}</th>
              <th scope="col">{t('userRole')}</th>
              <th scope="col">{t('outlet')}</th>
              <th scope="col">{t('userActive')}</th>
              <th scope="col">{t('pinColumn')}</th>
              <th scope="col">{t('passwordColumn')}</th>
              <th scope="col">{t('mgmtActions')}</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id}>
                <th scope="row">{u.name}</th>
                <td>{u.username}</td>
                <td>{t(ROLE_LABEL[u.role])}</td>
                <td>{u.outletId === null ? t('allOutlets') : outletName(outlets, u.outletId)}</td>
                <td>{u.active ? t('mgmtYes') : t('mgmtNo')}</td>
                <td>{u.hasPin ? t('isSet') : t('notSet')}</td>
                <td>{u.hasPassword ? t('isSet') : t('notSet')}</td>
                <td>
                  <button
                    type="button"
                    className="secondary small"
                    aria-label={t('editUser', { name: u.name })}
                    onClick={() => {
                      setNotice(null);
                      setEditing(u);
                    }}
                  >
                    {t('editAction')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {editing ? (
        <UserForm
          key={editing.id}
          user={editing}
          outlets={outlets}
          onCancel={() => setEditing(null)}
          onSaved={(u) => done(t('userSaved', { username: u.username }))}
        />
      ) : null}
      <UserForm key="create" user={null} outlets={outlets} onSaved={(u) => done(t('userCreated', { username: u.username }))} />
    </section>
  );
}

const USER_FIELDS = ['username', 'name', 'role', 'outletId', 'active', 'pin', 'password'] as const;
type UserField = (typeof USER_FIELDS)[number];
type FieldErrors = Partial<Record<UserField, string>>;

interface Draft {
  username: string;
  name: string;
  role: Role;
  allOutlets: boolean;
  outletId: string;
  active: boolean;
  pin: string;
  password: string;
}

function draftOf(user: AdminUser | null): Draft {
  if (!user) return { username: '', name: '', role: 'cashier', allOutlets: false, outletId: DEFAULT_OUTLET_ID, active: true, pin: '', password: '' };
  return {
    username: user.username,
    name: user.name,
    role: user.role,
    allOutlets: user.outletId === null,
    outletId: user.outletId ?? '',
    active: user.active,
    pin: '',
    password: '',
  };
}

/** Only an admin may hold every outlet; switching the role away takes the choice back. */
const everyOutlet = (d: Draft): boolean => d.role === 'admin' && d.allOutlets;

/** The same rules the server's schemas hold, checked first so the message is in the reader's language. */
function validate(t: T, d: Draft, creating: boolean): FieldErrors {
  const errors: FieldErrors = {};
  if (creating && !usernameSchema.safeParse(d.username.trim()).success) errors.username = t('errUsername');
  if (d.name.trim() === '') errors.name = t('errName');
  if (!everyOutlet(d) && d.outletId.trim() === '') errors.outletId = t('errOutlet');
  if (creating || d.pin !== '') {
    const problem = pinProblem(d.pin);
    if (problem === 'too-simple') errors.pin = t('errPinSimple');
    else if (problem !== null) errors.pin = t('errPin');
  }
  if (d.password !== '' && !passwordSchema.safeParse(d.password).success) errors.password = t('errPassword');
  return errors;
}

function createRequest(d: Draft): CreateUserRequest {
  return {
    username: d.username.trim(),
    name: d.name.trim(),
    role: d.role,
    outletId: everyOutlet(d) ? null : d.outletId.trim(),
    pin: d.pin,
    ...(d.password !== '' ? { password: d.password } : {}),
  };
}

/** Only what changed, so the audit log records the acts that happened and nothing else. */
function updateRequest(user: AdminUser, d: Draft): UpdateUserRequest {
  const req: UpdateUserRequest = {};
  const outletId = everyOutlet(d) ? null : d.outletId.trim();
  if (d.name.trim() !== user.name) req.name = d.name.trim();
  if (d.role !== user.role) req.role = d.role;
  if (outletId !== user.outletId) req.outletId = outletId;
  if (d.active !== user.active) req.active = d.active;
  if (d.pin !== '') req.pin = d.pin;
  if (d.password !== '') req.password = d.password;
  return req;
}

function UserForm({
  user,
  outlets,
  onSaved,
  onCancel,
}: {
  /** Null: a new user. */
  user: AdminUser | null;
  outlets: readonly KnownOutlet[];
  onSaved: (u: AdminUser) => void;
  onCancel?: () => void;
}) {
  const t = useT();
  const id = useId();
  const creating = user === null;
  const [draft, setDraft] = useState<Draft>(() => draftOf(user));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<unknown>(null);
  const [formNote, setFormNote] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setFormError(null);
    setFormNote(null);
    const problems = validate(t, draft, creating);
    setErrors(problems);
    if (Object.keys(problems).length > 0) {
      setFormNote(t('fixFields'));
      return;
    }
    let request: Promise<AdminUser>;
    if (user === null) request = createUser(createRequest(draft));
    else {
      const changes = updateRequest(user, draft);
      if (Object.keys(changes).length === 0) {
        setFormNote(t('nothingChanged'));
        return;
      }
      request = updateUser(user.id, changes);
    }
    setBusy(true);
    request
      .then((saved) => {
        if (creating) setDraft(draftOf(null));
        onSaved(saved);
      })
      .catch((err: unknown) => {
        const onField = serverFieldError(t, err, USER_FIELDS);
        if (onField) {
          setErrors({ [onField.field]: onField.text });
          setFormNote(t('fixFields'));
        } else setFormError(err);
      })
      .finally(() => setBusy(false));
  };

  const heading = user === null ? t('createUserTitle') : t('editUserTitle', { name: user.name });
  return (
    <form aria-labelledby={`${id}-h`} onSubmit={submit} noValidate className="settings">
      <h3 id={`${id}-h`}>{heading}</h3>
      {creating ? (
        <Field
          label={t('mgmtUsername')}
          error={errors.username}
          autoCapitalize="none"
          spellCheck={false}
          autoComplete="off"
          value={draft.username}
          onChange={(e) => set('username', e.target.value)}
        />
      ) : null}
      <Field label={t('userName')} error={errors.name} maxLength={100} value={draft.name} onChange={(e) => set('name', e.target.value)} />
      <div className="field">
        <label htmlFor={`${id}-role`}>{t('userRole')}</label>
        <select
          id={`${id}-role`}
          value={draft.role}
          onChange={(e) => set('role', e.target.value as Role)}
          aria-invalid={errors.role ? true : undefined}
          aria-describedby={errors.role ? `${id}-role-err` : undefined}
        >
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {t(ROLE_LABEL[r])}
            </option>
          ))}
        </select>
        {errors.role ? (
          <span id={`${id}-role-err`} className="error">
            {errors.role}
          </span>
        ) : null}
      </div>
      {draft.role === 'admin' ? (
        <label className="check">
          <input type="checkbox" checked={draft.allOutlets} onChange={(e) => set('allOutlets', e.target.checked)} />
          {t('allOutletsAdminOnly')}
        </label>
      ) : null}
      {everyOutlet(draft) ? <p className="muted small">{t('allOutletsNoPin')}</p> : null}
      {!everyOutlet(draft) ? (
        <Choice label={t('outlet')} error={errors.outletId} value={draft.outletId === '' ? null : draft.outletId} placeholder={t('outletChoose')} onChange={(v) => set('outletId', v)} options={outletChoices(outlets, draft.outletId)} />
      ) : null}
      {!creating ? (
        <label className="check">
          <input type="checkbox" checked={draft.active} onChange={(e) => set('active', e.target.checked)} />
          {t('userActive')}
        </label>
      ) : null}
      <Field
        label={creating ? t('userPin') : t('newPin')}
        hint={creating ? null : t('keepIfEmpty')}
        error={errors.pin}
        type="password"
        inputMode="numeric"
        autoComplete="new-password"
        maxLength={8}
        value={draft.pin}
        onChange={(e) => set('pin', e.target.value)}
      />
      <Field
        label={creating ? t('passwordOptional') : t('newPassword')}
        hint={creating ? null : t('keepIfEmpty')}
        error={errors.password}
        type="password"
        autoComplete="new-password"
        value={draft.password}
        onChange={(e) => set('password', e.target.value)}
      />
      {formNote ? (
        <p role="status" className="notice">
          {formNote}
        </p>
      ) : null}
      {formError !== null ? <PanelError error={formError} /> : null}
      <div className="confirm">
        <button type="submit" className="primary" disabled={busy}>
          {creating ? t('createUser') : t('save')}
        </button>
        {onCancel ? (
          <button type="button" className="secondary" onClick={onCancel}>
            {t('mgmtCancel')}
          </button>
        ) : null}
      </div>
    </form>
  );
}
