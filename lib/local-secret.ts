import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

// Random values made once per data folder for a local run (the session secret,
// the demo instructor's password) and kept there, readable by the owner only.
// Nothing secret is written in the code.

export function dataFolderSecret(opts: { dataDir: string; name: string; bytes?: number }): string {
  const file = path.resolve(opts.dataDir, opts.name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const fresh = crypto.randomBytes(opts.bytes ?? 32).toString('base64url');
  try {
    // 'wx': two processes starting at once both end up with the first one's value.
    fs.writeFileSync(file, `${fresh}\n`, { flag: 'wx', mode: 0o600 });
    return fresh;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  if ((fs.statSync(file).mode & 0o077) !== 0) fs.chmodSync(file, 0o600);
  const value = fs.readFileSync(file, 'utf8').trim();
  if (!value) throw new Error(`${file} is empty; delete it to make a new one`);
  return value;
}

/** The session secret of a local run: NEXTAUTH_SECRET when unset. */
export const localAuthSecret = (dataDir: string) => dataFolderSecret({ dataDir, name: 'auth-secret' });

/** The demo instructor's password of a local run, printed when the platform starts. */
export const demoInstructorPassword = (dataDir: string) => dataFolderSecret({ dataDir, name: 'demo-instructor-password', bytes: 12 });
