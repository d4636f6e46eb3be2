import fs from 'node:fs';
import * as tfjs from '@tensorflow/tfjs';
import { envValue } from '../../lib/env';

// Picks the TensorFlow.js backend once per process and says which device it
// really trains on. TRAIN_BACKEND:
//   auto        tfjs-node-gpu when a GPU is visible, else tfjs-node, else the pure-JS cpu backend
//   gpu         tfjs-node-gpu on a GPU, or refuse: tfjs-node-gpu without CUDA 11.2 / cuDNN 8.1
//               loads and silently computes on the CPU (tfjs issues 8269, 8362)
//   tensorflow  tfjs-node-gpu or tfjs-node, on whatever device TensorFlow registered
//   cpu         the pure-JS cpu backend (the only one that installs without internet: tfjs-node downloads libtensorflow) with the
//               kernels from ./kernels: the native addon's when it is built, else the JS ones
// TRAIN_THREADS sets the native kernels' threads (default 1: one training job, one core).

export type Tf = typeof tfjs;
export type BackendChoice = 'auto' | 'gpu' | 'tensorflow' | 'cpu';
type Provider = '@tensorflow/tfjs-node-gpu' | '@tensorflow/tfjs-node' | '@tensorflow/tfjs';

export interface TfRuntime {
  tf: Tf;
  /** tf.getBackend() after selection: 'tensorflow' or 'cpu' */
  backend: string;
  /** which package supplied it */
  provider: Provider;
  /** what the computation runs on: 'CPU' or the GPU's name */
  device: string;
  /** the cpu backend runs with the fast kernels from worker/train/kernels */
  fastKernels: boolean;
  /** one line for the log and the result */
  description: string;
}

export class BackendUnavailableError extends Error {}

/** What selection touches outside this module; tests replace it (the real GPU packages cannot install everywhere). */
export interface BackendLoaders {
  importPackage(name: Provider): Promise<unknown>;
  /** an NVIDIA device node exists */
  gpuVisible(): boolean;
  /** the GPU's model name from the driver, when it says */
  gpuName(): string | undefined;
  cpuRuntime(): Promise<TfRuntime>;
}

export const CUDA_REQUIREMENT = 'tfjs-node-gpu 4.22 needs an NVIDIA GPU with CUDA 11.2 and cuDNN 8.1';

const loaded = new Map<string, Promise<TfRuntime>>();

export function backendChoice(explicit?: BackendChoice): BackendChoice {
  // The variable is parsed by lib/env.ts's schema (empty means unset, as most .env files write TRAIN_BACKEND=).
  try {
    return explicit ?? envValue('TRAIN_BACKEND');
  } catch (e) {
    throw new BackendUnavailableError((e as Error).message);
  }
}

function trainThreads(): number {
  try {
    return envValue('TRAIN_THREADS');
  } catch (e) {
    throw new BackendUnavailableError((e as Error).message);
  }
}

export function selectBackend(opts: { backend?: BackendChoice; log?: (line: string) => void } = {}): Promise<TfRuntime> {
  const choice = backendChoice(opts.backend);
  let p = loaded.get(choice);
  if (!p) {
    p = pickBackend(choice).then((rt) => {
      (opts.log ?? console.log)(`[train] backend: ${rt.description} (TRAIN_BACKEND=${choice})`);
      return rt;
    });
    p.catch(() => loaded.delete(choice));
    loaded.set(choice, p);
  }
  // Another choice may have switched the active backend since: switch back.
  return p.then(async (rt) => {
    if (rt.tf.getBackend() !== rt.backend) await rt.tf.setBackend(rt.backend);
    if (rt.backend === 'cpu' && rt.fastKernels) {
      const k = await import('./kernels');
      k.registerFastCpuKernels({ threads: trainThreads() });
      rt.description = cpuDescription(rt.tf, `fast kernels: ${k.fastKernelsDescription()}`);
    }
    return rt;
  });
}

/** The selection itself, without caching or logging; `loaders` defaults to the real packages and devices. */
export async function pickBackend(choice: BackendChoice, loaders: BackendLoaders = realLoaders): Promise<TfRuntime> {
  if (choice === 'cpu') return loaders.cpuRuntime();
  if (choice === 'gpu') {
    const rt = await loadTensorflow('@tensorflow/tfjs-node-gpu', loaders);
    if (typeof rt === 'string') {
      throw new BackendUnavailableError(`TRAIN_BACKEND=gpu but @tensorflow/tfjs-node-gpu could not be loaded (${rt}). ${CUDA_REQUIREMENT}; set TRAIN_BACKEND=auto or cpu to train on the CPU.`);
    }
    if (rt.device === 'CPU') {
      throw new BackendUnavailableError(
        `TRAIN_BACKEND=gpu but TensorFlow registered no GPU device: @tensorflow/tfjs-node-gpu loaded and would train on the CPU. ${CUDA_REQUIREMENT} (check nvidia-smi and the CUDA/cuDNN libraries on LD_LIBRARY_PATH); refusing to start.`,
      );
    }
    return rt;
  }
  const candidates: Provider[] = loaders.gpuVisible() ? ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'] : ['@tensorflow/tfjs-node'];
  const failures: string[] = [];
  for (const provider of candidates) {
    const rt = await loadTensorflow(provider, loaders);
    if (typeof rt !== 'string') return rt;
    failures.push(`${provider}: ${rt}`);
  }
  if (choice === 'tensorflow') {
    throw new BackendUnavailableError(`TRAIN_BACKEND=tensorflow but neither @tensorflow/tfjs-node-gpu nor @tensorflow/tfjs-node could be loaded (${failures.join('; ')})`);
  }
  return loaders.cpuRuntime();
}

interface NodeBackendLike {
  binding?: { isUsingGpuDevice?: () => boolean };
}

/** A tensorflow runtime from one package, with the device it really uses, or why it failed. */
async function loadTensorflow(provider: Provider, loaders: BackendLoaders): Promise<TfRuntime | string> {
  try {
    const mod = (await loaders.importPackage(provider)) as Tf & { default?: Tf };
    const tf = (typeof (mod as { getBackend?: unknown }).getBackend === 'function' ? mod : mod.default) as Tf;
    await tf.setBackend('tensorflow');
    await tf.ready();
    if (tf.getBackend() !== 'tensorflow') return 'its tensorflow backend did not register';
    // tfjs-node's binding knows whether TensorFlow placed ops on a GPU; the driver knows the GPU's name.
    const onGpu = (tf.backend() as unknown as NodeBackendLike).binding?.isUsingGpuDevice?.() === true;
    const device = onGpu ? loaders.gpuName() ?? 'unnamed NVIDIA GPU' : 'CPU';
    const where = onGpu ? `GPU: ${device}` : provider.endsWith('gpu') ? 'CPU: TensorFlow registered no GPU' : 'CPU';
    return { tf, backend: 'tensorflow', provider, device, fastKernels: false, description: `tensorflow (${provider}, ${where})` };
  } catch (e) {
    // not installed, or libtensorflow / CUDA failed to load
    return ((e as Error).message ?? String(e)).split('\n')[0]!.slice(0, 300);
  }
}

async function cpuRuntime(): Promise<TfRuntime> {
  const tf = tfjs;
  await tf.setBackend('cpu');
  await tf.ready();
  let kernels = 'stock kernels';
  let fastKernels = false;
  try {
    const k = await import('./kernels');
    k.registerFastCpuKernels({ threads: trainThreads() });
    fastKernels = true;
    kernels = `fast kernels: ${k.fastKernelsDescription()}`;
  } catch (e) {
    if (e instanceof BackendUnavailableError) throw e;
    // the fast kernels are optional: the stock ones are correct, only slower
  }
  return { tf, backend: 'cpu', provider: '@tensorflow/tfjs', device: 'CPU', fastKernels, description: cpuDescription(tf, kernels) };
}

function cpuDescription(tf: Tf, kernels: string): string {
  return `cpu (@tensorflow/tfjs ${tf.version.tfjs}, ${kernels})`;
}

/** The GPU's model name as the NVIDIA driver reports it in /proc. */
function nvidiaGpuName(): string | undefined {
  try {
    const dir = '/proc/driver/nvidia/gpus';
    for (const gpu of fs.readdirSync(dir)) {
      const info = fs.readFileSync(`${dir}/${gpu}/information`, 'utf8');
      const model = /^Model:\s*(.+)$/m.exec(info)?.[1]?.trim();
      if (model) return model;
    }
  } catch {
    // no driver, or it does not say
  }
  return undefined;
}

const realLoaders: BackendLoaders = {
  // A variable specifier: these packages are optional and usually absent.
  importPackage: (name) => import(/* @vite-ignore */ name),
  gpuVisible: () => fs.existsSync('/dev/nvidia0') || fs.existsSync('/dev/nvidiactl'),
  gpuName: nvidiaGpuName,
  cpuRuntime,
};
