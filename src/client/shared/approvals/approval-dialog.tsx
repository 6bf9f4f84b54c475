// A supervisor's PIN for one act (a void, a refund, a price or a discount
// beyond the limit). Any screen asks with `await ask(what)` and gets who
// approved and when, or null when the cashier gave up.
import { useLiveQuery } from 'dexie-react-hooks';
import { useCallback, useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { canApprove } from '../../../domain/approval.ts';
import { approvers } from '../../db/auth-repo.ts';
import { getDevice } from '../../db/device-repo.ts';
import { useT } from '../../i18n/use-t.ts';
import type { ApprovalGrant } from './approvals.ts';
import { PinPrompt } from './pin-prompt.tsx';
import { useDb } from '../services/services.tsx';
import { useSignedInUser } from '../services/session.ts';

interface Pending {
  what: string;
  resolve: (g: ApprovalGrant | null) => void;
}

export function useApproval(): { ask: (what: string) => Promise<ApprovalGrant | null>; dialog: ReactNode } {
  const [pending, setPending] = useState<Pending | null>(null);
  const current = useRef<Pending | null>(null);
  const ask = useCallback(
    (what: string) =>
      new Promise<ApprovalGrant | null>((resolve) => {
        // One question at a time: an earlier one still open is answered "no".
        current.current?.resolve(null);
        const p = { what, resolve };
        current.current = p;
        setPending(p);
      }),
    [],
  );
  const done = useCallback((g: ApprovalGrant | null) => {
    current.current?.resolve(g);
    current.current = null;
    setPending(null);
  }, []);
  useEffect(() => () => current.current?.resolve(null), []);
  return { ask, dialog: pending ? <ApprovalDialog what={pending.what} onDone={done} /> : null };
}

function ApprovalDialog({ what, onDone }: { what: string; onDone: (g: ApprovalGrant | null) => void }) {
  const t = useT();
  const db = useDb();
  const id = useId();
  const me = useSignedInUser();
  const device = useLiveQuery(() => getDevice(db), [db]);
  const outletId = device?.outletId ?? null;
  const list = useLiveQuery(() => (outletId ? approvers(db, outletId) : Promise.resolve(undefined)), [db, outletId]);
  const section = useRef<HTMLElement>(null);
  // Focus goes back where it was (the button that asked) when the dialog closes.
  const returnTo = useRef<Element | null>(typeof document === 'undefined' ? null : document.activeElement);
  useEffect(() => {
    const back = returnTo.current;
    return () => {
      if (back instanceof HTMLElement && back.isConnected) back.focus();
    };
  }, []);
  // Modal: Escape gives up wherever focus is, even before it moved in.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onDone(null);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [onDone]);
  const ready = list !== undefined && me !== undefined;
  useEffect(() => {
    if (!ready) return;
    const el = section.current;
    if (el && !el.contains(document.activeElement)) el.querySelector<HTMLElement>('.pin-field:not([disabled]), [role="radio"], button')?.focus();
  }, [ready]);

  const initial = me && canApprove(me.role) ? me.id : list?.length === 1 ? (list[0]?.id ?? null) : null;

  return (
    <div className="overlay">
      <section
        ref={section}
        className="dialog approval"
        role="dialog"
        aria-modal="true"
        aria-labelledby={`${id}-title`}
        aria-describedby={`${id}-what`}
      >
        <h2 id={`${id}-title`}>{t('approvalTitle')}</h2>
        <p id={`${id}-what`} className="approval-what">
          {what}
        </p>
        {ready && list.length === 0 ? <p className="notice">{t('approvalNoApprovers')}</p> : null}
        {ready && list.length > 0 ? (
          <PinPrompt
            users={list}
            initialUserId={initial}
            pickLabel={t('approvalPick')}
            submitLabel={t('approve')}
            onVerified={(approver) => onDone({ approver, at: Date.now() })}
          />
        ) : null}
        <button type="button" className="secondary" onClick={() => onDone(null)}>
          {t('cancel')}
        </button>
      </section>
    </div>
  );
}
