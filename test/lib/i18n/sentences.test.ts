import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { checkTfjsWeightFiles, parseModelSubmission } from '../../../lib/model';
import { compileFormula, FormulaError, katexProblems, validateAuthoredNumeric } from '../../../lib/authoring';
import { jsonTextProblem } from '../../../lib/http/json-body';
import { SIGNUP_ACCEPTED } from '../../../lib/auth/signup';
import { formatIssues, ownFieldTexts } from '../../../lib/forms/messages';
import { msg, type Text } from '../../../lib/i18n/message';
import { hasMessage, renderText } from '../../../lib/i18n/render';
import { ZAuthoredNumeric } from '../../../lib/authoring/schema';
import { ZWallTime } from '../../../lib/instructor/course';
import en from '../../../messages/en.json';
import vi from '../../../messages/vi.json';

// Sentences that used to be English only: each renders in English for `en` and
// in Vietnamese for `vi`, with the student's or instructor's literal values
// (a layer name, a file name, a formula) kept as they were written.

const both = (t: Text) => ({ en: renderText(t, 'en'), vi: renderText(t, 'vi') });
const modelErrors = (r: ReturnType<typeof parseModelSubmission>) => (r.ok ? [] : r.errors);

describe('model errors', () => {
  it('a Keras Lambda layer: English as before, Vietnamese with the layer name kept', () => {
    const doc = {
      class_name: 'Sequential',
      config: { name: 's', layers: [{ class_name: 'InputLayer', config: { batch_shape: [null, 28, 28, 1], name: 'in' } }, { class_name: 'Lambda', config: { name: 'my_lambda' } }] },
    };
    const [e] = modelErrors(parseModelSubmission({ format: 'keras', content: JSON.stringify(doc) }));
    const t = both(e!);
    expect(t.en).toBe('layer "my_lambda" (Lambda): Lambda layers carry serialized Python code and are not allowed; use built-in layers instead');
    expect(t.vi).toBe('lớp "my_lambda" (Lambda): lớp Lambda chứa mã Python đã được tuần tự hoá nên không được phép; hãy dùng các lớp có sẵn');
  });

  it('a parameter budget: numbers in each language\'s format', () => {
    const spec = { layers: [{ type: 'flatten' }, { type: 'dense', units: 10, activation: 'softmax' }] };
    const [e] = modelErrors(parseModelSubmission({ format: 'spec', content: JSON.stringify(spec), limits: { maxParams: 1000 } }));
    expect(both(e!)).toEqual({
      en: 'the model has 7,850 parameters; the limit is 1,000',
      vi: 'mô hình có 7.850 tham số; giới hạn là 1.000',
    });
  });

  it('a spec schema problem names the option as written, in either language', () => {
    const [e] = modelErrors(parseModelSubmission({ format: 'spec', content: JSON.stringify({ layers: [{ type: 'dense', units: 10, name: 'bad name!' }] }) }));
    const t = both(e!);
    expect(t.en).toBe('layer 1 (dense): name: names use letters, digits, _ . - (≤64)');
    expect(t.vi).toBe('lớp 1 (dense): name: tên chỉ gồm chữ cái, chữ số, _ . - (tối đa 64 ký tự)');
  });

  it('a JSON syntax error keeps the parser\'s own words as a value', () => {
    const [e] = modelErrors(parseModelSubmission({ format: 'keras', content: '{"a":' }));
    const t = both(e!);
    expect(t.en).toMatch(/^the Keras JSON is not valid JSON: /);
    expect(t.vi).toMatch(/^tệp Keras JSON không phải JSON hợp lệ: /);
    expect(t.vi.split(': ').slice(1).join(': ')).toBe(t.en.split(': ').slice(1).join(': '));
  });

  it('mismatched Add inputs are listed with "and" / "và"', () => {
    const spec = { input: [28, 28, 1], layers: [{ type: 'flatten', name: 'f' }, { type: 'dense', name: 'd', units: 5 }, { type: 'add', inputs: ['f', 'd'] }] };
    const t = both(modelErrors(parseModelSubmission({ format: 'spec', content: JSON.stringify(spec) }))[0]!);
    expect(t.en).toBe('layer "add" (Add): inputs must have the same shape (got (784,) and (5,))');
    expect(t.vi).toBe('lớp "add" (Add): các đầu vào phải có cùng kích thước (nhận được (784,) và (5,))');
  });

  it('a missing weight file, and the counts of a wrong-sized one', () => {
    const manifest = [{ paths: ['a.bin'], weights: [{ name: 'k', shape: [10], dtype: 'float32' }] }];
    expect(both(checkTfjsWeightFiles({ manifest, files: {} })[0]!)).toEqual({
      en: 'weight file "a.bin" listed in model.json was not uploaded',
      vi: 'tệp trọng số "a.bin" có trong model.json nhưng chưa được tải lên',
    });
    const sized = both(checkTfjsWeightFiles({ manifest, files: { 'a.bin': Buffer.alloc(4000).toString('base64') } })[0]!);
    expect(sized.en).toBe('weight file "a.bin" holds 4,000 bytes but model.json describes 40 (k): upload the files saved with this model.json');
    expect(sized.vi).toMatch(/^tệp trọng số "a.bin" chứa 4.000 byte nhưng model.json mô tả 40 byte \(k\)/);
  });

  it('the submission API sentence lists the problems one per line', () => {
    const errors = modelErrors(parseModelSubmission({ format: 'spec', content: '' }));
    const t = both(msg('apiErrors.modelSummary.rejected', { errors }));
    expect(t.en).toBe('This model cannot be accepted:\nthe layer spec is empty');
    expect(t.vi).toBe('Mô hình này không được chấp nhận:\nbản mô tả lớp (layer spec) đang trống');
  });
});

describe('authoring errors', () => {
  const problemOf = (f: () => unknown): Text => {
    try {
      f();
    } catch (e) {
      if (e instanceof FormulaError) return e.text;
    }
    throw new Error('expected a FormulaError');
  };

  it('an unknown symbol names it and what is known; the English message is unchanged', () => {
    const text = problemOf(() => compileFormula('n + q', ['n', 'k']));
    expect(both(text)).toEqual({
      en: 'unknown symbol "q"; known: n, k, pi, e',
      vi: 'ký hiệu lạ "q"; các ký hiệu đã biết: n, k, pi, e',
    });
    expect(renderText(problemOf(() => compileFormula('n +', ['n'])), 'vi')).toMatch(/^không phân tích được "n \+": /);
  });

  it('a field formula that is not whole names the field and the values, in the editor\'s language', () => {
    const def = {
      id: 'half', title: 'Half', week: 1, points: 1, prompt: 'n = {{n}}',
      params: [{ name: 'n', choices: [3] }],
      fields: [{ name: 'out', label: 'Out', type: 'integer', formula: 'n / 2' }],
    };
    const [issue] = validateAuthoredNumeric(def, { seeds: 1 }).errors;
    const t = both(issue!.text);
    expect(t.en).toBe('field "out" is an integer but n / 2 = 1.5 for n=3 (use round, floor or ceil) (seed "validate-0")');
    expect(t.vi).toBe('ô đáp án "out" là số nguyên nhưng n / 2 = 1.5 với n=3 (hãy dùng round, floor hoặc ceil) (seed "validate-0")');
    expect(issue!.message).toBe(t.en);
  });

  it('KaTeX keeps its own words inside a translated sentence', () => {
    const [p] = katexProblems('bad $\\frac{a}$');
    const t = both(p!);
    expect(t.en).toMatch(/^KaTeX cannot render this math: /);
    expect(t.vi).toMatch(/^KaTeX không hiển thị được công thức này: /);
    expect(t.vi.slice(t.vi.indexOf(': '))).toBe(t.en.slice(t.en.indexOf(': ')));
  });
});

describe('JSON body problems', () => {
  it('a NUL character, with the path as sent', () => {
    expect(both(jsonTextProblem({ a: { b: ['ok', 'x\u0000'] } })!)).toEqual({
      en: '"a".b[1] contains a NUL character (\\u0000), which is not accepted.',
      vi: '"a".b[1] chứa ký tự NUL (\\u0000), ký tự này không được chấp nhận.',
    });
    expect(both(jsonTextProblem(['\ud800'])!).en).toBe('the body[0] contains a lone UTF-16 surrogate (such as \\ud800), which is not valid text.');
    expect(both(jsonTextProblem(['\ud800'])!).vi).toBe('phần thân yêu cầu[0] chứa một nửa cặp thay thế UTF-16 đứng riêng (như \\ud800), đây không phải văn bản hợp lệ.');
  });

  it('too deep', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 70; i++) deep = [deep];
    expect(both(jsonTextProblem(deep)!)).toEqual({ en: 'The request is nested more than 64 levels deep.', vi: 'Yêu cầu lồng nhau sâu hơn 64 cấp.' });
  });
});

describe('sign-up and editor sentences', () => {
  it('the sign-up answer', () => {
    const t = both(SIGNUP_ACCEPTED);
    expect(t.en).toBe('If this address had no account, it has one now; if it already had one, nothing was changed.');
    expect(t.vi).not.toBe(t.en);
    expect(t.vi).toMatch(/^Nếu địa chỉ này chưa có tài khoản/);
  });

  it('the new numeric exercise\'s example prompt keeps its {{n}} placeholder and its math', () => {
    const t = (locale: 'en' | 'vi') => renderText(msg('authoring.form.newPrompt', { n: '{{n}}' }), locale);
    expect(t('en')).toBe('An input of size $n \\times n$ with $n = {{n}}$ goes through a $3 \\times 3$ convolution with stride 1 and no padding. What is the output size?');
    expect(t('vi')).toMatch(/^Một đầu vào kích thước \$n \\times n\$ với \$n = \{\{n\}\}\$ .*Đầu ra có kích thước bao nhiêu\?$/);
  });
});

describe('schemas give keys, not English', () => {
  it('a schema message that is a key becomes its sentence; custom params and size bounds fill it', () => {
    const input = {
      id: 'Bad_Id', title: 't', week: 1, points: 1, prompt: 'p',
      params: [{ name: 'n', min: 1, max: 2 }], fields: [{ name: 'n', label: 'l', type: 'integer', formula: 'n' }],
    };
    const dup = ZAuthoredNumeric.safeParse(input);
    const issues = dup.error!.issues;
    expect(issues.map((i) => i.message)).toEqual(expect.arrayContaining(['validation.details.kebab', 'validation.details.usedTwice']));
    const { fieldTexts } = formatIssues(issues, { labels: { id: 'Exercise id', 'fields.#.name': 'Answer # name' }, input });
    expect(renderText(fieldTexts['fields.0.name']!, 'en')).toBe('Answer 1 name: "n" is used twice.');
    expect(renderText(fieldTexts.id!, 'vi')).toBe('Exercise id: id phải viết dạng kebab-case.');

    const password = z.object({ p: z.string().min(8, 'apiErrors.account.passwordShort') }).safeParse({ p: 'x' });
    const own = ownFieldTexts(password.error!.issues);
    expect(both(own.p!)).toEqual({ en: 'Passwords need at least 8 characters.', vi: renderText(msg('apiErrors.account.passwordShort', { min: 8 }), 'vi') });
    expect(renderText(own.p!, 'vi')).not.toBe('Passwords need at least 8 characters.');
  });

  it('English text is never taken for a key', () => {
    expect(hasMessage('ids are kebab-case')).toBe(false);
    expect(hasMessage('validation.details')).toBe(false); // a group, not a sentence
    expect(ZWallTime.safeParse('tomorrow').error!.issues[0]!.message).toBe('validation.rules.wallTime');
  });
});

describe('catalogs', () => {
  // test/app/messages.test.ts checks every key lib uses exists in both; here, that the new ones are really translated.
  type Tree = { [k: string]: string | Tree };
  const at = (tree: Tree, key: string) => key.split('.').reduce<string | Tree | undefined>((n, k) => (typeof n === 'object' ? n[k] : undefined), tree);

  it('the new groups differ from English in Vietnamese, but for literal names', () => {
    const same = new Set(['modelErrors.what.tfjs', 'modelErrors.layer', 'modelErrors.specLayer', 'modelErrors.specLayerProblem', 'authoring.formula.at']);
    const groups = ['modelErrors', 'authoring.formula', 'apiErrors.json', 'apiErrors.modelSummary'];
    const leaves = (t: Tree, prefix: string): string[] => Object.entries(t).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}.${k}`] : leaves(v, `${prefix}.${k}`)));
    for (const key of groups.flatMap((g) => leaves(at(en as Tree, g) as Tree, g))) {
      expect(typeof at(vi as Tree, key), key).toBe('string');
      if (!same.has(key)) expect(at(vi as Tree, key), key).not.toBe(at(en as Tree, key));
    }
  });
});
