import * as tf from '@tensorflow/tfjs-core';
import { checkActions, checkRaw, opSeed } from './check-inputs';
import type { PolicyHead } from './policy-head';

/**
 * Lower clip of the Gaussian log-std (official IQL `log_std_min`).
 * @example
 * ```ts
 * new GaussianHead(2, { logStdMin: LOG_STD_MIN - 5 }); // allow a smaller σ
 * ```
 */
export const LOG_STD_MIN = -5;
/**
 * Upper clip of the Gaussian log-std (official IQL `log_std_max`).
 * @example
 * ```ts
 * new GaussianHead(2, { logStdMax: LOG_STD_MAX / 2 });
 * ```
 */
export const LOG_STD_MAX = 2;
/**
 * Initial value of the state-independent log-std (σ = 1), as in the official IQL code.
 * @example
 * ```ts
 * new GaussianHead(2, { initialLogStd: INITIAL_LOG_STD - 1 }); // start at σ = e⁻¹
 * ```
 */
export const INITIAL_LOG_STD = 0;
/**
 * Box actions are normalized to [−GAUSSIAN_ACTION_BOUND, GAUSSIAN_ACTION_BOUND]; samples are clipped to it.
 * @example
 * ```ts
 * const scaled = tf.mul(head.mode(raw), high / GAUSSIAN_ACTION_BOUND); // to [−high, high]
 * ```
 */
export const GAUSSIAN_ACTION_BOUND = 1;

const DEFAULT_NAME = 'gaussian_head';
/** ½·log(2π), the per-dimension normalizer of a Normal log-density. */
const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);
/** ½·log 2: folds the ½ of `−½ z²` into the scale, `z/√2 = (a − μ)·exp(−log σ − ½ log 2)`. */
const HALF_LOG_2 = 0.5 * Math.log(2);

/**
 * Options of {@link GaussianHead}.
 *
 * @example
 * ```ts
 * const options: GaussianHeadOptions = { logStdMin: -5, logStdMax: 2, name: 'actor' };
 * ```
 */
export interface GaussianHeadOptions {
  /** Lower clip of the log-std. @defaultValue {@link LOG_STD_MIN} (−5) */
  logStdMin?: number;
  /** Upper clip of the log-std. @defaultValue {@link LOG_STD_MAX} (2) */
  logStdMax?: number;
  /** Initial log-std for every dimension. @defaultValue {@link INITIAL_LOG_STD} (0) */
  initialLogStd?: number;
  /**
   * Base name; the log-std variable is registered as `${name}/log_std`. tfjs variable names are
   * global, so when that name is taken (another live head) a suffix `_1`, `_2`, … is added to the
   * variable name; {@link GaussianHead.name} stays as given. @defaultValue `'gaussian_head'`
   */
  name?: string;
}

function uniqueVariableName(base: string): string {
  const taken = tf.engine().registeredVariables;
  if (!(base in taken)) return base;
  let k = 1;
  while (`${base}_${k}` in taken) k++;
  return `${base}_${k}`;
}

/**
 * Diagonal Gaussian policy head with a tanh mean and a state-independent, learned log-std: the
 * policy of the official IQL code (`NormalTanhPolicy` with `tanh_squash_distribution=False`).
 *
 * - mean `μ = tanh(raw)`, so `inputDim = actionDim`;
 * - log-std: one trainable `tf.variable` of shape `[actionDim]` (initial 0), clipped to
 *   `[logStdMin, logStdMax]` (default [−5, 2]) wherever it is used (the clip passes no gradient
 *   outside that range);
 * - the distribution is an *unsquashed* `N(μ, σ²)` around the tanh mean: the tanh is applied to the
 *   mean only, not to the samples, so there is no log-det-Jacobian term. This is what official IQL
 *   trains with: the log-likelihood of dataset actions stays finite even at the box edges
 *   (a tanh-squashed density needs `atanh(a)`, which diverges at ±1), and the mean still stays
 *   inside the box. The price is that samples can leave [−1, 1], so {@link GaussianHead.sample}
 *   clips them, as the official code does when acting.
 *
 * @example
 * ```ts
 * const head = new GaussianHead(2, { name: 'actor' });
 * const raw = tf.tensor2d([[0.5, -1]]);               // network output [B, 2]
 * const logp = head.logProb(raw, tf.tensor2d([[0.4, -0.7]]));
 * const action = head.sample(raw, rng.seed());        // [1, 2], inside [−1, 1]
 * head.dispose();
 * ```
 */
export class GaussianHead implements PolicyHead {
  readonly kind = 'gaussian' as const;
  /** Width of `raw`: one mean per action dimension. */
  readonly inputDim: number;
  /** Number of action dimensions. */
  readonly actionDim: number;
  /** Lower clip of the log-std. */
  readonly logStdMin: number;
  /** Upper clip of the log-std. */
  readonly logStdMax: number;
  /** The base name given in the options (a stable key for saving). */
  readonly name: string;
  /** The unclipped, trainable log-std `[actionDim]`, registered as `${name}/log_std` (see options). */
  readonly logStd: tf.Variable<tf.Rank.R1>;

  /**
   * @param actionDim - number of action dimensions, a positive integer.
   * @param options - log-std clip range, initial log-std and variable name.
   * @throws RangeError on a non-positive `actionDim`, `logStdMin >= logStdMax` or a non-finite value.
   */
  constructor(actionDim: number, options: GaussianHeadOptions = {}) {
    if (!Number.isInteger(actionDim) || actionDim <= 0) {
      throw new RangeError(`GaussianHead: actionDim must be a positive integer, got ${actionDim}`);
    }
    const logStdMin = options.logStdMin ?? LOG_STD_MIN;
    const logStdMax = options.logStdMax ?? LOG_STD_MAX;
    const initialLogStd = options.initialLogStd ?? INITIAL_LOG_STD;
    if (!Number.isFinite(logStdMin) || !Number.isFinite(logStdMax) || !(logStdMin < logStdMax)) {
      throw new RangeError(
        `GaussianHead: need finite logStdMin < logStdMax, got logStdMin ${logStdMin}, logStdMax ${logStdMax}`,
      );
    }
    if (!Number.isFinite(initialLogStd)) {
      throw new RangeError(`GaussianHead: initialLogStd must be finite, got ${initialLogStd}`);
    }
    this.actionDim = actionDim;
    this.inputDim = actionDim;
    this.logStdMin = logStdMin;
    this.logStdMax = logStdMax;
    this.name = options.name ?? DEFAULT_NAME;
    const variableName = uniqueVariableName(`${this.name}/log_std`);
    this.logStd = tf.tidy(() => tf.variable(tf.fill([actionDim], initialLogStd), true, variableName));
  }

  /** `[this.logStd]`. */
  get variables(): tf.Variable[] {
    return [this.logStd];
  }

  /** The log-std as used: clipped to `[logStdMin, logStdMax]`. */
  private clippedLogStd(): tf.Tensor1D {
    return tf.clipByValue(this.logStd, this.logStdMin, this.logStdMax);
  }

  /**
   * Diagonal Normal log-density of `actions` around `tanh(raw)`, summed over action dimensions:
   * `Σ_d [−½ ((a_d − μ_d)/σ_d)² − log σ_d − ½ log 2π]`. Differentiable in `raw` and the log-std.
   *
   * @param raw - network output `[B, actionDim]`.
   * @param actions - dataset actions `[B, actionDim]`.
   * @returns `[B]`.
   * @example
   * ```ts
   * const logp = head.logProb(actor.apply(obs), actions);
   * ```
   */
  logProb(raw: tf.Tensor2D, actions: tf.Tensor2D): tf.Tensor1D {
    const method = 'GaussianHead.logProb';
    checkRaw(method, raw, this.inputDim);
    checkActions(method, actions, raw);
    return tf.tidy(() => {
      const logStd = this.clippedLogStd();
      // z/√2 = (a − μ)/σ/√2, so Σ (z/√2)² = ½ Σ z².
      const halfZ = tf.mul(tf.sub(actions, tf.tanh(raw)), tf.exp(tf.sub(-HALF_LOG_2, logStd)));
      const negNorm = tf.sub(-this.actionDim * HALF_LOG_2PI, tf.sum(logStd));
      return tf.sub(negNorm, tf.sum(tf.square(halfZ), 1));
    });
  }

  /**
   * The mean action `tanh(raw)`, used for evaluation.
   *
   * @param raw - network output `[B, actionDim]`.
   * @returns float32 `[B, actionDim]`.
   * @example
   * ```ts
   * const action = head.mode(actor.apply(obs));
   * ```
   */
  mode(raw: tf.Tensor2D): tf.Tensor2D {
    checkRaw('GaussianHead.mode', raw, this.inputDim);
    return tf.tanh(raw);
  }

  /**
   * A sample `clip(tanh(raw) + σ · ε, −1, 1)` with `ε = tf.randomNormal(shape, 0, 1, 'float32', seed)`.
   * The same seed gives the same sample.
   *
   * @param raw - network output `[B, actionDim]`.
   * @param seed - seed of the tfjs random op; draw a fresh one from the library `Rng` per call.
   * @returns float32 `[B, actionDim]` inside [−1, 1].
   * @example
   * ```ts
   * const action = head.sample(actor.apply(obs), rng.seed());
   * ```
   */
  sample(raw: tf.Tensor2D, seed: number): tf.Tensor2D {
    const method = 'GaussianHead.sample';
    checkRaw(method, raw, this.inputDim);
    const s = opSeed(method, seed);
    return tf.tidy(() => {
      const noise = tf.randomNormal(raw.shape, 0, 1, 'float32', s);
      const action = tf.add<tf.Tensor2D>(tf.tanh(raw), tf.mul(noise, tf.exp(this.clippedLogStd())));
      return tf.clipByValue(action, -GAUSSIAN_ACTION_BOUND, GAUSSIAN_ACTION_BOUND);
    });
  }

  /**
   * Entropy of the (unclipped, unsquashed) diagonal Gaussian, `Σ_d (log σ_d + ½ (1 + log 2π))`.
   * It does not depend on the state, so every row holds the same value.
   *
   * @param raw - network output `[B, actionDim]` (only its batch size is used).
   * @returns `[B]`.
   * @example
   * ```ts
   * const h = head.entropy(actor.apply(obs));
   * ```
   */
  entropy(raw: tf.Tensor2D): tf.Tensor1D {
    checkRaw('GaussianHead.entropy', raw, this.inputDim);
    return tf.tidy(() => {
      const perRow = tf.add(tf.sum(this.clippedLogStd()), this.actionDim * (0.5 + HALF_LOG_2PI));
      return tf.broadcastTo(perRow, [raw.shape[0]]);
    });
  }

  /**
   * `{ 'actor/std': mean σ }` over action dimensions (σ after clipping). The caller disposes it.
   *
   * @example
   * ```ts
   * const { 'actor/std': std } = head.metrics();
   * console.log(std.dataSync()[0]);
   * std.dispose();
   * ```
   */
  metrics(): Record<string, tf.Scalar> {
    return { 'actor/std': tf.tidy(() => tf.mean(tf.exp(this.clippedLogStd()))) };
  }

  /**
   * Disposes the log-std variable.
   *
   * @example
   * ```ts
   * head.dispose();
   * ```
   */
  dispose(): void {
    this.logStd.dispose();
  }
}
