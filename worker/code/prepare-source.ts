import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import type { Language, SandboxLimits } from '../../lib/exercises/schema';
import { MAX_SOURCE_BYTES } from '../../lib/queue/contract';
import { runSandboxed } from '../sandbox/run-sandboxed';

// TypeScript and JavaScript are parsed and transpiled by esbuild's own binary, in a
// sandbox of its own with limits of its own: esbuild never runs the code, but a file
// built to be slow or huge to compile (deeply nested arrow functions take minutes and
// gigabytes) must cost a bounded amount of time, memory and output, and never run in
// the worker's own process or its esbuild service. A syntax error becomes a precise
// message; the inline source map keeps the student's line numbers.

export type PreparedSource =
  | { ok: true; fileName: string; code: string; /** CPU time of the compile box (0 for Python: nothing to compile) */ cpuMs: number }
  /** the student's own fault: a syntax error, or a file past the compile limits; ungradable, never retried */
  | { ok: false; error: string; /** past COMPILE_LIMITS rather than a syntax error */ limit?: boolean };

export const SOURCE_NAMES: Record<Language, string> = {
  python: 'submission.py',
  typescript: 'submission.ts',
  javascript: 'submission.js',
};

/** what one compile may use; an honest file of MAX_SOURCE_BYTES needs well under a second and 64 MiB */
export const COMPILE_LIMITS: SandboxLimits = {
  wallSeconds: 10,
  cpuSeconds: 5,
  memoryMiB: 256,
  // esbuild is Go: its threads count as processes
  processes: 64,
  // the compiled code plus an inline source map holding the source: a few times the source
  outputKiB: (8 * MAX_SOURCE_BYTES) / 1024,
};

export class CompilerUnavailableError extends Error {}

/** True when every folder above `file` lets any user pass (o+x): the sandbox user can bind it. */
function reachableByAnyone(file: string): boolean {
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    if ((fs.statSync(dir).mode & 0o001) === 0) return false;
    if (dir === path.dirname(dir)) return true;
  }
}

let esbuildPath: string | undefined;
function esbuildBinary(): string {
  if (esbuildPath) return esbuildPath;
  const pkg = `@esbuild/${process.platform}-${process.arch}`;
  let installed: string;
  try {
    installed = createRequire(import.meta.url).resolve(`${pkg}/bin/esbuild`);
  } catch (e) {
    throw new CompilerUnavailableError(`esbuild's binary for this machine (${pkg}) is not installed: ${(e as Error).message}`);
  }
  if (reachableByAnyone(installed)) return (esbuildPath = installed);
  // bwrap runs as the sandbox user, which cannot bind a binary inside a private folder
  // (a checkout under /root, say): this process gets its own root-owned, world-readable
  // copy. Not under /tmp, which the box replaces with a tmpfs of its own.
  const dir = fs.mkdtempSync(path.join(fs.existsSync('/var/tmp') ? '/var/tmp' : os.tmpdir(), 'convgrade-esbuild-'));
  fs.chmodSync(dir, 0o755);
  const copy = path.join(dir, 'esbuild');
  fs.copyFileSync(installed, copy);
  fs.chmodSync(copy, 0o755);
  process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  return (esbuildPath = copy);
}

export async function prepareSource(language: Language, source: string, o: { signal?: AbortSignal; limits?: Partial<SandboxLimits> } = {}): Promise<PreparedSource> {
  if (language === 'python') return { ok: true, fileName: 'submission.py', code: source, cpuMs: 0 };
  const binary = esbuildBinary();
  const limits = { ...COMPILE_LIMITS, ...o.limits };
  const run = await runSandboxed({
    files: {},
    argv: [
      binary,
      `--loader=${language === 'typescript' ? 'ts' : 'js'}`,
      '--format=esm',
      '--target=node20',
      '--sourcemap=inline',
      `--sourcefile=${SOURCE_NAMES[language]}`,
      '--color=false',
      '--log-level=error',
      '--log-limit=10',
    ],
    readOnlyBinds: [path.dirname(binary)],
    env: { GOMAXPROCS: '1' },
    stdin: source,
    limits,
    signal: o.signal,
  });
  if (run.timedOut || run.cpuExceeded) {
    return { ok: false, limit: true, error: `Your file took too long to compile (over ${Math.min(limits.wallSeconds, limits.cpuSeconds)} s). Deeply nested functions or expressions are the usual cause.` };
  }
  if (run.memoryExceeded) return { ok: false, limit: true, error: `Compiling your file needed more than ${limits.memoryMiB} MiB of memory. Deeply nested functions or expressions are the usual cause.` };
  if (run.outputExceeded) return { ok: false, limit: true, error: `Your file compiles to more than ${limits.outputKiB} KiB of JavaScript.` };
  if (run.exitCode === 0) return { ok: true, fileName: 'submission.mjs', code: run.stdout, cpuMs: run.cgroup.cpuMs };
  if (run.exitCode === 1 && /\[ERROR\]/.test(run.stderr)) return { ok: false, error: formatErrors(run.stderr) };
  // anything else is the machine's fault (the box did not start, esbuild crashed): let the queue retry
  throw new CompilerUnavailableError(`esbuild failed in the sandbox (${run.endReason}, exit ${run.exitCode}): ${run.stderr.slice(0, 1000) || 'no message'}`);
}

/**
 * esbuild's CLI report, e.g.
 *   ✘ [ERROR] Unexpected ";"
 *
 *       submission.ts:1:35:
 *         1 │ export const a = (x: number) => x +;
 *           ╵                                    ^
 * as `submission.ts:1:36: error: Unexpected ";"`, the line, and a caret (columns from 1).
 */
function formatErrors(stderr: string): string {
  const blocks = stderr.split(/^✘ \[ERROR\] /m).slice(1);
  return blocks
    .map((block) => {
      const [first = '', ...rest] = block.split('\n');
      const text = rest.join('\n');
      const where = /^\s+([^\s:]+):(\d+):(\d+):\s*$/m.exec(text);
      const lineText = /^\s+\d+ │ (.*)$/m.exec(text)?.[1];
      // esbuild's own caret line: aligned with its (possibly shortened) copy of the line
      const caret = /^\s+╵ (.*)$/m.exec(text)?.[1] ?? '^';
      if (!where || lineText === undefined) return `error: ${first.trim()}`;
      return `${where[1]}:${where[2]}:${Number(where[3]) + 1}: error: ${first.trim()}\n    ${lineText}\n    ${caret}`;
    })
    .join('\n\n');
}
