import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SandboxLimits } from '../../lib/exercises/schema';
import { envValue } from '../../lib/env';
import { assertCgroupsUsable, createRunCgroup, type CgroupStats, type RunCgroup } from './cgroup';
import { seccompFilter } from './seccomp';

// Runs one untrusted program inside bubblewrap. Layers, outermost first:
//   box-launch (root) a small C program (box-launch.c, built by scripts/build-box-launch.sh):
//                    joins the run's memory, pids, cpu and cpuacct cgroups, closes every
//                    inherited fd above 3, opens the seccomp filter as fd 4, sets CPU seconds
//                    per process, file size, open files and no core dumps (never RLIMIT_AS:
//                    it breaks V8 and OpenBLAS), nice +10 (orders the run's own processes;
//                    across groups, cgroup.ts weighs the boxes below the worker), drops to the
//                    sandbox user (scripts/sandbox-user.sh) with no supplementary groups and
//                    no_new_privs, then execs
//   bwrap            new user/pid/net/ipc/uts/cgroup namespaces, read-only /usr, a fake /etc/passwd,
//                    /box (read-only: harness + submission), tmpfs /tmp, no environment,
//                    the seccomp filter (seccomp.ts) on the program
// The parent enforces wall time, the run's total CPU time (all processes, from the
// cgroup), output size, and the end of the run once its last result is in, by killing
// the whole tree.

/** where the run's files appear inside the box */
export const BOX_DIR = '/box';
/** how long a box may go on after its last result (onResultLine said "finished") */
export const LINGER_GRACE_MS = 500;
const BOX_NICE = 10;

export interface SandboxRequest {
  /** files placed in /box (read-only inside), by name */
  files: Record<string, string>;
  /** the program inside the box, e.g. ['/usr/bin/python3', '-I', '/box/harness.py'] */
  argv: string[];
  /** the whole environment inside the box */
  env?: Record<string, string>;
  stdin?: string;
  limits: SandboxLimits;
  /** host directories to bind read-only at the same path (e.g. node's install prefix) */
  readOnlyBinds?: string[];
  /** cap for the result channel (fd 3); it carries outputs, so it is sized separately from stdout */
  resultMaxBytes?: number;
  signal?: AbortSignal;
  /**
   * Start the wall clock at the first byte on fd 3 instead of at spawn, so the time a
   * loaded machine needs to start the interpreter is not charged to the student;
   * until then a fixed startup allowance applies.
   */
  wallClockFromFirstResult?: boolean;
  /** keep the program's stdin open after `stdin`, for box.write() from onResultLine */
  keepStdinOpen?: boolean;
  /** called for each complete line the program writes to fd 3 */
  onResultLine?: (line: string, box: BoxControl) => void;
}

/** what onResultLine may do with the running box */
export interface BoxControl {
  /** append to the program's stdin (with keepStdinOpen) */
  write(text: string): void;
  /** that was the last result: the box is killed after LINGER_GRACE_MS unless it exits first */
  finished(): void;
}

/** why the box ended: its own exit, or the limit or event that made the sandbox kill it */
export type EndReason = 'exited' | 'lingered' | 'wall-time' | 'cpu-time' | 'memory' | 'output' | 'result-size' | 'aborted' | 'callback-error';

export interface SandboxRun {
  /** the program's exit code (bubblewrap reports a signal as 128 + signal number) */
  exitCode: number | null;
  stdout: string;
  stderr: string;
  /** everything written to fd 3 */
  results: string;
  wallMs: number;
  timedOut: boolean;
  outputExceeded: boolean;
  resultExceeded: boolean;
  memoryExceeded: boolean;
  cpuExceeded: boolean;
  endReason: EndReason;
  /** from the last result (finished()) to the box's end; absent if finished() was never called */
  afterLastResultMs?: number;
  cgroup: CgroupStats;
}

export class SandboxUnavailableError extends Error {}

const STARTUP_ALLOWANCE_MS = 20_000;

// One exec instead of bash, prlimit, nice and setpriv: each cost a few milliseconds of
// every grading. Built beside its source; a missing build is an operator's error.
const LAUNCHER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'build', 'box-launch');
function assertLauncherBuilt(): void {
  if (!fs.existsSync(LAUNCHER)) {
    throw new SandboxUnavailableError(`the sandbox's launcher ${LAUNCHER} is not built: run bash scripts/build-box-launch.sh (or scripts/prepare.sh; it needs a C compiler)`);
  }
}
const SIGXCPU = 24;
const SIGKILL = 9;

/**
 * For worker start-up: bubblewrap is installed, cgroups can limit memory and processes,
 * and a trivial program runs in the box, or a message saying what is wrong. Without the
 * trial run, a machine whose bubblewrap lacks an option we pass would fail every job as
 * "sandbox failed to start", and the queue would retry each one on the same machine.
 */
export async function assertSandboxUsable(): Promise<void> {
  const bwrap = findExecutable('bwrap');
  sandboxUser();
  await assertCgroupsUsable();
  const run = await runSandboxed({
    files: {},
    argv: ['/bin/true'],
    // generous: a loaded machine must not fail start-up for being slow
    limits: { wallSeconds: 60, cpuSeconds: 10, memoryMiB: 64, processes: 8, outputKiB: 64 },
  });
  if (run.exitCode !== 0) throw new SandboxUnavailableError(describeTrialFailure({ exitCode: run.exitCode, stderr: run.stderr, bwrapVersion: bwrapVersion(bwrap) }));
}

/** What a failed trial run of /bin/true says about the machine, in words an operator can act on. */
export function describeTrialFailure(o: { exitCode: number | null; stderr: string; bwrapVersion: string }): string {
  const said = `(exit ${o.exitCode}: ${o.stderr.trim().slice(0, 1000) || 'no message'})`;
  if (/unknown option.*disable-userns/i.test(o.stderr)) {
    return `${o.bwrapVersion} is too old: the sandbox passes --disable-userns, which needs bubblewrap 0.8 or newer ${said}`;
  }
  if (/user namespace|uid map|creating new namespace/i.test(o.stderr)) {
    return `${o.bwrapVersion} cannot create the box's user namespace: unprivileged user namespaces may be disabled (sysctl kernel.unprivileged_userns_clone or user.max_user_namespaces, or an AppArmor policy) ${said}`;
  }
  if (/cgroup\.procs/.test(o.stderr) || o.exitCode === 125) {
    return `the sandbox's launcher could not set up the run (joining its cgroups, setting limits or dropping to the sandbox user; check CONVGRADE_CGROUP_ROOT and that the worker runs as root) ${said}`;
  }
  return `a trial run of /bin/true in the sandbox failed with ${o.bwrapVersion} ${said}`;
}

function bwrapVersion(bwrap: string): string {
  const r = spawnSync(bwrap, ['--version'], { encoding: 'utf8', timeout: 10_000 });
  return r.stdout?.trim() || `${bwrap} (version unknown)`;
}

export async function runSandboxed(req: SandboxRequest): Promise<SandboxRun> {
  if (req.signal?.aborted) throw abortError(req.signal);
  const bwrap = findExecutable('bwrap');
  assertLauncherBuilt();
  const user = sandboxUser();
  const filter = seccompFilter();
  const { limits } = req;
  // both inside the try: whichever of the two fails, what the other made is removed
  let cgroup: RunCgroup | undefined;
  let runDir: string | undefined;
  try {
    cgroup = createRunCgroup({ memoryBytes: limits.memoryMiB * 1024 * 1024, pids: limits.processes });
    runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'convgrade-run-'));
    writeRunFiles(runDir, req.files, user);
    // outside box/: read by the root wrapper before it drops privileges, never seen in the box
    fs.writeFileSync(path.join(runDir, 'seccomp.bpf'), filter, { mode: 0o600 });
    const cpu = Math.max(1, Math.ceil(limits.cpuSeconds));
    const fileBytes = Math.max(1024 * 1024, limits.outputKiB * 1024 * 16);
    const launchArgs = [
      `--seccomp=${path.join(runDir, 'seccomp.bpf')}`,
      ...cgroup.procsFiles.map((f) => `--cgroup-procs=${f}`),
      // soft limit sends SIGXCPU, the hard one a second later SIGKILL for programs that catch it
      `--cpu=${cpu}:${cpu + 1}`,
      `--fsize=${fileBytes}`,
      '--nofile=256',
      `--nice=${BOX_NICE}`,
      `--uid=${user.uid}`,
      `--gid=${user.gid}`,
      '--',
      bwrap,
      ...bwrapArgs(runDir, req),
      '--',
      ...req.argv,
    ];
    return await supervise(launchArgs, req, cgroup, runDir);
  } finally {
    await cgroup?.destroy().catch(() => undefined);
    if (runDir) fs.rmSync(runDir, { recursive: true, force: true });
  }
}

function bwrapArgs(runDir: string, req: SandboxRequest): string[] {
  // --unshare-user is implied for an unprivileged bwrap, but --disable-userns needs it
  // spelled out; without --disable-userns the box could create a nested user namespace
  // and be uid 0 (with every capability) inside it: a large kernel attack surface.
  const args = ['--unshare-all', '--unshare-user', '--disable-userns', '--die-with-parent', '--new-session', '--clearenv', '--cap-drop', 'ALL', '--hostname', 'sandbox', '--seccomp', '4'];
  args.push('--ro-bind', '/usr', '/usr');
  // merged-/usr systems have /bin, /lib... as symlinks; older ones as directories
  for (const top of ['/bin', '/sbin', '/lib', '/lib32', '/lib64']) {
    const st = lstatOrNull(top);
    if (!st) continue;
    if (st.isSymbolicLink()) args.push('--symlink', fs.readlinkSync(top), top);
    else if (st.isDirectory()) args.push('--ro-bind', top, top);
  }
  // only what the dynamic loader and numpy's BLAS alternatives need from the host's /etc
  for (const p of ['/etc/ld.so.cache', '/etc/ld.so.conf', '/etc/ld.so.conf.d', '/etc/alternatives', '/etc/localtime']) {
    if (fs.existsSync(p)) args.push('--ro-bind', p, p);
  }
  args.push('--ro-bind', path.join(runDir, 'etc', 'passwd'), '/etc/passwd');
  args.push('--ro-bind', path.join(runDir, 'etc', 'group'), '/etc/group');
  for (const dir of req.readOnlyBinds ?? []) {
    if (!dir.startsWith('/usr/')) args.push('--ro-bind', dir, dir);
  }
  args.push('--proc', '/proc', '--dev', '/dev', '--tmpfs', '/tmp');
  args.push('--ro-bind', path.join(runDir, 'box'), BOX_DIR, '--chdir', BOX_DIR);
  // The root and --dev's /dev (with /dev/shm in it) are bwrap tmpfs mounts: read-only
  // too, so /tmp is the only writable place. /dev/null, /dev/zero... stay usable: a
  // read-only mount stops creating files, not writing to a device. No POSIX shared
  // memory (multiprocessing locks), which no exercise needs.
  args.push('--remount-ro', '/dev', '--remount-ro', '/');
  const env = { HOME: '/tmp', PATH: '/usr/bin:/bin', LANG: 'C.UTF-8', ...req.env };
  for (const [k, v] of Object.entries(env)) args.push('--setenv', k, v);
  return args;
}

function writeRunFiles(runDir: string, files: Record<string, string>, user: SandboxUser) {
  // bwrap runs as the sandbox user and must traverse these to bind them; nobody else
  // on the host may read a submission, so everything is 0700/0600 and owned by that user
  const own = (p: string) => fs.chownSync(p, user.uid, user.gid);
  fs.chmodSync(runDir, 0o700);
  own(runDir);
  const write = (file: string, content: string) => {
    fs.writeFileSync(file, content, { mode: 0o600 });
    own(file);
  };
  for (const dir of ['box', 'etc']) {
    fs.mkdirSync(path.join(runDir, dir), { mode: 0o700 });
    own(path.join(runDir, dir));
  }
  write(path.join(runDir, 'etc', 'passwd'), `sandbox:x:${user.uid}:${user.gid}:sandbox:/tmp:/usr/sbin/nologin\n`);
  write(path.join(runDir, 'etc', 'group'), `sandbox:x:${user.gid}:\n`);
  for (const [name, content] of Object.entries(files)) {
    if (name.includes('/') || name.startsWith('.')) throw new Error(`bad sandbox file name ${name}`);
    write(path.join(runDir, 'box', name), content);
  }
}

export interface SandboxUser {
  name: string;
  uid: number;
  gid: number;
}

let userCache: SandboxUser | undefined;
/** The dedicated user and group boxes run as, from /etc/passwd and /etc/group (read once). */
export function sandboxUser(): SandboxUser {
  const name = envValue('CONVGRADE_SANDBOX_USER');
  if (userCache?.name === name) return userCache;
  const field = (file: string) => {
    const line = readOrEmpty(file)
      .split('\n')
      .find((l) => l.startsWith(`${name}:`));
    const id = Number(line?.split(':')[2]);
    return line && Number.isInteger(id) ? id : undefined;
  };
  const uid = field('/etc/passwd');
  const gid = field('/etc/group');
  if (uid === undefined || gid === undefined) {
    throw new SandboxUnavailableError(`the sandbox user ${name} does not exist: run bash scripts/sandbox-user.sh as root (scripts/system-deps.sh does)`);
  }
  if (uid === 0 || gid === 0) throw new SandboxUnavailableError(`the sandbox user ${name} must not be root (uid ${uid}, gid ${gid})`);
  return (userCache = { name, uid, gid });
}

function readOrEmpty(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

function supervise(launchArgs: string[], req: SandboxRequest, cgroup: RunCgroup, runDir: string): Promise<SandboxRun> {
  const { limits } = req;
  const outputCap = limits.outputKiB * 1024;
  const resultCap = req.resultMaxBytes ?? 64 * 1024 * 1024;
  const cpuLimitNs = limits.cpuSeconds * 1e9;
  const started = performance.now();
  return new Promise<SandboxRun>((resolve, reject) => {
    const child = spawn(LAUNCHER, launchArgs, {
      detached: true, // own process group, so one kill reaches the whole outer tree
      stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
      // nothing of the worker's environment or working directory
      cwd: runDir,
      env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin' } as unknown as NodeJS.ProcessEnv,
    });
    // the first reason the sandbox had to stop the box; undefined if it ended by itself
    let killedFor: EndReason | undefined;
    let outputExceeded = false;
    let resultExceeded = false;
    let callbackError: Error | undefined;
    let outBytes = 0;
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    const resultChunks: Buffer[] = [];
    let resultBytes = 0;
    let pending = '';
    let finishedAt: number | undefined;
    let lingerTimer: NodeJS.Timeout | undefined;
    let cpuTimer: NodeJS.Timeout | undefined;
    let closed = false;

    const kill = (reason: EndReason) => {
      killedFor ??= reason;
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
      void cgroup.killAll(500);
    };
    const capture = (into: Buffer[]) => (chunk: Buffer) => {
      if (outputExceeded) return;
      const room = outputCap - outBytes;
      if (chunk.length > room) {
        if (room > 0) into.push(chunk.subarray(0, room));
        outBytes = outputCap;
        outputExceeded = true;
        kill('output');
        return;
      }
      outBytes += chunk.length;
      into.push(chunk);
    };
    child.stdout!.on('data', capture(stdout));
    child.stderr!.on('data', capture(stderr));

    const box: BoxControl = {
      write(text) {
        if (!closed && !killedFor && child.stdin!.writable) child.stdin!.write(text);
      },
      finished() {
        if (finishedAt !== undefined) return;
        finishedAt = performance.now();
        child.stdin!.end();
        lingerTimer = setTimeout(() => kill('lingered'), LINGER_GRACE_MS);
      },
    };
    const resultStream = child.stdio[3] as NodeJS.ReadableStream;
    resultStream.on('data', (chunk: Buffer) => {
      if (req.wallClockFromFirstResult && !clockStarted) armWallClock();
      if (resultExceeded) return;
      resultBytes += chunk.length;
      if (resultBytes > resultCap) {
        resultExceeded = true;
        kill('result-size');
        return;
      }
      resultChunks.push(chunk);
      if (req.onResultLine && !callbackError) {
        pending += chunk.toString('utf8');
        let nl: number;
        while ((nl = pending.indexOf('\n')) >= 0) {
          const line = pending.slice(0, nl);
          pending = pending.slice(nl + 1);
          if (!line) continue;
          // A throw out of a stream listener is an uncaught exception: it would end the
          // worker process and every job it is running. Remember it, stop the box (its
          // results can no longer be read), and reject once the box is gone.
          try {
            req.onResultLine(line, box);
          } catch (e) {
            // not String(e): a thrown non-Error could make that throw too
            callbackError = e instanceof Error ? e : new Error('a value that is not an Error');
            kill('callback-error');
            break;
          }
        }
      }
    });
    resultStream.on('error', () => undefined);
    child.stdin!.on('error', () => undefined); // EPIPE when the program exits without reading
    if (req.keepStdinOpen) child.stdin!.write(req.stdin ?? '');
    else child.stdin!.end(req.stdin ?? '');

    let clockStarted = false;
    let timer: NodeJS.Timeout;
    const armWallClock = () => {
      clockStarted = true;
      clearTimeout(timer);
      timer = setTimeout(() => kill('wall-time'), limits.wallSeconds * 1000);
    };
    if (req.wallClockFromFirstResult) {
      timer = setTimeout(() => kill('wall-time'), STARTUP_ALLOWANCE_MS + limits.wallSeconds * 1000);
    } else {
      armWallClock();
    }
    // The run's CPU time across all its processes. The quota lets it grow by at most one
    // second per second, so checking again once the rest of the budget could be used up
    // is exact without polling.
    const checkCpu = () => {
      const left = cpuLimitNs - cgroup.cpuUsageNs();
      if (left <= 0) return kill('cpu-time');
      cpuTimer = setTimeout(checkCpu, Math.max(10, left / 1e6));
    };
    cpuTimer = setTimeout(checkCpu, Math.max(10, cpuLimitNs / 1e6));
    const onAbort = () => kill('aborted');
    req.signal?.addEventListener('abort', onAbort, { once: true });

    const stopTimers = () => {
      closed = true;
      clearTimeout(timer);
      clearTimeout(cpuTimer);
      clearTimeout(lingerTimer);
    };
    child.on('error', (e) => {
      stopTimers();
      reject(new SandboxUnavailableError(`cannot start the sandbox: ${e.message}`));
    });
    child.on('close', (code, signal) => {
      stopTimers();
      req.signal?.removeEventListener('abort', onAbort);
      const ended = performance.now();
      const wallMs = ended - started;
      void cgroup.killAll(500).then(() => {
        if (killedFor === 'aborted') return reject(abortError(req.signal!));
        if (callbackError) return reject(new Error(`the result-line callback threw: ${callbackError.message}`, { cause: callbackError }));
        const stats = cgroup.stats();
        const exitCode = code ?? (signal ? 128 + (os.constants.signals[signal] ?? 0) : null);
        const killedBy = exitCode !== null && exitCode > 128 ? exitCode - 128 : 0;
        const memoryExceeded = stats.oomKilled || (stats.memoryLimitHit && killedBy === SIGKILL && !killedFor);
        // RLIMIT_CPU (per process) sends SIGXCPU; the run's total is checked above
        const cpuExceeded = killedFor === 'cpu-time' || (!killedFor && killedBy === SIGXCPU);
        const endReason: EndReason = killedFor ?? (memoryExceeded ? 'memory' : cpuExceeded ? 'cpu-time' : 'exited');
        resolve({
          exitCode,
          stdout: Buffer.concat(stdout).toString('utf8'),
          stderr: Buffer.concat(stderr).toString('utf8'),
          results: Buffer.concat(resultChunks).toString('utf8'),
          wallMs,
          timedOut: endReason === 'wall-time',
          outputExceeded,
          resultExceeded,
          memoryExceeded,
          cpuExceeded,
          endReason,
          ...(finishedAt !== undefined ? { afterLastResultMs: ended - finishedAt } : {}),
          cgroup: stats,
        });
      });
    });
  });
}

function abortError(signal: AbortSignal): Error {
  const reason = signal.reason;
  if (reason instanceof Error) return reason;
  const e = new Error('grading aborted');
  e.name = 'AbortError';
  return e;
}

let bwrapPath: string | undefined;
function findExecutable(name: string): string {
  if (bwrapPath) return bwrapPath;
  for (const dir of ['/usr/bin', '/bin', '/usr/local/bin']) {
    const p = path.join(dir, name);
    if (fs.existsSync(p)) return (bwrapPath = p);
  }
  throw new SandboxUnavailableError(`${name} (bubblewrap) is not installed: apt-get install -y bubblewrap`);
}

function lstatOrNull(p: string): fs.Stats | null {
  try {
    return fs.lstatSync(p);
  } catch {
    return null;
  }
}
