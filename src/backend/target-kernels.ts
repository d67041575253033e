import * as tf from '@tensorflow/tfjs-core';
import { hostViews, numbered, registerHostKernels, type HostMemoryBackend } from './host-memory';

/**
 * Name of the kernel that forms one-step TD targets: inputs `{ rewards, terminals, nextValues }`
 * (each `[B]`, float32), attrs `{ discount }`, output `y = r + ((1 − terminal)·V(s′))·γ` `[B]`. Each
 * step is rounded to float32 as TensorFlow.js's four ops (`sub`, `mul`, `mul`, `add`) round it, so
 * the values are theirs, bit for bit; on wasm one kernel instead of four (~5–15 µs each).
 *
 * @example
 * ```ts
 * const y = tf.engine().runKernel(TD_TARGET_KERNEL, { rewards, terminals, nextValues }, { discount: 0.99 }) as tf.Tensor1D;
 * ```
 */
export const TD_TARGET_KERNEL = 'OfflineRLTdTarget';

/**
 * Name of the kernel that forms advantage-weighted regression weights: input `{ advantages }` `[B]`
 * (float32), attrs `{ beta, maxWeight }` (`maxWeight` `Infinity`: no clip), output
 * `min(exp(A·β), maxWeight)` `[B]`, rounded to float32 after the product and after the exponential
 * as TensorFlow.js's `mul`, `exp` and `minimum` round them. The exponential is JavaScript's
 * (float64, then rounded): the cpu backend's values bit for bit, and within one float32 ulp of the
 * wasm backend's `exp`.
 *
 * @example
 * ```ts
 * const w = tf.engine().runKernel(AWR_WEIGHTS_KERNEL, { advantages }, { beta: 3, maxWeight: 100 }) as tf.Tensor1D;
 * ```
 */
export const AWR_WEIGHTS_KERNEL = 'OfflineRLAwrWeights';

/**
 * Name of the kernel that takes the elementwise minimum of several critics' outputs: inputs
 * `{ x0, x1, … }` (each `B` values, `[B, 1]` or `[B]`, float32), attrs `{ count }`, output `[B]`:
 * the values of reshaping each to `[B]` and folding them with `tf.minimum` (exact), in one kernel
 * instead of `2·count − 1`.
 *
 * @example
 * ```ts
 * const qMin = tf.engine().runKernel(MINIMUM_OF_KERNEL, { x0: q1, x1: q2 }, { count: 2 }) as tf.Tensor1D;
 * ```
 */
export const MINIMUM_OF_KERNEL = 'OfflineRLMinimumOf';

function minimumOfKernel(backendName: HostMemoryBackend): tf.KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const xs = numbered(inputs, ['x'], (attrs as { count: number }).count);
    const size = tf.util.sizeFromShape(xs[0].shape);
    const { ins, outs, infos } = hostViews(backendName, backend, xs, [[size]]);
    const out = outs[0];
    out.set(ins[0]);
    for (let k = 1; k < ins.length; k++) {
      const x = ins[k];
      for (let b = 0; b < size; b++) out[b] = Math.min(out[b], x[b]);
    }
    return infos[0];
  };
}

function tdTargetKernel(backendName: HostMemoryBackend): tf.KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { rewards, terminals, nextValues } = inputs as Record<'rewards' | 'terminals' | 'nextValues', tf.TensorInfo>;
    const discount = Math.fround((attrs as { discount: number }).discount);
    const { ins, outs, infos } = hostViews(backendName, backend, [rewards, terminals, nextValues], [rewards.shape]);
    const [r, d, v] = ins;
    const y = outs[0];
    for (let b = 0; b < y.length; b++) {
      const bootstrap = Math.fround(Math.fround(1 - d[b]) * v[b]);
      y[b] = r[b] + Math.fround(bootstrap * discount);
    }
    return infos[0];
  };
}

function awrWeightsKernel(backendName: HostMemoryBackend): tf.KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const advantages = (inputs as { advantages: tf.TensorInfo }).advantages;
    const { beta, maxWeight } = attrs as { beta: number; maxWeight: number };
    const [beta32, max32] = [Math.fround(beta), Math.fround(maxWeight)];
    const { ins, outs, infos } = hostViews(backendName, backend, [advantages], [advantages.shape]);
    const [a] = ins;
    const w = outs[0];
    for (let b = 0; b < w.length; b++) w[b] = Math.min(Math.fround(Math.exp(Math.fround(a[b] * beta32))), max32);
    return infos[0];
  };
}

/**
 * Registers the TD-target, AWR-weight and minimum-of kernels for the wasm and cpu backends (idempotent; called
 * by `registerFusedKernels`).
 *
 * @example
 * ```ts
 * registerTargetKernels();
 * ```
 */
export function registerTargetKernels(): void {
  registerHostKernels([
    [TD_TARGET_KERNEL, tdTargetKernel],
    [AWR_WEIGHTS_KERNEL, awrWeightsKernel],
    [MINIMUM_OF_KERNEL, minimumOfKernel],
  ]);
}
