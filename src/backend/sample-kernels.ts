import * as tf from '@tensorflow/tfjs-core';
import { HALF_LOG_2PI } from '../heads/normal';
import { hostViews, named, registerHostKernels, type HostMemoryBackend } from './host-memory';
import { wasmHeapKernels } from './wasm-kernels/gemm-kernels';

/**
 * Name of the kernel that draws a tanh-Gaussian head's reparameterised sample from given noise and
 * gives its log-probability (values only, no gradient): inputs `{ raw, noise }` (`raw` `[B, 2A]`:
 * means, then log-stds clipped to `[logStdMin, logStdMax]`; `noise` ε `[B, A]`), attrs
 * `{ logStdMin, logStdMax }`, outputs `[actions [B, A], logProb [B]]` with `u = μ + σ·ε`,
 * `a = tanh(u)` and `log π(a) = Σ_d [−½ε² − log σ − ½ log 2π − 2(log 2 − u − softplus(−2u))]`.
 * On wasm computed in float32 SIMD (`tanh_gaussian.c`, a few ulps), on cpu in float64.
 *
 * @example
 * ```ts
 * const [actions, logProb] = tf.engine().runKernel(TANH_GAUSSIAN_SAMPLE_KERNEL, { raw, noise }, { logStdMin: -5, logStdMax: 2 }) as tf.Tensor[];
 * ```
 */
export const TANH_GAUSSIAN_SAMPLE_KERNEL = 'OfflineRLTanhGaussianSample';

/**
 * Name of the kernel that gives the gradient with respect to `raw` of a loss of a tanh-Gaussian
 * sample (see {@link TANH_GAUSSIAN_SAMPLE_KERNEL}): `dActions` back through `a = tanh(μ + σ·ε)` plus
 * `logProbWeight · Σ_b ∂ log π(a_b)/∂raw` (the loss's `w·Σ_b log π`, e.g. SAC's `α/B`). Inputs
 * `{ raw, noise, dActions?, logProbWeight? }` (`logProbWeight` a scalar), attrs
 * `{ logStdMin, logStdMax }`, output `dRaw [B, 2A]` (zero for log-stds outside the clip, as
 * `clipByValue`'s gradient). Computed in float64, stored as float32.
 *
 * @example
 * ```ts
 * const dRaw = tf.engine().runKernel(TANH_GAUSSIAN_GRADIENT_KERNEL, { raw, noise, dActions, logProbWeight }, { logStdMin: -5, logStdMax: 2 }) as tf.Tensor;
 * ```
 */
export const TANH_GAUSSIAN_GRADIENT_KERNEL = 'OfflineRLTanhGaussianGradient';

/**
 * Name of the kernel that draws a Gaussian head's sample around `tanh(mean)` from given noise (values
 * only, no gradient): inputs `{ mean, logStd, noise }` (`mean` and `noise` `[B, A]`; `logStd` `[A]`,
 * a state-independent log-std, clipped here to `[logStdMin, logStdMax]`), attrs `{ logStdMin, logStdMax, bound }`,
 * output `clip(tanh(mean) + ε·exp(logStd), −bound, bound)` `[B, A]`. Rounded to float32 after each
 * step as TensorFlow.js's six ops round them; `tanh` and `exp` are JavaScript's (the cpu backend's
 * values bit for bit, within a float32 ulp of the wasm backend's).
 *
 * @example
 * ```ts
 * const a = tf.engine().runKernel(GAUSSIAN_SAMPLE_KERNEL, { mean, logStd, noise }, { logStdMin: -5, logStdMax: 2, bound: 1 }) as tf.Tensor2D;
 * ```
 */
export const GAUSSIAN_SAMPLE_KERNEL = 'OfflineRLGaussianSample';

function gaussianSampleKernel(backendName: HostMemoryBackend): tf.KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { logStdMin, logStdMax, bound } = attrs as { logStdMin: number; logStdMax: number; bound: number };
    const [mean, logStd, noise] = named(inputs, ['mean', 'logStd', 'noise']);
    const { ins, outs, infos } = hostViews(backendName, backend, [mean, logStd, noise], [mean.shape]);
    const [mu, ls, e] = ins;
    const [actions] = outs;
    const dim = mean.shape[1];
    const [lo, hi, limit] = [Math.fround(logStdMin), Math.fround(logStdMax), Math.fround(bound)];
    for (let i = 0; i < actions.length; i++) {
      const sigma = Math.fround(Math.exp(Math.min(Math.max(ls[i % dim], lo), hi)));
      const a = Math.fround(Math.fround(Math.tanh(mu[i])) + Math.fround(e[i] * sigma));
      actions[i] = Math.min(Math.max(a, -limit), limit);
    }
    return infos[0];
  };
}

/**
 * A tanh-Gaussian row's pieces for dimension d: the raw and clipped log-std, σ, ε, u = μ + σε,
 * a = tanh(u) and `log(1 − tanh(u)²) = 2(log 2 − |u| − log(1 + e^{−2|u|}))`, both from one
 * `e^{−2|u|}` (exact for large |u|, where tanh(u) rounds to ±1).
 */
function tanhGaussianAt(r: Float32Array, e: Float32Array, b: number, d: number, dim: number, logStdMin: number, logStdMax: number) {
  const rawLogStd = r[b * 2 * dim + dim + d];
  const logStd = Math.min(Math.max(rawLogStd, logStdMin), logStdMax);
  const sigma = Math.exp(logStd);
  const noise = e[b * dim + d];
  const u = r[b * 2 * dim + d] + sigma * noise;
  const decay = Math.exp(-2 * Math.abs(u));
  const magnitude = (1 - decay) / (1 + decay);
  const logDet = 2 * (Math.LN2 - Math.abs(u) - Math.log1p(decay));
  return { rawLogStd, logStd, sigma, noise, u, action: u < 0 ? -magnitude : magnitude, logDet };
}

function tanhGaussianSampleKernel(backendName: HostMemoryBackend): tf.KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { logStdMin, logStdMax } = attrs as { logStdMin: number; logStdMax: number };
    const [raw, noise] = named(inputs, ['raw', 'noise']);
    // wasm: float32 SIMD on the heap (tanh_gaussian.c), where the kernels are prepared.
    const heap = wasmHeapKernels(backend);
    if (heap) return heap.tanhGaussianSample(raw, noise, logStdMin, logStdMax);
    const [size, dim] = noise.shape;
    const { ins, outs, infos } = hostViews(backendName, backend, [raw, noise], [[size, dim], [size]]);
    const [r, e] = ins;
    const [actions, logProb] = outs;
    for (let b = 0; b < size; b++) {
      let sum = 0;
      for (let d = 0; d < dim; d++) {
        const x = tanhGaussianAt(r, e, b, d, dim, logStdMin, logStdMax);
        actions[b * dim + d] = x.action;
        sum += 0.5 * x.noise * x.noise + x.logStd + HALF_LOG_2PI + x.logDet;
      }
      logProb[b] = -sum;
    }
    return infos;
  };
}

function tanhGaussianGradientKernel(backendName: HostMemoryBackend): tf.KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { logStdMin, logStdMax } = attrs as { logStdMin: number; logStdMax: number };
    const [raw, noise] = named(inputs, ['raw', 'noise']);
    const optional = [inputs.dActions, inputs.logProbWeight].filter((t): t is tf.TensorInfo => t !== undefined);
    const { ins, outs, infos } = hostViews(backendName, backend, [raw, noise, ...optional], [raw.shape]);
    const [r, e] = ins;
    const dActions = inputs.dActions ? ins[2] : null;
    const weight = inputs.logProbWeight ? ins[ins.length - 1][0] : 0;
    const [dRaw] = outs;
    const [size, dim] = noise.shape;
    for (let b = 0; b < size; b++) {
      for (let d = 0; d < dim; d++) {
        const x = tanhGaussianAt(r, e, b, d, dim, logStdMin, logStdMax);
        // ∂L/∂u: through a = tanh(u), and through log π (∂ log π/∂u = 2·tanh(u)).
        const du = (dActions ? dActions[b * dim + d] * (1 - x.action * x.action) : 0) + weight * 2 * x.action;
        dRaw[b * 2 * dim + d] = du;
        // ∂u/∂logσ = σε; log π also holds −logσ directly.
        const inRange = x.rawLogStd >= logStdMin && x.rawLogStd <= logStdMax;
        dRaw[b * 2 * dim + dim + d] = inRange ? du * x.sigma * x.noise - weight : 0;
      }
    }
    return infos[0];
  };
}

/**
 * Registers the Gaussian and tanh-Gaussian sampling kernels for the wasm and cpu backends (idempotent; called by
 * `registerFusedKernels`).
 *
 * @example
 * ```ts
 * registerSampleKernels();
 * ```
 */
export function registerSampleKernels(): void {
  registerHostKernels([
    [TANH_GAUSSIAN_SAMPLE_KERNEL, tanhGaussianSampleKernel],
    [TANH_GAUSSIAN_GRADIENT_KERNEL, tanhGaussianGradientKernel],
    [GAUSSIAN_SAMPLE_KERNEL, gaussianSampleKernel],
  ]);
}
