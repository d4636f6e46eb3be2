import * as tf from '@tensorflow/tfjs';
import type { KernelConfig, KernelFunc } from '@tensorflow/tfjs';
import { releaseScratch, type FastKernel, type KernelArgs } from './cpu-backend';
import { clearConvCache, conv2D, conv2DBackpropFilter, conv2DBackpropInput, fusedConv2D } from './conv2d';
import {
  depthwiseConv2dNative, depthwiseConv2dNativeBackpropFilter, depthwiseConv2dNativeBackpropInput, fusedDepthwiseConv2D,
} from './depthwise';
import { add, mean, multiply, realDiv, relu, step, sub, sum, tile } from './elementwise';
import { gatherV2 } from './gather';
import { registerAdamKernel, unregisterAdamKernel } from './adam';
import { registerFusedLayerKernels, unregisterFusedLayerKernels } from './fused-layers';
import { loadNativeKernels, setActiveNative, activeNative } from './native';
import { batchMatMul, fusedMatMul } from './matmul';
import { avgPool, avgPoolGrad, clearPoolCache, maxPool, maxPoolGrad } from './pool';

// Faster replacements for the pure-JS `cpu` backend's slow training kernels.
// Each replacement handles NHWC float32 and hands anything else (NCHW, other
// dtypes, PReLU epilogues, batched gathers, general broadcasts) to the stock
// kernel it replaced.

const BACKEND = 'cpu';

const FAST: Record<string, FastKernel> = {
  Conv2D: conv2D,
  FusedConv2D: fusedConv2D,
  Conv2DBackpropFilter: conv2DBackpropFilter,
  Conv2DBackpropInput: conv2DBackpropInput,
  DepthwiseConv2dNative: depthwiseConv2dNative,
  FusedDepthwiseConv2D: fusedDepthwiseConv2D,
  DepthwiseConv2dNativeBackpropFilter: depthwiseConv2dNativeBackpropFilter,
  DepthwiseConv2dNativeBackpropInput: depthwiseConv2dNativeBackpropInput,
  MaxPool: maxPool,
  MaxPoolGrad: maxPoolGrad,
  AvgPool: avgPool,
  AvgPoolGrad: avgPoolGrad,
  GatherV2: gatherV2,
  BatchMatMul: batchMatMul,
  _FusedMatMul: fusedMatMul,
  Add: add,
  Sub: sub,
  Multiply: multiply,
  RealDiv: realDiv,
  Sum: sum,
  Mean: mean,
  Tile: tile,
  Relu: relu,
  Step: step,
};

/** Names of the kernels this module replaces on the cpu backend. */
export const FAST_CPU_KERNEL_NAMES: readonly string[] = Object.keys(FAST);

/** The stock configs we replaced, by kernel name; present exactly while ours are registered. */
const stock = new Map<string, KernelConfig>();
const ours = new Map<string, KernelFunc>();

const fallbacks = new Map<string, number>();

function wrap(name: string, fast: FastKernel, original: KernelConfig): KernelFunc {
  const fallback = original.kernelFunc;
  return (args: KernelArgs) => {
    const out = fast(args);
    if (out != null) return out;
    fallbacks.set(name, (fallbacks.get(name) ?? 0) + 1);
    return fallback(args);
  };
}

/** How often each fast kernel handed a call to the stock kernel since start-up (the counts only grow). */
export function fastCpuKernelFallbacks(): Record<string, number> {
  return Object.fromEntries(fallbacks);
}

export interface FastKernelOptions {
  /** use the native addon for conv and matmul when it loads (default true); false forces the JS kernels */
  native?: boolean;
  /** OpenBLAS threads for the native kernels (default: leave as set) */
  threads?: number;
}

/**
 * Replaces the cpu backend's slow conv, pooling, matmul, gather, bias-add and bias-gradient kernels with fast ones.
 * Safe to call more than once; a later call can switch between the native and the JS kernels.
 */
export function registerFastCpuKernels(opts: FastKernelOptions = {}): void {
  const native = opts.native === false ? null : loadNativeKernels().kernels;
  if (native && opts.threads != null) native.setThreads(opts.threads);
  setActiveNative(native);
  if (native) {
    registerFusedLayerKernels();
    registerAdamKernel();
  } else {
    unregisterFusedLayerKernels();
    unregisterAdamKernel();
  }
  for (const [name, fast] of Object.entries(FAST)) {
    const current = tf.getKernel(name, BACKEND);
    if (current == null) continue; // this tfjs build has no stock kernel to fall back to
    if (ours.has(name)) continue; // already ours (possibly wrapped by a profiler since)
    const kernelFunc = wrap(name, fast, current);
    stock.set(name, current);
    ours.set(name, kernelFunc);
    tf.unregisterKernel(name, BACKEND);
    tf.registerKernel({ ...current, kernelFunc });
  }
}

/**
 * Puts the stock kernels back (tests and benchmarks compare against them) and frees the work
 * buffers and cached intermediates the fast kernels keep between calls. Safe to call more than once.
 */
export function unregisterFastCpuKernels(): void {
  for (const [name, original] of stock) {
    const current = tf.getKernel(name, BACKEND);
    if (current != null && current.kernelFunc === ours.get(name)) {
      tf.unregisterKernel(name, BACKEND);
      tf.registerKernel(original);
    }
  }
  stock.clear();
  ours.clear();
  unregisterFusedLayerKernels();
  unregisterAdamKernel();
  activeNative()?.releaseScratch();
  setActiveNative(null);
  releaseScratch();
  clearConvCache();
  clearPoolCache();
}

/** Whether the fast kernels are the ones currently registered. */
export function fastCpuKernelsRegistered(): boolean {
  return ours.size > 0 && [...ours].every(([name, fn]) => tf.getKernel(name, BACKEND)?.kernelFunc === fn);
}

/**
 * Which fast kernels run conv and matmul, for the backend string: "native, OpenBLAS 0.3.21 SkylakeX, 1 thread"
 * or "JS, native addon not loaded: why" (no parentheses, so it nests in the backend's).
 */
export function fastKernelsDescription(): string {
  const native = activeNative();
  if (native) {
    const info = native.info();
    const version = /OpenBLAS \S+/.exec(info.config)?.[0] ?? 'OpenBLAS';
    return `native, ${version} ${info.core}, ${info.threads} thread${info.threads === 1 ? '' : 's'}`;
  }
  const { reason } = loadNativeKernels();
  return reason ? `JS, native addon not loaded: ${reason.replace(/[()]/g, '')}` : 'JS';
}
