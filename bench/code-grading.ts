// Code grading speed. Run: npx tsx bench/code-grading.ts [submissions-for-throughput]
// 1. sandbox overhead: /bin/true through all the sandbox layers (cgroups, box-launch: limits, nice, user; bwrap with seccomp),
//    and the cost of compiling TypeScript in a box of its own
// 2. time from gradeCode() start to result for a correct conv3x3 in each language (submit mode, all cases)
// 3. submissions graded per minute with the worker's grade concurrency (GRADE_CONCURRENCY, lib/env.ts):
//    a warm-up round, then the measured round, each of [submissions-for-throughput] (60: a
//    round of 30 lasted 2 s, where one stall of half a second moved the figure by a quarter)
// The bench sets itself up as the worker does (worker-priority.ts: its own cgroup above its boxes).
// Overhead per submission = start-to-result minus the time the harness measured in the
// student's own code (loading it and running each step).
//
// Cold and warm are printed side by side. A machine that sat idle has dropped the files
// a grading reads (Python, numpy, OpenBLAS, esbuild, our modules) from its page cache:
// some kernels page out file pages unused for a minute (this one: a DAMON "pageout"
// scheme, /sys/kernel/mm/damon), and any machine under memory pressure does. So the
// first numpy import, the first grading per language and the first concurrent round
// are cold; the throughput target is for the measured round after the warm-up round.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { ZSandboxLimits, type Language } from '../lib/exercises/schema';
import { parseEnv } from '../lib/env';
import { runSandboxed } from '../worker/sandbox/run-sandboxed';
import { gradeCode } from '../worker/code/grade-code';
import { prepareSource } from '../worker/code/prepare-source';
import { raiseWorkerPriority } from '../worker/sandbox/worker-priority';
import { machineCpuMs, othersCores } from './lib/machine-cpu';

const SUBMISSIONS: [Language, string][] = [
  ['python', 'test/fixtures/seed/conv3x3.py'],
  ['typescript', 'test/fixtures/code/conv3x3.ts'],
  ['javascript', 'test/fixtures/code/conv3x3.js'],
];
const REPEATS = Number(process.env.REPEATS ?? 9);
const throughputN = Number(process.argv[2] ?? 60);
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

raiseWorkerPriority();

// the page cache's part, before anything else has read these files: numpy imported on the host
const imports: number[] = [];
for (let i = 0; i < 6; i++) {
  const t = performance.now();
  const r = spawnSync('/usr/bin/python3', ['-I', '-c', 'import numpy'], { stdio: 'ignore' });
  if (r.status !== 0) throw new Error('python3 -c "import numpy" failed');
  imports.push(performance.now() - t);
}
console.log(`python3 -c "import numpy" outside the box: first ${ms(imports[0]!)} (cold if the machine was idle), then median ${ms(median(imports.slice(1)))}`);

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

/** `n` submissions through `concurrency` parallel graders, as the worker would take them */
async function throughputRound(n: number) {
  let next = 0;
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const machineBefore = machineCpuMs();
  const boxCpu: number[] = [];
  const worker = async () => {
    while (next < n) {
      const [language, file] = SUBMISSIONS[next++ % SUBMISSIONS.length]!;
      // not `sum += await ...`: that reads the sum before the await, and the graders running
      // beside it add to a stale copy
      boxCpu.push((await gradeOnce(language, file)).boxCpu);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  const graderCpu = process.cpuUsage(cpuBefore);
  const ours = (graderCpu.user + graderCpu.system) / 1000 + boxCpu.reduce((a, b) => a + b, 0);
  return { seconds, perMinute: (n / seconds) * 60, cpuPer: ours / n, ...othersCores(machineBefore, machineCpuMs(), ours, seconds) };
}

// the first concurrent round runs code paths the sequential ones did not (two boxes at
// once, the allocator and JIT at that load): reported, not counted
const warmup = await throughputRound(throughputN);
const measured = await throughputRound(throughputN);
console.log(
  `\nthroughput, concurrency ${concurrency}, python/typescript/javascript in turn:` +
    ` measured ${measured.perMinute.toFixed(0)} per minute (${throughputN} submissions in ${measured.seconds.toFixed(1)} s),` +
    ` warm-up before it ${warmup.perMinute.toFixed(0)} per minute (${throughputN} in ${warmup.seconds.toFixed(1)} s);` +
    ` CPU per submission (grader + boxes, user + sys) ${ms(measured.cpuPer)}, warm-up ${ms(warmup.cpuPer)}`,
);
const cores = (x: number) => `${x.toFixed(2)} cores`;
console.log(
  `other work on the machine meanwhile (of ${os.cpus().length} cores): measured round ${cores(measured.others)} (stolen by the hypervisor ${cores(measured.steal)}),` +
    ` warm-up ${cores(warmup.others)} (stolen ${cores(warmup.steal)})`,
);
