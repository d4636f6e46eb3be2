import { describe, expect, it } from 'vitest';
import { parseInteger, parseMatrix, parseNumber } from '@/lib/grading/parse-answer';

describe('parseNumber', () => {
  it.each([
    ['127', 127],
    [' 127 ', 127],
    ['1e3', 1000],
    ['-3.5', -3.5],
    ['+2', 2],
    ['.5', 0.5],
    ['2.', 2],
    ['2.5E-2', 0.025],
    ['\u2212192', -192],
    ['\t42\n', 42],
  ])('accepts %j as %d', (text, value) => {
    expect(parseNumber(text)).toEqual({ ok: true, value });
  });

  it('accepts finite numbers as they are', () => {
    expect(parseNumber(17.6)).toEqual({ ok: true, value: 17.6 });
  });

  it.each([
    ['abc', /not a number/],
    ['', /Enter a number/],
    ['   ', /Enter a number/],
    ['12 13', /single number/],
    ['NaN', /finite/],
    ['Infinity', /finite/],
    ['-inf', /finite/],
    ['51,264', /thousands separators/],
    ['3,5', /dot for decimals/],
    ['0x10', /not a number/],
    ['1e400', /too large/],
    ['12abc', /not a number/],
    ['--1', /not a number/],
  ])('rejects %j with a message', (text, message) => {
    const parsed = parseNumber(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toMatch(message);
  });

  it('rejects non-finite numbers, booleans, objects and missing values', () => {
    for (const input of [NaN, Infinity, true, {}, [], null, undefined]) expect(parseNumber(input).ok).toBe(false);
  });
});

describe('parseInteger', () => {
  it('accepts whole numbers however written', () => {
    expect(parseInteger('127.0')).toEqual({ ok: true, value: 127 });
    expect(parseInteger('5.1264e4')).toEqual({ ok: true, value: 51264 });
  });
  it('rejects fractions, e.g. the Vietnamese thousands dot "51.264", with a hint', () => {
    const parsed = parseInteger('51.264');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toMatch(/whole number/);
  });
  it('rejects integers beyond 2^53', () => {
    expect(parseInteger('1e20').ok).toBe(false);
  });
});

describe('parseMatrix', () => {
  const shape = { rows: 2, cols: 2 };
  it('accepts string cells, number cells, JSON text and "a b; c d" text', () => {
    const want = { ok: true, value: [[1, 2], [3, -4.5]] };
    expect(parseMatrix([['1', ' 2'], ['3', '-4.5']], shape)).toEqual(want);
    expect(parseMatrix([[1, 2], [3, -4.5]], shape)).toEqual(want);
    expect(parseMatrix('[[1,2],[3,-4.5]]', shape)).toEqual(want);
    expect(parseMatrix('1 2; 3 -4.5', shape)).toEqual(want);
    expect(parseMatrix('1, 2\n3, -4.5\n', shape)).toEqual(want);
  });
  it('names the bad cells', () => {
    const parsed = parseMatrix([['1', 'x'], ['', '4']], shape);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.error).toMatch(/row 1, column 2/);
      expect(parsed.error).toMatch(/row 2, column 1/);
    }
  });
  it('rejects the wrong shape, non-lists and broken JSON', () => {
    expect(parseMatrix([[1, 2, 3], [4, 5, 6]], shape).ok).toBe(false);
    expect(parseMatrix([[1, 2]], shape).ok).toBe(false);
    expect(parseMatrix(5, shape).ok).toBe(false);
    expect(parseMatrix('[[1,2],[3,4]', shape).ok).toBe(false);
    expect(parseMatrix('', shape).ok).toBe(false);
  });
});
