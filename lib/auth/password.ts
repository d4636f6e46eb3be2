import bcrypt from 'bcryptjs';

// bcrypt with cost 10: ~70 ms here, slow enough against guessing, fast enough for sign-in.
const COST = 10;

export const MIN_PASSWORD_LENGTH = 8;

export function hashPassword(plain: string): Promise<string> {
  return bcrypt.hash(plain, COST);
}

// A hash of nothing anyone knows, with the same cost, compared against when
// there is no account (or no password): sign-in takes as long for an unknown
// email as for a known one, so timing does not tell which addresses exist.
let dummy: Promise<string> | undefined;

export async function verifyPassword(plain: string, hash: string | null | undefined): Promise<boolean> {
  const against = hash ?? (await (dummy ??= bcrypt.hash(`no account ${Math.random()}`, COST)));
  const ok = await bcrypt.compare(plain, against);
  return ok && !!hash;
}
