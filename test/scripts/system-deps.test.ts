import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// Runs the real script in a scratch checkout with a PATH of our choosing: the
// tools we link in are "installed", the rest are missing. id and apt-get are
// stubs, so the root branch is exercised without touching the machine.

const SCRIPT = path.resolve('scripts/system-deps.sh');

function which(tool: string): string {
  const out = spawnSync('bash', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).stdout.trim();
  if (!out) throw new Error(`${tool} is not installed on this machine`);
  return out;
}

function run(opts: { tools: string[]; uid?: number; env?: Record<string, string>; args?: string[]; built?: boolean }) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'convgrade-deps-'));
  fs.mkdirSync(path.join(root, 'scripts'));
  fs.copyFileSync(SCRIPT, path.join(root, 'scripts/system-deps.sh'));
  // system-deps.sh also makes sure the sandbox user exists; here it does (getent finds it)
  fs.copyFileSync(path.resolve('scripts/sandbox-user.sh'), path.join(root, 'scripts/sandbox-user.sh'));
  if (opts.built) {
    const rel = path.join(root, 'node_modules/better-sqlite3/build/Release');
    fs.mkdirSync(rel, { recursive: true });
    fs.writeFileSync(path.join(rel, 'better_sqlite3.node'), '');
    // and the training kernels' addon, the other thing npm install compiles
    fs.mkdirSync(path.join(root, 'native/build/Release'), { recursive: true });
    fs.writeFileSync(path.join(root, 'native/build/Release/convgrade_native.node'), '');
    // and the sandbox's C launcher, which prepare.sh compiles
    fs.mkdirSync(path.join(root, 'worker/sandbox/build'), { recursive: true });
    fs.writeFileSync(path.join(root, 'worker/sandbox/build/box-launch'), '', { mode: 0o755 });
  }
  const bin = path.join(root, 'bin');
  fs.mkdirSync(bin);
  for (const t of ['dirname', ...opts.tools]) fs.symlinkSync(which(t), path.join(bin, t));
  const log = path.join(root, 'apt.log');
  fs.writeFileSync(path.join(bin, 'id'), `#!/bin/bash\necho ${opts.uid ?? 1000}\n`, { mode: 0o755 });
  // OpenBLAS's headers count as installed; the tests are about the other packages
  fs.writeFileSync(path.join(bin, 'dpkg-query'), '#!/bin/bash\necho "install ok installed"\n', { mode: 0o755 });
  fs.writeFileSync(path.join(bin, 'getent'), '#!/bin/bash\necho "$2:x:999:999::/nonexistent:/usr/sbin/nologin"\n', { mode: 0o755 });
  fs.writeFileSync(path.join(bin, 'apt-get'), `#!/bin/bash\necho "$*" >> ${log}\n`, { mode: 0o755 });
  const r = spawnSync('/bin/bash', [path.join(root, 'scripts/system-deps.sh'), ...(opts.args ?? [])], {
    env: { PATH: bin, ...opts.env } as unknown as NodeJS.ProcessEnv,
    encoding: 'utf8',
  });
  const apt = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').trim().split('\n') : [];
  return { status: r.status, out: r.stdout + r.stderr, apt };
}

const everything = ['redis-server', 'bwrap', 'make', 'g++', 'cc', 'python3'];

describe('scripts/system-deps.sh', () => {
  it('is quiet and installs nothing when every tool is present', () => {
    const r = run({ tools: everything, uid: 0 });
    expect(r.apt, r.out).toEqual([]);
    expect(r.status).toBe(0);
  });

  it('asks for a compiler toolchain and python3 when better-sqlite3 still has to be built', () => {
    const r = run({ tools: ['redis-server', 'bwrap'] });
    expect(r.status).toBe(1);
    expect(r.out).toMatch(/apt-get update && apt-get install -y .*build-essential/);
    expect(r.out).toMatch(/install -y .*\bpython3\b/);
    expect(r.out).not.toMatch(/redis-server/);
  });

  it('wants build-essential when only one of make and g++ is present', () => {
    expect(run({ tools: ['redis-server', 'bwrap', 'python3', 'make'] }).out).toMatch(/build-essential/);
    expect(run({ tools: ['redis-server', 'bwrap', 'python3', 'g++'] }).out).toMatch(/build-essential/);
  });

  it('needs no compiler once better-sqlite3, the training kernels and the sandbox launcher are built', () => {
    expect(run({ tools: ['redis-server', 'bwrap'], built: true }).status).toBe(0);
  });

  it('wants a C compiler while the sandbox launcher is not built', () => {
    const r = run({ tools: ['redis-server', 'bwrap', 'make', 'g++', 'python3'] });
    expect(r.status).toBe(1);
    expect(r.out).toMatch(/install -y build-essential/);
  });

  it('does not require redis-server when REDIS_URL is set, unless the tests need their own', () => {
    const tools = ['bwrap', 'make', 'g++', 'cc', 'python3'];
    expect(run({ tools, env: { REDIS_URL: 'redis://cache:6379' } }).status).toBe(0);
    const r = run({ tools });
    expect(r.status).toBe(1);
    expect(r.out).toMatch(/install -y redis-server/);
    expect(run({ tools, env: { REDIS_URL: 'redis://cache:6379', CONVGRADE_NEED_REDIS: '1' } }).out).toMatch(/redis-server/);
  });

  it('as root: apt-get update once, then one apt-get install -y with every missing package', () => {
    const r = run({ tools: ['bwrap'], uid: 0, env: { CONVGRADE_NEED_BROWSER: '1' } });
    expect(r.status).toBe(0);
    expect(r.apt).toHaveLength(2);
    expect(r.apt[0]).toBe('update -qq');
    const installed = r.apt[1]!.split(' ');
    expect(installed.slice(0, 2)).toEqual(['install', '-y']);
    expect(installed).toEqual(expect.arrayContaining(['redis-server', 'build-essential', 'python3']));
    if (!fs.existsSync('/usr/bin/chromium')) expect(installed).toContain('chromium');
    // each package once, though two checks can both ask for the same one
    expect(new Set(installed).size).toBe(installed.length);
  });

  it('wants postgresql only when asked to and no server is installed', () => {
    const none = fs.mkdtempSync(path.join(os.tmpdir(), 'convgrade-pgroot-'));
    const some = fs.mkdtempSync(path.join(os.tmpdir(), 'convgrade-pgroot-'));
    fs.mkdirSync(path.join(some, '15/bin'), { recursive: true });
    fs.writeFileSync(path.join(some, '15/bin/initdb'), '#!/bin/sh\n', { mode: 0o755 });
    const tools = everything;
    expect(run({ tools, env: { CONVGRADE_PG_ROOT: none } }).status).toBe(0);
    const r = run({ tools, uid: 0, env: { CONVGRADE_PG_ROOT: none, CONVGRADE_NEED_POSTGRES: '1' } });
    expect(r.apt[1]).toBe('install -y -qq postgresql');
    expect(run({ tools, uid: 0, env: { CONVGRADE_PG_ROOT: some, CONVGRADE_NEED_POSTGRES: '1' } }).apt).toEqual([]);
  });

  it('--check reports but never installs, even as root', () => {
    const r = run({ tools: ['bwrap'], uid: 0, args: ['--check'] });
    expect(r.status).toBe(1);
    expect(r.apt).toEqual([]);
    expect(r.out).toMatch(/redis-server/);
  });
});
