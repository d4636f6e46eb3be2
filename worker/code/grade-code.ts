import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { discoverExercises } from '../../lib/exercises/discover';
import type { ExerciseRegistry } from '../../lib/exercises/registry';
import { runReferenceSteps } from '../../lib/exercises/code/run-steps';
import type { CodeCase, CodeExercise, StepOutcome } from '../../lib/exercises/code/types';
import type { ExerciseMeta, Language, SandboxLimits } from '../../lib/exercises/schema';
import { summarizeTests, ungradable, type GradeResult, type TestResult, type Visibility } from '../../lib/grading/results';
import { MAX_SOURCE_BYTES } from '../../lib/queue/contract';
import { runSandboxed, type BoxControl, type SandboxRun } from '../sandbox/run-sandboxed';
import { compareOutput, type Tolerance } from './compare';
import { createHarnessEventReader } from './harness-events';
import { prepareSource } from './prepare-source';
import { AppError } from '../../lib/errors';

// The trusted grading function the worker and `convgrade grade` call. Expected outputs
// are computed here with the reference; the box only ever sees inputs, most visible
// cases first, one visibility at a time.
//
// What a submission prints reaches students only where it cannot carry a case's inputs
// they may not see: the harness reports prints as events, the grader files each under
// the load or the case running when it arrived, and a case's inputs enter the box only
// once every more visible case has ended. So what is filed under a visible case (or the
// load) was printed before any less visible input was in the box, whatever the
// submission does to the harness. A case's prints go with its tests, and
// results.json shows them to a student only when it shows that test. The box's raw
// stdout and stderr, whose timing relative to the events is unknown, go to instructors
// only (extra_data.instructorOutput).

export interface GradeCodeOptions {
  exerciseId: string;
  language: Language;
  source: string;
  /** visible: only the visible cases, for "run tests" before submitting */
  mode: 'visible' | 'submit';
  /** worker shutdown: kills the box and rejects */
  signal?: AbortSignal;
  onProgress?: (p: { phase: 'running'; message?: string }) => void;
  /** tests and benchmarks only: tighter limits than exercise.yaml's; the worker leaves this out */
  limits?: Partial<SandboxLimits>;
  /** the exercises to grade against; default: the folders under EXERCISES_DIR, discovered at first use */
  exercises?: ExerciseRegistry;
}

const HERE = path.dirname(fileURLToPath(import.meta.url));
const HARNESS = {
  python: fs.readFileSync(path.join(HERE, 'harness/harness.py'), 'utf8'),
  node: fs.readFileSync(path.join(HERE, 'harness/harness.mjs'), 'utf8'),
};
const ABS_TOLERANCE = 1e-9;
const OUTPUT_EXCERPT = 4096;
// Run order. after_due_date before after_published is a choice: neither is sure to open
// first, and a later case's prints may repeat an earlier case's inputs.
const RUN_ORDER: Record<Visibility, number> = { visible: 0, after_due_date: 1, after_published: 2, hidden: 3 };

export class UnknownCodeExerciseError extends AppError {
  constructor(message: string) {
    super('unknown_exercise', message);
  }
}

export async function gradeCode(opts: GradeCodeOptions): Promise<GradeResult> {
  let exercises = opts.exercises ?? (await discoverExercises());
  // A folder added since this worker looked: discovered now, with no restart.
  if (!opts.exercises && !exercises.code(opts.exerciseId)) exercises = await discoverExercises(undefined, { fresh: true });
  const exercise = exercises.code(opts.exerciseId);
  const loaded = exercise && exercises.folder(opts.exerciseId)?.meta;
  if (!exercise || !loaded) {
    throw new UnknownCodeExerciseError(`"${opts.exerciseId}" is not a code exercise in ${exercises.root()} (known: ${exercises.codeIds().join(', ')})`);
  }
  const meta = { ...loaded, limits: { ...loaded.limits, ...opts.limits } };
  const prepared = preparedCases(exercise, opts.mode);
  const maxScore = prepared.reduce((s, c) => s + c.case.checks.reduce((t, k) => t + k.points, 0), 0);

  if (!meta.languages.includes(opts.language)) {
    return ungradable({ maxScore, errors: [`${opts.exerciseId} accepts ${meta.languages.join(', ')}, not ${opts.language}`] });
  }
  if (Buffer.byteLength(opts.source) > MAX_SOURCE_BYTES) {
    return ungradable({ maxScore, errors: [`source code is limited to ${MAX_SOURCE_BYTES / 1024} KiB`] });
  }
  const source = await prepareSource(opts.language, opts.source, { signal: opts.signal });
  if (!source.ok) return ungradable({ maxScore, errors: [source.limit ? source.error : `Your code does not compile:\n${source.error}`] });

  opts.onProgress?.({ phase: 'running', message: `running ${prepared.length} test cases in the sandbox` });
  const nonce = crypto.randomBytes(16).toString('hex');
  // a stable sort: within one visibility, the exercise's own order
  const ranked = [...prepared].sort((a, b) => RUN_ORDER[a.case.visibility] - RUN_ORDER[b.case.visibility]);
  const cases = ranked.map((p) => ({ id: p.case.id, steps: p.case.steps }));
  const rank = ranked.map((p) => RUN_ORDER[p.case.visibility]);
  const header = { requires: exercise.requires, cases: cases.length, outputChars: meta.limits.outputKiB * 1024 };
  // Cases of one visibility go in together: one may show another's inputs only to
  // readers who see both. Visible ones go with the header (before the load, whose
  // prints every student reads); each later group once the harness reaches it.
  let sent = 0;
  let leastVisibleSent = -1;
  const groupFrom = (i: number): string => {
    let text = '';
    while (sent < cases.length && rank[sent] === rank[i]) {
      text += `${JSON.stringify(cases[sent])}\n`;
      leastVisibleSent = Math.max(leastVisibleSent, rank[sent]!);
      sent++;
    }
    return text;
  };
  const first = cases.length > 0 && rank[0] === RUN_ORDER.visible ? groupFrom(0) : '';
  let box: BoxControl | undefined;
  const reader = createHarnessEventReader({
    nonce,
    cases,
    onCaseDone: (n) => opts.onProgress?.({ phase: 'running', message: `test case ${n}/${prepared.length} done` }),
    onNextCase: (i) => {
      if (i >= sent) box?.write(groupFrom(i));
    },
    // done, or nothing more can count: the box gets a short grace to exit, then is killed
    onFinished: () => box?.finished(),
  });
  const isPython = opts.language === 'python';
  const run = await runSandboxed({
    files: isPython
      ? { 'harness.py': HARNESS.python, 'submission.py': source.code }
      : { 'harness.mjs': HARNESS.node, 'submission.mjs': source.code },
    argv: isPython
      ? ['/usr/bin/python3', '-I', '-B', '/box/harness.py']
      : [
          process.execPath,
          '--enable-source-maps',
          // V8 sizes its heap from the host's RAM; below the cgroup limit it fails with a clear message instead
          `--max-old-space-size=${Math.max(32, Math.floor(meta.limits.memoryMiB * 0.75))}`,
          '/box/harness.mjs',
        ],
    env: { OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' },
    readOnlyBinds: isPython ? [] : [path.dirname(process.execPath)],
    stdin: `${nonce}\n${JSON.stringify(header)}\n${first}`,
    keepStdinOpen: true,
    limits: meta.limits,
    resultMaxBytes: 1024 * 1024 + 4 * prepared.reduce((s, p) => s + p.expectedBytes, 0),
    signal: opts.signal,
    wallClockFromFirstResult: true,
    onResultLine: (line, control) => {
      box = control;
      reader.line(line);
    },
  });
  const events = reader.state;

  if (!events.ready) {
    // nothing of the student's had run yet: the sandbox itself failed, so let the queue retry
    throw new Error(`sandbox failed to start (exit ${run.exitCode}): ${run.stderr.slice(0, 2000) || 'no message'}`);
  }
  // A tampered run's outputs cannot be told from forgeries, so none is judged: every test
  // fails with the same reason, through the same loop, so the diagnostics below stay.
  const tampered = events.tampered
    ? `Your program wrote to the grader's result channel in the harness's format (${events.tampered}). Results from such a run cannot be trusted, so no test counts.`
    : '';
  const loadError = events.loadError;
  if (loadError && !tampered) {
    const errors = loadError.missing
      ? [missingMessage(loadError.missing, opts.language)]
      : [`Your code could not be loaded:\n${loadError.error ?? ''}`];
    // only visible cases' inputs were in the box, so even the raw output is the student's to read
    const raw = leastVisibleSent <= RUN_ORDER.visible ? programOutput(run) : '';
    return ungradable({ maxScore, errors, output: [...errors, printedWhileLoading(events.loadPrinted), raw].filter(Boolean).join('\n\n') });
  }

  const stop = stopReason(run, meta, events.loaded, events.done);
  const tolerance: Tolerance = { rel: meta.tolerance, abs: ABS_TOLERANCE };
  const tests: TestResult[] = [];
  for (const p of prepared) {
    const actual = events.outputs.get(p.case.id);
    const printed = tampered ? '' : (events.casePrinted.get(p.case.id) ?? '');
    for (const [n, check] of p.case.checks.entries()) {
      const base = {
        name: `${check.name} · ${p.case.title}`,
        max_score: check.points,
        visibility: p.case.visibility,
      };
      const verdict = tampered
        ? { pass: false, message: 'not counted: the result channel was tampered with' }
        : judge({ actual, expected: p.expected, step: check.step, kind: check.kind, c: p.case, stop, tolerance, language: opts.language });
      // a hint answers a wrong output, and a tampered run's outputs were never looked at
      const hint = !verdict.pass && !tampered && check.hint ? `\nHint: ${check.hint}` : '';
      // once per case, under its first check: that test's visibility decides who reads it
      const prints = n === 0 && printed.trim() ? `\n\nYour program printed during this test case:\n${cut(printed)}` : '';
      tests.push({ ...base, score: verdict.pass ? check.points : 0, status: verdict.pass ? 'passed' : 'failed', output: verdict.message + hint + prints });
    }
  }
  const passed = tests.filter((t) => t.status === 'passed').length;
  const output = (
    tampered
      ? [tampered, printedWhileLoading(events.loadPrinted)]
      : [
          `${passed} of ${tests.length} tests passed${opts.mode === 'visible' ? ' (visible tests only; hidden tests run when you submit)' : ''}.`,
          stop ? `Stopped early: ${stop}.` : '',
          printedWhileLoading(events.loadPrinted),
        ]
  )
    .filter(Boolean)
    .join('\n\n');
  return summarizeTests({
    tests,
    output,
    executionTime: Math.round(run.wallMs) / 1000,
    extra: {
      language: opts.language,
      mode: opts.mode,
      ...(tampered ? { tampered: true } : {}),
      // not in the student allowlist of lib/submissions/view.ts: instructors only
      ...(programOutput(run) ? { instructorOutput: programOutput(run) } : {}),
      sandbox: {
        wallMs: Math.round(run.wallMs),
        endReason: run.endReason,
        cpuMs: run.cgroup.cpuMs,
        ...(source.cpuMs ? { compileCpuMs: source.cpuMs } : {}),
        exitCode: run.exitCode,
        peakMemoryMiB: Math.round(run.cgroup.peakMemoryBytes / 1048576),
        timedOut: run.timedOut,
        cpuExceeded: run.cpuExceeded,
        memoryExceeded: run.memoryExceeded,
        outputExceeded: run.outputExceeded || run.resultExceeded,
        // as the harness measured it inside the box: the student could fake it, so it only feeds diagnostics and benchmarks
        ...(events.computeMs !== undefined ? { studentComputeMs: Math.round(Math.min(events.computeMs, run.wallMs) * 10) / 10 } : {}),
      },
    },
  });
}

interface PreparedCase {
  case: CodeCase;
  expected: StepOutcome[];
  expectedBytes: number;
}

// Cases are deterministic and the reference is pure, so expected outputs are computed
// once per loaded module (a folder discovered again, or another root, is a new module).
const cache = new WeakMap<CodeExercise, PreparedCase[]>();

function preparedCases(exercise: CodeExercise, mode: 'visible' | 'submit'): PreparedCase[] {
  let all = cache.get(exercise);
  if (!all) {
    all = exercise.cases().map((c) => {
      const expected = runReferenceSteps(exercise, c.steps);
      return { case: c, expected, expectedBytes: JSON.stringify(expected).length };
    });
    cache.set(exercise, all);
  }
  return mode === 'visible' ? all.filter((p) => p.case.visibility === 'visible') : all;
}

function judge(o: {
  actual: StepOutcome[] | undefined;
  expected: StepOutcome[];
  step: number;
  kind: CodeCase['checks'][number]['kind'];
  c: CodeCase;
  stop: string;
  tolerance: Tolerance;
  language: Language;
}): { pass: boolean; message: string } {
  if (!o.actual) return { pass: false, message: `not run: ${o.stop || 'the program ended before reaching this test'}` };
  for (let i = 0; i <= o.step; i++) {
    const out = o.actual[i];
    if (!out) return { pass: false, message: `${describeStep(o.c, i, o.language)} did not finish: ${o.stop || 'the program ended'}` };
    if ('error' in out) return { pass: false, message: `${describeStep(o.c, i, o.language)} raised an error:\n${out.error}` };
  }
  const expected = o.expected[o.step]!;
  const actual = o.actual[o.step]!;
  if (!('ok' in expected) || !('ok' in actual)) return { pass: false, message: 'no output' };
  const cmp = compareOutput({ kind: o.kind, expected: expected.ok, actual: actual.ok, tolerance: o.tolerance, language: o.language });
  return { pass: cmp.pass, message: `${describeStep(o.c, o.step, o.language)}: ${cmp.message}` };
}

function describeStep(c: CodeCase, i: number, language: Language): string {
  const step = c.steps[i]!;
  const short = (args: unknown[]) => args.map((a) => (Array.isArray(a) ? '…' : JSON.stringify(a))).join(', ');
  switch (step.op) {
    case 'new':
      return `${language === 'python' ? '' : 'new '}${step.className}(${short(step.args)})`;
    case 'call':
      return `${step.method}(${short(step.args)})`;
    case 'fn':
      return `${step.name}(${short(step.args)})`;
    case 'get':
      return `reading .${step.attr}`;
    case 'set':
      return `setting .${step.attr}`;
  }
}

function stopReason(run: SandboxRun, meta: ExerciseMeta, loaded: boolean, done: boolean): string {
  const l = meta.limits;
  const where = loaded ? '' : ' while loading your code';
  if (run.timedOut) {
    const pids = run.cgroup.pidsLimitHit ? ` (it also hit the limit of ${l.processes} processes)` : '';
    return `time limit exceeded${where}: stopped after ${l.wallSeconds} s${pids}`;
  }
  if (run.memoryExceeded || /JavaScript heap out of memory/.test(run.stderr)) return `memory limit of ${l.memoryMiB} MiB exceeded${where}`;
  if (run.cpuExceeded) return `CPU time limit of ${l.cpuSeconds} s exceeded${where}`;
  if (run.outputExceeded) return `output limit of ${l.outputKiB} KiB exceeded${where}: the program printed too much`;
  if (run.resultExceeded) return `the outputs were too large${where}`;
  if (done) return '';
  const code = run.exitCode;
  if (code !== null && code > 128) return `the program was killed by signal ${code - 128}${where}`;
  return `the program exited (code ${code})${where} before finishing the tests`;
}

function missingMessage(missing: string[], language: Language): string {
  const how = language === 'python' ? (n: string) => `\`class ${n}\` (or def ${n})` : (n: string) => `\`export class ${n}\` (or export function ${n})`;
  return `Your file does not define ${missing.map(how).join(', ')} at the top level. Keep the names from the starter code.`;
}

const cut = (s: string) => (s.length > OUTPUT_EXCERPT ? `${s.slice(0, OUTPUT_EXCERPT)}\n… (${s.length - OUTPUT_EXCERPT} more characters)` : s);

function printedWhileLoading(text: string): string {
  return text.trim() ? `Your program printed while loading:\n${cut(text)}` : '';
}

/** the box's own stdout and stderr: what the harness did not catch as prints (fd 1 or 2 written directly, child processes) */
function programOutput(run: SandboxRun): string {
  const parts: string[] = [];
  if (run.stdout.trim()) parts.push(`Standard output:\n${cut(run.stdout)}`);
  if (run.stderr.trim()) parts.push(`Standard error:\n${cut(run.stderr)}`);
  return parts.join('\n\n');
}
