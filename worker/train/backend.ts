import fs from 'node:fs';
import * as tfjs from '@tensorflow/tfjs';
import { envValue } from '../../lib/env';

// Picks the TensorFlow.js backend once per process: tfjs-node-gpu when it is
// installed and a GPU is visible, else tfjs-node, else the pure-JS cpu backend
// (the only one that installs on machines without internet: tfjs-node downloads libtensorflow)
// with the fast kernels from ./kernels. TRAIN_BACKEND=auto|tensorflow|cpu forces it.

export type Tf = typeof tfjs;
export type BackendChoice = 'auto' | 'tensorflow' | 'cpu';

export interface TfRuntime {
  tf: Tf;
  /** tf.getBackend() after selection: 'tensorflow' or 'cpu' */
  backend: string;
  /** which package supplied it */
  provider: '@tensorflow/tfjs-node-gpu' | '@tensorflow/tfjs-node' | '@tensorflow/tfjs';
  /** the cpu backend runs with the fast kernels from worker/train/kernels */
  fastKernels: boolean;
  /** one line for the log and the result */
  description: string;
}

export class BackendUnavailableError extends Error {}

const loaded = new Map<string, Promise<TfRuntime>>();

export function backendChoice(explicit?: BackendChoice): BackendChoice {
  // The variable is parsed by lib/env.ts's schema (empty means unset, as most .env files write TRAIN_BACKEND=).
  try {
    return explicit ?? envValue('TRAIN_BACKEND');
  } catch (e) {
    throw new BackendUnavailableError((e as Error).message);
  }
}

export function selectBackend(opts: { backend?: BackendChoice; log?: (line: string) => void } = {}): Promise<TfRuntime> {
  const choice = backendChoice(opts.backend);
  let p = loaded.get(choice);
  if (!p) {
    p = pick(choice).then((rt) => {
      (opts.log ?? console.log)(`[train] backend: ${rt.description} (TRAIN_BACKEND=${choice})`);
      return rt;
    });
    p.catch(() => loaded.delete(choice));
    loaded.set(choice, p);
  }
  // Another choice may have switched the active backend since: switch back.
  return p.then(async (rt) => {
    if (rt.tf.getBackend() !== rt.backend) await rt.tf.setBackend(rt.backend);
    return rt;
  });
}

async function pick(choice: BackendChoice): Promise<TfRuntime> {
  if (choice !== 'cpu') {
    const native = await loadNative();
    if (native) return native;
    if (choice === 'tensorflow') {
      throw new BackendUnavailableError(
        'TRAIN_BACKEND=tensorflow but neither @tensorflow/tfjs-node-gpu nor @tensorflow/tfjs-node could be loaded',
      );
    }
  }
  return cpuRuntime();
}

function gpuVisible(): boolean {
  return fs.existsSync('/dev/nvidia0') || fs.existsSync('/dev/nvidiactl');
}

async function loadNative(): Promise<TfRuntime | undefined> {
  const candidates = (gpuVisible() ? ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'] : ['@tensorflow/tfjs-node']) as TfRuntime['provider'][];
  for (const provider of candidates) {
    try {
      // A variable specifier: these packages are optional and usually absent.
      const mod = (await import(/* @vite-ignore */ provider)) as Tf & { default?: Tf };
      const tf = (typeof (mod as { getBackend?: unknown }).getBackend === 'function' ? mod : mod.default) as Tf;
      await tf.setBackend('tensorflow');
      await tf.ready();
      if (tf.getBackend() !== 'tensorflow') continue;
      return { tf, backend: 'tensorflow', provider, fastKernels: false, description: `tensorflow (${provider}${provider.endsWith('gpu') ? ', GPU' : ', CPU'})` };
    } catch {
      // not installed, or libtensorflow failed to load: try the next one
    }
  }
  return undefined;
}

async function cpuRuntime(): Promise<TfRuntime> {
  const tf = tfjs;
  await tf.setBackend('cpu');
  await tf.ready();
  let fastKernels = false;
  try {
    const kernels = (await import('./kernels')) as { registerFastCpuKernels?: () => void };
    if (typeof kernels.registerFastCpuKernels === 'function') {
      kernels.registerFastCpuKernels();
      fastKernels = true;
    }
  } catch {
    // the fast kernels are optional: the stock ones are correct, only slower
  }
  return {
    tf,
    backend: 'cpu',
    provider: '@tensorflow/tfjs',
    fastKernels,
    description: `cpu (@tensorflow/tfjs ${tf.version.tfjs}${fastKernels ? ', fast kernels' : ', stock kernels'})`,
  };
}
