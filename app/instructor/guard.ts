import { notFound } from 'next/navigation';
import { isNotFound } from '@/lib/errors';
import { courseTime } from '@/lib/course/time-display';

/** Pages: a missing exercise/student/submission is a 404 page, other errors propagate. */
export async function or404<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (e) {
    if (isNotFound(e)) notFound();
    throw e;
  }
}

/** Times on instructor pages follow the one rule: the course's zone, labelled. */
export const shortTime = (d: Date, timeZone: string) => courseTime(d, timeZone);
