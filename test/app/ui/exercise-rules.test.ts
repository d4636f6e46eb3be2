import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { NextIntlClientProvider } from 'next-intl';
import en from '../../../messages/en.json';
import vi from '../../../messages/vi.json';
import { describe, expect, it } from 'vitest';
import { checkAttemptLimits } from '../../../lib/course/limits';
import { ExerciseRules, type RulesExercise } from '../../../app/ui/exercise-rules';

// Why a student cannot submit now is said in the reader's language, built from the
// limit codes, not from an English sentence made in lib/.
const exercise: RulesExercise = { points: 10, lateWindowHours: 0, latePenaltyPercentPerDay: 0, maxAttempts: 5, dailyCap: 2, cooldownMinutes: 30 };
const now = new Date('2026-03-02T03:00:00Z');
const attempts = checkAttemptLimits({
  policy: { maxAttempts: 5, dailyCap: 2, cooldownMinutes: 30, timeZone: 'Asia/Ho_Chi_Minh' },
  attempts: [{ submittedAt: '2026-03-02T02:00:00Z' }, { submittedAt: '2026-03-02T02:50:00Z' }],
  now,
});

function render(locale: 'en' | 'vi'): string {
  const rules = createElement(ExerciseRules, { exercise, due: null, extended: false, attempts, timeZone: 'Asia/Ho_Chi_Minh', now });
  return renderToStaticMarkup(createElement(NextIntlClientProvider, { locale, messages: locale === 'en' ? en : vi, timeZone: 'UTC', children: rules }));
}

describe('exercise rules', () => {
  it('says which limits block, in English and in Vietnamese', () => {
    expect(attempts.codes).toEqual(['daily_cap', 'cooldown']);
    const english = render('en');
    expect(english).toContain("You have used today&#x27;s 2 attempts. Wait 30 min between attempts.");
    const vietnamese = render('vi');
    expect(vietnamese).toContain('Bạn đã dùng hết 2 lượt nộp của hôm nay. Hãy đợi 30 phút giữa các lượt nộp.');
    expect(vietnamese).not.toContain('You have used');
  });
});
