import { describe, expect, it } from 'vitest';
import { MAX_SOURCE_BYTES, ZGradeJob, ZJobProgress, ZJobResult, ZTrainJob, jobIdFor } from '../../../lib/queue/contract';

describe('queue contract', () => {
  const grade = { submissionId: 's1', exerciseId: 'conv3x3', exerciseVersion: 'abc', language: 'python', source: 'x = 1' };

  it('accepts a grade job and fills defaults', () => {
    const job = ZGradeJob.parse(grade);
    expect(job.mode).toBe('submit');
    expect(job.run).toBe(1);
  });

  it('rejects unknown languages, missing ids and oversized sources', () => {
    expect(ZGradeJob.safeParse({ ...grade, language: 'ruby' }).success).toBe(false);
    expect(ZGradeJob.safeParse({ ...grade, submissionId: '' }).success).toBe(false);
    const big = ZGradeJob.safeParse({ ...grade, source: 'x'.repeat(MAX_SOURCE_BYTES + 1) });
    expect(big.success).toBe(false);
    expect(big.error?.issues[0]?.message).toMatch(/KiB/);
  });

  it('bounds training settings', () => {
    const base = { submissionId: 's', exerciseId: 'mnist', exerciseVersion: 'v', model: { format: 'spec', content: '{}' } };
    expect(ZTrainJob.parse({ ...base, settings: {} }).settings.batchSize).toBe(32);
    expect(ZTrainJob.safeParse({ ...base, settings: { epochs: 1000 } }).success).toBe(false);
    expect(ZTrainJob.safeParse({ ...base, settings: { learningRate: -1 } }).success).toBe(false);
  });

  it('validates results and progress', () => {
    expect(ZJobResult.safeParse({ score: 1, max_score: 2 }).success).toBe(true);
    expect(ZJobResult.safeParse({ score: 'ten', max_score: 2 }).success).toBe(false);
    expect(ZJobResult.safeParse({ score: 1, max_score: 2, tests: [{ name: 't', score: 1, max_score: 1, status: 'maybe' }] }).success).toBe(false);
    expect(ZJobProgress.safeParse({ phase: 'training', epoch: 1, epochs: 3 }).success).toBe(true);
    expect(ZJobProgress.safeParse({ phase: 'dancing' }).success).toBe(false);
  });

  it('uses the submission id as job id for the first run only', () => {
    expect(jobIdFor('abc', 1)).toBe('abc');
    expect(jobIdFor('abc', 2)).toBe('abc-run2');
  });
});
