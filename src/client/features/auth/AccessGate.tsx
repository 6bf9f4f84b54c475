// The counter's routes open only on an enrolled device with someone signed
// in. Both checks read IndexedDB alone, so an enrolled device opens offline.
// The management pages (/admin) stay outside: an admin must be able to
// register a device from the very PC that is not enrolled yet.
import { useLiveQuery } from 'dexie-react-hooks';
import { Outlet } from '../../shared/services/router.tsx';
import { isEnrolled } from '../../db/auth-repo.ts';
import { getDevice } from '../../db/device-repo.ts';
import { useDb } from '../../shared/services/services.tsx';
import { useSignedInUser } from '../../shared/services/session.ts';
import { CartHandover } from './CartHandover.tsx';
import { EnrolPage } from './EnrolPage.tsx';
import { SignInPage } from './SignInPage.tsx';

export function AccessGate() {
  const db = useDb();
  const device = useLiveQuery(async () => (await getDevice(db)) ?? null, [db]);
  const user = useSignedInUser();
  if (device === undefined || user === undefined) return null;
  if (!isEnrolled(device ?? undefined)) return <EnrolPage />;
  if (!user) return <SignInPage />;
  return (
    <>
      <Outlet />
      <CartHandover user={user} />
    </>
  );
}
