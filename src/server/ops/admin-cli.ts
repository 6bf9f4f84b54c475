// `npm run admin -- reset-password USERNAME` and `create-admin USERNAME`,
// on the server's machine, for the day the only admin forgot the password.
// Whoever can run this can read the database anyway; the act is audited
// (no actor: the server's machine).
import { hashPassword } from '../accounts/password.ts';
import { randomCode } from '../accounts/tokens.ts';
import { createUser, requirePasswordChange, updateUser, userByUsername } from '../accounts/accounts.ts';
import { loadConfig } from '../config.ts';
import { openStore } from '../open-store.ts';
import { Refusal } from '../refusal.ts';
import { usernameSchema } from '../../protocol/auth.ts';

const USAGE = 'usage: npm run admin -- reset-password USERNAME | create-admin USERNAME';
const [command, username] = process.argv.slice(2);
if (!username || (command !== 'reset-password' && command !== 'create-admin')) {
  console.error(USAGE);
  process.exit(2);
}

const store = await openStore(loadConfig(process.env, process.cwd()).database);
const password = randomCode(16);
const passwordHash = await hashPassword(password);
const act = { at: store.now(), actorId: null };
try {
  if (command === 'reset-password') {
    const user = await store.db.tx((tx) => userByUsername(tx, username));
    if (!user) throw new Refusal('not-found', 'not-found', `no user is called "${username}"; npm run admin -- create-admin ${username} makes a new admin`);
    await store.db.tx(async (tx) => {
      await updateUser(tx, user.id, { passwordHash, active: true }, act);
      await requirePasswordChange(tx, user.id);
    });
    console.log(`One-time password for ${username} (their sessions are ended; /admin asks for a new one at the first sign-in):\n  ${password}`);
  } else {
    const checked = usernameSchema.safeParse(username);
    if (!checked.success) throw new Refusal('invalid', 'invalid-request', `"${username}" cannot be a username: ${checked.error.issues[0]?.message ?? 'choose another'}`);
    await store.db.tx(async (tx) => {
      const created = await createUser(tx, { username, name: username, role: 'admin', outletId: null, pin: null, passwordHash }, act);
      await requirePasswordChange(tx, created.id);
    });
    console.log(`Admin ${username} created for every outlet (no PIN: set one in /admin > Pengguna to approve on a device). One-time password, to be replaced at the first sign-in:\n  ${password}`);
  }
} catch (e) {
  console.error(e instanceof Refusal ? `Nothing changed: ${e.message}` : e);
  process.exitCode = 1;
} finally {
  await store.close();
}
