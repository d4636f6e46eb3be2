import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportResultsJson } from '../../../lib/export/results-json';
import type { GradeResult } from '../../../lib/grading/results';
import { STUDENT_EXTRA_KEYS } from '../../../lib/submissions/view';
import { gradeCode } from '../../../worker/code/grade-code';

// What a submission prints is filed under the case that printed it, and a student
// reads it only where results.json shows that case's tests: visible cases always,
// after_due_date ones once the deadline has passed, hidden ones never. conv3x3's
// cases give forward() images of distinct sizes, so a print of the shape names its case.

const SEED = fs.readFileSync(path.resolve('test/fixtures/seed/conv3x3.py'), 'utf8');
const JS = fs.readFileSync(path.resolve('test/fixtures/code/conv3x3.js'), 'utf8');
const VISIBLE = ['SHAPE-4x4', 'SHAPE-6x5'];
const AFTER_DUE = ['SHAPE-28x28', 'SHAPE-7x12'];
const HIDDEN = ['SHAPE-8x8', 'SHAPE-9x7'];

const deadline = new Date('2030-01-01T00:00:00Z');
// as lib/submissions/view.ts calls it
const view = (result: GradeResult, audience: 'student' | 'instructor', now: Date) =>
  JSON.stringify(exportResultsJson({ result, audience, now, deadline, studentExtraKeys: STUDENT_EXTRA_KEYS }));

function expectVisibility(r: GradeResult) {
  expect(r.score).toBe(r.max_score);
  const before = view(r, 'student', new Date('2029-12-01T00:00:00Z'));
  const after = view(r, 'student', new Date('2030-02-01T00:00:00Z'));
  const instructor = view(r, 'instructor', new Date('2029-12-01T00:00:00Z'));
  for (const s of VISIBLE) expect(before).toContain(s);
  for (const s of [...AFTER_DUE, ...HIDDEN]) expect(before).not.toContain(s);
  for (const s of [...VISIBLE, ...AFTER_DUE]) expect(after).toContain(s);
  for (const s of HIDDEN) expect(after).not.toContain(s);
  for (const s of [...VISIBLE, ...AFTER_DUE, ...HIDDEN]) expect(instructor).toContain(s);
  // the top-level output, which every student reads, holds no case's prints
  expect(r.output).not.toContain('SHAPE-');
  expect(r.output).toContain('printed while loading:\nloading\n');
}

describe("prints, per case, shown as each case's visibility allows", () => {
  it('Python: print() and sys.stderr in forward()', async () => {
    const source = `import sys\nprint("loading")\n${SEED.replace(
      '        self.last_input = input\n',
      '        self.last_input = input\n        print("SHAPE-%dx%d" % input.shape)\n        sys.stderr.write("warned\\n")\n',
    )}`;
    const r = await gradeCode({ exerciseId: 'conv3x3', language: 'python', source, mode: 'submit' });
    expectVisibility(r);
    const first = r.tests.find((t) => t.visibility === 'visible')!;
    expect(first.output).toContain('Your program printed during this test case:\nSHAPE-4x4\nwarned\n');
  });

  it('JavaScript: console.log and process.stderr.write in forward()', async () => {
    const source = `console.log('loading');\n${JS.replace(
      '    this.lastInput = input;\n',
      '    this.lastInput = input;\n    console.log(`SHAPE-${input.length}x${input[0].length}`);\n    process.stderr.write("warned\\n");\n',
    )}`;
    expectVisibility(await gradeCode({ exerciseId: 'conv3x3', language: 'javascript', source, mode: 'submit' }));
  });

  it('written straight to fd 1 or by a child process: instructors only', async () => {
    const source = `import os, subprocess\n${SEED.replace(
      '        self.last_input = input\n',
      '        self.last_input = input\n        os.write(1, b"RAW-%dx%d\\n" % input.shape)\n        subprocess.run(["/bin/echo", "CHILD-%dx%d" % input.shape])\n',
    )}`;
    const r = await gradeCode({ exerciseId: 'conv3x3', language: 'python', source, mode: 'submit' });
    expect(r.score).toBe(r.max_score);
    const student = view(r, 'student', new Date('2031-01-01T00:00:00Z'));
    expect(student).not.toContain('RAW-');
    expect(student).not.toContain('CHILD-');
    expect(r.extra_data!.instructorOutput).toContain('RAW-8x8');
    expect(r.extra_data!.instructorOutput).toContain('CHILD-8x8');
    expect(view(r, 'instructor', new Date())).toContain('RAW-4x4');
  });

  it("a less visible case's inputs are not in the box while more visible cases run", async () => {
    // In the last case of each visibility nothing more is waiting on stdin, where the
    // grader sends the cases (cases of one visibility go in together, so earlier ones may
    // find their siblings' inputs there, or in the harness's read buffer).
    const source = `import select, sys\n${SEED.replace(
      '        self.last_input = input\n',
      '        self.last_input = input\n        ready, _, _ = select.select([sys.__stdin__], [], [], 0.2)\n        print("%dx%d:%s" % (input.shape + ("AHEAD" if ready else "NOTHING",)))\n',
    )}`;
    const r = await gradeCode({ exerciseId: 'conv3x3', language: 'python', source, mode: 'submit' });
    expect(r.score).toBe(r.max_score);
    const prints = r.tests.map((t) => t.output).join('\n');
    // the last visible case (6x5), the last after-due-date one (7x12), the hidden one (8x8, then 9x7)
    for (const last of ['6x5', '7x12', '8x8', '9x7']) expect(prints).toContain(`${last}:NOTHING`);
  });
});
