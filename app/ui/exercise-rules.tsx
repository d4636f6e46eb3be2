import type { AttemptStatus } from '@/lib/course/limits';
import { describeLatePolicy, formatRelative } from '@/lib/course/time-display';
import { CourseTime } from './course-time';
import { useLocale, useTranslations } from 'next-intl';
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
export type RulesT = (key: 'unlimited' | 'attemptsLeft' | 'perDay', values?: Record<string, number | string | null>) => string;

export function attemptsLine(status: AttemptStatus, ex: Pick<RulesExercise, 'maxAttempts' | 'dailyCap'>, t: RulesT): string {
  const parts: string[] = [];
  parts.push(status.attemptsLeft === null ? t('unlimited') : t('attemptsLeft', { left: status.attemptsLeft, max: ex.maxAttempts }));
  if (ex.dailyCap != null) parts.push(t('perDay', { cap: ex.dailyCap, left: status.todayLeft }));
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
  const t = useTranslations('rules');
  const locale = useLocale();
  const late = !!due && now > due.dueAt && now <= due.closesAt;
  const closed = !!due && now > due.closesAt;
  return (
    <div className="card" data-testid="rules">
      <p style={{ margin: 0 }}>
        {due ? (
          <>
            <strong>{closed ? t('closed') : late ? t('deadlinePassed') : t('due')}</strong> <CourseTime at={due.dueAt} timeZone={timeZone} testId="due" />{' '}
            (<Countdown to={due.dueAt.toISOString()} serverNow={now.getTime()} testId="countdown" />)
            {props.extended && <span className="badge" data-testid="extended">{t('extension')}</span>}
          </>
        ) : (
          <strong>{t('noDeadline')}</strong>
        )}
        {' · '}{t('points', { points: ex.points })}
      </p>
      {due && (
        <p style={{ margin: '.3rem 0 0' }} data-testid="late-policy">
          {describeLatePolicy({ ...ex, closesAt: due.closesAt, timeZone }, locale)}
          {late && <strong className="bad"> {t('lateNow')}</strong>}
        </p>
      )}
      <p style={{ margin: '.3rem 0 0' }}>
        <span data-testid="attempts-left">{attemptsLine(attempts, ex, t as RulesT)}</span>
        {ex.cooldownMinutes > 0 && ` · ${t('cooldown', { minutes: ex.cooldownMinutes })}`}
        <span className="muted"> {t('free')}</span>
      </p>
      {!attempts.allowed && attempts.codes.length > 0 && (
        <p className="notice" data-testid="blocked">
          {attempts.codes.map((code) => t(`blocked.${code}`, { max: ex.maxAttempts ?? 0, cap: ex.dailyCap ?? 0, minutes: ex.cooldownMinutes })).join(' ')}
          {attempts.nextAllowedAt && (
            <> {t('againAt')} <CourseTime at={attempts.nextAllowedAt} timeZone={timeZone} /> ({formatRelative(attempts.nextAllowedAt, now, locale)}).</>
          )}
        </p>
      )}
    </div>
  );
}
