import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ExerciseKind, ExerciseMeta } from '../lib/exercises/schema';
import { ExerciseFolderError, authoredFilesIn, exercisesRoot, loadExercise, type ExerciseInfo } from '../lib/exercises/load';
import { MODULE_FILE, folderModule } from '../lib/exercises/discover';
import { EXERCISE_INDEX_FILE, exerciseIndexIsFresh } from '../lib/exercises/index-file';
import { codeModule, createRegistry, numericModule } from '../lib/exercises/registry';
import { runReferenceSteps } from '../lib/exercises/code/run-steps';
import * as model from '../lib/model/index';
import { validateAuthoredNumeric } from '../lib/authoring/index';
import { renderText } from '../lib/i18n/render';
import { gradeCode } from '../worker/code/grade-code';
import { CliUsageError, parseCli, type CliCommand } from './command';

// `convgrade validate [path]`: checks exercise folders before they reach students.
// - every folder: exercise.yaml against the schema, prompt.md present, a starter
//   file for each listed language;
// - numeric: variant.ts exports a definition, and for many seeds the variant renders, the answer is
//   finite (whole for integer fields) and grading that answer gives full marks;
// - code: cases.ts exports an exercise, cases are deterministic, every check points at a step, the
//   points add up to exercise.yaml's, the trusted reference runs every case
//   without throwing and with finite outputs, and then, bundled into one
//   JavaScript module, it is graded exactly as a student's submission is (real
//   sandbox, harness, comparison) and must score full marks;
// - model: the starter model parses and passes the model limits, settings valid.
// An authored numeric exercise (.json from the web editor) can be checked too.
// The modules are imported from the folder checked, so a folder is checked
// before (and wherever) it is installed; validating EXERCISES_DIR also checks
// that app/exercise-index.generated.ts is up to date.

export type CheckStatus = 'ok' | 'fail' | 'skip';
export type CheckLine = { status: CheckStatus; message: string };
export type FolderReport = { target: string; kind?: string; ok: boolean; checks: CheckLine[] };

export type ValidateOptions = {
  /** seeds tried per numeric exercise; default 200 */
  seeds?: number;
};

const REPO = fileURLToPath(new URL('..', import.meta.url));

type Run = (what: string, f: () => Promise<void>) => Promise<void>;

/**
 * What validate checks per kind beyond the shared fields, one entry per kind. Kept in
 * the CLI rather than in lib/exercises/kinds/: the code check grades in the sandbox
 * (worker code), which the web app, importing the kind modules, must never bundle.
 */
interface KindChecks<K extends ExerciseKind> {
  /** a problem with the kind's settings in exercise.yaml, if any */
  settings(meta: Extract<ExerciseMeta, { kind: K }>): string | null;
  /** the kind's own files: variant, cases and reference, or starter model */
  content(ctx: { info: ExerciseInfo; seeds: number; checks: CheckLine[]; run: Run }): Promise<void>;
}
const KIND_CHECKS: { [K in ExerciseKind]: KindChecks<K> } = {
  numeric: {
    settings: () => null,
    content: ({ info, seeds, checks, run }) => run('numeric answers', () => checkNumeric(info, seeds, checks)),
  },
  code: {
    settings: (meta) => (meta.languages.length === 0 ? 'a code exercise must list at least one language' : null),
    async content({ info, checks, run }) {
      const before = checks.length;
      await run('reference on the hidden tests', () => checkCode(info, checks));
      if (!checks.slice(before).some((c) => c.status === 'fail')) await run('reference as a submission', () => gradeReference(info, checks));
    },
  },
  model: {
    settings: () => null,
    content: ({ info, checks, run }) => run('starter model', () => checkModel(info, checks)),
  },
};

export async function validateExerciseFolder(dir: string, opts: ValidateOptions = {}): Promise<FolderReport> {
  const checks: CheckLine[] = [];
  const ok = (message: string) => checks.push({ status: 'ok', message });
  const fail = (message: string) => checks.push({ status: 'fail', message });
  let info: ExerciseInfo;
  try {
    info = loadExercise(path.resolve(dir));
  } catch (e) {
    fail(e instanceof ExerciseFolderError ? e.message : `cannot read the folder: ${(e as Error).message}`);
    return finish(dir, undefined, checks);
  }
  const { meta } = info;
  ok('exercise.yaml matches the schema');
  if (info.prompt.trim() === '') fail('prompt.md is missing or empty');
  else ok('prompt.md present');
  for (const [lang, text] of Object.entries(info.prompts)) {
    if (text.trim() === '') fail(`prompt.${lang}.md is empty`);
    else ok(`prompt.${lang}.md present (shown to readers in that language)`);
  }

  // Looked up by the meta's own kind, so the union meta fits the entry's narrower one.
  const kindChecks = KIND_CHECKS[meta.kind] as KindChecks<ExerciseKind>;
  const settingsProblem = kindChecks.settings(meta);
  if (settingsProblem) fail(settingsProblem);
  const missing = meta.languages.filter((l) => !info.starters[l]?.trim());
  if (missing.length > 0) fail(`no starter code for ${missing.join(', ')} (expected ${missing.map(starterFile).join(', ')})`);
  else if (meta.languages.length > 0) ok(`starter code for ${meta.languages.join(', ')}`);

  const run = async (what: string, f: () => Promise<void>) => {
    try {
      await f();
    } catch (e) {
      fail(`${what}: ${(e as Error).message}`);
    }
  };
  await kindChecks.content({ info, seeds: opts.seeds ?? 200, checks, run });
  return finish(meta.id, meta.kind, checks);
}

/** An authored numeric exercise exported by the web editor. */
export async function validateAuthoredFile(file: string, opts: ValidateOptions = {}): Promise<FolderReport> {
  const checks: CheckLine[] = [];
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    checks.push({ status: 'fail', message: `not readable JSON: ${(e as Error).message}` });
    return finish(file, 'authored', checks);
  }
  const r = validateAuthoredNumeric(json, { seeds: opts.seeds });
  if (r.ok) checks.push({ status: 'ok', message: `authored numeric exercise "${r.def.id}" valid over ${opts.seeds ?? 200} seeds` });
  for (const e of r.errors) checks.push({ status: 'fail', message: `${e.path}: ${e.message}` });
  return finish(file, 'authored', checks);
}

/** A folder with exercise.yaml, a folder of such folders, or an authored .json file. */
export async function validatePath(target: string, opts: ValidateOptions = {}): Promise<FolderReport[]> {
  if (!fs.existsSync(target)) throw new CliUsageError(`${target} does not exist`);
  if (fs.statSync(target).isFile()) {
    if (target.endsWith('.json')) return [await validateAuthoredFile(target, opts)];
    if (path.basename(target) === 'exercise.yaml') return [await validateExerciseFolder(path.dirname(target), opts)];
    throw new CliUsageError(`${target}: expected an exercise folder, a folder of exercises, or an authored .json file`);
  }
  if (fs.existsSync(path.join(target, 'exercise.yaml'))) return [await validateExerciseFolder(target, opts)];
  // Editor exercises committed to git: in the folder itself, or in its authored/.
  const authored = [...authoredFilesIn(target), ...authoredFilesIn(path.join(target, 'authored'))];
  const folders = fs
    .readdirSync(target, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(target, d.name, 'exercise.yaml')))
    .map((d) => path.join(target, d.name))
    .sort();
  if (folders.length === 0 && authored.length === 0) throw new CliUsageError(`${target} holds no exercise folder (no */exercise.yaml) and no authored .json`);
  const reports: FolderReport[] = [];
  for (const f of folders) reports.push(await validateExerciseFolder(f, opts));
  for (const f of authored) reports.push(await validateAuthoredFile(f, opts));
  if (path.resolve(target) === path.resolve(exercisesRoot())) reports.push(indexReport(target));
  return reports;
}

/** The web app's list of numeric modules must match the folders it is about to serve. */
function indexReport(root: string): FolderReport {
  const fresh = exerciseIndexIsFresh(root);
  const where = path.relative(process.cwd(), EXERCISE_INDEX_FILE);
  return finish(where, 'index', [
    fresh ? { status: 'ok', message: 'lists every numeric folder' } : { status: 'fail', message: 'is stale: run npx tsx scripts/exercise-index.ts' },
  ]);
}

async function checkNumeric(info: ExerciseInfo, seeds: number, checks: CheckLine[]): Promise<void> {
  const def = await folderModule(info, MODULE_FILE.numeric, numericModule);
  const { numeric } = createRegistry({ root: path.dirname(info.dir), numeric: { [info.meta.id]: def } });
  const id = info.meta.id;
  for (let s = 0; s < seeds; s++) {
    const seed = `validate-${s}`;
    const where = `seed "${seed}"`;
    const variant = numeric.getVariant(id, seed);
    if (/\{\{\s*\w+\s*\}\}/.test(variant.prompt)) throw new Error(`${where}: the prompt still has a {{placeholder}}`);
    // Each translation (prompt.vi.md) is filled from the same values: a placeholder only it uses fails here, not on a student's page.
    for (const locale of Object.keys(info.prompts)) {
      const translated = numeric.getVariant(id, seed, { locale }).prompt;
      if (/\{\{\s*\w+\s*\}\}/.test(translated)) throw new Error(`${where}: prompt.${locale}.md still has a {{placeholder}}`);
    }
    const answer = numeric.correctAnswer(id, seed);
    for (const field of variant.fields) {
      const value = answer[field.name];
      if (value === undefined) throw new Error(`${where}: no answer for field "${field.name}"`);
      const cells = typeof value === 'number' ? [value] : value.flat();
      if (!cells.every(Number.isFinite)) throw new Error(`${where}: field "${field.name}" is not finite (${JSON.stringify(value)})`);
      if (field.type === 'integer' && !Number.isInteger(value)) throw new Error(`${where}: integer field "${field.name}" is ${String(value)}`);
      if (field.type === 'matrix' && (!Array.isArray(value) || value.length !== field.rows || value.some((r) => r.length !== field.cols))) {
        throw new Error(`${where}: matrix field "${field.name}" is not ${field.rows}×${field.cols}`);
      }
    }
    const check = numeric.checkNumericAnswer({ exerciseId: id, seed, raw: answer });
    if (check.kind !== 'graded') throw new Error(`${where}: the correct answer is rejected as invalid: ${JSON.stringify(check.errors)}`);
    if (check.result.score !== check.result.max_score || check.result.max_score !== info.meta.points) {
      throw new Error(`${where}: the correct answer scores ${check.result.score}/${check.result.max_score} (exercise.yaml: ${info.meta.points} points)`);
    }
  }
  checks.push({ status: 'ok', message: `answers finite and graded full marks for ${seeds} seeds` });
}

async function checkCode(info: ExerciseInfo, checks: CheckLine[]): Promise<void> {
  if (!fs.existsSync(path.join(info.dir, 'reference.ts'))) throw new Error('reference.ts is missing');
  const exercise = await folderModule(info, MODULE_FILE.code, codeModule);
  const cases = exercise.cases();
  if (cases.length === 0) throw new Error('cases() returned no test case');
  if (JSON.stringify(exercise.cases()) !== JSON.stringify(cases)) throw new Error('cases() is not deterministic: two calls differ');
  const ids = new Set<string>();
  let points = 0;
  for (const c of cases) {
    if (ids.has(c.id)) throw new Error(`case id "${c.id}" is used twice`);
    ids.add(c.id);
    if (c.checks.length === 0) throw new Error(`case "${c.id}" has no checks`);
    for (const k of c.checks) {
      if (!Number.isInteger(k.step) || k.step < 0 || k.step >= c.steps.length) throw new Error(`case "${c.id}", check "${k.name}": step ${k.step} does not exist`);
      if (!(k.points >= 0)) throw new Error(`case "${c.id}", check "${k.name}": points must be ≥ 0`);
      points += k.points;
    }
    const outcomes = runReferenceSteps(exercise, c.steps);
    outcomes.forEach((o, i) => {
      if ('error' in o) throw new Error(`case "${c.id}", step ${i}: the reference failed: ${o.error}`);
      const bad = nonFinite(o.ok);
      if (bad) throw new Error(`case "${c.id}", step ${i}: the reference output contains ${bad}`);
    });
  }
  if (Math.abs(points - info.meta.points) > 1e-9) throw new Error(`the checks' points add up to ${points}, exercise.yaml says ${info.meta.points}`);
  const visible = cases.filter((c) => c.visibility === 'visible').length;
  checks.push({ status: 'ok', message: `reference runs all ${cases.length} cases (${visible} visible, ${cases.length - visible} hidden) with finite outputs; points add up to ${points}` });
  if (visible === 0) checks.push({ status: 'skip', message: 'no visible case: students cannot "run tests" before submitting' });
}

/** The reference, bundled with its helpers, graded in the sandbox like a student's JavaScript. */
async function gradeReference(info: ExerciseInfo, checks: CheckLine[]): Promise<void> {
  const { build } = await import('esbuild');
  // '@' as in tsconfig.json, for a folder outside this repository too
  const bundle = await build({ entryPoints: [path.join(info.dir, 'reference.ts')], bundle: true, format: 'esm', platform: 'neutral', write: false, logLevel: 'silent', alias: { '@': REPO } });
  const source = bundle.outputFiles[0]!.text;
  const exercise = await folderModule(info, MODULE_FILE.code, codeModule);
  const exercises = createRegistry({ root: path.dirname(info.dir), code: { [info.meta.id]: exercise } });
  const result = await gradeCode({ exerciseId: info.meta.id, language: 'javascript', source, mode: 'submit', exercises });
  if (!result.gradable) throw new Error(`not gradable in the sandbox: ${result.format_errors.join('; ')}`);
  const failed = result.tests.filter((t) => t.status !== 'passed').map((t) => `${t.name}: ${t.output.split('\n')[0]}`);
  if (result.score !== result.max_score || failed.length > 0) {
    throw new Error(`scores ${result.score}/${result.max_score} when graded in the sandbox${failed.length ? ` (${failed.join('; ')})` : ''}`);
  }
  checks.push({ status: 'ok', message: `reference graded in the sandbox as a submission: ${result.score}/${result.max_score}` });
}

const MODEL_STARTERS: [RegExp, 'spec' | 'keras' | 'tfjs'][] = [
  [/^(starter|model)\.ya?ml$/, 'spec'],
  [/^(starter\.)?model\.json$/, 'tfjs'],
  [/^starter(\.keras)?\.json$/, 'keras'],
];

async function checkModel(info: ExerciseInfo, checks: CheckLine[]): Promise<void> {
  const settings = model.ZMnistSettings.safeParse(info.meta.settings);
  if (!settings.success) {
    throw new Error(`settings: ${settings.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
  }
  checks.push({ status: 'ok', message: 'model settings valid' });
  const files = fs.readdirSync(info.dir);
  const found = files.flatMap((f) => {
    const hit = MODEL_STARTERS.find(([re]) => re.test(f));
    return hit ? [{ file: f, format: hit[1] }] : [];
  });
  if (found.length === 0) throw new Error('no starter model (starter.yaml for a layer spec, starter.json for Keras JSON, or model.json)');
  const budgets = settings.data.budgets;
  for (const { file, format } of found) {
    const parsed = model.parseModelSubmission({
      format,
      content: fs.readFileSync(path.join(info.dir, file), 'utf8'),
      limits: { maxParams: budgets.maxParams, maxLayers: budgets.maxLayers },
    });
    if (!parsed.ok) throw new Error(`${file}: ${parsed.errors.map((e) => renderText(e)).join('; ')}`);
    checks.push({ status: 'ok', message: `${file} (${format}) parses and fits the budgets` });
  }
}

function nonFinite(v: unknown): string | null {
  if (typeof v === 'number') return Number.isFinite(v) ? null : String(v);
  // run-steps snapshots non-finite numbers as strings
  if (typeof v === 'string' && /^(NaN|-?Infinity)$/.test(v)) return v;
  if (Array.isArray(v)) {
    for (const x of v) {
      const bad = nonFinite(x);
      if (bad) return bad;
    }
  }
  return null;
}

function starterFile(lang: string): string {
  return { python: 'starter.py', typescript: 'starter.ts', javascript: 'starter.js' }[lang] ?? lang;
}

function finish(target: string, kind: string | undefined, checks: CheckLine[]): FolderReport {
  return { target, kind, ok: !checks.some((c) => c.status === 'fail'), checks };
}

export function formatReports(reports: FolderReport[]): string {
  const lines: string[] = [];
  for (const r of reports) {
    lines.push(`${r.ok ? 'PASS' : 'FAIL'}  ${r.target}${r.kind ? ` (${r.kind})` : ''}`);
    for (const c of r.checks) lines.push(`      ${c.status.padEnd(4)}  ${c.message}`);
  }
  const failed = reports.filter((r) => !r.ok).length;
  lines.push(`validate: ${reports.length - failed} passed, ${failed} failed`);
  return lines.join('\n');
}

export const command: CliCommand = {
  summary: 'check exercise folders (schema, starters, answers, reference), or an authored .json ([path] [--seeds N] [--json])',
  async run(argv) {
    const { values, positionals } = parseCli({
      args: argv,
      allowPositionals: true,
      options: { seeds: { type: 'string' }, json: { type: 'boolean', default: false } },
    });
    if (positionals.length > 1) throw new CliUsageError('usage: convgrade validate [path] [--seeds N] [--json]');
    const seeds = values.seeds === undefined ? 200 : Number(values.seeds);
    if (!Number.isInteger(seeds) || seeds < 1) throw new CliUsageError('--seeds must be a positive integer');
    const reports = await validatePath(positionals[0] ?? exercisesRoot(), { seeds });
    console.log(values.json ? JSON.stringify(reports, null, 2) : formatReports(reports));
    return reports.every((r) => r.ok) ? 0 : 1;
  },
};
