import bcrypt from 'bcryptjs';

// bcrypt with cost 10: ~70 ms here, slow enough against guessing, fast enough for sign-in.
const COST = 10;

export const MIN_PASSWORD_LENGTH = 8;

export function hashPassword(plain: string): Promise<string> {
  return bcrypt.hash(plain, COST);
}

export function verifyPassword(plain: string, hash: string | null | undefined): Promise<boolean> {
  if (!hash) return Promise.resolve(false);
  return bcrypt.compare(plain, hash);
}
