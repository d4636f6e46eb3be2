import * as tf from '@tensorflow/tfjs';
import type { KernelConfig, NamedTensorMap, Tensor, TensorInfo, Variable } from '@tensorflow/tfjs';
import { backendOf, floatValues } from './cpu-backend';
import { activeNative } from './native';

// tfjs's Adam runs about fourteen element-wise kernels per variable per step,
// each allocating a tensor of the variable's size. With the native addon, one
// kernel computes the new value and both moments in one pass, with the same
// formula (see native/src/conv.h).

const ADAM = 'ConvGradeAdamStep';

const adamKernel: KernelConfig = {
  kernelName: ADAM,
  backendName: 'cpu',
  kernelFunc: (args) => {
    const { value, m, v, grad } = args.inputs as Record<'value' | 'm' | 'v' | 'grad', TensorInfo>;
    const a = args.attrs as { lr: number; beta1: number; beta2: number; epsilon: number; c1: number; c2: number };
    const native = activeNative();
    if (!native) throw new Error('ConvGradeAdamStep ran without the native addon');
    const n = tf.util.sizeFromShape(value.shape);
    const outs = [new Float32Array(n), new Float32Array(n), new Float32Array(n)] as const;
    native.adamStep(floatValues(args, value)!, floatValues(args, m)!, floatValues(args, v)!, floatValues(args, grad)!, outs[0], outs[1], outs[2],
      a.lr, a.beta1, a.beta2, a.epsilon, a.c1, a.c2);
    const backend = backendOf(args);
    return outs.map((o) => backend.makeTensorInfo(value.shape, 'float32', o));
  },
};

export function registerAdamKernel(): void {
  if (tf.getKernel(ADAM, 'cpu') == null) tf.registerKernel(adamKernel);
}

export function unregisterAdamKernel(): void {
  if (tf.getKernel(ADAM, 'cpu') != null) tf.unregisterKernel(ADAM, 'cpu');
}

/** Whether fusedAdam can be used now: this module's engine on the cpu backend, with the kernel registered. */
export function fusedAdamAvailable(engineOf: { engine(): unknown }): boolean {
  return engineOf.engine() === tf.engine() && tf.getBackend() === 'cpu' && tf.getKernel(ADAM, 'cpu') != null;
}

/** Adam as tf.train.adam(learningRate) computes it, one kernel per variable. */
export class FusedAdam extends tf.Optimizer {
  static get className(): string {
    return 'Adam';
  }
  private readonly moments = new Map<string, { m: Variable; v: Variable }>();
  private accBeta1: number;
  private accBeta2: number;

  constructor(private readonly learningRate: number, private readonly beta1 = 0.9, private readonly beta2 = 0.999, private readonly epsilon = tf.backend().epsilon()) {
    super();
    this.accBeta1 = beta1;
    this.accBeta2 = beta2;
  }

  override applyGradients(variableGradients: NamedTensorMap | { name: string; tensor: Tensor }[]): void {
    const entries = Array.isArray(variableGradients)
      ? variableGradients.map((g) => [g.name, g.tensor] as const)
      : Object.entries(variableGradients);
    const attrs = { lr: this.learningRate, beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon, c1: 1 - this.accBeta1, c2: 1 - this.accBeta2 };
    for (const [name, grad] of entries) {
      if (grad == null) continue;
      const value = tf.engine().registeredVariables[name]!;
      let s = this.moments.get(name);
      if (!s) {
        s = tf.tidy(() => ({ m: tf.zerosLike(value).variable(false), v: tf.zerosLike(value).variable(false) }));
        this.moments.set(name, s);
      }
      const [nv, nm, nvv] = tf.engine().runKernel(ADAM, { value, m: s.m, v: s.v, grad }, attrs) as Tensor[];
      value.assign(nv!);
      s.m.assign(nm!);
      s.v.assign(nvv!);
      tf.dispose([nv!, nm!, nvv!]);
    }
    this.accBeta1 *= this.beta1;
    this.accBeta2 *= this.beta2;
    this.incrementIterations();
  }

  override dispose(): void {
    for (const { m, v } of this.moments.values()) tf.dispose([m, v]);
    this.moments.clear();
    super.dispose();
  }

  override getConfig() {
    return { learningRate: this.learningRate, beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon };
  }
}
