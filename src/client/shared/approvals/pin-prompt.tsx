// Pick a person, type their PIN: the one form behind sign-in and supervisor
// approval, so both follow the same lockout and say the same things.
import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { lockedFor } from '../../../domain/lockout.ts';
import { getLockout } from '../../db/auth-repo.ts';
import type { UserRow } from '../../db/schema.ts';
import type { T } from '../../i18n/use-t.ts';
import { useT } from '../../i18n/use-t.ts';
import { PinPad } from '../../ui/PinPad.tsx';
import { UserPicker } from '../../ui/UserPicker.tsx';
import { checkPin, type PinCheck } from './pin-check.ts';
import { useDb } from '../services/services.tsx';
import { useClock } from '../services/use-clock.ts';

/** "4 menit": whole minutes rounded up, as a lockout of 5 minutes reads best counting down from 5. */
export function waitText(t: T, ms: number): string {
  const s = Math.ceil(ms / 1000);
  if (s < 60) return t('seconds', { n: s });
  return t('minutes', { n: Math.ceil(s / 60) });
}

interface Props {
  users: readonly UserRow[];
  /** Who is picked to start with (the signed-in supervisor approving their own act). */
  initialUserId: string | null;
  pickLabel: string;
  submitLabel: string;
  onVerified: (user: UserRow) => void;
}

export function PinPrompt({ users, initialUserId, pickLabel, submitLabel, onVerified }: Props) {
  const t = useT();
  const db = useDb();
  const [picked, setPicked] = useState<string | null>(initialUserId);
  const [result, setResult] = useState<{ userId: string; check: PinCheck } | null>(null);
  const [busy, setBusy] = useState(false);
  const now = useClock();
  const user = users.find((u) => u.id === picked) ?? null;
  const lock = useLiveQuery(() => (user ? getLockout(db, user.id) : undefined), [db, user?.id]);
  // The clock ticks each second; a lock that began since its last tick is measured from now.
  const lockedMs = lock ? lockedFor(lock, Math.max(now, Date.now())) : 0;
  const check = result && result.userId === user?.id ? result.check : null;

  const submit = async (pin: string) => {
    if (!user || busy) return;
    setBusy(true);
    try {
      const c = await checkPin(db, user, pin);
      setResult({ userId: user.id, check: c });
      if (c.kind === 'ok') onVerified(user);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="pin-prompt">
      <UserPicker
        label={pickLabel}
        users={users}
        selected={picked}
        onSelect={(id) => {
          setPicked(id);
          setResult(null);
        }}
      />
      {user ? (
        <>
          <PinPad key={user.id} label={t('pinFor', { name: user.name })} submitLabel={busy ? t('pinChecking') : submitLabel} disabled={busy || lockedMs > 0} onSubmit={(pin) => void submit(pin)} />
          {lockedMs > 0 ? (
            <p role="alert" className="error" data-testid="pin-locked">
              {t('pinLocked', { name: user.name, time: waitText(t, lockedMs) })}
            </p>
          ) : check?.kind === 'wrong' ? (
            <p role="alert" className="error">
              {t('pinWrong', { n: check.attemptsLeft })}
            </p>
          ) : null}
        </>
      ) : (
        <p className="muted">{t('pickUserFirst')}</p>
      )}
    </div>
  );
}
