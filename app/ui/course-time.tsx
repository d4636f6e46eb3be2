import { courseTime } from '@/lib/course/time-display';

/** An instant in the course's time zone, labelled; the zone's name and UTC on hover. */
export function CourseTime({ at, timeZone, testId }: { at: Date | string; timeZone: string; testId?: string }) {
  const iso = new Date(at).toISOString();
  return (
    <time dateTime={iso} title={`${timeZone} · ${iso.slice(0, 16).replace('T', ' ')} UTC`} data-testid={testId}>
      {courseTime(at, timeZone)}
    </time>
  );
}
