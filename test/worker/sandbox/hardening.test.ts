import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ZSandboxLimits } from '../../../lib/exercises/schema';
import { LINGER_GRACE_MS, runSandboxed, sandboxUser } from '../../../worker/sandbox/run-sandboxed';
import { DENIED_SYSCALLS, seccompFilter, syscallNumbers } from '../../../worker/sandbox/seccomp';

// What issue 12 added to the box: a seccomp filter, a CPU budget for the whole run,
// an end once the last result is in, and run folders no other local user can read.

const limits = (o: Partial<ReturnType<typeof ZSandboxLimits.parse>> = {}) => ZSandboxLimits.parse({ wallSeconds: 20, memoryMiB: 256, processes: 32, outputKiB: 64, ...o });
const py = (code: string, o: Parameters<typeof limits>[0] = {}, extra: Partial<Parameters<typeof runSandboxed>[0]> = {}) =>
  runSandboxed({ files: { 'main.py': code }, argv: ['/usr/bin/python3', '-I', '-B', '/box/main.py'], limits: limits(o), ...extra });
const node = (code: string, extra: Partial<Parameters<typeof runSandboxed>[0]> = {}) =>
  runSandboxed({ files: { 'main.mjs': code }, argv: [process.execPath, '/box/main.mjs'], readOnlyBinds: [path.dirname(process.execPath)], limits: limits(), ...extra });

const savedTmp = process.env.TMPDIR;
afterEach(() => {
  if (savedTmp === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = savedTmp;
});

describe('seccomp filter', () => {
  it('is a whole number of 8-byte BPF instructions, ending in its return values', () => {
    const f = seccompFilter();
    expect(f.length % 8).toBe(0);
    expect(f.length / 8).toBeGreaterThan(DENIED_SYSCALLS.length);
    // the last instruction kills a foreign architecture: BPF_RET|BPF_K, SECCOMP_RET_KILL_PROCESS
    expect(f.readUInt16LE(f.length - 8)).toBe(0x06);
    expect(f.readUInt32LE(f.length - 4)).toBe(0x80000000);
  });

  it('every denied call fails with EPERM from Python; namespaces via clone() too, and clone3 says ENOSYS', async () => {
    const nr = syscallNumbers();
    const calls = Object.fromEntries(DENIED_SYSCALLS.map((n) => [n, nr[n as keyof typeof nr]]));
    const run = await py(
      [
        'import ctypes, errno, json',
        'libc = ctypes.CDLL(None, use_errno=True)',
        'def call(n, *args):',
        '    ctypes.set_errno(0)',
        '    r = libc.syscall(n, *[ctypes.c_long(a) for a in args])',
        '    return errno.errorcode.get(ctypes.get_errno(), str(ctypes.get_errno())) if r == -1 else "returned %d" % r',
        `calls = ${JSON.stringify(calls)}`,
        'out = {name: call(n, 0, 0, 0, 0, 0, 0) for name, n in calls.items()}',
        // CLONE_NEWUSER | SIGCHLD: without the filter this is ENOSPC (bwrap --disable-userns), not EPERM
        `out["clone(CLONE_NEWUSER)"] = call(${nr.clone}, 0x10000000 | 17, 0, 0, 0, 0)`,
        `out["clone3"] = call(${nr.clone3}, 0, 0)`,
        'print(json.dumps(out))',
      ].join('\n'),
    );
    expect(run.stderr).toBe('');
    const out = JSON.parse(run.stdout);
    const expected = Object.fromEntries(DENIED_SYSCALLS.map((n) => [n, 'EPERM']));
    expect(out).toEqual({ ...expected, 'clone(CLONE_NEWUSER)': 'EPERM', clone3: 'ENOSYS' });
    expect(DENIED_SYSCALLS).toEqual(expect.arrayContaining(['io_uring_setup', 'io_uring_enter', 'keyctl', 'add_key', 'request_key', 'ptrace', 'process_vm_readv', 'process_vm_writev', 'perf_event_open', 'bpf', 'userfaultfd', 'mount', 'umount2', 'unshare', 'setns', 'pivot_root', 'kexec_load']));
  });

  it('Python keeps threads, subprocesses and numpy under the filter', async () => {
    const run = await py(
      [
        'import threading, subprocess, numpy as np',
        'r = []',
        't = threading.Thread(target=lambda: r.append(float(np.ones((64, 64)).dot(np.ones((64, 64))).sum()))); t.start(); t.join()',
        'print(r[0], subprocess.run(["/bin/echo", "child"], capture_output=True, text=True).stdout.strip())',
      ].join('\n'),
    );
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe('262144.0 child');
  });

  it('from Node: unshare fails with EPERM, while worker threads, child processes and async fs keep working', async () => {
    const run = await node(
      [
        "import { spawnSync, execFileSync } from 'node:child_process';",
        "import { Worker } from 'node:worker_threads';",
        "import fs from 'node:fs/promises';",
        "const fromThread = await new Promise((resolve, reject) => { const w = new Worker(\"require('node:worker_threads').parentPort.postMessage(6 * 7)\", { eval: true }); w.once('message', resolve); w.once('error', reject); });",
        "const text = await fs.readFile('/box/main.mjs', 'utf8');",
        // without the filter, a nested user namespace fails with ENOSPC (bwrap --disable-userns)
        "const u = spawnSync('/usr/bin/unshare', ['--user', '/bin/true'], { encoding: 'utf8' });",
        "console.log(JSON.stringify({ fromThread, read: text.length > 0, child: execFileSync('/bin/echo', ['hi']).toString().trim(), unshare: u.stderr.trim() }));",
      ].join('\n'),
    );
    expect(run.stderr).toBe('');
    const out = JSON.parse(run.stdout);
    expect(out).toMatchObject({ fromThread: 42, read: true, child: 'hi' });
    expect(out.unshare).toMatch(/Operation not permitted/);
  });
});

describe('CPU per run', () => {
  it('holds the total CPU time of all processes, setsid() ones included, to cpuSeconds', async () => {
    const run = await py(
      ['import os', 'for i in range(8):', '    if os.fork() == 0:', '        os.setsid()', '        while True: pass', 'while True: pass'].join('\n'),
      { cpuSeconds: 1, wallSeconds: 120 },
    );
    expect(run.endReason).toBe('cpu-time');
    expect(run.cpuExceeded).toBe(true);
    // nine spinners with only per-process limits would have used up to nine seconds
    expect(run.cgroup.cpuMs).toBeGreaterThanOrEqual(1000);
    expect(run.cgroup.cpuMs).toBeLessThan(3000);
  });
});

describe('the end of a run', () => {
  it('a box that lingers after its last result is killed after a short grace, and says so', async () => {
    const run = await py('import os, time\nos.write(3, b"last\\n")\ntime.sleep(60)\n', { wallSeconds: 60 }, { onResultLine: (_line, box) => box.finished() });
    expect(run.endReason).toBe('lingered');
    expect(run.afterLastResultMs).toBeGreaterThanOrEqual(LINGER_GRACE_MS);
    expect(run.timedOut).toBe(false);
    expect(LINGER_GRACE_MS).toBeLessThanOrEqual(1000);
  });

  it('a box that exits by itself after its last result ended by itself', async () => {
    const run = await py('import os\nos.write(3, b"last\\n")\n', {}, { onResultLine: (_line, box) => box.finished() });
    expect(run.endReason).toBe('exited');
    expect(run.exitCode).toBe(0);
  });

  it('onResultLine can answer on stdin, one line at a time', async () => {
    const run = await py(
      ['import os, sys', 'for i in range(3):', '    os.write(3, b"want\\n")', '    line = sys.stdin.buffer.readline()', '    print(line.decode().strip())'].join('\n'),
      {},
      {
        keepStdinOpen: true,
        stdin: '',
        onResultLine: (() => {
          let n = 0;
          return (_line: string, box: { write(t: string): void; finished(): void }) => {
            box.write(`answer ${++n}\n`);
            if (n === 3) box.finished();
          };
        })(),
      },
    );
    expect(run.stdout).toBe('answer 1\nanswer 2\nanswer 3\n');
  });
});

describe('host hygiene', () => {
  it('run folders are 0700 and their files 0600, owned by the sandbox user; gone afterwards', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'convgrade-modes-'));
    fs.chmodSync(tmp, 0o711); // the sandbox user must traverse it, as it does the system's /tmp
    process.env.TMPDIR = tmp;
    const user = sandboxUser();
    let seen: { path: string; mode: number; uid: number }[] = [];
    try {
      await py('import os\nos.write(3, b"look\\n")\nimport sys\nsys.stdin.read()\n', {}, {
        onResultLine: (_line, box) => {
          const [runDir] = fs.readdirSync(tmp).map((n) => path.join(tmp, n));
          const walk = (p: string): string[] => [p, ...(fs.statSync(p).isDirectory() ? fs.readdirSync(p).flatMap((n) => walk(path.join(p, n))) : [])];
          seen = walk(runDir!).map((p) => {
            const st = fs.statSync(p);
            return { path: path.relative(runDir!, p) || '.', mode: st.mode & 0o777, uid: st.uid };
          });
          box.finished();
        },
      });
      expect(seen.map((s) => s.path).sort()).toEqual(['.', 'box', 'box/main.py', 'etc', 'etc/group', 'etc/passwd', 'seccomp.bpf']);
      for (const s of seen) {
        if (s.path === 'seccomp.bpf') expect(s).toEqual({ path: s.path, mode: 0o600, uid: 0 });
        else if (['.', 'box', 'etc'].includes(s.path)) expect(s).toEqual({ path: s.path, mode: 0o700, uid: user.uid });
        else expect(s).toEqual({ path: s.path, mode: 0o600, uid: user.uid });
      }
      expect(fs.readdirSync(tmp)).toEqual([]);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
