import { createDb } from '../lib/db';
import { envValue } from '../lib/env';
import { hashPassword } from '../lib/auth/password';
import { syncContent } from '../lib/sync/sync-content';
import { syncAuthoredFiles } from '../lib/instructor/authored-exercises';

// Loads the course and exercises from files and creates the demo accounts
// shown in the README. Safe to run on every start.

export const DEMO_ACCOUNTS = [
  { email: 'instructor@convgrade.local', name: 'Demo Instructor', role: 'instructor', password: 'instructor-demo' },
  { email: 'student@convgrade.local', name: 'Demo Student', role: 'student', password: 'student-demo' },
  { email: 'student2@convgrade.local', name: 'Second Student', role: 'student', password: 'student-demo' },
] as const;

export async function seed(opts: { demo: boolean; url?: string }) {
  const db = createDb(opts.url);
  try {
    const synced = await syncContent({ db });
    const authored = await syncAuthoredFiles({ db });
    for (const e of authored.errors) console.error(`[seed] skipped ${e}`);
    if (opts.demo) {
      for (const a of DEMO_ACCOUNTS) {
        const existing = await db.user.findUnique({ where: { email: a.email } });
        if (!existing) {
          await db.user.create({ data: { email: a.email, name: a.name, role: a.role, passwordHash: await hashPassword(a.password) } });
        }
      }
    }
    return { ...synced, authored: authored.loaded.length };
  } finally {
    await db.$disconnect();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const demo = envValue('DEMO_SEED');
  const synced = await seed({ demo });
  console.log(`[seed] course "${synced.course.title}", ${synced.exercises} exercises, ${synced.authored} from exercises/authored${demo ? ', demo accounts ready' : ''}`);
}
