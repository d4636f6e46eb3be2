import { createDb } from '../lib/db';
import { envValue } from '../lib/env';
import { hashPassword, verifyPassword } from '../lib/auth/password';
import { demoInstructorPassword } from '../lib/local-secret';
import { syncContent } from '../lib/sync/sync-content';
import { discoverExercises } from '../lib/exercises/discover';
import { syncAuthoredFiles } from '../lib/instructor/authored-exercises';

// Loads the course and exercises from files and, for the local quick start
// only, creates the demo accounts shown in the README. Safe to run on every start.

/** The demo instructor's password is random per data folder (printed by `npm start`), never published. */
export const DEMO_INSTRUCTOR = { email: 'instructor@convgrade.local', name: 'Demo Instructor', role: 'instructor' } as const;
export const DEMO_STUDENTS = [
  { email: 'student@convgrade.local', name: 'Demo Student', role: 'student', password: 'student-demo' },
  { email: 'student2@convgrade.local', name: 'Second Student', role: 'student', password: 'student-demo' },
] as const;
// Data folders made before the password was random still hold this one: it is replaced.
const FORMER_INSTRUCTOR_PASSWORD = 'instructor-demo';

export async function seed(opts: { demo: false; url?: string } | { demo: true; instructorPassword: string; url?: string }) {
  const db = createDb(opts.url);
  try {
    // The registry, not a bare folder scan: a folder whose variant.ts or cases.ts is broken stops the start here.
    const synced = await syncContent({ db, exercises: (await discoverExercises()).list() });
    const authored = await syncAuthoredFiles({ db });
    for (const e of authored.errors) console.error(`[seed] skipped ${e}`);
    if (opts.demo) {
      for (const a of [{ ...DEMO_INSTRUCTOR, password: opts.instructorPassword }, ...DEMO_STUDENTS]) {
        const existing = await db.user.findUnique({ where: { email: a.email } });
        if (!existing) {
          await db.user.create({ data: { email: a.email, name: a.name, role: a.role, passwordHash: await hashPassword(a.password) } });
        } else if (a.role === 'instructor' && existing.passwordHash && (await verifyPassword(FORMER_INSTRUCTOR_PASSWORD, existing.passwordHash))) {
          await db.user.update({ where: { id: existing.id }, data: { passwordHash: await hashPassword(a.password) } });
        }
      }
    }
    return { ...synced, authored: authored.loaded.length };
  } finally {
    await db.$disconnect();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  // A production start never has demo accounts, whatever DEMO_SEED says.
  const demo = envValue('DEMO_SEED') && process.env.NODE_ENV !== 'production';
  const synced = demo ? await seed({ demo, instructorPassword: demoInstructorPassword(envValue('DATA_DIR')) }) : await seed({ demo: false });
  console.log(`[seed] course "${synced.course.title}", ${synced.exercises} exercises, ${synced.authored} from exercises/authored${demo ? ', demo accounts ready' : ''}`);
}
