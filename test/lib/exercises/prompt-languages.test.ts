import { afterEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadExercise, promptIn } from '@/lib/exercises/load';
import { getVariant } from '../../helpers/exercises';

// An exercise folder may hold its prompt in a second language (prompt.vi.md);
// readers get theirs, and prompt.md whenever it is missing.

const saved = process.env.EXERCISES_DIR;
afterEach(() => {
  if (saved === undefined) delete process.env.EXERCISES_DIR;
  else process.env.EXERCISES_DIR = saved;
});

function copyOf(id: string): { root: string; dir: string } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'prompt-lang-'));
  const dir = path.join(root, id);
  fs.cpSync(path.resolve('exercises', id), dir, { recursive: true });
  return { root, dir };
}

describe('prompts in two languages', () => {
  it('reads prompt.vi.md beside prompt.md and picks by language, falling back to prompt.md', () => {
    const info = loadExercise(path.resolve('exercises/maxpool2'));
    expect(Object.keys(info.prompts)).toEqual(['vi']);
    expect(promptIn(info, 'vi')).toContain('Cài đặt lớp max pooling');
    expect(promptIn(info, 'en')).toBe(info.prompt);
    expect(promptIn(info, 'fr')).toBe(info.prompt);
    expect(promptIn(info, undefined)).toBe(info.prompt);
    // Only prompt.<lang>.md files count, not any .md
    expect(promptIn(info, 'constructor')).toBe(info.prompt);
  });

  it('fills a numeric variant into the Vietnamese prompt with the same numbers as the English one', () => {
    const seed = 'lang-test';
    const en = getVariant('conv-output-size', seed).prompt;
    const vi = getVariant('conv-output-size', seed, { locale: 'vi' }).prompt;
    expect(vi).toContain('Đầu ra có kích thước bao nhiêu?');
    expect(en).toContain('What is the shape of the output?');
    const numbers = (s: string) => s.match(/\d+/g);
    expect(numbers(vi)).toEqual(numbers(en));
    expect(getVariant('conv-output-size', seed, { locale: 'vi' }).fields).toEqual(getVariant('conv-output-size', seed).fields);
  });

  it('an exercise without a translation shows prompt.md to Vietnamese readers', () => {
    expect(getVariant('conv-param-count', 's', { locale: 'vi' }).prompt).toBe(getVariant('conv-param-count', 's').prompt);
  });

  it('picks up a prompt.vi.md added or edited after start, without a restart', () => {
    const { root, dir } = copyOf('conv-param-count');
    process.env.EXERCISES_DIR = root;
    expect(getVariant('conv-param-count', 'x', { locale: 'vi' }).prompt).not.toContain('Lớp');
    fs.writeFileSync(path.join(dir, 'prompt.vi.md'), 'Lớp có $C_{in} = {{inputChannels}}$ kênh.');
    expect(getVariant('conv-param-count', 'x', { locale: 'vi' }).prompt).toMatch(/^Lớp có \$C_\{in\} = \d+\$ kênh\.$/);
    fs.rmSync(root, { recursive: true, force: true });
  });
});
