import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/processes';
import { startLocalPlatform, type LocalPlatform } from '../../scripts/lib/local-platform';
import { newStudent } from '../../scripts/lib/web-client';

// The local platform exactly as `npm start` runs it (scripts/start.ts with its
// own redis-server, services, one worker, the built web app). The worker is
// killed with SIGKILL: it is started again, the site answers throughout, and
// a submission made afterwards is graded. Needs the production build that
// `npm test` makes first.

let platform: LocalPlatform;
beforeAll(async () => {
  platform = await startLocalPlatform();
}, 120_000);
afterAll(async () => {
  await platform?.stop();
});

const workerPids = () => [...platform.logs().matchAll(/\[worker\] pid (\d+) serving/g)].map((m) => Number(m[1]));

describe('npm start supervises its processes', () => {
  it('started its own redis-server on a free port, checked by pid', () => {
    expect(platform.logs()).toMatch(/\[start\] redis-server on 127\.0\.0\.1:\d+ \(pid \d+\), with a password/);
  });

  it('restarts a worker killed with SIGKILL; the site stays up and a new submission is graded', async () => {
    const student = await newStudent(platform.base, { name: 'Kim', email: 'kim@sup.local', password: 'password-kim' });
    const [first] = await waitFor('the worker to start', async () => (workerPids().length ? workerPids() : null));
    process.kill(first!, 'SIGKILL');
    await waitFor('the restart to be logged', async () => /\[start\] worker exited \(SIGKILL\); restarting in/.test(platform.logs()));
    expect((await fetch(`${platform.base}/api/health`)).status).toBe(200);
    const second = await waitFor('a new worker', async () => workerPids().find((p) => p !== first));
    expect(second).not.toBe(first);

    const res = await student.fetch('/api/exercises/conv3x3/submissions', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ language: 'javascript', source: fs.readFileSync('test/fixtures/code/conv3x3.js', 'utf8') }),
    });
    expect(res.status).toBe(201);
    const { submissionId } = (await res.json()) as { submissionId: string };
    const view = await waitFor(
      'the submission to be graded',
      async () => {
        const v = (await (await student.fetch(`/api/submissions/${submissionId}`)).json()) as { status: string; score: number; maxScore: number };
        return v.status === 'graded' || v.status === 'failed' ? v : null;
      },
      120_000,
    );
    expect(view).toMatchObject({ status: 'graded' });
    expect(view.score).toBe(view.maxScore);
    expect(platform.process.exitCode).toBeNull();
  }, 240_000);
});
