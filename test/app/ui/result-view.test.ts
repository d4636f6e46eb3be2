import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { NextIntlClientProvider } from 'next-intl';
import messages from '../../../messages/en.json';
import { describe, expect, it } from 'vitest';
import { exportResultsJson } from '../../../lib/export/results-json';
import type { GradeResult } from '../../../lib/grading/results';
import { STUDENT_EXTRA_KEYS } from '../../../lib/submissions/view';
import { ResultView } from '../../../app/ui/result-view';

// The box's raw output can carry a hidden case's inputs (the student printed them), so
// the result page shows it to instructors and never to the student who wrote the code.
const graded: GradeResult = {
  score: 10,
  max_score: 10,
  output: '',
  gradable: true,
  format_errors: [],
  tests: [{ name: 'forward · hidden case', score: 10, max_score: 10, status: 'passed', visibility: 'hidden', output: 'HIDDEN-INPUT-3x3' }],
  extra_data: { instructorOutput: 'HIDDEN-INPUT-3x3 printed in forward()' },
};

function page(audience: 'student' | 'instructor'): string {
  const result = exportResultsJson({ result: graded, audience, now: new Date(), deadline: new Date(8.64e15), studentExtraKeys: STUDENT_EXTRA_KEYS }) as GradeResult;
  return renderToStaticMarkup(createElement(NextIntlClientProvider, { locale: 'en', messages, children: createElement(ResultView, { result }) }));
}

describe('result view', () => {
  it("shows an instructor everything the program printed, and a student none of a hidden case's prints", () => {
    const instructor = page('instructor');
    expect(instructor).toContain('data-testid="instructor-output"');
    expect(instructor).toContain('HIDDEN-INPUT-3x3 printed in forward()');
    const student = page('student');
    expect(student).not.toContain('instructor-output');
    expect(student).not.toContain('HIDDEN-INPUT-3x3');
    expect(student).toContain('Details hidden.');
  });
});
