// Big buttons, one per person, for picking who signs in or approves: a name
// is quicker to find by eye than to type, and a finger hits it first time.
import type { Role } from '../../domain/approval.ts';
import { useT } from '../i18n/use-t.ts';
import { ROLE_LABEL } from './SessionBar.tsx';

export interface PickableUser {
  id: string;
  name: string;
  role: Role;
}

interface Props {
  label: string;
  users: readonly PickableUser[];
  selected: string | null;
  onSelect: (id: string) => void;
}

export function UserPicker({ label, users, selected, onSelect }: Props) {
  const t = useT();
  return (
    <div className="user-picker" role="radiogroup" aria-label={label}>
      {users.map((u) => (
        <button
          key={u.id}
          type="button"
          role="radio"
          aria-checked={selected === u.id}
          className={selected === u.id ? 'user-tile selected' : 'user-tile'}
          onClick={() => onSelect(u.id)}
        >
          <span className="user-name">{u.name}</span> <span className="user-role">{t(ROLE_LABEL[u.role])}</span>
        </button>
      ))}
    </div>
  );
}
