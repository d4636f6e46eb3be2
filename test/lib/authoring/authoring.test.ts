import { describe, expect, it } from 'vitest';
import { renderText } from '../../../lib/i18n/render';
import {
  authoredAnswer,
  authoredVariant,
  checkAuthoredAnswer,
  compileFormula,
  FormulaError,
  katexProblems,
  paramValues,
  validateAuthoredNumeric,
  type AuthoredNumericInput,
} from '../../../lib/authoring';
import { authoredVersionHash, canonicalJson } from '../../../lib/authoring/version';

const convOut: AuthoredNumericInput = {
  id: 'authored-conv-out',
  title: 'Output size of a convolution',
  week: 1,
  points: 4,
  prompt: 'An ${{n}}\\times{{n}}$ input, kernel $k={{k}}$, padding {{p}}, stride {{s}}. Output size? And $\\frac{out^2}{n^2}$?',
  params: [
    { name: 'n', min: 5, max: 64 },
    { name: 'k', choices: [1, 3, 5, 7] },
    { name: 'p', min: 0, max: 3 },
    { name: 's', min: 1, max: 3 },
  ],
  constraints: ['k <= n + 2*p'],
  fields: [
    { name: 'out', label: 'Output size', type: 'integer', formula: 'floor((n + 2*p - k) / s) + 1' },
    { name: 'ratio', label: 'Area ratio', type: 'real', formula: '(floor((n + 2*p - k) / s) + 1)^2 / n^2', tolerance: { relative: 0, absolute: 0.001 } },
  ],
  solution: 'out = {{out}}, ratio = {{ratio}} for n = {{n}}',
};

const expectedOut = (p: Record<string, number>) => Math.floor((p.n! + 2 * p.p! - p.k!) / p.s!) + 1;

describe('authoredVariant / authoredAnswer', () => {
  it('draws parameters in range, respecting constraints, the same for the same seed', () => {
    const seen = new Set<number>();
    for (let i = 0; i < 100; i++) {
      const v = authoredVariant(convOut, `student-${i}`);
      const p = v.params as Record<string, number>;
      expect(Number.isInteger(p.n) && p.n! >= 5 && p.n! <= 64).toBe(true);
      expect([1, 3, 5, 7]).toContain(p.k);
      expect(p.k!).toBeLessThanOrEqual(p.n! + 2 * p.p!);
      seen.add(p.n!);
      expect(v.prompt).toContain(`$${p.n}\\times${p.n}$`);
      expect(v.prompt).not.toContain('{{');
      expect(v.fields).toEqual([
        { name: 'out', label: 'Output size', type: 'integer' },
        { name: 'ratio', label: 'Area ratio', type: 'real' },
      ]);
      expect(authoredVariant(convOut, `student-${i}`).params).toEqual(p);
    }
    expect(seen.size).toBeGreaterThan(20);
  });

  it('computes answers from the formulas', () => {
    const ans = authoredAnswer(convOut, { n: 28, k: 5, p: 2, s: 1 });
    expect(ans.out).toBe(28);
    expect(ans.ratio).toBeCloseTo(1, 12);
    expect(authoredAnswer(convOut, { n: 7, k: 3, p: 0, s: 2 })).toEqual({ out: 3, ratio: 9 / 49 });
  });

  it('enumerates stepped and listed parameter values', () => {
    expect(paramValues({ name: 'x', min: 0.1, max: 0.5, step: 0.1 })).toEqual([0.1, 0.2, 0.3, 0.4, 0.5]);
    expect(paramValues({ name: 'x', min: 2, max: 10, step: 4 })).toEqual([2, 6, 10]);
    expect(paramValues({ name: 'x', min: 3, max: 3 })).toEqual([3]);
    expect(paramValues({ name: 'x', choices: [32, 64] })).toEqual([32, 64]);
  });
});

describe('checkAuthoredAnswer', () => {
  const seed = 'u1';
  const params = () => authoredVariant(convOut, seed).params as Record<string, number>;

  it('gives full marks for the right answers, within the field tolerance', () => {
    const out = expectedOut(params());
    const ratio = (out * out) / (params().n! * params().n!);
    const r = checkAuthoredAnswer({ def: convOut, seed, raw: { out: String(out), ratio: (ratio + 0.0009).toFixed(6) } });
    expect(r.kind).toBe('graded');
    if (r.kind !== 'graded') return;
    expect(r.result.score).toBe(4);
    expect(r.result.max_score).toBe(4);
    expect(r.result.tests.map((t) => t.status)).toEqual(['passed', 'passed']);
    expect(r.result.extra_data?.expected).toBeUndefined();
  });

  it('gives partial credit and reveals the solution only when asked', () => {
    const out = expectedOut(params());
    const r = checkAuthoredAnswer({ def: convOut, seed, raw: { out: out + 1, ratio: 5 }, revealSolution: true });
    if (r.kind !== 'graded') throw new Error('expected graded');
    expect(r.result.score).toBe(0);
    const ok = checkAuthoredAnswer({ def: convOut, seed, raw: { out, ratio: 5 }, revealSolution: true });
    if (ok.kind !== 'graded') throw new Error('expected graded');
    expect(ok.result.score).toBe(2);
    expect(ok.result.output).toContain(`out = ${out}`);
    expect((ok.result.extra_data?.expected as Record<string, number>).out).toBe(out);
    expect(ok.result.tests[1]!.output).toMatch(/correct value is/);
  });

  it('reports typos as invalid, not as a graded attempt', () => {
    const r = checkAuthoredAnswer({ def: convOut, seed, raw: { out: '12,5', ratio: '' } });
    expect(r.kind).toBe('invalid');
    if (r.kind !== 'invalid') return;
    expect(Object.keys(r.errors).sort()).toEqual(['out', 'ratio']);
    expect(checkAuthoredAnswer({ def: convOut, seed, raw: { out: '2.5', ratio: '1' } }).kind).toBe('invalid');
  });
});

describe('compileFormula (restricted mathjs)', () => {
  const names = ['n', 'k'];
  it('evaluates whitelisted arithmetic, functions, constants and conditionals', () => {
    expect(compileFormula('floor((n - k) / 2) + 1', names).evaluate({ n: 10, k: 3 })).toBe(4);
    expect(compileFormula('max(n, k) ^ 2 % 7', names).evaluate({ n: 4, k: 3 })).toBe(2);
    expect(compileFormula('n > k ? sqrt(n) : -1', names).evaluate({ n: 9, k: 3 })).toBe(3);
    expect(compileFormula('2 pi', []).evaluate({})).toBeCloseTo(2 * Math.PI);
    expect(compileFormula('n', names).symbols).toEqual(['n']);
    expect(compileFormula('sqrt(-n)', names).evaluate({ n: 4 })).toBeNaN();
  });

  it.each([
    ['import({x: 1}, {override: true})', /function "import" is not allowed/],
    ['evaluate("1+1")', /function "evaluate" is not allowed/],
    ['parse("n")', /function "parse" is not allowed/],
    ['createUnit("foo")', /function "createUnit" is not allowed/],
    ['n = 5', /assignment/],
    ['f(x) = x', /defining a function/],
    ['[1, 2]', /matrix or list/],
    ['{a: 1}', /object/],
    ['n.constructor', /property access/],
    ['cos["constructor"]', /property access|indexing/],
    ['"text"', /only numbers/],
    ['5 cm', /unknown symbol "cm"/],
    ['n + q', /unknown symbol "q".*known: n, k/],
    ['3!', /operator "!"/],
    ['1:3', /range/],
    ['n; k', /several statements/],
    ['floor', /floor is a function/],
    ['', /empty/],
    ['n +', /cannot parse/],
  ])('refuses %s', (formula, message) => {
    expect(() => compileFormula(formula, names)).toThrow(FormulaError);
    expect(() => compileFormula(formula, names)).toThrow(message);
  });
});

describe('validateAuthoredNumeric', () => {
  const withFields = (fields: AuthoredNumericInput['fields']) => ({ ...convOut, fields, solution: undefined });

  it('accepts a sound exercise over 200 seeds', () => {
    const r = validateAuthoredNumeric(convOut);
    expect(r.errors).toEqual([]);
    expect(r.ok).toBe(true);
  });

  it('names an unknown symbol and the field it is in', () => {
    const r = validateAuthoredNumeric(withFields([{ name: 'out', label: 'O', type: 'integer', formula: 'floor((n - kernel)/s) + 1' }]));
    expect(r.ok).toBe(false);
    expect(r.errors).toMatchObject([{ path: 'fields.0.formula', message: expect.stringMatching(/unknown symbol "kernel"/) }]);
    expect(r.errors).toHaveLength(1);
  });

  it('finds answers that are not finite for some seed', () => {
    const r = validateAuthoredNumeric(withFields([{ name: 'x', label: 'X', type: 'real', formula: 'log(p)' }]));
    expect(r.ok).toBe(false);
    expect(r.errors[0]!.path).toBe('fields.0.formula');
    expect(r.errors[0]!.message).toMatch(/-Infinity for .*p=0.*seed "validate-\d+"/);
  });

  it('finds integer fields whose formula is not whole', () => {
    const r = validateAuthoredNumeric(withFields([{ name: 'x', label: 'X', type: 'integer', formula: '(n - k) / s' }]));
    expect(r.ok).toBe(false);
    expect(r.errors[0]!.message).toMatch(/is an integer but .*\(use round, floor or ceil\)/);
  });

  it('reports unsatisfiable constraints, unknown placeholders, reserved names and bad KaTeX', () => {
    expect(validateAuthoredNumeric({ ...convOut, constraints: ['n > 100'] }).errors[0]).toMatchObject({ path: 'constraints', message: expect.stringMatching(/1000 draws/) });
    const placeholder = validateAuthoredNumeric({ ...convOut, prompt: 'size {{size}}' });
    expect(placeholder.errors).toMatchObject([{ path: 'prompt', message: expect.stringMatching(/\{\{size\}\} is not a parameter \(parameters: n, k, p, s\)/) }]);
    expect(placeholder.errors).toHaveLength(1);
    // The same issue as data, for the editor's language.
    expect(renderText(placeholder.errors[0]!.text, 'vi')).toBe('{{size}} không phải là tham số (các tham số: n, k, p, s)');
    const reserved = validateAuthoredNumeric({ ...convOut, params: [...convOut.params!, { name: 'max', min: 1, max: 2 }] });
    expect(reserved.errors.some((e) => e.path === 'params.4.name' && /function or constant/.test(e.message))).toBe(true);
    const tex = validateAuthoredNumeric({ ...convOut, prompt: 'Size $\\frac{{{n}}$ here' });
    expect(tex.errors[0]).toMatchObject({ path: 'prompt', message: expect.stringMatching(/^KaTeX/) });
  });

  it('reports schema problems with their paths', () => {
    const r = validateAuthoredNumeric({ ...convOut, id: 'Bad Id', params: [{ name: 'n', min: 5, max: 1 }], fields: [] });
    expect(r.ok).toBe(false);
    const paths = r.errors.map((e) => e.path);
    expect(paths).toContain('id');
    expect(paths).toContain('fields');
    expect(paths.some((p) => p.startsWith('params.0'))).toBe(true);
    const dup = validateAuthoredNumeric({ ...convOut, fields: [{ ...convOut.fields[0]!, name: 'n' }] });
    expect(dup.errors).toContainEqual(expect.objectContaining({ path: 'fields.0.name', message: 'Answer 1 name: "n" is used twice.' }));
    // zod's own wording never reaches the editor: sentences naming the field as it is labelled
    expect(r.errors.find((e) => e.path === 'fields')?.message).toBe('Answer fields needs at least 1 entry.');
    expect(r.errors.find((e) => e.path === 'id')?.message).toBe('Exercise id: ids are kebab-case.');
    expect(renderText(r.errors.find((e) => e.path === 'fields')!.text, 'vi')).toBe('Các ô đáp án cần ít nhất 1 mục.');
    expect(renderText(r.errors.find((e) => e.path === 'id')!.text, 'vi')).toBe('Mã bài tập: id phải viết dạng kebab-case.');
    expect(renderText(dup.errors.find((e) => e.path === 'fields.0.name')!.text, 'vi')).toBe('Tên đáp án 1: "n" được dùng hai lần.');
  });
});

describe('katexProblems', () => {
  it('checks inline and display math, ignoring code and escaped dollars', () => {
    expect(katexProblems('ok $x^2$ and $$\\frac{a}{b}$$ and `$not math$` and \\$5')).toEqual([]);
    expect(katexProblems('bad $\\frac{a}$')).toHaveLength(1);
  });
});

describe('authoredVersionHash', () => {
  it('is stable under key order and defaults, and changes with any edit', () => {
    const h = authoredVersionHash(convOut);
    expect(h).toMatch(/^[0-9a-f]{16}$/);
    const reordered = Object.fromEntries(Object.entries(convOut).reverse()) as AuthoredNumericInput;
    expect(authoredVersionHash(reordered)).toBe(h);
    const noConstraints = { ...convOut, constraints: undefined };
    expect(authoredVersionHash(noConstraints)).toBe(authoredVersionHash({ ...convOut, constraints: [] }));
    expect(authoredVersionHash({ ...convOut, points: 5 })).not.toBe(h);
    expect(authoredVersionHash({ ...convOut, fields: [convOut.fields[0]!, { ...convOut.fields[1]!, formula: 'n' }] })).not.toBe(h);
  });

  it('sorts keys at every depth', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { f: 1, e: 2 }], c: 2 } })).toBe('{"a":{"c":2,"d":[3,{"e":2,"f":1}]},"b":1}');
  });
});
