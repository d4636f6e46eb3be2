import { z } from 'zod';
import { AppError } from '../../errors';
import { msg } from '../../i18n/message';
import { MAX_SOURCE_BYTES, QUEUE_GRADE, ZGradeJob } from '../../queue/contract';
import { courseTime } from '../../course/time-display';
import { ZLanguage, type Language } from '../../vocabulary';
import { codeDiff } from '../../submissions/code-diff';
import { promptIn } from '../load';
import type { ExerciseKindModule } from './contract';

// Code exercises: the student's class, run against hidden cases by a worker in
// the sandbox (queue "grade"). Visible-test runs cost no attempt but count
// against an hourly limit. Nothing here reaches the hidden tests or references.

const ZCodeBody = z.object({
  language: ZLanguage,
  source: z.string(),
  mode: z.enum(['visible', 'submit']).default('submit'),
});

export const code: ExerciseKindModule<'code'> = {
  kind: 'code',
  queue: QUEUE_GRADE,
  hourlyUse: 'visible-run',
  leaderboard: false,
  similarity: true,
  dailyCap: () => null,

  async prepareSubmission({ user, exercise, meta, body, latePenalty, now }) {
    const parsed = ZCodeBody.safeParse(body);
    if (!parsed.success) throw new AppError('invalid_input', msg('apiErrors.submit.codeMissing'));
    const { language, source, mode } = parsed.data;
    if (!meta.languages.includes(language)) {
      throw new AppError('invalid_input', msg('apiErrors.submit.wrongLanguage', { languages: meta.languages.join(', '), language }));
    }
    if (!source.trim()) throw new AppError('invalid_input', msg('apiErrors.submit.codeEmpty'));
    if (Buffer.byteLength(source) > MAX_SOURCE_BYTES) {
      throw new AppError('too_large', msg('apiErrors.submit.codeTooLarge', { size: Math.ceil(Buffer.byteLength(source) / 1024), limit: MAX_SOURCE_BYTES / 1024 }));
    }
    return {
      row: {
        userId: user.id,
        exerciseId: exercise.id,
        exerciseVersion: exercise.version,
        kind: 'code',
        mode,
        language,
        payload: source,
        latePenalty: mode === 'submit' ? latePenalty : 0,
        createdAt: now,
      },
      // Only visible-test runs are limited per hour; a submission is limited by its attempts.
      use: mode === 'visible' ? 'visible-run' : null,
    };
  },

  jobPayload(sub) {
    return {
      queue: QUEUE_GRADE,
      data: ZGradeJob.parse({
        submissionId: sub.id,
        run: sub.run,
        exerciseId: sub.exerciseId,
        exerciseVersion: sub.exerciseVersion,
        language: sub.language,
        source: sub.payload,
        mode: sub.mode,
      }),
    } as const;
  },

  async submittedWork({ db, submission: sub }) {
    const previous = await db.submission.findFirst({
      where: { userId: sub.userId, exerciseId: sub.exerciseId, kind: 'code', createdAt: { lt: sub.createdAt } },
      orderBy: { createdAt: 'desc' },
      select: { id: true, createdAt: true, payload: true },
    });
    const diff = previous ? { previousId: previous.id, previousAt: previous.createdAt.toISOString(), ...codeDiff(previous.payload, sub.payload) } : null;
    return { kind: 'code', language: sub.language ?? 'python', source: sub.payload, diff };
  },

  // Back to the workers, behind new student work (see enqueueSubmission's `regrade`).
  regrade: async () => ({ requeue: true }),

  async pageData({ info, locale, submissions, timeZone, viewSubmission }) {
    if (!info) return null;
    const last = submissions.find((s) => s.kind === 'code' && s.language);
    const latest = last ? { language: last.language as Language, source: last.payload, when: courseTime(last.createdAt, timeZone) } : null;
    return {
      kind: 'code',
      prompt: promptIn(info, locale),
      languages: info.meta.languages,
      starters: info.starters,
      latest,
      latestView: last ? await viewSubmission(last.id) : null,
    };
  },
};
