import { UnrecoverableError, type Job } from 'bullmq';
import { ZGradeJob, ZJobProgress, ZJobResult, ZTrainJob, type JobProgress } from '../lib/queue/contract';
import type { GradeResult } from '../lib/grading/results';
import { isPermanent } from '../lib/errors';
import { throttleProgress } from './progress-throttle';

// Job processors: the worker's edge of the error model (lib/errors.ts). A payload
// that breaks the contract can never succeed, and neither can a job whose
// AppError says so (an exercise this worker does not have): both are
// unrecoverable. A student's fault comes back as a result with feedback;
// anything thrown otherwise is an infrastructure fault that BullMQ retries.

function parseOrUnrecoverable<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { message: string } } }, data: unknown): T {
  const parsed = schema.safeParse(data);
  if (!parsed.success) throw new UnrecoverableError(`invalid job payload: ${parsed.error.message}`);
  return parsed.data;
}

function unrecoverableIfPermanent(e: unknown): never {
  if (isPermanent(e)) throw new UnrecoverableError(e.message);
  throw e;
}

export async function processGradeJob(job: Job, signal?: AbortSignal): Promise<GradeResult> {
  const data = parseOrUnrecoverable(ZGradeJob, job.data);
  const { gradeCode } = await import('./code/grade-code');
  const progress = throttleProgress<JobProgress>((p) => job.updateProgress(p));
  const result = await gradeCode({
    exerciseId: data.exerciseId,
    language: data.language,
    source: data.source,
    mode: data.mode,
    signal,
    onProgress: (p) => progress.report(p),
  })
    .catch(unrecoverableIfPermanent)
    .finally(() => progress.stop());
  return ZJobResult.parse(result);
}

export async function processTrainJob(job: Job, signal?: AbortSignal): Promise<GradeResult> {
  const data = parseOrUnrecoverable(ZTrainJob, job.data);
  const { runTrainJob } = await import('./train/train-job');
  const result = await runTrainJob(data, {
    signal,
    onProgress: async (p: JobProgress) => {
      // Checked here as the app checks it on reading: a malformed curve fails in the worker's tests, not on a page.
      await job.updateProgress(ZJobProgress.parse(p));
    },
  }).catch(unrecoverableIfPermanent);
  return ZJobResult.parse(result);
}
