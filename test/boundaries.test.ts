import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as esbuild from 'esbuild';

// The boundaries of docs/architecture.md, checked on the real import graph (esbuild resolves
// every import, so a forbidden module reached through a chain is caught too).

function filesUnder(dir: string, pattern: RegExp): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile() && pattern.test(d.name))
    .map((d) => path.join(d.parentPath, d.name));
}

async function reachable(entryPoints: string[]): Promise<string[]> {
  const result = await esbuild.build({
    entryPoints,
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    format: 'esm',
    outdir: '/tmp/convgrade-boundaries',
    jsx: 'automatic',
    logLevel: 'silent',
    packages: 'external',
    loader: { '.css': 'empty' },
    alias: { '@': path.resolve('.') },
  });
  const inputs = Object.keys(result.metafile.inputs);
  const external = Object.values(result.metafile.outputs).flatMap((o) => o.imports.filter((i) => i.external).map((i) => i.path));
  return [...inputs, ...external];
}

describe('module boundaries', () => {
  it('the web app reaches no TensorFlow.js, hidden tests, reference solutions or worker code', async () => {
    const mods = await reachable(filesUnder('app', /\.(ts|tsx)$/));
    expect(mods.some((m) => m.startsWith('app/'))).toBe(true);
    expect(mods.filter((m) => m.startsWith('@tensorflow'))).toEqual([]);
    expect(mods.filter((m) => /exercises\/[^/]+\/(cases|reference)\.ts$/.test(m))).toEqual([]);
    expect(mods.filter((m) => m.startsWith('worker/') || m.startsWith('lib/exercises/code/'))).toEqual([]);
  });

  it('workers reach no Next.js, no database client and no auth', async () => {
    const mods = await reachable(['worker/main.ts', 'worker/processors.ts', 'worker/code/grade-code.ts', 'worker/train/train-job.ts']);
    expect(mods.some((m) => m.startsWith('worker/'))).toBe(true);
    expect(mods.filter((m) => m.startsWith('next') || m.startsWith('@prisma') || m.includes('better-sqlite3'))).toEqual([]);
    expect(mods.filter((m) => m === 'lib/db.ts' || m.startsWith('lib/auth/') || m.startsWith('lib/generated/'))).toEqual([]);
  });

  it('lib reaches no exercise folder: app, worker and cli pass the exercise modules in', async () => {
    const mods = await reachable(filesUnder('lib', /\.ts$/).filter((f) => !f.startsWith('lib/generated/')));
    expect(mods.some((m) => m.startsWith('lib/'))).toBe(true);
    expect(mods.filter((m) => m.startsWith('exercises/'))).toEqual([]);
  });

  it('errors carry a code, not an HTTP status: only app/api/respond.ts maps one to the other', () => {
    const sources = [...filesUnder('lib', /\.ts$/), ...filesUnder('worker', /\.ts$/), ...filesUnder('cli', /\.ts$/)].filter((f) => !f.startsWith('lib/generated/'));
    const withStatus = sources.filter((f) => /extends AppError \{[^}]*\bstatus\b/.test(fs.readFileSync(f, 'utf8')));
    expect(withStatus).toEqual([]);
  });

  it('pages and route handlers read and write through lib, never the database client itself', () => {
    // `db()` may be handed to a lib function (as submitWork receives it); `db().user.update(...)` or a raw
    // query in app/ may not: what a page reads lives in lib/queries (or the lib module that owns it).
    const direct = /\bdb\(\)\s*\.\s*[A-Za-z$]/;
    const offenders = filesUnder('app', /\.(ts|tsx)$/).filter((f) => direct.test(fs.readFileSync(f, 'utf8')));
    expect(filesUnder('app', /\.(ts|tsx)$/).length).toBeGreaterThan(20);
    expect(offenders).toEqual([]);
  });

  it('exercises/ holds exercise folders only (and authored/, what the web editor writes)', () => {
    const entries = fs.readdirSync('exercises', { withFileTypes: true });
    const strays = entries.filter((d) => !(d.isDirectory() && (d.name === 'authored' || fs.existsSync(path.join('exercises', d.name, 'exercise.yaml')))));
    expect(entries.length).toBeGreaterThan(5);
    expect(strays.map((d) => d.name)).toEqual([]);
  });

  it('pure grading logic imports no framework', async () => {
    const mods = await reachable(filesUnder('lib/grading', /\.ts$/));
    expect(mods.filter((m) => /^(next|react|@prisma|bullmq|ioredis|@tensorflow)/.test(m))).toEqual([]);
  });
});
