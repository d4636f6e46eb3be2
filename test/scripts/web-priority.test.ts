import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { WEB_NICE } from '../../scripts/lib/web-priority';

// In a child process: the test runner's own priority stays as it was.
const niceAfter = (startNice: number) =>
  execFileSync('nice', ['-n', String(startNice), process.execPath, '--import', 'tsx', '-e', "import('./scripts/lib/web-priority.ts').then((m) => console.log(JSON.stringify({ nice: m.raiseWebPriority((l) => console.error(l)), os: require('node:os').getPriority() })))"], { encoding: 'utf8' });

describe("the web server's priority", () => {
  it('is raised above grading where the process may (root here), and is what the system reports', () => {
    const got = JSON.parse(niceAfter(0)) as { nice: number; os: number };
    const root = process.getuid?.() === 0;
    expect(got.nice).toBe(root ? WEB_NICE : 0);
    expect(got.os).toBe(got.nice);
  });

  it('is never lowered: a server started at a higher priority keeps it (the suite runs as root, as the sandbox needs)', () => {
    expect(JSON.parse(niceAfter(-10)).nice).toBe(-10);
  });
});
