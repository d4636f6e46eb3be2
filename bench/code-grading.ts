// Code grading speed. Run: npx tsx bench/code-grading.ts [submissions-for-throughput]
// 1. sandbox overhead: /bin/true through all the sandbox layers (cgroups, prlimit, nice, setpriv, bwrap with seccomp),
//    and the cost of compiling TypeScript in a box of its own
// 2. time from gradeCode() start to result for a correct conv3x3 in each language (submit mode, all cases)
// 3. submissions graded per minute with the worker's grade concurrency (GRADE_CONCURRENCY, lib/env.ts)
// Overhead per submission = start-to-result minus the time the harness measured in the
// student's own code (loading it and running each step).
import fs from 'node:fs';
import { ZSandboxLimits, type Language } from '../lib/exercises/schema';
import { parseEnv } from '../lib/env';
import { runSandboxed } from '../worker/sandbox/run-sandboxed';
import { gradeCode } from '../worker/code/grade-code';
import { prepareSource } from '../worker/code/prepare-source';

const SUBMISSIONS: [Language, string][] = [
  ['python', 'test/fixtures/seed/conv3x3.py'],
  ['typescript', 'test/fixtures/code/conv3x3.ts'],
  ['javascript', 'test/fixtures/code/conv3x3.js'],
];
const REPEATS = Number(process.env.REPEATS ?? 9);
const throughputN = Number(process.argv[2] ?? 30);
// what the worker would run with here: the default unless GRADE_CONCURRENCY is set
const concurrency = parseEnv().GRADE_CONCURRENCY;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (x: number) => `${x.toFixed(0)} ms`;

async function gradeOnce(language: Language, file: string) {
  const t = performance.now();
  const cpu0 = process.cpuUsage();
  const r = await gradeCode({ exerciseId: 'conv3x3', language, source: fs.readFileSync(file, 'utf8'), mode: 'submit' });
  if (r.score !== r.max_score) throw new Error(`${file} scored ${r.score}/${r.max_score}`);
  const total = performance.now() - t;
  const sandbox = r.extra_data?.sandbox as { wallMs: number; cpuMs: number; compileCpuMs?: number; studentComputeMs?: number };
  // the grader's own CPU (meaningful when nothing else runs beside it: the sequential runs) and its boxes' (from their cgroups)
  const { user, system } = process.cpuUsage(cpu0);
  const boxCpu = sandbox.cpuMs + (sandbox.compileCpuMs ?? 0);
  return { total, cpu: (user + system) / 1000 + boxCpu, boxCpu, box: sandbox.wallMs, student: sandbox.studentComputeMs ?? 0, overhead: total - (sandbox.studentComputeMs ?? 0) };
}

const bare: number[] = [];
for (let i = 0; i < 10; i++) {
  const r = await runSandboxed({ files: {}, argv: ['/bin/true'], limits: ZSandboxLimits.parse({}) });
  bare.push(r.wallMs);
}
console.log(`sandbox overhead (/bin/true in the box, median of 10): ${ms(median(bare))}`);

// TypeScript/JavaScript are compiled by esbuild's binary in a box of its own (bounded time, memory, output)
const tsSource = fs.readFileSync('test/fixtures/code/conv3x3.ts', 'utf8');
const compiles: number[] = [];
for (let i = 0; i < 10; i++) {
  const t = performance.now();
  await prepareSource('typescript', tsSource);
  compiles.push(performance.now() - t);
}
console.log(`TypeScript compile in its own box (median of 10): ${ms(median(compiles))}`);

console.log('\nconv3x3, correct submission, submit mode (5 cases, 15 checks), start to result:');
for (const [language, file] of SUBMISSIONS) {
  const first = await gradeOnce(language, file);
  const runs = [];
  for (let i = 0; i < REPEATS; i++) runs.push(await gradeOnce(language, file));
  console.log(
    `  ${language.padEnd(10)} first ${ms(first.total)}, then median ${ms(median(runs.map((r) => r.total)))}` +
      ` (of which inside the box ${ms(median(runs.map((r) => r.box)))}, the rest is transpile + reference + compare);` +
      ` student code ${ms(median(runs.map((r) => r.student)))}, overhead ${ms(median(runs.map((r) => r.overhead)))};` +
      ` CPU (grader + boxes) median ${ms(median(runs.map((r) => r.cpu)))}, of which boxes ${ms(median(runs.map((r) => r.boxCpu)))}`,
  );
}

let next = 0;
const started = performance.now();
const cpuBefore = process.cpuUsage();
let boxCpu = 0;
const worker = async () => {
  while (next < throughputN) {
    const [language, file] = SUBMISSIONS[next++ % SUBMISSIONS.length]!;
    boxCpu += (await gradeOnce(language, file)).boxCpu;
  }
};
await Promise.all(Array.from({ length: concurrency }, worker));
const seconds = (performance.now() - started) / 1000;
const graderCpu = process.cpuUsage(cpuBefore);
const cpuPer = ((graderCpu.user + graderCpu.system) / 1000 + boxCpu) / throughputN;
console.log(
  `\nthroughput, concurrency ${concurrency}, ${throughputN} submissions (python/typescript/javascript in turn): ${((throughputN / seconds) * 60).toFixed(0)} per minute (${seconds.toFixed(1)} s);` +
    ` CPU per submission (grader + boxes, user + sys) ${ms(cpuPer)}`,
);
