import { UnrecoverableError, type Job } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { processGradeJob, processTrainJob } from '../../worker/processors';

// The worker's edge of the error model: a job for an exercise this worker does not
// have can never succeed here, so it fails once instead of costing every retry.

const jobOf = (data: unknown) => ({ data, updateProgress: async () => {} }) as unknown as Job;

describe('job processors', () => {
  it('a training job for an exercise this worker does not have is unrecoverable', async () => {
    const job = jobOf({
      submissionId: 's1',
      exerciseId: 'no-such-model-exercise',
      exerciseVersion: 'v1',
      model: { format: 'spec', content: 'layers: []' },
      settings: {},
    });
    const err = await processTrainJob(job).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnrecoverableError);
    expect((err as Error).message).toContain('no-such-model-exercise');
  });

  it('a training job naming a code exercise is unrecoverable too', async () => {
    const job = jobOf({ submissionId: 's2', exerciseId: 'conv3x3', exerciseVersion: 'v1', model: { format: 'spec', content: 'layers: []' }, settings: {} });
    const err = await processTrainJob(job).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnrecoverableError);
    expect((err as Error).message).toContain('not a model one');
  });

  it('a grading job for an unknown code exercise is unrecoverable', async () => {
    const job = jobOf({ submissionId: 's3', exerciseId: 'no-such-code-exercise', exerciseVersion: 'v1', language: 'python', source: 'x = 1' });
    const err = await processGradeJob(job).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnrecoverableError);
    expect((err as Error).message).toContain('not a code exercise');
  });
});
