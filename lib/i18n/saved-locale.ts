import { db } from '@/lib/db';
import { currentUser } from '@/lib/auth/session';

/** The language the signed-in user last chose, so it follows them to a new browser. */
export async function savedLocale(): Promise<string | null> {
  const user = await currentUser();
  if (!user) return null;
  const row = await db().user.findUnique({ where: { id: user.id }, select: { locale: true } });
  return row?.locale ?? null;
}

/** Remembers a user's language choice (the header's switch). */
export async function saveLocale(userId: string, locale: string): Promise<void> {
  await db().user.update({ where: { id: userId }, data: { locale } });
}
