import { notFound } from 'next/navigation';
import { SubmitError } from '@/lib/submissions/errors';
import { AuthError } from '@/lib/auth/roles';

/** Pages: a missing exercise/student/submission is a 404 page, other errors propagate. */
export async function or404<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (e) {
    if ((e instanceof SubmitError || e instanceof AuthError) && e.status === 404) notFound();
    throw e;
  }
}

import { courseTime } from '@/lib/course/time-display';

/** Times on instructor pages follow the one rule: the course's zone, labelled. */
export const shortTime = (d: Date, timeZone: string) => courseTime(d, timeZone);
