import * as tf from '@tensorflow/tfjs-core';
import { hasFusedKernel, runsValuesKernel } from '../backend/fused-kernels';
import { GAUSSIAN_NLL_KERNEL } from '../backend/loss-kernels';
import { GAUSSIAN_SAMPLE_KERNEL } from '../backend/sample-kernels';
import type { LossGradients } from '../losses/loss-gradients';
import { checkActions, checkBoxActions, checkRaw, opSeed } from './check-inputs';
import { checkLogStdRange, HALF_LOG_2, HALF_LOG_2PI, splitMeanLogStd, tanhGradient } from './normal';
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

/**
 * Options of {@link GaussianHead}.
 *
 * @example
 * ```ts
 * const options: GaussianHeadOptions = { logStdMin: -5, logStdMax: 2, name: 'actor' };
 * const sacLike: GaussianHeadOptions = { stateDependentStd: true };
 * ```
 */
export interface GaussianHeadOptions<StateDependent extends boolean = boolean> {
  /** Lower clip of the log-std. @defaultValue {@link LOG_STD_MIN} (−5) */
  logStdMin?: number;
  /** Upper clip of the log-std. @defaultValue {@link LOG_STD_MAX} (2) */
  logStdMax?: number;
  /**
   * Initial log-std for every dimension (state-independent std only; an error with
   * `stateDependentStd`). @defaultValue {@link INITIAL_LOG_STD} (0)
   */
  initialLogStd?: number;
  /**
   * Read the log-std from the network instead of a variable: `raw` is `[B, 2·actionDim]`, means
   * first, log-stds second (jaxrl `state_dependent_std=True`, d3rlpy and SAC/CQL actors; CORL's
   * IQL uses a state-independent std). @defaultValue `false` (the official IQL policy)
   */
  stateDependentStd?: StateDependent;
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
 * Diagonal Gaussian policy head with a tanh mean: by default the policy of the official IQL code
 * (`NormalTanhPolicy` with `tanh_squash_distribution=False`), with a state-independent, learned log-std.
 *
 * - mean `μ = tanh(raw)`, so `inputDim = actionDim`;
 * - log-std: one trainable `tf.variable` of shape `[actionDim]` (initial 0), clipped to
 *   `[logStdMin, logStdMax]` (default [−5, 2]) wherever it is used (the clip passes no gradient
 *   outside that range);
 * - with `{ stateDependentStd: true }` there is no variable: `raw` is `[B, 2·actionDim]`, the mean is
 *   `tanh` of its first half and the log-std is its second half, clipped the same way;
 * - the distribution is an *unsquashed* `N(μ, σ²)` around the tanh mean: the tanh is applied to the
 *   mean only, not to the samples, so there is no log-det-Jacobian term. This is what official IQL
 *   trains with: the log-likelihood of dataset actions stays finite even at the box edges
 *   (a tanh-squashed density needs `atanh(a)`, which diverges at ±1), and the mean still stays
 *   inside the box. The price is that samples can leave [−1, 1], so {@link GaussianHead.sample}
 *   clips them, as the official code does when acting. For the squashed distribution of SAC and CQL
 *   use {@link TanhGaussianHead}.
 *
 * @example
 * ```ts
 * const head = new GaussianHead(2, { name: 'actor' });
 * const raw = tf.tensor2d([[0.5, -1]]);               // network output [B, 2]
 * const logp = head.logProb(raw, tf.tensor2d([[0.4, -0.7]]));
 * const action = head.sample(raw, rng.seed());        // [1, 2], inside [−1, 1]
 * head.dispose();
 *
 * const sd = new GaussianHead(2, { stateDependentStd: true }); // raw: [B, 4] = [means | log-stds]
 * ```
 */
export class GaussianHead<StateDependent extends boolean = false> implements PolicyHead {
  readonly kind = 'gaussian' as const;
  /** Width of `raw`: one mean per action dimension, plus one log-std per dimension when state-dependent. */
  readonly inputDim: number;
  /** Number of action dimensions. */
  readonly actionDim: number;
  /** Lower clip of the log-std. */
  readonly logStdMin: number;
  /** Upper clip of the log-std. */
  readonly logStdMax: number;
  /** Whether the log-std is read from `raw` (second half) rather than from {@link GaussianHead.logStd}. */
  readonly stateDependentStd: boolean;
  /** The base name given in the options (a stable key for saving). */
  readonly name: string;
  /**
   * The unclipped, trainable log-std `[actionDim]`, registered as `${name}/log_std` (see options);
   * `null` with `stateDependentStd` (the type says so when the option is a literal `true`).
   */
  readonly logStd: StateDependent extends true ? null : tf.Variable<tf.Rank.R1>;

  /**
   * @param actionDim - number of action dimensions, a positive integer.
   * @param options - log-std clip range, initial log-std or state-dependent std, and variable name.
   * @throws RangeError on a non-positive `actionDim`, `logStdMin >= logStdMax`, a non-finite value, or
   *   `initialLogStd` given together with `stateDependentStd`.
   */
  constructor(actionDim: number, options: GaussianHeadOptions<StateDependent> = {}) {
    if (!Number.isInteger(actionDim) || actionDim <= 0) {
      throw new RangeError(`GaussianHead: actionDim must be a positive integer, got ${actionDim}`);
    }
    const logStdMin = options.logStdMin ?? LOG_STD_MIN;
    const logStdMax = options.logStdMax ?? LOG_STD_MAX;
    const stateDependentStd = options.stateDependentStd ?? false;
    const initialLogStd = options.initialLogStd ?? INITIAL_LOG_STD;
    checkLogStdRange('GaussianHead', logStdMin, logStdMax);
    if (stateDependentStd && options.initialLogStd !== undefined) {
      throw new RangeError(
        'GaussianHead: initialLogStd has no effect with stateDependentStd (the log-std comes from raw); ' +
          'remove one of them',
      );
    }
    if (!Number.isFinite(initialLogStd)) {
      throw new RangeError(`GaussianHead: initialLogStd must be finite, got ${initialLogStd}`);
    }
    this.actionDim = actionDim;
    this.stateDependentStd = stateDependentStd;
    this.inputDim = stateDependentStd ? 2 * actionDim : actionDim;
    this.logStdMin = logStdMin;
    this.logStdMax = logStdMax;
    this.name = options.name ?? DEFAULT_NAME;
    const variableName = stateDependentStd ? '' : uniqueVariableName(`${this.name}/log_std`);
    const logStd = stateDependentStd
      ? null
      : tf.tidy(() => tf.variable<tf.Rank.R1>(tf.fill([actionDim], initialLogStd), true, variableName));
    this.logStd = logStd as StateDependent extends true ? null : tf.Variable<tf.Rank.R1>;
  }

  /** {@link GaussianHead.logStd} without the conditional type. */
  private get logStdVariable(): tf.Variable<tf.Rank.R1> | null {
    return this.logStd;
  }

  /** `[this.logStd]`, or `[]` with a state-dependent std. */
  get variables(): tf.Variable[] {
    const variable = this.logStdVariable;
    return variable ? [variable] : [];
  }

  /**
   * The pre-tanh mean `[B, D]` and the clipped log-std: `[D]` (state-independent) or `[B, D]`.
   * Call inside a tidy.
   */
  private meanAndLogStd(raw: tf.Tensor2D): { mean: tf.Tensor2D; logStd: tf.Tensor1D | tf.Tensor2D } {
    const variable = this.logStdVariable;
    if (variable) return { mean: raw, logStd: tf.clipByValue(variable, this.logStdMin, this.logStdMax) };
    return splitMeanLogStd(raw, this.logStdMin, this.logStdMax);
  }

  /** The clipped log-std alone: `[D]` (state-independent) or `[B, D]`. Call inside a tidy. */
  private logStdOf(raw: tf.Tensor2D): tf.Tensor1D | tf.Tensor2D {
    const variable = this.logStdVariable;
    const logStd = variable ?? tf.slice(raw, [0, this.actionDim], [-1, this.actionDim]);
    return tf.clipByValue(logStd, this.logStdMin, this.logStdMax);
  }

  /**
   * Diagonal Normal log-density of `actions` around `tanh(mean)`, summed over action dimensions:
   * `Σ_d [−½ ((a_d − μ_d)/σ_d)² − log σ_d − ½ log 2π]`. Differentiable in `raw` and the log-std.
   *
   * @param raw - network output `[B, inputDim]`.
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
    if (this.stateDependentStd) checkBoxActions(method, actions, raw, this.actionDim);
    else checkActions(method, actions, raw);
    return tf.tidy(() => {
      const { mean, logStd } = this.meanAndLogStd(raw);
      // z/√2 = (a − μ)/σ/√2, so Σ (z/√2)² = ½ Σ z².
      const halfZ = tf.mul(tf.sub(actions, tf.tanh(mean)), tf.exp(tf.sub(-HALF_LOG_2, logStd)));
      // Σ_d log σ_d: a scalar for the variable, one value per row when state-dependent.
      const negNorm = tf.sub(-this.actionDim * HALF_LOG_2PI, tf.sum(logStd, -1));
      return tf.sub(negNorm, tf.sum(tf.square(halfZ), 1));
    });
  }

  /**
   * `−mean(w·log π(a|s))` (`w = 1` without weights: the BC loss) and its gradients with respect to
   * `raw` and the log-std variable, in one fused kernel on wasm and cpu; within float32 rounding of
   * differentiating {@link GaussianHead.logProb} on the tape (tested). Null with a state-dependent
   * std or where the kernel does not run (other backends, fused kernels off).
   *
   * @example
   * ```ts
   * const closed = head.nllGradients(raw, actions, weights); // { loss, outputs: [dRaw], extras: [dLogStd] } or null
   * ```
   */
  nllGradients(raw: tf.Tensor2D, actions: tf.Tensor2D, weights?: tf.Tensor1D): LossGradients | null {
    const variable = this.logStdVariable;
    if (variable === null || !hasFusedKernel(GAUSSIAN_NLL_KERNEL)) return null;
    const method = 'GaussianHead.nllGradients';
    checkRaw(method, raw, this.inputDim);
    checkActions(method, actions, raw);
    if (weights && (weights.rank !== 1 || weights.shape[0] !== raw.shape[0])) {
      throw new Error(`${method}: weights must have shape [${raw.shape[0]}], got [${weights.shape}]`);
    }
    if ([raw, actions, ...(weights ? [weights] : [])].some((t) => t.dtype !== 'float32')) return null;
    const inputs: tf.NamedTensorMap = weights ? { raw, logStd: variable, actions, weights } : { raw, logStd: variable, actions };
    const [loss, dRaw, dLogStd] = tf.engine().runKernel(GAUSSIAN_NLL_KERNEL, inputs, { logStdMin: this.logStdMin, logStdMax: this.logStdMax }) as tf.Tensor[];
    return { loss: loss as tf.Scalar, outputs: [dRaw], extras: [dLogStd] };
  }

  /**
   * `dMode ⊙ (1 − mode²)`, the gradient of a loss of `mode(raw) = tanh(raw)` with respect to `raw`;
   * null with a state-dependent std (its `raw` also holds the log-std columns).
   *
   * @example
   * ```ts
   * const dRaw = head.modeGradient(raw, head.mode(raw), dActions);
   * ```
   */
  modeGradient(raw: tf.Tensor2D, mode: tf.Tensor2D, dMode: tf.Tensor2D): tf.Tensor2D | null {
    if (this.stateDependentStd) return null;
    checkRaw('GaussianHead.modeGradient', raw, this.inputDim);
    return tanhGradient(mode, dMode);
  }

  /**
   * The mean action `tanh(mean)`, used for evaluation; differentiable in `raw`.
   *
   * @param raw - network output `[B, inputDim]`.
   * @returns float32 `[B, actionDim]`.
   * @example
   * ```ts
   * const action = head.mode(actor.apply(obs));
   * ```
   */
  mode(raw: tf.Tensor2D): tf.Tensor2D {
    checkRaw('GaussianHead.mode', raw, this.inputDim);
    if (!this.stateDependentStd) return tf.tanh(raw);
    return tf.tidy(() => tf.tanh(tf.slice(raw, [0, 0], [-1, this.actionDim])));
  }

  /**
   * A sample `clip(tanh(mean) + σ · ε, −1, 1)` with `ε = tf.randomNormal(shape, 0, 1, 'float32', seed)`.
   * The same seed gives the same sample.
   *
   * @param raw - network output `[B, inputDim]`.
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
      const variable = this.logStdVariable;
      // One kernel for the state-independent std (the default; not under a tape: it has no gradient).
      if (variable && runsValuesKernel(GAUSSIAN_SAMPLE_KERNEL, [raw])) {
        const noise = tf.randomNormal(raw.shape, 0, 1, 'float32', s);
        const attrs = { logStdMin: this.logStdMin, logStdMax: this.logStdMax, bound: GAUSSIAN_ACTION_BOUND };
        return tf.engine().runKernel(GAUSSIAN_SAMPLE_KERNEL, { mean: raw, logStd: variable, noise }, attrs) as tf.Tensor2D;
      }
      const { mean, logStd } = this.meanAndLogStd(raw);
      const noise = tf.randomNormal(mean.shape, 0, 1, 'float32', s);
      const action = tf.add<tf.Tensor2D>(tf.tanh(mean), tf.mul(noise, tf.exp(logStd)));
      return tf.clipByValue(action, -GAUSSIAN_ACTION_BOUND, GAUSSIAN_ACTION_BOUND);
    });
  }

  /**
   * Entropy of the (unclipped, unsquashed) diagonal Gaussian, `Σ_d (log σ_d + ½ (1 + log 2π))`.
   * With a state-independent std every row holds the same value.
   *
   * @param raw - network output `[B, inputDim]` (only its batch size is used unless state-dependent).
   * @returns `[B]`.
   * @example
   * ```ts
   * const h = head.entropy(actor.apply(obs));
   * ```
   */
  entropy(raw: tf.Tensor2D): tf.Tensor1D {
    checkRaw('GaussianHead.entropy', raw, this.inputDim);
    return tf.tidy(() => {
      const perRow = tf.add(tf.sum(this.logStdOf(raw), -1), this.actionDim * (0.5 + HALF_LOG_2PI));
      return this.stateDependentStd ? (perRow as tf.Tensor1D) : tf.broadcastTo(perRow, [raw.shape[0]]);
    });
  }

  /**
   * `{ 'actor/std': mean σ }` over action dimensions (σ after clipping); with a state-dependent std,
   * over the batch `raw` too, and `{}` when `raw` is not given. The caller disposes it.
   *
   * @param raw - network output `[B, inputDim]`; needed only with a state-dependent std.
   * @example
   * ```ts
   * const { 'actor/std': std } = head.metrics();
   * console.log(std.dataSync()[0]);
   * std.dispose();
   * ```
   */
  metrics(raw?: tf.Tensor2D): Record<string, tf.Scalar> {
    if (this.stateDependentStd) {
      if (!raw) return {};
      checkRaw('GaussianHead.metrics', raw, this.inputDim);
    }
    // Without a state-dependent std `raw` is not read (logStdOf uses the variable).
    return { 'actor/std': tf.tidy(() => tf.mean(tf.exp(this.logStdOf(raw as tf.Tensor2D)))) };
  }

  /**
   * Disposes the log-std variable (nothing to free with a state-dependent std).
   *
   * @example
   * ```ts
   * head.dispose();
   * ```
   */
  dispose(): void {
    this.logStdVariable?.dispose();
  }
}
