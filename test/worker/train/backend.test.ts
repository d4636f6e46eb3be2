import { describe, expect, it } from 'vitest';
import { backendChoice, BackendUnavailableError, selectBackend } from '../../../worker/train/backend';

describe('backend selection', () => {
  it('cpu: @tensorflow/tfjs with the fast kernels registered', async () => {
    const lines: string[] = [];
    const rt = await selectBackend({ backend: 'cpu', log: (l) => lines.push(l) });
    expect(rt.backend).toBe('cpu');
    expect(rt.tf.getBackend()).toBe('cpu');
    expect(rt.provider).toBe('@tensorflow/tfjs');
    expect(rt.fastKernels).toBe(true);
    expect(lines.join('\n')).toMatch(/backend: cpu .*fast kernels/);
  });

  it('auto falls back to cpu when no native binding loads; forcing tensorflow fails loudly', async () => {
    let nativeInstalled = true;
    try {
      await import(/* @vite-ignore */ ['@tensorflow', 'tfjs-node'].join('/'));
    } catch {
      nativeInstalled = false;
    }
    const auto = await selectBackend({ backend: 'auto', log: () => {} });
    expect(auto.backend).toBe(nativeInstalled ? 'tensorflow' : 'cpu');
    if (!nativeInstalled) await expect(selectBackend({ backend: 'tensorflow', log: () => {} })).rejects.toThrow(BackendUnavailableError);
  });

  it('TRAIN_BACKEND is validated', () => {
    const saved = process.env.TRAIN_BACKEND;
    try {
      process.env.TRAIN_BACKEND = 'cpu';
      expect(backendChoice()).toBe('cpu');
      expect(backendChoice('auto')).toBe('auto');
      process.env.TRAIN_BACKEND = '';
      expect(backendChoice()).toBe('auto');
      process.env.TRAIN_BACKEND = 'gpu-please';
      expect(() => backendChoice()).toThrow(BackendUnavailableError);
      expect(() => backendChoice()).toThrow(/TRAIN_BACKEND="gpu-please": must be auto, gpu, tensorflow or cpu/);
    } finally {
      if (saved === undefined) delete process.env.TRAIN_BACKEND;
      else process.env.TRAIN_BACKEND = saved;
    }
  });
});
