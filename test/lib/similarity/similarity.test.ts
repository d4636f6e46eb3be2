import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { similarityReport, tokenize, type SimilaritySubmission } from '../../../lib/similarity';

const dir = path.join(import.meta.dirname, 'fixtures');
const py = (name: string) => fs.readFileSync(path.join(dir, `${name}.py`), 'utf8');
const starter = { python: py('starter') };
const sub = (name: string, studentId = name): SimilaritySubmission => ({ id: name, studentId, language: 'python', source: py(name) });

describe('tokenize', () => {
  it('maps renamed, recommented and reformatted code to the same tokens', () => {
    const a = 'def f(x, y):\n    # add\n    return x + y * 2  # twice\n';
    const b = 'def add(first,\n        second):\n    """sum"""\n    return first+second*3\n';
    const ta = tokenize(a, 'python').map((t) => t.text);
    const tb = tokenize(b, 'python').map((t) => t.text);
    expect(ta).toEqual(['def', 'ID', '(', 'ID', ',', 'ID', ')', ':', 'return', 'ID', '+', 'ID', '*', 'NUM']);
    expect(tb).toEqual(['def', 'ID', '(', 'ID', ',', 'ID', ')', ':', 'STR', 'return', 'ID', '+', 'ID', '*', 'NUM']);
  });

  it('keeps attribute names, normalises literals, and records positions', () => {
    const toks = tokenize("out = np.zeros((h - 2, w))\ns = f'{h}' + r\"\\d\" + '''x\ny'''\n", 'python');
    expect(toks.map((t) => t.text).join(' ')).toBe('ID = ID . zeros ( ( ID - NUM , ID ) ) ID = STR + STR + STR');
    const zeros = toks.find((t) => t.text === 'zeros')!;
    expect([zeros.row, zeros.col]).toEqual([0, 9]);
    expect(toks.at(-1)).toMatchObject({ row: 1, endRow: 2 });
  });

  it('handles JS/TS comments, template literals and multi-character operators', () => {
    const src = '/* header */ const out: number[] = []; // note\nfor (let i = 0; i < n; i++) out.push(`v=${a[i] ?? 0}`);\n';
    expect(tokenize(src, 'typescript').map((t) => t.text).join(' ')).toBe(
      'const ID : number [ ] = [ ] ; for ( let ID = NUM ; ID < ID ; ID ++ ) ID . push ( STR ) ;',
    );
    expect(tokenize('a?.b === c', 'javascript').map((t) => t.text)).toEqual(['ID', '?.', 'b', '===', 'ID']);
  });
});

describe('similarityReport', () => {
  const all = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'mallory'].map((n) => sub(n));

  it('flags the renamed copy, and only it, with matching line ranges', () => {
    const report = similarityReport({ submissions: all, starter });
    expect(report.map((p) => [p.a, p.b])).toEqual([['alice', 'mallory']]);
    const [pair] = report;
    expect(pair!.score).toBeGreaterThan(0.6);
    expect(pair!.containment).toBeGreaterThanOrEqual(pair!.score);
    expect(pair!.matches.length).toBeGreaterThan(0);
    // alice's iterate_regions (lines 12-18) and forward body (20-27) are covered; mallory's
    // patches() starts on line 12 too.
    const covered = (lines: [number, number][], line: number) => lines.some(([s, e]) => s <= line && line <= e);
    for (const line of [15, 18, 24, 26]) expect(covered(pair!.matches.map((m) => m.aLines), line)).toBe(true);
    expect(covered(pair!.matches.map((m) => m.bLines), 25)).toBe(true);
    for (const m of pair!.matches) {
      expect(m.aLines[0]).toBeLessThanOrEqual(m.aLines[1]);
      expect(m.bLines[0]).toBeGreaterThanOrEqual(1);
    }
  });

  it('does not flag independent solutions of the same task, even at a low threshold', () => {
    const report = similarityReport({ submissions: [sub('alice'), sub('bob'), sub('carol')], starter, threshold: 0.2 });
    expect(report).toEqual([]);
  });

  it('does not flag starter-only submissions, but would without starter subtraction', () => {
    const starterOnly = [sub('dave'), sub('erin'), sub('frank')];
    expect(similarityReport({ submissions: starterOnly, starter })).toEqual([]);
    const withoutStarter = similarityReport({ submissions: starterOnly });
    expect(withoutStarter.length).toBeGreaterThan(0);
  });

  it('skips pairs of the same student and sorts by score', () => {
    const mine = [sub('alice', 's1'), { ...sub('mallory', 's1'), id: 'alice-again' }, { ...sub('alice'), id: 'copy', studentId: 's2' }];
    const report = similarityReport({ submissions: mine, starter });
    expect(report.map((p) => [p.a, p.b])).toEqual([
      ['alice', 'copy'],
      ['alice-again', 'copy'],
    ]);
    expect(report[0]!.score).toBe(1);
    expect(report[0]!.score).toBeGreaterThan(report[1]!.score);
  });

  it('compares TypeScript with JavaScript and subtracts a TS starter', () => {
    const tsStarter = 'export function relu(x: number[]): number[] {\n  // TODO\n  return [];\n}\n';
    const a = `export function conv1d(input: number[], kernel: number[]): number[] {
  const out: number[] = [];
  for (let i = 0; i + kernel.length <= input.length; i++) {
    let acc = 0;
    for (let k = 0; k < kernel.length; k++) acc += input[i + k] * kernel[k];
    out.push(acc);
  }
  return out;
}
`;
    const b = `// my own work
export function conv1d(xs, ws) {
  const res = [];
  for (let p = 0; p + ws.length <= xs.length; p++) {
    let s = 0;
    for (let q = 0; q < ws.length; q++) s += xs[p + q] * ws[q];
    res.push(s);
  }
  return res;
}
`;
    const c = `export function conv1d(input: number[], kernel: number[]): number[] {
  return input.slice(0, input.length - kernel.length + 1)
    .map((_, i) => kernel.reduce((sum, w, k) => sum + w * input[i + k], 0));
}
`;
    const report = similarityReport({
      submissions: [
        { id: 'a', studentId: 'sa', language: 'typescript', source: a },
        { id: 'b', studentId: 'sb', language: 'javascript', source: b },
        { id: 'c', studentId: 'sc', language: 'typescript', source: c },
      ],
      starter: { typescript: tsStarter },
      threshold: 0.3,
    });
    expect(report.map((p) => [p.a, p.b])).toEqual([['a', 'b']]);
  });

  it('copes with empty and tiny submissions', () => {
    const tiny = [
      { id: 'e1', studentId: 'x', language: 'python' as const, source: '' },
      { id: 'e2', studentId: 'y', language: 'python' as const, source: '' },
      { id: 't', studentId: 'z', language: 'python' as const, source: 'x = 1' },
    ];
    expect(similarityReport({ submissions: tiny, starter: { python: '' }, threshold: 0 })).toEqual([]);
    expect(similarityReport({ submissions: [] })).toEqual([]);
  });

  it('never compares Python with JavaScript', () => {
    const report = similarityReport({
      submissions: [sub('alice'), { id: 'js', studentId: 'z', language: 'javascript', source: py('alice') }],
      threshold: 0,
    });
    expect(report).toEqual([]);
  });
});
