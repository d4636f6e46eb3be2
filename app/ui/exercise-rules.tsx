import type { AttemptStatus } from '@/lib/course/limits';
import { describeLatePolicy, formatRelative } from '@/lib/course/time-display';
import { CourseTime } from './course-time';
import { Countdown } from './countdown';

export interface RulesExercise {
  points: number;
  lateWindowHours: number;
  latePenaltyPercentPerDay: number;
  maxAttempts: number | null;
  dailyCap: number | null;
  cooldownMinutes: number;
}

/** "3 of 5 attempts left · 2 per day (1 left today)", the same words on the exercise page and in the list. */
export function attemptsLine(status: AttemptStatus, ex: Pick<RulesExercise, 'maxAttempts' | 'dailyCap'>): string {
  const parts: string[] = [];
  parts.push(status.attemptsLeft === null ? 'unlimited attempts' : `${status.attemptsLeft} of ${ex.maxAttempts} attempts left`);
  if (ex.dailyCap != null) parts.push(`at most ${ex.dailyCap} per day (${status.todayLeft} left today)`);
  return parts.join(' · ');
}

/** Deadline with countdown, late penalty, attempts and the daily cap: what a student must know before submitting. */
export function ExerciseRules(props: {
  exercise: RulesExercise;
  due: { dueAt: Date; closesAt: Date } | null;
  extended: boolean;
  attempts: AttemptStatus;
  timeZone: string;
  now: Date;
}) {
  const { exercise: ex, due, attempts, timeZone, now } = props;
  const late = !!due && now > due.dueAt && now <= due.closesAt;
  const closed = !!due && now > due.closesAt;
  return (
    <div className="card" data-testid="rules">
      <p style={{ margin: 0 }}>
        {due ? (
          <>
            <strong>{closed ? 'Closed' : late ? 'Deadline passed' : 'Due'}</strong> <CourseTime at={due.dueAt} timeZone={timeZone} testId="due" />{' '}
            (<Countdown to={due.dueAt.toISOString()} serverNow={now.getTime()} testId="countdown" />)
            {props.extended && <span className="badge" data-testid="extended">your extension</span>}
          </>
        ) : (
          <strong>No deadline.</strong>
        )}
        {' · '}{ex.points} points
      </p>
      {due && (
        <p style={{ margin: '.3rem 0 0' }} data-testid="late-policy">
          {describeLatePolicy({ ...ex, closesAt: due.closesAt, timeZone })}
          {late && <strong className="bad"> You are submitting late now.</strong>}
        </p>
      )}
      <p style={{ margin: '.3rem 0 0' }}>
        <span data-testid="attempts-left">{attemptsLine(attempts, ex)}</span>
        {ex.cooldownMinutes > 0 && ` · ${ex.cooldownMinutes} min between attempts`}
        <span className="muted"> (visible-test runs and submissions that cannot run are free)</span>
      </p>
      {!attempts.allowed && attempts.reason && (
        <p className="notice" data-testid="blocked">
          {attempts.reason}
          {attempts.nextAllowedAt && (
            <> You can submit again at <CourseTime at={attempts.nextAllowedAt} timeZone={timeZone} /> ({formatRelative(attempts.nextAllowedAt, now)}).</>
          )}
        </p>
      )}
    </div>
  );
}
