import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import path from 'node:path';

// The real launcher, as an instructor would run it.

const root = path.resolve(import.meta.dirname, '..', '..');

function convgrade(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('node', [path.join(root, 'bin', 'convgrade.js'), ...args], { cwd: root }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

describe('convgrade variant / check', () => {
  it('variant --json prints the parameters, the prompt and the answer; check grades right and wrong answers', async () => {
    const seed = 'cli-test-seed';
    const variant = await convgrade(['variant', 'conv-output-size', '--seed', seed, '--json']);
    expect(variant.code).toBe(0);
    const v = JSON.parse(variant.stdout);
    expect(Object.keys(v.params).sort()).toEqual(
      ['dilation', 'filters', 'inputChannels', 'inputHeight', 'inputWidth', 'kernelSize', 'padding', 'stride'].sort(),
    );
    expect(v.prompt).toContain(String(v.params.inputHeight));
    const { height, width, channels } = v.answer;
    expect(channels).toBe(v.params.filters);
    const expectedHeight =
      Math.floor((v.params.inputHeight + 2 * v.params.padding - v.params.dilation * (v.params.kernelSize - 1) - 1) / v.params.stride) + 1;
    expect(height).toBe(expectedHeight);

    const [right, wrong, text] = await Promise.all([
      convgrade(['check', 'conv-output-size', '--seed', seed, '--answer', JSON.stringify({ height, width, channels }), '--json']),
      convgrade(['check', 'conv-output-size', '--seed', seed, '--answer', JSON.stringify({ height: height + 1, width, channels }), '--json']),
      convgrade(['variant', 'conv-param-count', '--seed', seed]),
    ]);
    expect(right.code).toBe(0);
    expect(JSON.parse(right.stdout)).toMatchObject({ score: 3, max_score: 3 });
    expect(wrong.code).toBe(0);
    const w = JSON.parse(wrong.stdout);
    expect(w.score).toBe(2);
    expect(w.tests.map((t: { status: string }) => t.status)).toEqual(['failed', 'passed', 'passed']);
    expect(text.code).toBe(0);
    for (const name of ['kernelSize', 'inputChannels', 'filters', 'bias', 'Prompt:', 'Correct answer:', 'params']) {
      expect(text.stdout).toContain(name);
    }
    expect(text.stdout).not.toMatch(/\$|\\times/);
  });

  it('exits 2 with a clear message for malformed JSON, unknown exercises and invalid answers', async () => {
    const [badJson, unknown, invalid, noSeed] = await Promise.all([
      convgrade(['check', 'conv-param-count', '--seed', 's', '--answer', '{params:']),
      convgrade(['check', 'no-such-exercise', '--seed', 's', '--answer', '{}']),
      convgrade(['check', 'conv-param-count', '--seed', 's', '--answer', '{"params":"12 13"}']),
      convgrade(['variant', 'conv-param-count']),
    ]);
    expect(badJson.code).toBe(2);
    expect(badJson.stderr).toMatch(/not valid JSON/);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/not a numeric exercise/);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toMatch(/params: .*single number/);
    expect(invalid.stderr).toMatch(/not counted as an attempt/);
    expect(noSeed.code).toBe(2);
    expect(noSeed.stderr).toMatch(/--seed/);
  });
});
