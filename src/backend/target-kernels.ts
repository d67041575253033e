import * as tf from '@tensorflow/tfjs-core';
import { hostViews, registerHostKernels, type HostMemoryBackend } from './host-memory';

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
 * Registers the TD-target and AWR-weight kernels for the wasm and cpu backends (idempotent; called
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
  ]);
}
