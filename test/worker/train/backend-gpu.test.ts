import { describe, expect, it } from 'vitest';
import { BackendUnavailableError, pickBackend, type BackendLoaders, type TfRuntime } from '../../../worker/train/backend';

// The GPU packages cannot install on a machine without internet, so the selection runs
// here with its loaders replaced: fake tfjs-node(-gpu) modules whose TensorFlow binding
// says whether it placed ops on a GPU, as the real binding's isUsingGpuDevice() does.

function fakeTfjsNode(opts: { onGpu: boolean }) {
  let current = 'cpu';
  return {
    getBackend: () => current,
    setBackend: async (b: string) => {
      current = b;
      return true;
    },
    ready: async () => {},
    backend: () => ({ binding: { isUsingGpuDevice: () => opts.onGpu } }),
  };
}

const cpu: TfRuntime = { tf: {} as TfRuntime['tf'], backend: 'cpu', provider: '@tensorflow/tfjs', device: 'CPU', fastKernels: true, description: 'cpu (fake)' };

function loaders(o: { packages: Record<string, unknown>; gpuVisible?: boolean; gpuName?: string }): BackendLoaders & { imported: string[] } {
  const imported: string[] = [];
  return {
    imported,
    importPackage: async (name) => {
      imported.push(name);
      if (!(name in o.packages)) throw new Error(`Cannot find package '${name}'`);
      return o.packages[name];
    },
    gpuVisible: () => o.gpuVisible ?? false,
    gpuName: () => o.gpuName,
    cpuRuntime: async () => cpu,
  };
}

describe('GPU selection (loaders replaced)', () => {
  it('gpu: tfjs-node-gpu on a GPU reports the GPU by name', async () => {
    const l = loaders({ packages: { '@tensorflow/tfjs-node-gpu': fakeTfjsNode({ onGpu: true }) }, gpuVisible: true, gpuName: 'Tesla T4' });
    const rt = await pickBackend('gpu', l);
    expect(rt.provider).toBe('@tensorflow/tfjs-node-gpu');
    expect(rt.backend).toBe('tensorflow');
    expect(rt.device).toBe('Tesla T4');
    expect(rt.description).toBe('tensorflow (@tensorflow/tfjs-node-gpu, GPU: Tesla T4)');
  });

  it('gpu: tfjs-node-gpu that loads but registered no GPU (e.g. only CUDA 12) refuses, naming CUDA 11.2 and cuDNN 8.1', async () => {
    const l = loaders({ packages: { '@tensorflow/tfjs-node-gpu': fakeTfjsNode({ onGpu: false }) }, gpuVisible: true });
    const p = pickBackend('gpu', l);
    await expect(p).rejects.toThrow(BackendUnavailableError);
    await expect(p).rejects.toThrow(/TRAIN_BACKEND=gpu but TensorFlow registered no GPU device.*CUDA 11\.2 and cuDNN 8\.1.*refusing to start/);
  });

  it('gpu: without tfjs-node-gpu it refuses and never falls back to another package or the CPU', async () => {
    const l = loaders({ packages: { '@tensorflow/tfjs-node': fakeTfjsNode({ onGpu: false }) } });
    await expect(pickBackend('gpu', l)).rejects.toThrow(/TRAIN_BACKEND=gpu but @tensorflow\/tfjs-node-gpu could not be loaded \(Cannot find package/);
    expect(l.imported).toEqual(['@tensorflow/tfjs-node-gpu']);
  });

  it('auto: a GPU package that computes on the CPU says so instead of claiming the GPU', async () => {
    const l = loaders({ packages: { '@tensorflow/tfjs-node-gpu': fakeTfjsNode({ onGpu: false }) }, gpuVisible: true, gpuName: 'Tesla T4' });
    const rt = await pickBackend('auto', l);
    expect(rt.device).toBe('CPU');
    expect(rt.description).toBe('tensorflow (@tensorflow/tfjs-node-gpu, CPU: TensorFlow registered no GPU)');
  });

  it('auto: no GPU device node means tfjs-node only, then the cpu backend', async () => {
    const withNode = loaders({ packages: { '@tensorflow/tfjs-node': fakeTfjsNode({ onGpu: false }), '@tensorflow/tfjs-node-gpu': fakeTfjsNode({ onGpu: true }) } });
    const rt = await pickBackend('auto', withNode);
    expect(rt.description).toBe('tensorflow (@tensorflow/tfjs-node, CPU)');
    expect(withNode.imported).toEqual(['@tensorflow/tfjs-node']);
    const bare = loaders({ packages: {} });
    expect(await pickBackend('auto', bare)).toBe(cpu);
    await expect(pickBackend('tensorflow', bare)).rejects.toThrow(/TRAIN_BACKEND=tensorflow but neither/);
  });

  it('a GPU without a name from the driver is still reported as a GPU', async () => {
    const l = loaders({ packages: { '@tensorflow/tfjs-node-gpu': fakeTfjsNode({ onGpu: true }) }, gpuVisible: true });
    expect((await pickBackend('auto', l)).description).toBe('tensorflow (@tensorflow/tfjs-node-gpu, GPU: unnamed NVIDIA GPU)');
  });
});
