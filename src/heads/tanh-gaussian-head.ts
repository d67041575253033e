import * as tf from '@tensorflow/tfjs-core';
import { hasFusedKernel } from '../backend/fused-kernels';
import { TANH_GAUSSIAN_GRADIENT_KERNEL, TANH_GAUSSIAN_SAMPLE_KERNEL } from '../backend/sample-kernels';
import { checkBoxActions, checkRaw, opSeed } from './check-inputs';
import { LOG_STD_MAX, LOG_STD_MIN } from './gaussian-head';
import { checkLogStdRange, HALF_LOG_2, HALF_LOG_2PI, splitMeanLogStd } from './normal';
import type { PolicyHead } from './policy-head';

/**
 * ε of the squashed density: dataset actions are clipped to ±(1 − ε) before `atanh`, and the
 * log-det-Jacobian is `Σ log(1 − a² + ε)`, as in the SAC / CQL PyTorch code (`epsilon = 1e-6`).
 * @example
 * ```ts
 * const a = tf.clipByValue(actions, -(1 - TANH_GAUSSIAN_EPS), 1 - TANH_GAUSSIAN_EPS);
 * ```
 */
export const TANH_GAUSSIAN_EPS = 1e-6;

/** log 2, of the stable log-det `log(1 − tanh(u)²) = 2 (log 2 − u − softplus(−2u))`. */
const LOG_2 = Math.log(2);

/**
 * Options of {@link TanhGaussianHead}.
 *
 * @example
 * ```ts
 * const options: TanhGaussianHeadOptions = { logStdMin: -20, logStdMax: 2 }; // the SAC / CQL clip
 * ```
 */
export interface TanhGaussianHeadOptions {
  /**
   * Lower clip of the log-std. SAC and CQL code use −20; the default matches {@link GaussianHead}.
   * @defaultValue {@link LOG_STD_MIN} (−5)
   */
  logStdMin?: number;
  /** Upper clip of the log-std. @defaultValue {@link LOG_STD_MAX} (2) */
  logStdMax?: number;
}

/**
 * An action and its log-probability, from {@link TanhGaussianHead.sampleWithLogProb}.
 *
 * @example
 * ```ts
 * const { actions, logProb }: SampleWithLogProb = head.sampleWithLogProb(raw, rng.seed());
 * ```
 */
export interface SampleWithLogProb {
  /** Sampled actions `[B, actionDim]` in [−1, 1]. */
  actions: tf.Tensor2D;
  /** `log π(actions | s)` per row, `[B]`. */
  logProb: tf.Tensor1D;
}

/**
 * Tanh-squashed Gaussian policy head with a state-dependent std, the actor of SAC and CQL:
 * `a = tanh(u)`, `u ~ N(μ, σ²)`.
 *
 * - `raw` is `[B, 2·actionDim]`: the means `μ` first, the log-stds second, clipped to
 *   `[logStdMin, logStdMax]` (default [−5, 2]; the clip passes no gradient outside that range);
 * - the density is the change of variables `log π(a) = log N(atanh(a); μ, σ) − Σ_d log(1 − a_d²)`, so
 *   it integrates to 1 over (−1, 1)ᵈ and every sample lies inside the box;
 * - {@link TanhGaussianHead.sampleWithLogProb} is reparameterised: actions and log-probabilities are
 *   differentiable in `raw`, for a SAC-style actor loss `α·log π − Q(s, a)` or the policy term of CQL;
 * - {@link TanhGaussianHead.logProb} of dataset actions needs `atanh(a)`, which diverges at ±1, so it
 *   clips the actions to ±(1 − {@link TANH_GAUSSIAN_EPS}) first. Behaviour cloning with it punishes
 *   edge actions hard; {@link GaussianHead} (an unsquashed Gaussian around a tanh mean) is the IQL
 *   choice for that reason;
 * - no closed-form entropy: estimate it as `−mean(logProb)` of samples.
 *
 * @example
 * ```ts
 * const head = new TanhGaussianHead(2);
 * const raw = actor.apply(obs);                                   // [B, 4] = [means | log-stds]
 * const { actions, logProb } = head.sampleWithLogProb(raw, rng.seed());
 * const actorLoss = tf.sub(tf.mean(tf.mul(logProb, alpha)), tf.mean(critic.apply(obs, actions)));
 * const greedy = head.mode(raw);                                  // tanh(μ)
 * ```
 */
export class TanhGaussianHead implements PolicyHead {
  readonly kind = 'tanh-gaussian' as const;
  /** Width of `raw`: `2·actionDim` (means, then log-stds). */
  readonly inputDim: number;
  /** Number of action dimensions. */
  readonly actionDim: number;
  /** Lower clip of the log-std. */
  readonly logStdMin: number;
  /** Upper clip of the log-std. */
  readonly logStdMax: number;
  /** Always empty: the std comes from `raw`. */
  readonly variables: tf.Variable[] = [];

  /**
   * @param actionDim - number of action dimensions, a positive integer.
   * @param options - log-std clip range.
   * @throws RangeError on a non-positive `actionDim` or unless `logStdMin < logStdMax`, both finite.
   */
  constructor(actionDim: number, options: TanhGaussianHeadOptions = {}) {
    if (!Number.isInteger(actionDim) || actionDim <= 0) {
      throw new RangeError(`TanhGaussianHead: actionDim must be a positive integer, got ${actionDim}`);
    }
    const logStdMin = options.logStdMin ?? LOG_STD_MIN;
    const logStdMax = options.logStdMax ?? LOG_STD_MAX;
    checkLogStdRange('TanhGaussianHead', logStdMin, logStdMax);
    this.actionDim = actionDim;
    this.inputDim = 2 * actionDim;
    this.logStdMin = logStdMin;
    this.logStdMax = logStdMax;
  }

  /**
   * `log π(a | s) = Σ_d [log N(u_d; μ_d, σ_d) − log(1 − a_d² + ε)]` with
   * `a = clip(actions, ±(1 − ε))`, `u = atanh(a)` and ε = {@link TANH_GAUSSIAN_EPS}.
   * Differentiable in `raw`.
   *
   * @param raw - network output `[B, 2·actionDim]`.
   * @param actions - actions `[B, actionDim]` in [−1, 1].
   * @returns `[B]`.
   * @example
   * ```ts
   * const logp = head.logProb(actor.apply(obs), actions);
   * ```
   */
  logProb(raw: tf.Tensor2D, actions: tf.Tensor2D): tf.Tensor1D {
    const method = 'TanhGaussianHead.logProb';
    checkRaw(method, raw, this.inputDim);
    checkBoxActions(method, actions, raw, this.actionDim);
    return tf.tidy(() => {
      const { mean, logStd } = splitMeanLogStd(raw, this.logStdMin, this.logStdMax);
      const a = tf.clipByValue(actions, -(1 - TANH_GAUSSIAN_EPS), 1 - TANH_GAUSSIAN_EPS);
      // z/√2 = (u − μ)/σ/√2, so (z/√2)² = ½ z².
      const halfZ = tf.mul(tf.sub(tf.atanh(a), mean), tf.exp(tf.sub(-HALF_LOG_2, logStd)));
      const logDet = tf.log(tf.sub(1 + TANH_GAUSSIAN_EPS, tf.square(a)));
      const perDim = tf.add(tf.add(tf.square(halfZ), logStd), logDet);
      return tf.sub(-this.actionDim * HALF_LOG_2PI, tf.sum<tf.Tensor1D>(perDim, 1));
    });
  }

  /**
   * The squashed mean `tanh(μ)`, used for evaluation; differentiable in `raw`.
   *
   * @param raw - network output `[B, 2·actionDim]`.
   * @returns float32 `[B, actionDim]` in [−1, 1].
   * @example
   * ```ts
   * const action = head.mode(actor.apply(obs));
   * ```
   */
  mode(raw: tf.Tensor2D): tf.Tensor2D {
    checkRaw('TanhGaussianHead.mode', raw, this.inputDim);
    return tf.tidy(() => tf.tanh(tf.slice(raw, [0, 0], [-1, this.actionDim])));
  }

  /**
   * A sample `tanh(μ + σ · ε)` with `ε = tf.randomNormal(shape, 0, 1, 'float32', seed)`; the same
   * actions as {@link TanhGaussianHead.sampleWithLogProb} for the same seed.
   *
   * @param raw - network output `[B, 2·actionDim]`.
   * @param seed - seed of the tfjs random op; draw a fresh one from the library `Rng` per call.
   * @returns float32 `[B, actionDim]` in [−1, 1].
   * @example
   * ```ts
   * const action = head.sample(actor.apply(obs), rng.seed());
   * ```
   */
  sample(raw: tf.Tensor2D, seed: number): tf.Tensor2D {
    const method = 'TanhGaussianHead.sample';
    checkRaw(method, raw, this.inputDim);
    const s = opSeed(method, seed);
    return tf.tidy(() => {
      const { mean, logStd } = splitMeanLogStd(raw, this.logStdMin, this.logStdMax);
      const noise = tf.randomNormal(mean.shape, 0, 1, 'float32', s);
      return tf.tanh(tf.add<tf.Tensor2D>(mean, tf.mul(noise, tf.exp(logStd))));
    });
  }

  /**
   * A reparameterised sample and its log-probability, both differentiable in `raw`:
   * `u = μ + σ·ε`, `a = tanh(u)`, and
   * `log π(a) = Σ_d [−½ ε_d² − log σ_d − ½ log 2π − 2 (log 2 − u_d − softplus(−2 u_d))]`.
   *
   * The log-probability is computed from `u` and ε directly, not by `atanh(a)`: the last term is
   * `log(1 − tanh(u)²)` in a form that stays exact for large |u| (where `tanh(u)` rounds to ±1), so no
   * ε is needed here and the result is finite for every sample.
   *
   * @param raw - network output `[B, 2·actionDim]`.
   * @param seed - seed of the tfjs random op; draw a fresh one from the library `Rng` per call.
   * @returns `{ actions: [B, actionDim], logProb: [B] }`.
   * @example
   * ```ts
   * const { value, grads } = tf.variableGrads(() => tf.tidy(() => {
   *   const { actions, logProb } = head.sampleWithLogProb(actor.apply(obs), seed);
   *   return tf.sub(tf.mean(tf.mul(logProb, alpha)), tf.mean(critic.apply(obs, actions)));
   * }), actor.variables);
   * ```
   */
  sampleWithLogProb(raw: tf.Tensor2D, seed: number): SampleWithLogProb {
    const method = 'TanhGaussianHead.sampleWithLogProb';
    checkRaw(method, raw, this.inputDim);
    const s = opSeed(method, seed);
    const [actions, logProb] = tf.tidy(() => {
      const { mean, logStd } = splitMeanLogStd(raw, this.logStdMin, this.logStdMax);
      const noise = tf.randomNormal(mean.shape, 0, 1, 'float32', s);
      const u = tf.add<tf.Tensor2D>(mean, tf.mul(noise, tf.exp(logStd)));
      // log(1 − tanh(u)²) − 2 log 2 = −2 (u + softplus(−2u)); the constants are folded below.
      const halfLogDet = tf.add(u, tf.softplus(tf.mul(u, -2)));
      const perDim = tf.add(tf.add(tf.mul(tf.square(noise), 0.5), logStd), tf.mul(halfLogDet, -2));
      const constant = -this.actionDim * (HALF_LOG_2PI + 2 * LOG_2);
      return [tf.tanh(u), tf.sub(constant, tf.sum<tf.Tensor1D>(perDim, 1))] as const;
    });
    return { actions, logProb };
  }

  /**
   * The values of {@link TanhGaussianHead.sampleWithLogProb} (the same sample for the same seed, the
   * log-probability within float32 rounding), in one fused kernel on wasm and cpu, for use outside a
   * gradient tape (the kernel has no gradient; see {@link TanhGaussianHead.sampleGradient}).
   * Elsewhere it is `sampleWithLogProb`.
   *
   * @param raw - network output `[B, 2·actionDim]`.
   * @param seed - seed of the tfjs random op (as for `sampleWithLogProb`).
   * @example
   * ```ts
   * const { actions, logProb } = head.sampleValues(raw, seed); // targets, CQL's proposals
   * ```
   */
  sampleValues(raw: tf.Tensor2D, seed: number): SampleWithLogProb {
    if (!hasFusedKernel(TANH_GAUSSIAN_SAMPLE_KERNEL) || raw.dtype !== 'float32') return this.sampleWithLogProb(raw, seed);
    const method = 'TanhGaussianHead.sampleValues';
    checkRaw(method, raw, this.inputDim);
    const s = opSeed(method, seed);
    const [actions, logProb] = tf.tidy(() => {
      const noise = tf.randomNormal([raw.shape[0], this.actionDim], 0, 1, 'float32', s);
      return tf.engine().runKernel(TANH_GAUSSIAN_SAMPLE_KERNEL, { raw, noise }, { logStdMin: this.logStdMin, logStdMax: this.logStdMax }) as tf.Tensor[];
    });
    return { actions: actions as tf.Tensor2D, logProb: logProb as tf.Tensor1D };
  }

  /**
   * The gradient with respect to `raw` of a loss of the sample `sampleWithLogProb(raw, seed)`:
   * `dActions` back through the actions, plus `logProbWeight · Σ_b ∂ log π(a_b)/∂raw` (a loss holding
   * `w·Σ_b log π`, e.g. SAC's `α·mean(log π)` with `w = α/B`), in one fused kernel; within float32
   * rounding of the tape (tested). Null where the kernel does not run.
   *
   * @param dActions - `∂L/∂actions` `[B, actionDim]`; left out, only the log-probability term.
   * @param logProbWeight - scalar `w`; left out, 0.
   * @example
   * ```ts
   * const dRaw = head.sampleGradient(raw, seed, dActions, tf.div(alpha, batchSize));
   * ```
   */
  sampleGradient(raw: tf.Tensor2D, seed: number, dActions?: tf.Tensor2D, logProbWeight?: tf.Scalar): tf.Tensor2D | null {
    if (!hasFusedKernel(TANH_GAUSSIAN_GRADIENT_KERNEL) || raw.dtype !== 'float32') return null;
    const method = 'TanhGaussianHead.sampleGradient';
    checkRaw(method, raw, this.inputDim);
    if (dActions && (dActions.rank !== 2 || dActions.shape[0] !== raw.shape[0] || dActions.shape[1] !== this.actionDim)) {
      throw new Error(`${method}: dActions must have shape [${raw.shape[0]}, ${this.actionDim}], got [${dActions.shape}]`);
    }
    if (logProbWeight && logProbWeight.rank !== 0) throw new Error(`${method}: logProbWeight must be a scalar, got shape [${logProbWeight.shape}]`);
    const s = opSeed(method, seed);
    return tf.tidy(() => {
      const noise = tf.randomNormal([raw.shape[0], this.actionDim], 0, 1, 'float32', s);
      const inputs: tf.NamedTensorMap = { raw, noise };
      if (dActions) inputs.dActions = dActions;
      if (logProbWeight) inputs.logProbWeight = logProbWeight;
      return tf.engine().runKernel(TANH_GAUSSIAN_GRADIENT_KERNEL, inputs, { logStdMin: this.logStdMin, logStdMax: this.logStdMax }) as tf.Tensor2D;
    });
  }

  /**
   * `{ 'actor/std': mean σ }` over the batch and dimensions when `raw` is given, else `{}`.
   * The caller disposes the scalars.
   *
   * @param raw - network output `[B, 2·actionDim]`.
   * @example
   * ```ts
   * const m = head.metrics(actor.apply(obs));
   * tf.dispose(Object.values(m));
   * ```
   */
  metrics(raw?: tf.Tensor2D): Record<string, tf.Scalar> {
    if (!raw) return {};
    checkRaw('TanhGaussianHead.metrics', raw, this.inputDim);
    return {
      'actor/std': tf.tidy(() => {
        const logStd = tf.slice(raw, [0, this.actionDim], [-1, this.actionDim]);
        return tf.mean(tf.exp(tf.clipByValue(logStd, this.logStdMin, this.logStdMax)));
      }),
    };
  }

  /**
   * Nothing to free; present for the {@link PolicyHead} contract.
   *
   * @example
   * ```ts
   * head.dispose();
   * ```
   */
  dispose(): void {}
}
