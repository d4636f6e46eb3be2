import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { gradeCode } from '../../../worker/code/grade-code';
import { prepareSource } from '../../../worker/code/prepare-source';

// Files built to be slow, huge or memory-hungry to compile: esbuild runs in a box of
// its own, and such a file is the student's fault (ungradable, no attempt), never a
// worker stuck for minutes or a retry.

// default parameters nested inside each other: esbuild's time grows steeply with depth
const slowToParse = (depth: number) => `export const f = ${'(x = '.repeat(depth)}0${') => x'.repeat(depth)};\nexport class Conv3x3 {}\n`;
// nested function expressions: small to send, megabytes of compiled code
const hugeOutput = (depth: number) => `export const f = ${'function(){ return '.repeat(depth)}0${'}'.repeat(depth)};\n`;

describe('compile limits', () => {
  it('a file that takes too long to compile is stopped at the limit and says so', async () => {
    const r = await prepareSource('typescript', slowToParse(3000), { limits: { wallSeconds: 2, cpuSeconds: 1 } });
    expect(r).toEqual({ ok: false, limit: true, error: expect.stringMatching(/^Your file took too long to compile \(over 1 s\)/) });
  });

  it('output past the cap is stopped there', async () => {
    const r = await prepareSource('javascript', hugeOutput(1000), { limits: { outputKiB: 256 } });
    expect(r).toEqual({ ok: false, limit: true, error: 'Your file compiles to more than 256 KiB of JavaScript.' });
  });

  it('memory past the cap is stopped there', async () => {
    const r = await prepareSource('javascript', hugeOutput(1500), { limits: { memoryMiB: 64, outputKiB: 65536 } });
    expect(r).toMatchObject({ ok: false, limit: true, error: expect.stringMatching(/needed more than 64 MiB of memory/) });
  });

  it('through gradeCode: ungradable with the reason, not thrown (so never retried)', async () => {
    const r = await gradeCode({ exerciseId: 'conv3x3', language: 'typescript', source: slowToParse(18_000), mode: 'submit' });
    expect(Buffer.byteLength(slowToParse(18_000))).toBeLessThan(200 * 1024);
    expect(r.gradable).toBe(false);
    expect(r.format_errors).toEqual([expect.stringMatching(/^Your file took too long to compile/)]);
  });

  it('an aborted job stops its compile too', async () => {
    const ac = new AbortController();
    const p = prepareSource('typescript', slowToParse(3000), { signal: ac.signal });
    setTimeout(() => ac.abort(new Error('worker shutting down')), 200);
    await expect(p).rejects.toThrow('worker shutting down');
  });

  it('a syntax error deep in a long line keeps its message short', async () => {
    const r = await prepareSource('typescript', `export const a = [${'1,'.repeat(50_000)} +];`);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatch(/^submission\.ts:1:\d+: error: /);
    expect(r.error.length).toBeLessThan(2000);
  });

  it('an honest file still compiles, with its source map', async () => {
    const r = await prepareSource('typescript', fs.readFileSync('test/fixtures/code/conv3x3.ts', 'utf8'));
    expect(r.ok).toBe(true);
  });
});
