import { describe, expect, it } from 'vitest';
import katex from 'katex';
import path from 'node:path';
import { loadExercise } from '@/lib/exercises/load';
import { variantSeed } from '@/lib/exercises/numeric';
import { checkNumericAnswer, correctAnswer, getVariant, folderIds, isNumericExercise, listNumericExerciseIds, variantParams, workedSolution } from '../../helpers/exercises';
import { templatePlaceholders } from '@/lib/exercises/numeric/template';

const IDS = listNumericExerciseIds();
const SEEDS = Array.from({ length: 150 }, (_, i) => variantSeed(`student-${i}`, 'any'));

/** Every $...$ and $$...$$ segment outside code, rendered strictly. */
function renderAllMath(markdown: string): number {
  const text = markdown.replace(/```[\s\S]*?```/g, '').replace(/`[^`]*`/g, '');
  const segments = [
    ...[...text.matchAll(/\$\$([\s\S]+?)\$\$/g)].map((m) => ({ tex: m[1]!, display: true })),
    ...[...text.replace(/\$\$[\s\S]+?\$\$/g, '').matchAll(/\$([^$]+?)\$/g)].map((m) => ({ tex: m[1]!, display: false })),
  ];
  for (const s of segments) katex.renderToString(s.tex, { throwOnError: true, strict: 'error', displayMode: s.display });
  return segments.length;
}

describe('registry', () => {
  it('lists every numeric exercise folder, and only those', () => {
    expect(IDS.length).toBeGreaterThan(0);
    expect(IDS).toEqual(folderIds('numeric'));
    for (const id of IDS) {
      const info = loadExercise(path.resolve('exercises', id));
      expect(info.meta.kind).toBe('numeric');
      expect(isNumericExercise(id)).toBe(true);
    }
    expect(isNumericExercise('conv3x3')).toBe(false);
  });

  it('throws on unknown exercise ids', () => {
    expect(() => getVariant('no-such-exercise', 'x')).toThrow(/not a numeric exercise/);
    expect(() => correctAnswer('no-such-exercise', 'x')).toThrow();
    expect(() => checkNumericAnswer({ exerciseId: 'no-such-exercise', seed: 'x', raw: {} })).toThrow();
  });

  it('variantSeed is stable, and differs between students and between exercises', () => {
    expect(variantSeed('u1', 'conv-output-size')).toBe(variantSeed('u1', 'conv-output-size'));
    expect(variantSeed('u1', 'conv-output-size')).not.toBe(variantSeed('u2', 'conv-output-size'));
    expect(variantSeed('u1', 'conv-output-size')).not.toBe(variantSeed('u1', 'conv-param-count'));
    // no separator ambiguity: ("a", "b-c") vs ("a-b", "c")
    expect(variantSeed('a', 'b-c')).not.toBe(variantSeed('a-b', 'c'));
  });
});

describe.each(IDS)('%s variants', (id) => {
  it('same seed → same variant; different seeds → mostly different', () => {
    const distinct = new Set<string>();
    for (const seed of SEEDS) {
      const a = getVariant(id, seed);
      expect(getVariant(id, seed)).toEqual(a);
      expect(a.seed).toBe(seed);
      distinct.add(JSON.stringify(a.params));
    }
    expect(distinct.size / SEEDS.length).toBeGreaterThanOrEqual(0.9);
  });

  it('prompts and worked solutions are fully filled in and their KaTeX renders', () => {
    const template = loadExercise(path.resolve('exercises', id)).prompt;
    expect(templatePlaceholders(template).length).toBeGreaterThan(0);
    for (const seed of SEEDS.slice(0, 40)) {
      const v = getVariant(id, seed);
      expect(v.prompt).not.toMatch(/\{\{|\}\}|undefined|NaN/);
      expect(renderAllMath(v.prompt)).toBeGreaterThan(0);
      const solution = workedSolution(id, seed);
      expect(solution).not.toMatch(/undefined|NaN/);
      expect(renderAllMath(solution)).toBeGreaterThan(0);
    }
  });

  it('answers match the fields, are finite and sensible, and score full marks', () => {
    const points = loadExercise(path.resolve('exercises', id)).meta.points;
    for (const seed of SEEDS) {
      const { fields } = getVariant(id, seed);
      const answer = correctAnswer(id, seed);
      expect(Object.keys(answer).sort()).toEqual(fields.map((f) => f.name).sort());
      for (const f of fields) {
        const value = answer[f.name]!;
        if (f.type === 'matrix') {
          expect(value).toHaveLength(f.rows);
          for (const row of value as number[][]) {
            expect(row).toHaveLength(f.cols);
            for (const v of row) expect(Number.isFinite(v)).toBe(true);
          }
          expect(f.rows * f.cols).toBeLessThanOrEqual(16);
        } else {
          expect(Number.isFinite(value)).toBe(true);
          if (f.type === 'integer') {
            expect(Number.isSafeInteger(value)).toBe(true);
            // every integer answer here is a size or a count
            expect(value as number).toBeGreaterThan(0);
            expect(value as number).toBeLessThan(1e11);
          }
        }
      }
      const check = checkNumericAnswer({ exerciseId: id, seed, raw: answer });
      expect(check.kind).toBe('graded');
      if (check.kind === 'graded') {
        expect(check.result.score).toBe(points);
        expect(check.result.max_score).toBe(points);
        expect(check.result.tests).toHaveLength(fields.length);
      }
    }
  });
});

describe('parameter ranges', () => {
  it('conv-output-size: positive sizes, kernels that fit, and both exact and floored divisions', () => {
    let floored = 0;
    for (const seed of SEEDS) {
      const p = variantParams('conv-output-size', seed) as Record<string, number>;
      expect(Object.keys(p).sort()).toEqual(
        ['dilation', 'filters', 'inputChannels', 'inputHeight', 'inputWidth', 'kernelSize', 'padding', 'stride'].sort(),
      );
      for (const key of ['inputHeight', 'inputWidth', 'inputChannels', 'kernelSize', 'stride', 'dilation', 'filters']) {
        expect(p[key]).toBeGreaterThan(0);
      }
      expect(p.inputHeight).toBeLessThanOrEqual(256);
      expect(p.padding).toBeGreaterThanOrEqual(0);
      expect(p.padding).toBeLessThan(p.kernelSize!);
      const span = p.inputHeight! + 2 * p.padding! - p.dilation! * (p.kernelSize! - 1) - 1;
      expect(span).toBeGreaterThanOrEqual(0);
      if (span % p.stride! !== 0) floored++;
    }
    expect(floored).toBeGreaterThan(SEEDS.length * 0.25);
    expect(floored).toBeLessThan(SEEDS.length * 0.75);
  });

  it('conv-param-count: the parameter names of the CLI contract', () => {
    const p = variantParams('conv-param-count', 'x');
    expect(Object.keys(p).sort()).toEqual(['bias', 'filters', 'inputChannels', 'kernelSize']);
    expect(typeof p.bias).toBe('boolean');
  });

  it('lenet-shapes draws both architectures', () => {
    const archs = new Set(SEEDS.map((s) => variantParams('lenet-shapes', s).architecture));
    expect(archs).toEqual(new Set(['lenet5', 'alexnet']));
  });
});
