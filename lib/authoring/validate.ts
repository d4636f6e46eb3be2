import katex from 'katex';
import { templatePlaceholders, renderTemplate } from '../exercises/numeric/template';
import { compileFormula, FormulaError, reservedName } from './formula';
import { ZAuthoredNumeric, type AuthoredNumeric } from './schema';
import { authoredAnswer, authoredParams, describeParams } from './variant';
import { describeIssue, labelFor } from '../forms/messages';
import { renderText } from '../i18n/render';
import { msg, type Message, type MessageValue, type Text } from '../i18n/message';
import { AUTHORING_LABELS } from './labels';

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v = input;
  for (const k of path) v = v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k as string] : undefined;
  return v;
}

// Everything the editor reports before an authored exercise can be saved:
// schema problems, formulas that do not parse or use unknown names, answers
// that are not finite (or not whole for integer fields) for some seed,
// constraints no draw satisfies, placeholders without a parameter, and KaTeX
// that does not compile. All problems are collected, not just the first.

/** `message` in English (CLI, server logs); `text` the same as data, for the editor's language (a KaTeX or mathjs parser's own words stay English inside it). */
export type AuthoringIssue = { path: string; message: string; text: Text };

const issue = (path: string, text: Text): AuthoringIssue => ({ path, message: renderText(text), text });
const check = (key: string, values?: Record<string, MessageValue>) => msg(`authoring.checks.${key}`, values);

export type AuthoringValidation = { ok: true; def: AuthoredNumeric; errors: [] } | { ok: false; errors: AuthoringIssue[] };

export const DEFAULT_VALIDATION_SEEDS = 200;

export function validateAuthoredNumeric(input: unknown, opts: { seeds?: number } = {}): AuthoringValidation {
  const parsed = ZAuthoredNumeric.safeParse(input);
  if (!parsed.success) {
    // Sentences naming the field as the editor labels it, not zod's wording.
    return { ok: false, errors: parsed.error.issues.map((i) => issue(i.path.join('.') || '(root)', describeIssue(i, labelFor(i.path, AUTHORING_LABELS), valueAt(input, i.path)))) };
  }
  const def = parsed.data;
  const errors: AuthoringIssue[] = [];
  const names = def.params.map((p) => p.name);

  def.params.forEach((p, i) => {
    if (reservedName(p.name)) errors.push(issue(`params.${i}.name`, check('reservedName', { name: p.name })));
  });
  const tryCompile = (path: string, formula: string) => {
    try {
      compileFormula(formula, names);
    } catch (e) {
      if (!(e instanceof FormulaError)) throw e;
      errors.push(issue(path, e.text));
    }
  };
  def.constraints.forEach((c, i) => tryCompile(`constraints.${i}`, c));
  def.fields.forEach((f, i) => {
    tryCompile(`fields.${i}.formula`, f.formula);
    if (f.type === 'integer' && f.tolerance) errors.push(issue(`fields.${i}.tolerance`, check('integerTolerance')));
  });
  for (const name of templatePlaceholders(def.prompt)) {
    if (!names.includes(name)) errors.push(issue('prompt', names.length ? check('notParameter', { name, names: names.join(', ') }) : msg('authoring.checks.notParameter', { name, names: check('noneNames') })));
  }
  const fieldNames = def.fields.map((f) => f.name);
  for (const name of templatePlaceholders(def.solution ?? '')) {
    if (!names.includes(name) && !fieldNames.includes(name)) {
      errors.push(issue('solution', check('neither', { name })));
    }
  }
  if (errors.length > 0) return { ok: false, errors };

  // Formulas are sound; now check they give usable answers across many variants.
  const seeds = opts.seeds ?? DEFAULT_VALIDATION_SEEDS;
  const failedFields = new Set<string>();
  let firstParams: Record<string, number> | undefined;
  for (let s = 0; s < seeds; s++) {
    const seed = `validate-${s}`;
    let params: Record<string, number>;
    try {
      params = authoredParams(def, seed);
    } catch (e) {
      if (!(e instanceof FormulaError)) throw e;
      errors.push(issue('constraints', e.text));
      break;
    }
    firstParams ??= params;
    for (const field of def.fields) {
      if (failedFields.has(field.name)) continue;
      try {
        authoredAnswer({ ...def, fields: [field] }, params);
      } catch (e) {
        if (!(e instanceof FormulaError)) throw e;
        failedFields.add(field.name);
        errors.push(issue(`fields.${def.fields.indexOf(field)}.formula`, check('withSeed', { problem: e.text, seed })));
      }
    }
  }
  if (firstParams) {
    for (const [path, text] of [
      ['prompt', def.prompt],
      ['solution', def.solution ?? ''],
    ] as const) {
      const values: Record<string, number> = { ...firstParams };
      if (path === 'solution' && failedFields.size === 0) Object.assign(values, authoredAnswer(def, firstParams));
      for (const problem of katexProblems(renderTemplateSafe(text, values))) {
        errors.push(issue(path, check('withParams', { problem, params: describeParams(firstParams) })));
      }
    }
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, def, errors: [] };
}

/** A sentence for each $...$ / $$...$$ segment of a Markdown text KaTeX cannot render (KaTeX's own words as its {detail}). */
export function katexProblems(markdown: string): Message[] {
  const problems: Message[] = [];
  const text = markdown.replace(/```[\s\S]*?```|`[^`\n]*`/g, ''); // code is not math
  const math = /\$\$([\s\S]+?)\$\$|(?<![\\$])\$(?!\s)([^$\n]+?)(?<!\s)\$/g;
  for (const m of text.matchAll(math)) {
    const tex = m[1] ?? m[2]!;
    try {
      katex.renderToString(tex, { throwOnError: true, displayMode: m[1] !== undefined, strict: 'ignore' });
    } catch (e) {
      problems.push(check('katex', { detail: (e as Error).message.replace(/^KaTeX parse error: /, '') }));
    }
  }
  return problems;
}

function renderTemplateSafe(text: string, values: Record<string, number>): string {
  try {
    return renderTemplate(text, values);
  } catch {
    return text; // placeholders were checked above; a field placeholder with a failed formula stays as is
  }
}
