import { getServerSession } from 'next-auth';
import { authOptions } from './options';
import type { SessionUser } from './roles';

/** The signed-in user, or null (expired or absent session). */
export async function currentUser(): Promise<SessionUser | null> {
  const session = await getServerSession(authOptions());
  const user = (session as { user?: SessionUser } | null)?.user;
  return user && user.id ? user : null;
}
