import { afterAll, describe, expect, inject, it } from 'vitest';
import { killGroup, spawnWorker, waitFor } from '../../helpers/processes';

// A worker serving "train" picks its TensorFlow.js backend when it starts and logs
// it, so an operator sees a missing native binding before any student's job.

const url = `${inject('redisUrl')}/7`;
const workers: ReturnType<typeof spawnWorker>[] = [];
afterAll(() => workers.forEach((w) => killGroup(w)));

async function nativeInstalled(name = 'tfjs-node'): Promise<boolean> {
  try {
    await import(/* @vite-ignore */ ['@tensorflow', name].join('/'));
    return true;
  } catch {
    return false;
  }
}

describe('train worker start-up', () => {
  it('selects and logs the backend before serving', async () => {
    const w = spawnWorker({ REDIS_URL: url, WORKER_QUEUES: 'train', TRAIN_BACKEND: 'cpu' });
    workers.push(w);
    await waitFor('the worker to serve', async () => w.logs().includes('serving train'));
    const logs = w.logs();
    // the kernels say which ran: the native addon's (built at npm install) or the JS fallback
    expect(logs).toMatch(/\[train\] backend: cpu \(@tensorflow\/tfjs [^)]*fast kernels: native, OpenBLAS [^)]*, 1 thread\) \(TRAIN_BACKEND=cpu\)/);
    expect(logs.indexOf('[train] backend:')).toBeLessThan(logs.indexOf('serving train'));
    killGroup(w);
  }, 120_000);

  it('a grade-only worker does not load TensorFlow.js', async () => {
    const w = spawnWorker({ REDIS_URL: url, WORKER_QUEUES: 'grade' });
    workers.push(w);
    await waitFor('the worker to serve', async () => w.logs().includes('serving grade'));
    expect(w.logs()).not.toMatch(/\[train\] backend/);
    killGroup(w);
  }, 120_000);

  it('exits with the reason when the forced backend is unavailable', async (ctx) => {
    if (await nativeInstalled()) ctx.skip();
    const w = spawnWorker({ REDIS_URL: url, WORKER_QUEUES: 'train', TRAIN_BACKEND: 'tensorflow' });
    workers.push(w);
    const code = await new Promise<number | null>((r) => w.once('exit', (c) => r(c)));
    expect(code).toBe(2);
    expect(w.logs()).toMatch(/TRAIN_BACKEND=tensorflow but neither/);
    expect(w.logs()).not.toMatch(/serving/);
  }, 120_000);

  it('TRAIN_BACKEND=gpu without tfjs-node-gpu on a GPU refuses to start instead of training on the CPU', async (ctx) => {
    if (await nativeInstalled('tfjs-node-gpu')) ctx.skip();
    const w = spawnWorker({ REDIS_URL: url, WORKER_QUEUES: 'train', TRAIN_BACKEND: 'gpu' });
    workers.push(w);
    const code = await new Promise<number | null>((r) => w.once('exit', (c) => r(c)));
    expect(code).toBe(2);
    expect(w.logs()).toMatch(/TRAIN_BACKEND=gpu but @tensorflow\/tfjs-node-gpu could not be loaded .*CUDA 11\.2 and cuDNN 8\.1/);
    expect(w.logs()).not.toMatch(/serving/);
  }, 120_000);
});
