import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ZSandboxLimits } from '../../../lib/exercises/schema';
import { assertSandboxUsable, describeTrialFailure, runSandboxed, sandboxUser } from '../../../worker/sandbox/run-sandboxed';
import { killGroup, spawnWorker } from '../../helpers/processes';
// a port nothing listens on: taken from the OS and released, not a fixed number
import { freePort } from '../../../scripts/lib/redis-server';

// The sandbox on its own: isolation, limits, and nothing left behind.

const limits = (o: Partial<ReturnType<typeof ZSandboxLimits.parse>> = {}) => ZSandboxLimits.parse({ wallSeconds: 5, memoryMiB: 128, processes: 16, outputKiB: 64, ...o });
const py = (code: string, o: Parameters<typeof limits>[0] = {}, extra: Partial<Parameters<typeof runSandboxed>[0]> = {}) =>
  runSandboxed({ files: { 'main.py': code }, argv: ['/usr/bin/python3', '-I', '-B', '/box/main.py'], limits: limits(o), ...extra });

/** Python that reports every open descriptor without opening one itself (os.listdir would) */
const OPEN_FDS = 'import os\nfds = []\nfor fd in range(4096):\n    try: os.fstat(fd); fds.append(fd)\n    except OSError: pass\n';

/**
 * Runs the sandbox from a child process that holds extra descriptors without
 * close-on-exec, as a worker started by a supervisor or a shell might: node marks
 * everything it opens itself close-on-exec, so the test process cannot create one.
 */
async function runFromParentWithExtraFds(code: string): Promise<{ box: { exitCode: number; stdout: string }; leaked: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'convgrade-fd-test-'));
  const script = path.join(dir, 'parent.mts');
  fs.writeFileSync(
    script,
    [
      `import { runSandboxed } from ${JSON.stringify(path.resolve('worker/sandbox/run-sandboxed.ts'))};`,
      `const run = await runSandboxed({ files: { 'main.py': ${JSON.stringify(code)} }, argv: ['/usr/bin/python3', '-I', '-B', '/box/main.py'], limits: { wallSeconds: 10, cpuSeconds: 10, memoryMiB: 128, processes: 16, outputKiB: 64 } });`,
      'process.stdout.write(JSON.stringify({ exitCode: run.exitCode, stdout: run.stdout }));',
    ].join('\n'),
  );
  try {
    // fds 3..12 in the child are pipes back to us (above 9 too, where a dash loop could not reach)
    const stdio: ('pipe' | 'ignore' | 'inherit')[] = ['ignore', 'pipe', 'inherit', ...new Array<'pipe'>(10).fill('pipe')];
    const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio, cwd: path.resolve('.') });
    let out = '';
    let leaked = '';
    child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
    for (let i = 3; i < stdio.length; i++) (child.stdio[i] as NodeJS.ReadableStream).on('data', (c: Buffer) => (leaked += c.toString()));
    const code_ = await new Promise<number | null>((r) => child.on('close', r));
    expect(code_).toBe(0);
    return { box: JSON.parse(out), leaked };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function ourCgroups(): string[] {
  const dir = '/sys/fs/cgroup/memory/convgrade/boxes';
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((n) => n.startsWith(`run-${process.pid}-`)) : [];
}

function processesWithMarker(marker: string): number[] {
  return fs
    .readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .filter((p) => {
      try {
        return fs.readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(marker);
      } catch {
        return false;
      }
    })
    .map(Number);
}

describe('runSandboxed', () => {
  it('runs as the dedicated sandbox user with only the given environment, its own hostname and a read-only /box', async () => {
    process.env.CONVGRADE_FAKE_SECRET = 'sk-sandbox-test-123';
    const run = await py(
      [
        'import os, json, socket',
        'w = []',
        'for p in ["/box/x", "/usr/x", "/etc/x"]:',
        '    try:',
        '        open(p, "w").write("x"); w.append(p)',
        '    except OSError: pass',
        'open("/tmp/ok", "w").write("fine")',
        'print(json.dumps({"uid": os.getuid(), "gid": os.getgid(), "env": dict(os.environ), "host": socket.gethostname(), "box": sorted(os.listdir("/box")), "written": w, "root": sorted(os.listdir("/"))}))',
      ].join('\n'),
      {},
      { env: { ONLY_THIS: '1' } },
    );
    expect(run.exitCode).toBe(0);
    const info = JSON.parse(run.stdout);
    const user = sandboxUser();
    expect(user.name).toBe('convgrade-box');
    expect([info.uid, info.gid]).toEqual([user.uid, user.gid]);
    expect(info.uid).not.toBe(65534); // not the host's nobody, which other services share
    expect(info.env.ONLY_THIS).toBe('1');
    // nothing of the worker's working directory: only bwrap's own PWD for --chdir
    expect(Object.keys(info.env).sort()).toEqual(['HOME', 'LANG', 'ONLY_THIS', 'PATH', 'PWD']);
    expect(info.env.PWD).toBe('/box');
    expect(JSON.stringify(info.env)).not.toContain('sk-sandbox-test-123');
    expect(info.host).toBe('sandbox');
    expect(info.box).toEqual(['main.py']);
    expect(info.written).toEqual([]);
    expect(info.root).not.toContain('work');
    expect(info.root).not.toContain('root');
  });

  it('has no network, not even the host loopback', async () => {
    const run = await py(
      [
        'import socket',
        'for host, port in [("127.0.0.1", 6379), ("1.1.1.1", 53)]:',
        '    try:',
        '        socket.create_connection((host, port), timeout=1); print("CONNECTED", host)',
        '    except OSError as e: print("refused", host, type(e).__name__)',
        'print(open("/proc/net/dev").read())',
      ].join('\n'),
    );
    expect(run.stdout).not.toContain('CONNECTED');
    expect(run.stdout).toContain('refused 1.1.1.1');
    // the only interface is the namespace's own loopback
    expect(run.stdout).not.toMatch(/eth|ens|veth/);
  });

  it('kills on wall time, including a daemon that left the session, and removes its cgroups', async () => {
    const marker = `convgrade-daemon-${Date.now()}`;
    const run = await py(
      [
        'import os, time, sys',
        'if os.fork() == 0:',
        '    os.setsid()',
        `    os.execv("/usr/bin/python3", ["python3", "-c", "import time; time.sleep(60)", "${marker}"])`,
        'time.sleep(60)',
      ].join('\n'),
      { wallSeconds: 1 },
    );
    expect(run.timedOut).toBe(true);
    expect(processesWithMarker(marker)).toEqual([]);
    expect(ourCgroups()).toEqual([]);
  });

  it('caps output: stops reading and kills the program past the limit', async () => {
    const run = await py('import sys\nwhile True: sys.stdout.write("x" * 65536)', { outputKiB: 32, wallSeconds: 20 });
    expect(run.outputExceeded).toBe(true);
    expect(run.timedOut).toBe(false);
    expect(run.stdout.length).toBeLessThanOrEqual(32 * 1024);
  });

  it('enforces the memory cgroup', async () => {
    const run = await py('b = []\nwhile True: b.append(bytearray(16 * 1024 * 1024))', { memoryMiB: 64 });
    expect(run.memoryExceeded).toBe(true);
    expect(run.cgroup.peakMemoryBytes).toBeLessThanOrEqual(64 * 1024 * 1024);
  });

  it('enforces the process limit', async () => {
    const run = await py(
      ['import os, time', 'n = 0', 'try:', '    while True:', '        if os.fork() == 0: time.sleep(30)', '        n += 1', 'except OSError: print("fork failed after", n)'].join('\n'),
      { processes: 8 },
    );
    expect(run.stdout).toMatch(/fork failed after [0-7]\b/);
    expect(run.cgroup.pidsLimitHit).toBe(true);
  });

  it('enforces CPU time with RLIMIT_CPU', async () => {
    const run = await py('while True: pass', { cpuSeconds: 1, wallSeconds: 20 });
    expect(run.cpuExceeded).toBe(true);
    expect(run.timedOut).toBe(false);
  });

  it('kills the box and rejects when the signal aborts', async () => {
    const ac = new AbortController();
    const p = py('import time\ntime.sleep(30)', { wallSeconds: 30 }, { signal: ac.signal });
    setTimeout(() => ac.abort(new Error('worker shutting down')), 300);
    await expect(p).rejects.toThrow('worker shutting down');
    expect(ourCgroups()).toEqual([]);
  });

  it('cannot reach host files through /proc or symlinks', async () => {
    const repoFile = path.resolve('package.json');
    const run = await py(
      [
        'import os',
        `targets = ["${repoFile}", "/proc/1/root${repoFile}", "/proc/self/root${repoFile}", "/etc/shadow"]`,
        'os.symlink("/etc/shadow", "/tmp/l1")',
        `os.symlink("${repoFile}", "/tmp/l2")`,
        'for t in targets + ["/tmp/l1", "/tmp/l2"]:',
        '    try:',
        '        open(t).read(); print("READ", t)',
        '    except OSError: print("denied", t)',
      ].join('\n'),
    );
    expect(run.stdout).not.toContain('READ');
    expect(run.stdout.match(/denied/g)?.length).toBe(6);
  });

  it('closes every inherited descriptor above 3: only stdin, stdout, stderr and the result channel are open', async () => {
    const { box, leaked } = await runFromParentWithExtraFds(
      `${OPEN_FDS}print(fds)\nfor fd in fds:\n    if fd > 3:\n        try: os.write(fd, b"LEAKED")\n        except OSError: pass`,
    );
    expect(box.exitCode).toBe(0);
    expect(JSON.parse(box.stdout)).toEqual([0, 1, 2, 3]);
    expect(leaked).toBe('');
  });

  it('the same from this process: nothing above 3 is open inside the box', async () => {
    const run = await py(`${OPEN_FDS}print(fds)`);
    expect(JSON.parse(run.stdout)).toEqual([0, 1, 2, 3]);
  });

  it('cannot create a nested user namespace (no uid 0 inside the box)', async () => {
    const run = await py(
      [
        'import ctypes, subprocess',
        'r = subprocess.run(["unshare", "-Ur", "id", "-u"], capture_output=True, text=True)',
        'print("unshare exit", r.returncode, repr(r.stdout.strip()))',
        'libc = ctypes.CDLL(None, use_errno=True)',
        'CLONE_NEWUSER = 0x10000000',
        'print("libc unshare", libc.unshare(CLONE_NEWUSER))',
      ].join('\n'),
    );
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/^unshare exit [1-9]\d* ''$/m);
    expect(run.stdout).toContain('libc unshare -1');
  });

  it('nothing outside /tmp is writable, /dev/shm included; devices still work', async () => {
    const run = await py(
      [
        'import os',
        'for p in ["/dev/shm/x", "/dev/x", "/x", "/etc/x", "/box/x", "/usr/x", "/bin/x", "/proc/x", "/tmp/../x"]:',
        '    try:',
        '        open(p, "w").write("x"); print("WROTE", p)',
        '    except OSError: print("refused", p)',
        'for d in ["/dev/shm", "/dev"]:',
        '    try:',
        '        os.mkdir(d + "/d"); print("WROTE", d)',
        '    except OSError: print("refused", d)',
        'open("/dev/null", "w").write("discarded")',
        'open("/tmp/x", "w").write("fine")',
        'print("zero", len(open("/dev/zero", "rb").read(4)), "urandom", len(open("/dev/urandom", "rb").read(4)))',
      ].join('\n'),
    );
    expect(run.exitCode).toBe(0);
    expect(run.stdout).not.toContain('WROTE');
    expect(run.stdout.match(/refused/g)?.length).toBe(11);
    expect(run.stdout).toContain('zero 4 urandom 4');
  });
});

/** runs `f` with these environment variables, restoring them after */
async function withEnv<T>(vars: Record<string, string>, f: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  try {
    return await f();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

describe('runSandboxed, around the box', () => {
  it('a result-line callback that throws rejects the run; it is not thrown from the stream listener, where it would end the process', async () => {
    let calls = 0;
    const run = py('import os\nfor i in range(3): os.write(3, b"line %d\\n" % i)\n', {}, {
      onResultLine: () => {
        calls++;
        throw new Error('reader broke');
      },
    });
    await expect(run).rejects.toThrow(/result-line callback threw: reader broke/);
    expect(calls).toBe(1);
    expect(ourCgroups()).toEqual([]);
  });

  it('a run whose cgroup cannot be made leaves no run directory behind', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'convgrade-tmpdir-test-'));
    try {
      await withEnv({ TMPDIR: tmp, CONVGRADE_CGROUP_ROOT: path.join(tmp, 'no-cgroups-here') }, async () => {
        await expect(py('print(1)')).rejects.toThrow(/no usable cgroups/);
      });
      expect(fs.readdirSync(tmp)).toEqual([]);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});

describe('the start-up check', () => {
  const workers: ReturnType<typeof spawnWorker>[] = [];
  afterAll(() => workers.forEach((w) => killGroup(w)));

  it('passes on this machine, where a trial run works', async () => {
    await expect(assertSandboxUsable()).resolves.toBeUndefined();
    expect(ourCgroups()).toEqual([]);
  });

  it('names a cgroup root that does not exist', async () => {
    await withEnv({ CONVGRADE_CGROUP_ROOT: '/nonexistent/cgroup' }, async () => {
      await expect(assertSandboxUsable()).rejects.toThrow(/no usable cgroups under \/nonexistent\/cgroup/);
    });
  });

  it('says which bubblewrap is too old, from what an old one prints for --disable-userns', () => {
    const message = describeTrialFailure({ exitCode: 1, stderr: 'bwrap: Unknown option --disable-userns\n', bwrapVersion: 'bubblewrap 0.6.1' });
    expect(message).toMatch(/^bubblewrap 0\.6\.1 is too old: .*needs bubblewrap 0\.8 or newer \(exit 1: bwrap: Unknown option --disable-userns\)$/);
    expect(describeTrialFailure({ exitCode: 1, stderr: 'bwrap: No permissions to creating new namespace', bwrapVersion: 'bubblewrap 0.8.0' })).toContain('unprivileged user namespaces may be disabled');
    expect(describeTrialFailure({ exitCode: 3, stderr: '', bwrapVersion: 'bubblewrap 0.8.0' })).toBe('a trial run of /bin/true in the sandbox failed with bubblewrap 0.8.0 (exit 3: no message)');
  });

  it('a worker that cannot grade code says why and exits at start-up, before taking any job', async () => {
    const worker = spawnWorker({ WORKER_QUEUES: 'grade', CONVGRADE_CGROUP_ROOT: '/nonexistent/cgroup', REDIS_URL: `redis://127.0.0.1:${await freePort()}` });
    workers.push(worker);
    const code = await new Promise<number | null>((r) => worker.once('exit', (c) => r(c)));
    expect(code).toBe(2);
    expect(worker.logs()).toMatch(/cannot grade code on this machine: no usable cgroups under \/nonexistent\/cgroup/);
  });
});
