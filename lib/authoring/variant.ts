import { createRng, type Rng } from '../grading/rng';
import { gradeNumericAnswer, parseNumericAnswer, ANSWER_ERROR_KEY, type AnswerField, type NumericCheck } from '../grading/numeric-grade';
import { summarizeTests, type TestResult } from '../grading/results';
import { renderTemplate } from '../exercises/numeric/template';
import type { NumericVariant } from '../exercises/numeric/types';
import { compileFormula, FormulaError, formulaText as f, type CompiledFormula } from './formula';
import type { Message, MessageValue } from '../i18n/message';
import { ZAuthoredNumeric, type AuthoredNumeric, type AuthoredNumericInput, type AuthoredParam } from './schema';

// Variants, answers and grading for authored numeric exercises. The seed is
// mixed with the exercise id exactly like the file-based numeric exercises
// (variantParams in exercises/numeric), so variantSeed(user, exercise) works
// for both kinds. Browser-safe (no node: imports) for the editor's live preview.

/** How many draws to try before constraints are declared unsatisfiable. */
export const MAX_DRAWS = 1000;

type Compiled = {
  def: AuthoredNumeric;
  constraints: CompiledFormula[];
  fields: { field: AuthoredNumeric['fields'][number]; formula: CompiledFormula }[];
};

// Keyed by content, not object identity: an editor may mutate the object it passes.
const cache = new Map<string, Compiled>();
const CACHE_SIZE = 64;

/** Parse the definition and compile its formulas once; throws on schema or formula errors. */
export function compileAuthored(input: AuthoredNumericInput | AuthoredNumeric): Compiled {
  const key = JSON.stringify(input);
  const hit = cache.get(key);
  if (hit) return hit;
  const def = ZAuthoredNumeric.parse(input);
  const names = def.params.map((p) => p.name);
  const compiled: Compiled = {
    def,
    constraints: def.constraints.map((c, i) => withContext(f('constraintN', { n: i + 1 }), () => compileFormula(c, names))),
    fields: def.fields.map((field) => ({ field, formula: withContext(f('fieldNamed', { name: field.name }), () => compileFormula(field.formula, names)) })),
  };
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
  cache.set(key, compiled);
  return compiled;
}

export function paramValues(p: AuthoredParam): number[] {
  if ('choices' in p) return p.choices;
  const step = p.step ?? 1;
  const count = Math.floor((p.max - p.min) / step + 1e-9) + 1;
  // rounded so 0.1-steps give 0.3, not 0.30000000000000004
  return Array.from({ length: count }, (_, k) => Number((p.min + k * step).toPrecision(12)));
}

/** Draw parameters for a seed, redrawing until every constraint holds. */
export function authoredParams(input: AuthoredNumericInput | AuthoredNumeric, seed: string): Record<string, number> {
  const c = compileAuthored(input);
  const rng: Rng = createRng(`${c.def.id}\0${seed}`);
  for (let draw = 0; draw < MAX_DRAWS; draw++) {
    const params: Record<string, number> = {};
    for (const p of c.def.params) params[p.name] = rng.pick(paramValues(p));
    if (c.constraints.every((f) => f.evaluate(params) !== 0)) return params;
  }
  throw new FormulaError(f('noDraws', { n: MAX_DRAWS }));
}

export function authoredAnswer(input: AuthoredNumericInput | AuthoredNumeric, params: Record<string, number>): Record<string, number> {
  const c = compileAuthored(input);
  const out: Record<string, number> = {};
  for (const { field, formula } of c.fields) {
    const value = formula.evaluate(params);
    if (!Number.isFinite(value)) throw new FormulaError(f('notFinite', { name: field.name, formula: field.formula, value: String(value), params: describeParams(params) }));
    if (field.type === 'integer' && !Number.isInteger(value)) {
      // 1e-9 relative slack absorbs floating error such as 0.1*30 = 3.0000000000000004
      const r = Math.round(value);
      if (Math.abs(value - r) > 1e-9 * Math.max(1, Math.abs(value))) {
        throw new FormulaError(f('notInteger', { name: field.name, formula: field.formula, value: String(value), params: describeParams(params) }));
      }
      out[field.name] = r;
    } else out[field.name] = value;
  }
  return out;
}

export function authoredFields(input: AuthoredNumericInput | AuthoredNumeric): AnswerField[] {
  return compileAuthored(input).def.fields.map(({ name, label, type, unit }) => (unit ? { name, label, type, unit } : { name, label, type }));
}

export function authoredVariant(input: AuthoredNumericInput | AuthoredNumeric, seed: string): NumericVariant {
  const { def } = compileAuthored(input);
  const params = authoredParams(input, seed);
  return { seed, params, prompt: renderTemplate(def.prompt, params), fields: authoredFields(input) };
}

/** Grade a student's typed answer; same outcome type as checkNumericAnswer. */
export function checkAuthoredAnswer(opts: {
  def: AuthoredNumericInput | AuthoredNumeric;
  seed: string;
  raw: unknown;
  revealSolution?: boolean;
}): NumericCheck {
  const c = compileAuthored(opts.def);
  const fields = authoredFields(opts.def);
  const parsed = parseNumericAnswer(fields, opts.raw);
  if (!parsed.ok) return { kind: 'invalid', errors: parsed.errors, texts: parsed.texts };
  const params = authoredParams(opts.def, opts.seed);
  const expected = authoredAnswer(opts.def, params);
  const solution = opts.revealSolution && c.def.solution ? renderTemplate(c.def.solution, { ...params, ...expected }) : undefined;
  const perField = c.def.points / fields.length;
  // Fields can have their own tolerance, so each is graded on its own and the tests are summed.
  const tests: TestResult[] = [];
  const fieldDetails: Record<string, unknown> = {};
  for (const [i, field] of fields.entries()) {
    const tol = c.def.fields[i]!.tolerance ?? { relative: 1e-6, absolute: 0 };
    const one = gradeNumericAnswer({
      fields: [field],
      expected: { [field.name]: expected[field.name]! },
      raw: { [field.name]: parsed.values[field.name] },
      points: perField,
      tolerance: tol,
      revealSolution: opts.revealSolution,
    });
    if (one.kind !== 'graded') return { kind: 'invalid', errors: { [ANSWER_ERROR_KEY]: 'unexpected parse failure' } };
    tests.push(...one.result.tests);
    Object.assign(fieldDetails, (one.result.extra_data?.fields as Record<string, unknown>) ?? {});
  }
  const right = tests.filter((t) => t.status === 'passed').length;
  const summary = `${right} of ${tests.length} answer${tests.length === 1 ? '' : 's'} correct.`;
  const extra: Record<string, unknown> = { exerciseId: c.def.id, seed: opts.seed, fields: fieldDetails };
  if (opts.revealSolution) {
    extra.expected = expected;
    if (solution !== undefined) extra.solution = solution;
  }
  return { kind: 'graded', result: summarizeTests({ tests, output: solution ? `${summary}\n\n${solution}` : summary, extra }), values: parsed.values };
}

function withContext<T>(where: Message, run: () => T): T {
  try {
    return run();
  } catch (e) {
    if (e instanceof FormulaError) throw new FormulaError(f('at', { where, problem: e.text }));
    throw e;
  }
}

/** "n=5, k=3" (names and numbers as written), or the sentence for none. */
export function describeParams(params: Record<string, number>): MessageValue {
  return Object.entries(params)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ') || f('noParams');
}
