import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverExercises } from '../../../lib/exercises/discover';
import { runReferenceSteps } from '../../../lib/exercises/code/run-steps';
import { gradeCode, type GradeCodeOptions } from '../../../worker/code/grade-code';

// Submissions that attack the grader. Each must leave the grader standing, give a
// clear result, and leak nothing. Small limits keep these quick.

const SEED_CONV = fs.readFileSync(path.resolve('test/fixtures/seed/conv3x3.py'), 'utf8');
const REPO = path.resolve('.');
const SECRET = 'sk-live-convgrade-test-9f8e7d';
const small = { wallSeconds: 2, cpuSeconds: 2, memoryMiB: 128, processes: 16, outputKiB: 64 };

const grade = (source: string, o: Partial<GradeCodeOptions> = {}) =>
  gradeCode({ exerciseId: 'conv3x3', language: 'python', source, mode: 'visible', limits: small, ...o });

/** a correct submission that first runs `prelude` at import time */
const withPrelude = (prelude: string) => `${prelude}\n\n${SEED_CONV}`;

function leftovers(): string[] {
  const dir = '/sys/fs/cgroup/pids/convgrade/boxes';
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((n) => n.startsWith(`run-${process.pid}-`)) : [];
}

let server: net.Server;
let port = 0;
let connections = 0;
beforeAll(async () => {
  process.env.CONVGRADE_TEST_SECRET = SECRET;
  server = net.createServer((s) => {
    connections++;
    s.destroy();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as net.AddressInfo).port;
});
afterAll(() => {
  server.close();
  expect(leftovers()).toEqual([]);
});

const discovered = await discoverExercises();

describe('attacks on the grader', () => {
  it('infinite loop: stopped at the wall clock, tests fail with the reason', async () => {
    const r = await grade(SEED_CONV.replace('self.last_input = input', 'while True: pass'), { limits: { ...small, wallSeconds: 1, cpuSeconds: 5 } });
    expect(r.gradable).toBe(true);
    expect(r.score).toBe(0.5); // only the constructor's filters shape, checked before forward
    expect(r.tests.find((t) => t.name.startsWith('forward values'))!.output).toBe(
      'forward(…) did not finish: time limit exceeded: stopped after 1 s\nHint: out[i][j][f] = Σ over a,b in 0..2 of input[i+a][j+b] · filters[f][a][b] (no flipping, no bias).',
    );
  });

  it('infinite loop: CPU time limit', async () => {
    const r = await grade(SEED_CONV.replace('self.last_input = input', 'while True: pass'), { limits: { ...small, wallSeconds: 10, cpuSeconds: 1 } });
    expect(r.output).toContain('CPU time limit of 1 s exceeded');
  });

  it('sleeping past the limit', async () => {
    const r = await grade(withPrelude('import time\ntime.sleep(3600)'), { limits: { ...small, wallSeconds: 1 } });
    expect(r.score).toBe(0);
    expect(r.output).toContain('time limit exceeded while loading your code');
  });

  it('fork bomb: capped by the pids cgroup and killed', async () => {
    const r = await grade(withPrelude('import os\nwhile True:\n    try: os.fork()\n    except OSError: pass'), { limits: { ...small, wallSeconds: 1 } });
    expect(r.score).toBe(0);
    expect(r.output).toContain('limit of 16 processes');
  });

  describe('the same attacks in TypeScript and JavaScript', () => {
    const TS_CONV = fs.readFileSync(path.resolve('test/fixtures/code/conv3x3.ts'), 'utf8');
    const JS_CONV = fs.readFileSync(path.resolve('test/fixtures/code/conv3x3.js'), 'utf8');
    const ts = (source: string, o: Partial<GradeCodeOptions> = {}) => grade(source, { language: 'typescript', ...o });
    const js = (source: string, o: Partial<GradeCodeOptions> = {}) => grade(source, { language: 'javascript', ...o });

    it('infinite loop (TypeScript): stopped at the wall clock, earlier results kept', async () => {
      const source = TS_CONV.replace('this.last = input;', 'this.last = input;\n    for (;;) {}');
      expect(source).not.toBe(TS_CONV);
      const r = await ts(source, { limits: { ...small, wallSeconds: 1, cpuSeconds: 5 } });
      expect(r.gradable).toBe(true);
      expect(r.score).toBe(0.5); // the constructor's filters shape, checked before forward
      expect(r.tests.find((t) => t.name.startsWith('forward values'))!.output).toContain('did not finish: time limit exceeded: stopped after 1 s');
    });

    it('infinite loop (JavaScript): CPU time limit', async () => {
      const r = await js(`for (;;) {}\n${JS_CONV}`, { limits: { ...small, wallSeconds: 10, cpuSeconds: 1 } });
      expect(r.score).toBe(0);
      expect(r.output).toContain('CPU time limit of 1 s exceeded while loading your code');
    });

    it('fork bomb (JavaScript): capped by the pids cgroup and killed', async () => {
      const bomb = [
        "import { spawn } from 'node:child_process';",
        'for (;;) {',
        "  try { spawn('/usr/bin/sleep', ['600'], { stdio: 'ignore' }).on('error', () => {}); } catch {}",
        '}',
      ].join('\n');
      const r = await js(`${bomb}\n${JS_CONV}`, { limits: { ...small, wallSeconds: 1 } });
      expect(r.score).toBe(0);
      expect(r.output).toContain('limit of 16 processes');
    });

    it('1 GB of output (TypeScript): killed at the output cap, the excerpt stays small', async () => {
      const flood = "for (let i = 0; i < 16384; i++) process.stdout.write('x'.repeat(65536));";
      const r = await ts(`${flood}\n${TS_CONV}`, { limits: { ...small, wallSeconds: 30 } });
      expect(r.output).toContain('output limit of 64 KiB exceeded');
      expect(r.output.length).toBeLessThan(10_000);
    });
  });

  it('memory bomb (Python and JavaScript)', async () => {
    // room on the clock, so a loaded machine still reaches the memory limit first
    const py = await grade(withPrelude('import numpy as np\nx = np.ones(10**9)'), { limits: { ...small, wallSeconds: 10 } });
    expect(py.output).toContain('memory limit of 128 MiB exceeded');
    const js = await grade('const a = []; while (true) a.push(new Array(1e6).fill(Math.random()));\nexport class Conv3x3 {}', {
      language: 'javascript',
      limits: { ...small, wallSeconds: 10 },
    });
    expect(js.output).toContain('memory limit of 128 MiB exceeded');
  });

  it('1 GB of output: killed at the output cap, the excerpt stays small', async () => {
    const r = await grade(withPrelude('import sys\nfor _ in range(16384): sys.stdout.write("x" * 65536)'), { limits: { ...small, wallSeconds: 30 } });
    expect(r.output).toContain('output limit of 64 KiB exceeded');
    expect(r.output.length).toBeLessThan(10_000);
  });

  it('reading /etc/passwd gives only the sandbox copy', async () => {
    const r = await grade(withPrelude('print(open("/etc/passwd").read())'));
    expect(r.score).toBe(r.max_score);
    expect(r.output).toMatch(/^sandbox:x:\d+:\d+:sandbox:\/tmp:/m);
    expect(r.output).not.toContain('root:x:0');
  });

  it('the repository, the hidden tests and the reference are not reachable', async () => {
    const targets = ['exercises/conv3x3/cases.ts', 'exercises/conv3x3/reference.ts', 'package.json', '.git/HEAD'].map((p) => path.join(REPO, p));
    const r = await grade(
      withPrelude(
        [
          'import os',
          `for t in ${JSON.stringify(targets)} + ["/proc/1/root${REPO}/package.json"]:`,
          '    try:',
          '        open(t).read(); print("LEAKED", t)',
          '    except OSError: print("unreachable", t)',
          'for root, dirs, files in os.walk("/"):',
          '    dirs[:] = [d for d in dirs if os.path.join(root, d) not in ("/proc", "/sys", "/usr", "/dev")]',
          '    for f in files:',
          '        if f in ("cases.ts", "reference.ts"): print("LEAKED", root, f)',
          'print("walk done", flush=True)',
        ].join('\n'),
      ),
    );
    expect(r.output).not.toContain('LEAKED');
    expect(r.output.match(/unreachable/g)?.length).toBe(5);
    expect(r.output).toContain('walk done');
  });

  it('the box holds inputs only: no expected output anywhere in the harness memory', async () => {
    // the notes' example: the reference's first output row is 29, -192; -192 must not be in the box
    const r = await grade(
      withPrelude(
        [
          'import gc, json',
          'for o in gc.get_objects():',
          '    if isinstance(o, dict) and "requires" in o and "cases" in o: print("SPEC", json.dumps(o))',
        ].join('\n'),
      ),
    );
    expect(r.output).toContain('SPEC');
    expect(r.output).not.toContain('-192');
    expect(r.score).toBe(r.max_score);
  });

  it('environment secrets of the grader do not reach the box', async () => {
    const r = await grade(withPrelude('import os\nprint(dict(os.environ))\nprint(open("/proc/1/environ", "rb").read())\nprint(open("/proc/self/environ", "rb").read())'));
    expect(process.env.CONVGRADE_TEST_SECRET).toBe(SECRET);
    expect(r.output).not.toContain(SECRET);
    expect(r.output).toContain('OPENBLAS_NUM_THREADS');
  });

  it('network connections fail, and nothing reaches a server on the host', async () => {
    const r = await grade(
      withPrelude(
        [
          'import socket',
          `for addr in [("127.0.0.1", ${port}), ("1.1.1.1", 80)]:`,
          '    try:',
          '        socket.create_connection(addr, timeout=1); print("CONNECTED", addr)',
          '    except OSError as e: print("no network", addr)',
        ].join('\n'),
      ),
    );
    expect(r.output).not.toContain('CONNECTED');
    expect(r.output.match(/no network/g)?.length).toBe(2);
    expect(connections).toBe(0);
  });

  it('writing outside the box and following symlinks out of it', async () => {
    // the box's /tmp is its own tmpfs: writing there must not reach the host's /tmp
    const marker = path.join(os.tmpdir(), `convgrade-pwned-${process.pid}`);
    const r = await grade(
      withPrelude(
        [
          'import os',
          `open("${marker}", "w").write("inside the box only")`,
          `for p in ["${REPO}/PWNED", "/root/PWNED", "/box/submission.py", "/usr/PWNED", "/PWNED", "/dev/shm/PWNED", "/dev/PWNED"]:`,
          '    try:',
          '        open(p, "w").write("x"); print("WROTE", p)',
          '    except OSError: print("read-only", p)',
          'os.symlink("/etc/shadow", "/tmp/s")',
          `os.symlink("${REPO}/package.json", "/tmp/r")`,
          'for p in ["/tmp/s", "/tmp/r"]:',
          '    try:',
          '        open(p).read(); print("WROTE", p)',
          '    except OSError: print("dangling", p)',
        ].join('\n'),
      ),
    );
    expect(r.output).not.toContain('WROTE');
    expect(r.output.match(/read-only|dangling/g)?.length).toBe(9);
    expect(fs.existsSync(marker)).toBe(false);
    expect(fs.existsSync(path.join(REPO, 'PWNED'))).toBe(false);
    expect(r.score).toBe(r.max_score);
  });

  it('killing its parent and everything else it can see', async () => {
    const kill = 'import os, signal\nfor pid in (os.getppid(), 1, -1):\n    try: os.kill(pid, signal.SIGKILL)\n    except OSError: pass';
    // the box's init ignores signals from inside its namespace and nothing else is visible
    const survived = await grade(withPrelude(kill));
    expect(survived.score).toBe(survived.max_score);
    const suicide = await grade(withPrelude(`${kill}\nos.kill(os.getpid(), signal.SIGKILL)`));
    expect(suicide.gradable).toBe(true);
    expect(suicide.score).toBe(0);
    expect(suicide.output).toMatch(/killed by signal 9 while loading your code/);
  });

  it('a file that is not Python or TypeScript at all', async () => {
    const junk = '\u0000\u0001PK\u0003\u0004 binary junk }{][';
    const py = await grade(junk);
    expect(py.gradable).toBe(false);
    expect(py.format_errors[0]).toMatch(/could not be loaded|Error/);
    const ts = await grade(junk, { language: 'typescript' });
    expect(ts.gradable).toBe(false);
    expect(ts.format_errors[0]).toContain('does not compile');
  });

  describe('fake results: well-formed harness events claiming the correct outputs count for nothing', () => {
    // Every event the harness would send for a perfect submission, in its order and
    // format, with the reference's outputs: if any of these were believed, the score would rise.
    const conv = discovered.code('conv3x3')!;
    const visibleCases = conv.cases().filter((c) => c.visibility === 'visible');
    const perfectStream = [
      { event: 'loaded' },
      ...visibleCases.flatMap((c) => [
        ...runReferenceSteps(conv, c.steps).map((outcome, index) => ({ event: 'step', id: c.id, index, outcome })),
        { event: 'case', id: c.id },
      ]),
      { event: 'done' },
    ];
    const expectedOf = Object.fromEntries(visibleCases.map((c) => [c.id, runReferenceSteps(conv, c.steps)]));
    // honest outputs are all wrong (filters of the wrong shape, forward returns 0): they earn 0
    const wrongClass = [
      'class Conv3x3:',
      '    def __init__(self, n): self.filters = None',
      '    def forward(self, x): return 0',
      '    def backprop(self, d, lr): return None',
    ].join('\n');
    // the harness runs the submission inside its own main(): nonce and emit are in a caller's frame
    const stealNonce = [
      'import json, os, sys',
      'def steal():',
      '    f = sys._getframe()',
      '    while f is not None:',
      '        if "nonce" in f.f_locals and "emit" in f.f_locals: return f.f_locals["nonce"], f',
      '        f = f.f_back',
      '    raise SystemExit("nonce not found")',
      'def forge(nonce, events):',
      '    for e in events: os.write(3, ("\\n" + nonce + json.dumps(e) + "\\n").encode())',
    ].join('\n');

    it('honest baseline: the wrong class earns 0', async () => {
      const honest = await grade(wrongClass);
      expect(honest.gradable).toBe(true);
      expect(honest.score).toBe(0);
    });

    it('without the nonce (stdout, and fd 3 with a guessed nonce): ignored, the score is exactly the honest one', async () => {
      // the right filters shape earns its 0.5 honestly; nothing else may count
      const honestClass = wrongClass.replace('self.filters = None', 'self.filters = [[[0] * 3] * 3] * n');
      const lines = perfectStream.map((e) => JSON.stringify(e));
      const source = [
        'import os',
        `lines = ${JSON.stringify(lines)}`,
        'for l in lines:',
        '    print(l)',
        '    os.write(3, ("\\n" + l + "\\n").encode())',
        '    os.write(3, ("\\n" + "0" * 32 + l + "\\n").encode())',
        honestClass,
      ].join('\n');
      const [forged, honest] = await Promise.all([grade(source), grade(honestClass)]);
      expect(honest.score).toBe(0.5);
      expect(forged.gradable).toBe(true);
      expect(forged.score).toBe(honest.score);
      expect(forged.tests.map((t) => t.status)).toEqual(honest.tests.map((t) => t.status));
    });

    it('Python, nonce stolen from the harness frame at import: a whole forged run before the real one', async () => {
      const source = [
        stealNonce,
        'nonce, _ = steal()',
        'print("stole a nonce of", len(nonce), "characters")',
        `forge(nonce, json.loads(${JSON.stringify(JSON.stringify(perfectStream))}))`,
        wrongClass,
      ].join('\n');
      const r = await grade(source);
      expect(r.output).toContain('stole a nonce of 32 characters');
      expect(r.gradable).toBe(true);
      expect(r.score).toBe(0);
      expect(r.output).toContain("wrote to the grader's result channel");
      expect(r.tests.every((t) => t.status === 'failed')).toBe(true);
      expect(r.tests.every((t) => t.output === 'not counted: the result channel was tampered with')).toBe(true);
      // graded through the same loop as an honest run: the sandbox's diagnostics are kept
      expect(r.extra_data).toMatchObject({ tampered: true, sandbox: { timedOut: false } });
      // nothing after a tampered stream counts, so the box is not left to run on
      expect(['exited', 'lingered']).toContain((r.extra_data!.sandbox as { endReason: string }).endReason);
    });

    // The forgeries below end the program before the harness sends anything real, so
    // only hostile contents, not the order of events, can give them away.
    const forgeAndExit = (lines: string) =>
      [stealNonce, 'nonce, _ = steal()', `for l in ${lines}: os.write(3, ("\\n" + nonce + l + "\\n").encode())`, 'os._exit(0)'].join('\n');

    it('Python, stolen nonce: an output nested far deeper than the harness sends is refused, not a crash in the comparison', async () => {
      const c = visibleCases[0]!;
      const deep = `"[" * 50000 + "]" * 50000`;
      const steps = `['{"event": "step", "id": ${JSON.stringify(c.id)}, "index": %d, "outcome": {"ok": %s}}' % (i, ${deep}) for i in range(${c.steps.length})]`;
      const r = await grade(forgeAndExit(`['{"event": "loaded"}'] + ${steps}`));
      expect(r.gradable).toBe(true);
      expect(r.score).toBe(0);
      expect(r.output).toContain('(a step event without a valid outcome');
    });

    it('Python, stolen nonce: a load error whose names are not strings is refused, and the grader stays up', async () => {
      const r = await grade(forgeAndExit(`['{"event": "load-error", "missing": [{"toString": 1}]}']`));
      expect(r.gradable).toBe(true);
      expect(r.score).toBe(0);
      expect(r.output).toContain('(a "load-error" event that is not shaped');
    });

    it('Python, nonce stolen inside forward(): forged outputs for the step being run', async () => {
      // reads the case id and step index from the harness's frame and claims the reference's output for it
      const source = [
        stealNonce,
        `EXPECTED = json.loads(${JSON.stringify(JSON.stringify(expectedOf))})`,
        'def claim():',
        '    nonce, f = steal()',
        '    case, index = f.f_locals["case"], f.f_locals["index"]',
        '    forge(nonce, [{"event": "step", "id": case["id"], "index": index, "outcome": EXPECTED[case["id"]][index]}])',
        wrongClass.replace('def forward(self, x): return 0', 'def forward(self, x):\n        claim()\n        return 0'),
      ].join('\n');
      const r = await grade(source);
      expect(r.gradable).toBe(true);
      expect(r.score).toBe(0);
      expect(r.output).toContain("wrote to the grader's result channel");
    });

    it('JavaScript, nonce found by scanning /proc/self/mem: every candidate gets a whole forged run', async () => {
      const source = [
        "import fs from 'node:fs';",
        `const stream = ${JSON.stringify(perfectStream)};`,
        "const maps = fs.readFileSync('/proc/self/maps', 'utf8').split('\\n').filter((l) => / rw/.test(l));",
        "const mem = fs.openSync('/proc/self/mem', 'r');",
        'const candidates = new Set();',
        // one reused buffer: the scan itself must not be what runs out of memory
        'const buf = Buffer.alloc(1 << 20);',
        'for (const l of maps) {',
        "  const [a, b] = l.split(' ')[0].split('-').map((x) => parseInt(x, 16));",
        '  for (let p = a; p < b; p += 1 << 20) {',
        '    const n = Math.min(1 << 20, b - p);',
        '    try { fs.readSync(mem, buf, 0, n, p); } catch { continue; }',
        "    for (const m of buf.toString('latin1', 0, n).matchAll(/(?<![0-9a-f])[0-9a-f]{32}(?![0-9a-f])/g)) candidates.add(m[0]);",
        '  }',
        '}',
        "console.log('candidates found:', candidates.size > 0);",
        "for (const n of candidates) for (const e of stream) fs.writeSync(3, '\\n' + n + JSON.stringify(e) + '\\n');",
        'export class Conv3x3 { constructor(n) { this.filters = null; } forward() { return 0; } backprop() { return null; } }',
      ].join('\n');
      // Node's own footprint under the box's memory accounting differs between machines; this
      // attack is about the result channel, so it gets room to run rather than a tight cap.
      const r = await grade(source, { language: 'javascript', limits: { ...small, memoryMiB: 1024, wallSeconds: 30, cpuSeconds: 30 } });
      expect(r.output).toContain('candidates found: true');
      expect(r.gradable).toBe(true);
      expect(r.score).toBe(0);
      // the message proves the real nonce was among the candidates: lines with other nonces are ignored silently
      expect(r.output).toContain("wrote to the grader's result channel");
    });
  });

  it('correct code that runs just under the limits passes', async () => {
    // Tight memory and CPU limits; memory is set from what the same honest code used in a roomy
    // box on this machine (interpreter, numpy and V8 footprints differ between machines), plus a
    // margin. The wall clock is generous: on a loaded machine it is not what this test is about.
    const roomy = { wallSeconds: 10, cpuSeconds: 10, memoryMiB: 1024, processes: 16, outputKiB: 64 };
    const peakMiB = (r: Awaited<ReturnType<typeof grade>>) => (r.extra_data!.sandbox as { peakMemoryMiB: number }).peakMemoryMiB;
    const pySource = withPrelude('import numpy as np, time\nblock = np.ones((60, 1024, 1024 // 8))\nt = time.process_time()\nwhile time.process_time() - t < 0.5: pass');
    const pyPeak = peakMiB(await grade(pySource, { limits: roomy }));
    expect(pyPeak).toBeGreaterThan(0);
    const py = await grade(pySource, {
      limits: { wallSeconds: 15, cpuSeconds: 2, memoryMiB: Math.ceil(pyPeak * 1.25) + 16, processes: 4, outputKiB: 64 },
    });
    expect(py.score).toBe(py.max_score);
    const tsSource = fs.readFileSync(path.resolve('test/fixtures/code/conv3x3.ts'), 'utf8');
    const tsPeak = peakMiB(await grade(tsSource, { language: 'typescript', limits: roomy }));
    expect(tsPeak).toBeGreaterThan(0);
    const ts = await grade(tsSource, {
      language: 'typescript',
      limits: { wallSeconds: 15, cpuSeconds: 2, memoryMiB: Math.ceil(tsPeak * 1.25) + 16, processes: 16, outputKiB: 64 },
    });
    expect(ts.score).toBe(ts.max_score);
  });

  it('several submissions at once do not interfere', async () => {
    const ts = fs.readFileSync(path.resolve('test/fixtures/code/conv3x3.ts'), 'utf8');
    const results = await Promise.all([
      grade(SEED_CONV, { mode: 'submit', limits: undefined }),
      grade(ts, { language: 'typescript', mode: 'submit', limits: undefined }),
      grade(withPrelude('while True: pass'), { limits: { ...small, wallSeconds: 1 } }),
      grade(withPrelude('import numpy as np\nx = np.ones(10**9)')),
      grade(SEED_CONV.replace('self.filters -= learn_rate * d_L_d_filters', 'self.filters += learn_rate * d_L_d_filters'), { mode: 'submit', limits: undefined }),
    ]);
    expect(results[0]!.score).toBe(10);
    expect(results[1]!.score).toBe(10);
    expect(results[2]!.output).toContain('time limit exceeded');
    expect(results[3]!.output).toContain('memory limit');
    const wrongSign = results[4]!;
    expect(wrongSign.tests.filter((t) => t.name.startsWith('filter update')).every((t) => t.status === 'failed')).toBe(true);
    expect(wrongSign.tests.filter((t) => t.name.startsWith('forward values ·')).slice(0, 4).every((t) => t.status === 'passed')).toBe(true);
  });
});
