import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { assertCgroupsUsable, createRunCgroup, detectCgroups } from '../../../worker/sandbox/cgroup';

// Which cgroup layout the sandbox can use. This machine has cgroup v1; v2's layout is
// checked against a directory shaped like it (plain files stand in for the kernel's),
// so what is written where is tested even though the kernel does not enforce it here.

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
function fakeRoot(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'convgrade-cgroup-test-'));
  dirs.push(root);
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), content);
  }
  return root;
}

describe('cgroups', () => {
  it('this machine: cgroup v1 with memory, pids, cpu and cpuacct, usable by the worker', async () => {
    expect(detectCgroups('/sys/fs/cgroup')).toEqual({ version: 1 });
    await expect(assertCgroupsUsable('/sys/fs/cgroup')).resolves.toBe(1);
  });

  it('a real v1 run group gets its limits and is removed', async () => {
    const g = createRunCgroup({ memoryBytes: 100 * 1024 * 1024, pids: 12 });
    expect(g.version).toBe(1);
    expect(fs.readFileSync(path.join(g.memoryDir, 'memory.limit_in_bytes'), 'utf8').trim()).toBe(String(100 * 1024 * 1024));
    expect(fs.readFileSync(path.join(g.pidsDir, 'pids.max'), 'utf8').trim()).toBe('12');
    // one core at most, and all boxes together in one group of the default weight, inside convgrade/
    expect(fs.readFileSync(path.join(g.cpuDir, 'cpu.cfs_quota_us'), 'utf8').trim()).toBe(fs.readFileSync(path.join(g.cpuDir, 'cpu.cfs_period_us'), 'utf8').trim());
    expect(Number(fs.readFileSync(path.join(path.dirname(g.cpuDir), 'cpu.shares'), 'utf8'))).toBe(1024);
    expect(path.basename(path.dirname(g.cpuDir))).toBe('boxes');
    expect(path.basename(path.dirname(path.dirname(g.cpuDir)))).toBe('convgrade');
    expect(g.procsFiles.length).toBeGreaterThanOrEqual(3);
    expect(g.cpuUsageNs()).toBe(0);
    await g.destroy();
    expect(fs.existsSync(g.cpuDir)).toBe(false);
    expect(fs.existsSync(g.memoryDir)).toBe(false);
    expect(fs.existsSync(g.pidsDir)).toBe(false);
  });

  it('no memory/pids controllers at all: a message naming what is needed', async () => {
    const root = fakeRoot({ 'cpu/cpu.cfs_quota_us': '', 'cpuacct/cpuacct.usage': '' });
    const found = detectCgroups(root);
    expect(found).toHaveProperty('error');
    expect((found as { error: string }).error).toMatch(/needs the memory, pids and cpu controllers.*missing: memory, pids\)/);
    await expect(assertCgroupsUsable(root)).rejects.toThrow(/no usable cgroups/);
    expect(() => createRunCgroup({ memoryBytes: 1, pids: 1, root })).toThrow(/no usable cgroups/);
  });

  it('cgroup v2 without the pids controller: says which one is missing', () => {
    const root = fakeRoot({ 'cgroup.controllers': 'cpuset cpu io memory\n' });
    expect((detectCgroups(root) as { error: string }).error).toMatch(/does not offer the pids controller/);
  });

  it('cgroup v1 without cpuacct (no total CPU time per run): refused, naming it', () => {
    const root = fakeRoot({ 'memory/memory.limit_in_bytes': '', 'pids/cgroup.procs': '', 'cpu/cpu.cfs_quota_us': '' });
    expect((detectCgroups(root) as { error: string }).error).toMatch(/missing: cpuacct\)/);
  });

  it('cgroup v2: delegates memory, pids and cpu down to a run group with memory.max, pids.max and one core of cpu.max', async () => {
    const root = fakeRoot({
      'cgroup.controllers': 'cpuset cpu io memory hugetlb pids rdma misc\n',
      'cgroup.subtree_control': 'cpu\n',
      'convgrade/cgroup.subtree_control': '',
    });
    expect(detectCgroups(root)).toEqual({ version: 2 });
    const g = createRunCgroup({ memoryBytes: 64 * 1024 * 1024, pids: 9, root });
    expect(g.version).toBe(2);
    expect(g.memoryDir).toBe(g.pidsDir);
    expect(path.dirname(g.memoryDir)).toBe(path.join(root, 'convgrade', 'boxes'));
    // cpu was already enabled at the root: only what is missing is written
    expect(fs.readFileSync(path.join(root, 'cgroup.subtree_control'), 'utf8')).toBe('+memory +pids');
    expect(fs.readFileSync(path.join(root, 'convgrade', 'cgroup.subtree_control'), 'utf8')).toBe('+memory +pids +cpu');
    expect(fs.readFileSync(path.join(root, 'convgrade', 'boxes', 'cgroup.subtree_control'), 'utf8')).toBe('+memory +pids +cpu');
    expect(fs.readFileSync(path.join(root, 'convgrade', 'boxes', 'cpu.weight'), 'utf8')).toBe('100');
    // no worker in convgrade/worker/: the boxes alone weigh as one process (worker-priority.ts raises it)
    expect(fs.readFileSync(path.join(root, 'convgrade', 'cpu.weight'), 'utf8')).toBe('100');
    expect(fs.readFileSync(path.join(g.cpuDir, 'cpu.max'), 'utf8')).toBe('100000 100000');
    expect(g.procsFiles).toEqual([path.join(g.memoryDir, 'cgroup.procs')]);
    expect(fs.readFileSync(path.join(g.memoryDir, 'memory.max'), 'utf8')).toBe(String(64 * 1024 * 1024));
    expect(fs.readFileSync(path.join(g.memoryDir, 'pids.max'), 'utf8')).toBe('9');
    fs.writeFileSync(path.join(g.memoryDir, 'memory.events'), 'low 0\nhigh 0\nmax 3\noom 1\noom_kill 1\noom_group_kill 0\n');
    fs.writeFileSync(path.join(g.memoryDir, 'memory.peak'), '67108864\n');
    fs.writeFileSync(path.join(g.memoryDir, 'pids.events'), 'max 2\n');
    fs.writeFileSync(path.join(g.memoryDir, 'cpu.stat'), 'usage_usec 2500000\nuser_usec 2400000\nsystem_usec 100000\nnr_periods 30\nnr_throttled 7\nthrottled_usec 1\n');
    expect(g.cpuUsageNs()).toBe(2.5e9);
    expect(g.stats()).toEqual({ oomKilled: true, memoryLimitHit: true, peakMemoryBytes: 67108864, pidsLimitHit: true, cpuMs: 2500, throttledPeriods: 7 });
  });

  it('detects the layout and delegates the controllers once per root, not on every run', () => {
    const root = fakeRoot({
      'cgroup.controllers': 'memory pids cpu\n',
      'cgroup.subtree_control': '',
      'convgrade/cgroup.subtree_control': '',
    });
    createRunCgroup({ memoryBytes: 64 * 1024 * 1024, pids: 9, root });
    expect(fs.readFileSync(path.join(root, 'cgroup.subtree_control'), 'utf8')).toBe('+memory +pids +cpu');
    // were either looked at again, the emptied files would fail the run or be rewritten
    fs.writeFileSync(path.join(root, 'cgroup.controllers'), '');
    fs.writeFileSync(path.join(root, 'cgroup.subtree_control'), '');
    const second = createRunCgroup({ memoryBytes: 64 * 1024 * 1024, pids: 9, root });
    expect(second.version).toBe(2);
    expect(fs.readFileSync(path.join(second.memoryDir, 'pids.max'), 'utf8')).toBe('9');
    expect(fs.readFileSync(path.join(root, 'cgroup.subtree_control'), 'utf8')).toBe('');
  });

  it('a failed detection is not kept: once the controllers appear, runs work', () => {
    const root = fakeRoot({ 'cgroup.controllers': 'cpu\n', 'cgroup.subtree_control': '' });
    expect(() => createRunCgroup({ memoryBytes: 1, pids: 1, root })).toThrow(/does not offer the memory and pids controllers/);
    fs.writeFileSync(path.join(root, 'cgroup.controllers'), 'cpu memory pids\n');
    expect(createRunCgroup({ memoryBytes: 1, pids: 1, root }).version).toBe(2);
  });
});
