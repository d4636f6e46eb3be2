import { describe, expect, it } from 'vitest';
import { prepareSource } from '../../../worker/code/prepare-source';

describe('prepareSource', () => {
  it('transpiles TypeScript to an ES module with an inline source map to the student file', async () => {
    const r = await prepareSource('typescript', 'export class A { x: number = 1; f(a: number): number { return a * this.x; } }');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.fileName).toBe('submission.mjs');
    expect(r.code).not.toContain(': number');
    expect(r.code).toContain('sourceMappingURL=data:application/json;base64,');
    const map = JSON.parse(Buffer.from(r.code.split('base64,')[1]!, 'base64').toString());
    expect(map.sources).toEqual(['submission.ts']);
  });

  it('reports a syntax error with file, line, column and the offending line', async () => {
    const r = await prepareSource('javascript', 'export class A {\n  f() {\n    return 1 +;\n  }\n}\n');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatch(/^submission\.js:3:\d+: error: /);
    expect(r.error).toContain('return 1 +;');
  });

  it('passes Python through untouched (the harness reports its syntax errors)', async () => {
    expect(await prepareSource('python', 'def f(:')).toEqual({ ok: true, fileName: 'submission.py', code: 'def f(:', cpuMs: 0 });
  });
});
