import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { formatIssues, humanize, labelFor } from '../../../lib/forms/messages';

const ZSettings = z.object({
  latePenaltyPercentPerDay: z.number().min(0).max(100),
  maxAttempts: z.number().int().positive().nullable(),
  deadline: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, 'must be a date and time like 2026-03-08T23:59'),
  title: z.string().min(1),
  optimizer: z.enum(['sgd', 'adam']),
});
const labels = { latePenaltyPercentPerDay: 'Late penalty (% per started day)', maxAttempts: 'Max attempts', deadline: 'Deadline' };

function issuesOf(input: unknown) {
  const r = ZSettings.safeParse(input);
  if (r.success) throw new Error('expected issues');
  return formatIssues(r.error.issues, { labels, input });
}

describe('formatIssues', () => {
  it('writes each problem as a sentence naming the field as the form labels it', () => {
    const { fieldErrors, message } = issuesOf({ latePenaltyPercentPerDay: 120, maxAttempts: 1.5, deadline: 'tomorrow', title: '', optimizer: 'nesterov' });
    expect(fieldErrors).toEqual({
      latePenaltyPercentPerDay: 'Late penalty (% per started day) must be at most 100.',
      maxAttempts: 'Max attempts must be a whole number.',
      deadline: 'Deadline must be a date and time like 2026-03-08T23:59.',
      title: 'Title is required.',
      optimizer: 'Optimizer must be one of sgd, adam.',
    });
    expect(message).not.toMatch(/Too big|expected number|latePenaltyPercentPerDay|<=/);
  });

  it('says what is missing rather than what type was expected', () => {
    const { fieldErrors } = issuesOf({ latePenaltyPercentPerDay: 'x', maxAttempts: 0 });
    expect(fieldErrors.latePenaltyPercentPerDay).toBe('Late penalty (% per started day) must be a number.');
    expect(fieldErrors.maxAttempts).toBe('Max attempts must be more than 0.');
    expect(fieldErrors.deadline).toBe('Deadline is required.');
    expect(fieldErrors.optimizer).toBe('Optimizer is required.');
  });
});

describe('labelFor', () => {
  it('numbers list items from 1 and falls back to a labelled parent, then to the key spelled out', () => {
    const l = { 'params.#.name': 'Parameter # name', 'fields.#': 'Answer #' };
    expect(labelFor(['params', 1, 'name'], l)).toBe('Parameter 2 name');
    expect(labelFor(['fields', 0, 'tolerance', 'relative'], l)).toBe('Answer 1');
    expect(labelFor(['cooldownMinutes'])).toBe('Cooldown minutes');
    expect(humanize('batch_size')).toBe('Batch size');
  });
});
