import { z } from 'zod';
import type { Db } from '../db';
import { requireInstructor, type SessionUser } from '../auth/roles';
import { formatInTimeZone, zonedTimeToInstant } from '../course/deadline';
import { AppError } from '../errors';
import { msg } from '../i18n/message';
import { ZWallTime, exerciseOr404, parseInput } from './course';
import { courseTimeZone } from '../course/time-zone';
import { EXTENSION_LABELS, SETTINGS_LABELS } from './settings-labels';

// Deadlines, late rules, attempt limits and per-student extensions of an
// exercise. Deadlines are typed as wall-clock times in the course time zone
// and stored as instants.

export const ZExerciseSettings = z.object({
  /** wall-clock time in the course time zone; null removes the deadline */
  deadline: ZWallTime.nullable(),
  lateWindowHours: z.number().min(0).max(24 * 365),
  latePenaltyPercentPerDay: z.number().min(0).max(100),
  maxAttempts: z.number().int().positive().nullable(),
  cooldownMinutes: z.number().min(0).max(60 * 24 * 30),
  dailyCap: z.number().int().positive().nullable(),
  revealPrivate: z.boolean(),
  // Left out = unchanged (older clients send only the fields above).
  /** visible-test runs per student per hour (code exercises) */
  visibleRunsPerHour: z.number().int().min(1).max(10_000).optional(),
  /** graded answers per student per hour (numeric exercises): brakes guessing a small integer answer */
  answersPerHour: z.number().int().min(1).max(10_000).optional(),
  /** uploaded trained weights: ranked in a table of their own, or left off the leaderboard */
  uploadedWeightsBoard: z.enum(['apart', 'hidden']).optional(),
});
export type ExerciseSettings = z.infer<typeof ZExerciseSettings>;

export const ZExtensionInput = z.object({ studentId: z.string().min(1), deadline: ZWallTime });


export interface ExerciseSettingsView {
  exerciseId: string;
  timeZone: string;
  /** wall-clock value for a datetime-local input */
  deadlineLocal: string | null;
  deadlineShown: string | null;
  settings: Required<Omit<ExerciseSettings, 'deadline'>>;
  extensions: { studentId: string; name: string; email: string; deadlineLocal: string; deadlineShown: string }[];
}

export async function exerciseSettings(opts: { db: Db; user: SessionUser | null; exerciseId: string }): Promise<ExerciseSettingsView> {
  requireInstructor(opts.user);
  const ex = await exerciseOr404(opts.db, opts.exerciseId);
  const timeZone = await courseTimeZone(opts.db);
  const extensions = await opts.db.extension.findMany({ where: { exerciseId: ex.id }, include: { user: true }, orderBy: { deadline: 'asc' } });
  return {
    exerciseId: ex.id,
    timeZone,
    deadlineLocal: ex.deadline ? wallTime(ex.deadline, timeZone) : null,
    deadlineShown: ex.deadline ? formatInTimeZone(ex.deadline, timeZone) : null,
    settings: {
      lateWindowHours: ex.lateWindowHours,
      latePenaltyPercentPerDay: ex.latePenaltyPercentPerDay,
      maxAttempts: ex.maxAttempts,
      cooldownMinutes: ex.cooldownMinutes,
      dailyCap: ex.dailyCap,
      revealPrivate: ex.revealPrivate,
      visibleRunsPerHour: ex.visibleRunsPerHour,
      answersPerHour: ex.answersPerHour,
      uploadedWeightsBoard: ex.uploadedWeightsBoard === 'hidden' ? 'hidden' : 'apart',
    },
    extensions: extensions.map((e) => ({
      studentId: e.userId,
      name: e.user.name,
      email: e.user.email,
      deadlineLocal: wallTime(e.deadline, timeZone),
      deadlineShown: formatInTimeZone(e.deadline, timeZone),
    })),
  };
}

export async function updateExerciseSettings(opts: { db: Db; user: SessionUser | null; exerciseId: string; input: unknown }): Promise<ExerciseSettingsView> {
  requireInstructor(opts.user);
  const input = parseInput(ZExerciseSettings, opts.input, SETTINGS_LABELS);
  const ex = await exerciseOr404(opts.db, opts.exerciseId);
  const timeZone = await courseTimeZone(opts.db);
  const { deadline, ...rest } = input;
  await opts.db.exercise.update({ where: { id: ex.id }, data: { ...rest, deadline: deadline ? zonedTimeToInstant(deadline, timeZone) : null } });
  return exerciseSettings(opts);
}

/** Gives one student a later deadline (replacing an earlier extension). */
export async function setExtension(opts: { db: Db; user: SessionUser | null; exerciseId: string; input: unknown }): Promise<ExerciseSettingsView> {
  requireInstructor(opts.user);
  const input = parseInput(ZExtensionInput, opts.input, EXTENSION_LABELS);
  const ex = await exerciseOr404(opts.db, opts.exerciseId);
  const student = await opts.db.user.findUnique({ where: { id: input.studentId } });
  if (!student) throw new AppError('not_found', msg('apiErrors.instructor.noStudent'));
  const deadline = zonedTimeToInstant(input.deadline, await courseTimeZone(opts.db));
  await opts.db.extension.upsert({
    where: { userId_exerciseId: { userId: student.id, exerciseId: ex.id } },
    create: { userId: student.id, exerciseId: ex.id, deadline },
    update: { deadline },
  });
  return exerciseSettings(opts);
}

export async function removeExtension(opts: { db: Db; user: SessionUser | null; exerciseId: string; studentId: string }): Promise<ExerciseSettingsView> {
  requireInstructor(opts.user);
  await exerciseOr404(opts.db, opts.exerciseId);
  await opts.db.extension.deleteMany({ where: { exerciseId: opts.exerciseId, userId: opts.studentId } });
  return exerciseSettings(opts);
}

/** "2026-03-08T23:59" for an instant in a time zone (what a datetime-local input shows). */
export function wallTime(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(instant);
  const get = (t: string) => parts.find((p) => p.type === t)!.value;
  return `${get('year')}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}`;
}
