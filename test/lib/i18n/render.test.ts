import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError } from '../../../lib/errors';
import { formatIssues } from '../../../lib/forms/messages';
import { msg } from '../../../lib/i18n/message';
import { renderText } from '../../../lib/i18n/render';
import { SETTINGS_LABELS } from '../../../lib/instructor/settings-labels';
import { ZExerciseSettings } from '../../../lib/instructor/exercise-settings';
import { formatWait, waitText } from '../../../lib/rate-limit/format';
import { parseNumericAnswer } from '../../../lib/grading/numeric-grade';

// lib says which sentence (a key of messages/*.json); the edge renders it in the reader's language.

function settingsError(input: unknown): AppError {
  const parsed = ZExerciseSettings.safeParse(input);
  if (parsed.success) throw new Error('expected issues');
  const { text, fieldTexts } = formatIssues(parsed.error.issues, { labels: SETTINGS_LABELS, input });
  return new AppError('invalid_input', text, { fieldTexts });
}
const valid = { deadline: null, lateWindowHours: 0, latePenaltyPercentPerDay: 0, maxAttempts: null, cooldownMinutes: 0, dailyCap: null, revealPrivate: false };

describe('AppError in two languages', () => {
  it('a settings validation error names the field as the form labels it, in English and in Vietnamese', () => {
    const e = settingsError({ ...valid, latePenaltyPercentPerDay: 120, maxAttempts: 1.5 });
    // English stays what the form and the e2e tests have always shown.
    expect(e.message).toBe('Late penalty (% per started day) must be at most 100. Max attempts must be a whole number.');
    expect(e.details.fieldErrors).toEqual({
      latePenaltyPercentPerDay: 'Late penalty (% per started day) must be at most 100.',
      maxAttempts: 'Max attempts must be a whole number.',
    });
    expect(renderText(e.details.fieldTexts!.maxAttempts!, 'vi')).toBe('Số lần nộp tối đa phải là số nguyên.');
    expect(renderText(e.details.fieldTexts!.latePenaltyPercentPerDay!, 'vi')).toMatch(/^Trừ điểm nộp muộn \(.*\) phải nhỏ hơn hoặc bằng 100\.$/);
    expect(renderText(e.text, 'vi')).not.toMatch(/must|Late|Max/);
  });

  it('a format rule the schema words itself is translated too', () => {
    const e = settingsError({ ...valid, deadline: 'tomorrow' });
    expect(e.details.fieldErrors?.deadline).toBe('Deadline must be a date and time like 2026-03-08 23:59.');
    expect(renderText(e.details.fieldTexts!.deadline!, 'vi')).toBe('Hạn nộp phải là ngày giờ dạng 2026-03-08 23:59.');
  });

  it('a 429 with a wait renders the wait in the same language', () => {
    const e = new AppError('rate_limited', msg('apiErrors.account.tooManyPasswords', { wait: waitText(3700) }), { retryAfterSeconds: 3700 });
    expect(e.message).toBe('Too many wrong passwords. Try again in 1 hour 2 minutes.');
    expect(renderText(e.text, 'vi')).toBe('Nhập sai mật khẩu quá nhiều lần. Hãy thử lại sau 1 giờ 2 phút.');
  });

  it('waitText says in English what formatWait always said', () => {
    for (const s of [1, 45, 60, 61, 840, 3600, 3660, 3700, 7200]) expect(renderText(waitText(s), 'en')).toBe(formatWait(s));
    expect(renderText(waitText(45), 'vi')).toBe('45 giây');
  });

  it('a literal (a parser’s own words) stays as it is, and an unknown key shows the key rather than nothing', () => {
    expect(renderText(['Line 3:', msg('apiErrors.submit.codeEmpty')], 'vi')).toBe('Line 3: Mã nguồn của bạn đang trống.');
    expect(renderText(msg('no.such.key'), 'vi')).toBe('no.such.key');
  });

  it('a student’s typo in a numeric answer is explained in their language, per field', () => {
    const parsed = parseNumericAnswer([{ name: 'h', label: 'H', type: 'integer' }, { name: 'm', label: 'M', type: 'matrix', rows: 1, cols: 2 }], { h: '3,5', m: '1 x' });
    if (parsed.ok) throw new Error('expected a refusal');
    expect(parsed.errors.h).toBe('Use a dot for decimals and no thousands separators (e.g. 51264 or 3.5).');
    expect(renderText(parsed.texts!.h!, 'vi')).toBe('Dùng dấu chấm cho phần thập phân và không dùng dấu phân cách hàng nghìn (ví dụ 51264 hoặc 3.5).');
    expect(parsed.errors.m).toBe('row 1, column 2: "x" is not a number.');
    expect(renderText(parsed.texts!.m!, 'vi')).toBe('hàng 1, cột 2: "x" không phải là một số.');
  });
});
