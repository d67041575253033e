import * as tf from '@tensorflow/tfjs-core';
import { GUMBEL_UNIFORM_EPS } from './categorical-head';
import { checkBoxActions, checkRaw, opSeed } from './check-inputs';
import type { PolicyHead } from './policy-head';

/**
 * Smallest number of bins per action dimension: both bounds are bin centres, so 2 bins are
 * `{low, high}`.
 * @example
 * ```ts
 * new DiscretizedHead(2, { bins: MIN_BINS }); // bang-bang control
 * ```
 */
export const MIN_BINS = 2;

/**
 * Options of {@link DiscretizedHead}.
 *
 * @example
 * ```ts
 * const options: DiscretizedHeadOptions = { bins: 41, low: -1, high: 1 };
 * ```
 */
export interface DiscretizedHeadOptions {
  /** Number of tokens per action dimension, an integer ≥ {@link MIN_BINS} (2). */
  bins: number;
  /** Lowest action value (the first bin centre). @defaultValue −1 */
  low?: number;
  /** Highest action value (the last bin centre). @defaultValue 1 */
  high?: number;
}

/**
 * Discretized policy head for box actions: every action dimension is split into `bins` evenly spaced
 * tokens with an independent categorical distribution over them (a per-dimension softmax).
 *
 * - bin centres `low + k·(high − low)/(bins − 1)`, `k = 0 … bins − 1`: the bounds are centres;
 * - `raw` is `[B, actionDim·bins]`, dimension-major: columns `d·bins … d·bins + bins − 1` are the
 *   logits of dimension `d` (`reshape(raw, [B, actionDim, bins])`);
 * - {@link DiscretizedHead.logProb} takes continuous actions, maps each to its nearest bin
 *   ({@link DiscretizedHead.binIndex}) and sums the per-dimension log-softmax there, selected with a
 *   one-hot mask (not `tf.gather`, which has no gradient on wasm). AWR with this head is
 *   "discretized AWR": it puts the most probability on the highest-advantage token of each dimension
 *   and so keeps several modes apart where a Gaussian would average them;
 * - {@link DiscretizedHead.mode} and {@link DiscretizedHead.sample} return bin centres: an argmax,
 *   not differentiable, so DDPG-style extraction (backpropagating `Q(s, mode(raw))`) needs
 *   {@link DeterministicHead} or another box head.
 *
 * @example
 * ```ts
 * const head = new DiscretizedHead(2, { bins: 5 });      // centres −1, −0.5, 0, 0.5, 1
 * const raw = actor.apply(obs);                          // [B, 10]
 * const loss = awrLoss(head.logProb(raw, actions), weights);
 * const greedy = head.mode(raw);                         // [B, 2] bin centres
 * ```
 */
export class DiscretizedHead implements PolicyHead {
  readonly kind = 'discretized' as const;
  /** Width of `raw`: `actionDim · bins`. */
  readonly inputDim: number;
  /** Number of action dimensions. */
  readonly actionDim: number;
  /** Tokens per action dimension. */
  readonly bins: number;
  /** The first bin centre. */
  readonly low: number;
  /** The last bin centre. */
  readonly high: number;
  /** Distance between neighbouring bin centres, `(high − low)/(bins − 1)`. */
  readonly binWidth: number;
  /** The bin centres, `low + k · binWidth` for `k = 0 … bins − 1` (the last one exactly `high`). */
  readonly binCenters: readonly number[];
  /** Always empty: the head has no variables of its own. */
  readonly variables: tf.Variable[] = [];

  /**
   * @param actionDim - number of action dimensions, a positive integer.
   * @param options - `bins` (integer ≥ 2), and the action range `low` < `high` (default [−1, 1]).
   * @throws RangeError on a non-positive `actionDim`, fewer than 2 or fractional bins, or a bad range.
   */
  constructor(actionDim: number, options: DiscretizedHeadOptions) {
    if (!Number.isInteger(actionDim) || actionDim <= 0) {
      throw new RangeError(`DiscretizedHead: actionDim must be a positive integer, got ${actionDim}`);
    }
    const { bins } = options;
    if (!Number.isInteger(bins) || bins < MIN_BINS) {
      throw new RangeError(`DiscretizedHead: bins must be an integer >= ${MIN_BINS}, got ${bins}`);
    }
    const low = options.low ?? -1;
    const high = options.high ?? 1;
    if (!Number.isFinite(low) || !Number.isFinite(high) || !(low < high)) {
      throw new RangeError(`DiscretizedHead: need finite low < high, got low ${low}, high ${high}`);
    }
    this.actionDim = actionDim;
    this.bins = bins;
    this.inputDim = actionDim * bins;
    this.low = low;
    this.high = high;
    this.binWidth = (high - low) / (bins - 1);
    this.binCenters = Array.from({ length: bins }, (_, k) => (k === bins - 1 ? high : low + k * this.binWidth));
  }

  /** `raw` as `[B, actionDim, bins]`. */
  private logits(raw: tf.Tensor2D): tf.Tensor3D {
    return tf.reshape(raw, [raw.shape[0], this.actionDim, this.bins]);
  }

  /** Per-dimension log-softmax `[B, actionDim, bins]` as `x − logSumExp(x)` (see CategoricalHead). */
  private logSoftmax(raw: tf.Tensor2D): tf.Tensor3D {
    const x = this.logits(raw);
    return tf.sub(x, tf.logSumExp(x, 2, true));
  }

  /**
   * Bin indices (int32) to bin centres (float32), same shape. Selected from the centres with a one-hot
   * mask (as many kernels as `k · binWidth + low`, and exactly {@link DiscretizedHead.binCenters}).
   */
  private centersOf(indices: tf.Tensor2D): tf.Tensor2D {
    const mask = tf.cast(tf.oneHot(indices, this.bins), 'float32');
    return tf.sum(tf.mul(mask, tf.tensor1d(this.binCenters as number[])), 2);
  }

  /**
   * The index of the nearest bin centre for every action value: `floor((a − low)/binWidth + ½)`,
   * clipped to `[0, bins − 1]`. Values at or beyond the bounds map to the first or last bin; a value
   * exactly half-way between two centres goes to the upper one (up to float32 rounding of `a`).
   * Carries no gradient.
   *
   * @param actions - actions `[B, actionDim]`.
   * @returns int32 `[B, actionDim]`.
   * @example
   * ```ts
   * new DiscretizedHead(1, { bins: 5 }).binIndex(tf.tensor2d([[-1], [-0.74], [0], [1.3]])); // [[0],[1],[2],[4]]
   * ```
   */
  binIndex(actions: tf.Tensor2D): tf.Tensor2D {
    if (actions.rank !== 2 || actions.shape[1] !== this.actionDim) {
      throw new Error(
        `DiscretizedHead.binIndex: actions must have shape [B, ${this.actionDim}], got [${actions.shape.join(',')}]`,
      );
    }
    return tf.tidy(() => {
      const position = tf.add<tf.Tensor2D>(tf.mul(actions, 1 / this.binWidth), 0.5 - this.low / this.binWidth);
      return tf.cast(tf.clipByValue(tf.floor(position), 0, this.bins - 1), 'int32');
    });
  }

  /**
   * `log π(a | s) = Σ_d logSoftmax(raw_d)[binIndex(a_d)]`, selected by a one-hot mask of the bin
   * indices (built with `tf.oneHot`, which needs no gradient, then cast: the wasm `OneHot` kernel
   * ignores a float32 `dtype` and writes int32 bits). Differentiable in `raw`.
   *
   * @param raw - logits `[B, actionDim·bins]`.
   * @param actions - continuous actions `[B, actionDim]` (each counted at its nearest bin).
   * @returns `[B]`.
   * @example
   * ```ts
   * const logp = head.logProb(actor.apply(obs), actions);
   * ```
   */
  logProb(raw: tf.Tensor2D, actions: tf.Tensor2D): tf.Tensor1D {
    const method = 'DiscretizedHead.logProb';
    checkRaw(method, raw, this.inputDim);
    checkBoxActions(method, actions, raw, this.actionDim);
    return tf.tidy(() => {
      const mask = tf.cast(tf.oneHot(this.binIndex(actions), this.bins), 'float32'); // [B, actionDim, bins]
      return tf.sum<tf.Tensor1D>(tf.mul(this.logSoftmax(raw), mask), [1, 2]);
    });
  }

  /**
   * The centre of each dimension's most probable bin. An argmax: not differentiable.
   *
   * @param raw - logits `[B, actionDim·bins]`.
   * @returns float32 `[B, actionDim]` in [low, high].
   * @example
   * ```ts
   * const action = head.mode(actor.apply(obs));
   * ```
   */
  mode(raw: tf.Tensor2D): tf.Tensor2D {
    checkRaw('DiscretizedHead.mode', raw, this.inputDim);
    return tf.tidy(() => this.centersOf(tf.argMax<tf.Tensor2D>(this.logits(raw), 2)));
  }

  /**
   * One bin per dimension by the Gumbel-max trick (independent across rows and dimensions; see
   * `CategoricalHead.sample`), returned as bin centres. Same seed, same sample.
   *
   * @param raw - logits `[B, actionDim·bins]`.
   * @param seed - seed of the tfjs random op; draw a fresh one from the library `Rng` per call.
   * @returns float32 `[B, actionDim]` of bin centres.
   * @example
   * ```ts
   * const action = head.sample(actor.apply(obs), rng.seed());
   * ```
   */
  sample(raw: tf.Tensor2D, seed: number): tf.Tensor2D {
    const method = 'DiscretizedHead.sample';
    checkRaw(method, raw, this.inputDim);
    const s = opSeed(method, seed);
    return tf.tidy(() => {
      const u = tf.randomUniform(raw.shape, GUMBEL_UNIFORM_EPS, 1 - GUMBEL_UNIFORM_EPS, 'float32', s);
      const perturbed = tf.sub<tf.Tensor2D>(raw, tf.log(tf.neg(tf.log(u))));
      return this.centersOf(tf.argMax<tf.Tensor2D>(this.logits(perturbed), 2));
    });
  }

  /**
   * Entropy of each dimension's categorical, `−Σ_k p_k log p_k`, for diagnostics (a dimension whose
   * entropy stays near `log bins` has learned nothing).
   *
   * @param raw - logits `[B, actionDim·bins]`.
   * @returns `[B, actionDim]`.
   * @example
   * ```ts
   * const perDim = head.entropyPerDimension(actor.apply(obs));
   * ```
   */
  entropyPerDimension(raw: tf.Tensor2D): tf.Tensor2D {
    checkRaw('DiscretizedHead.entropyPerDimension', raw, this.inputDim);
    return tf.tidy(() => {
      const logP = this.logSoftmax(raw);
      return tf.neg(tf.sum<tf.Tensor2D>(tf.mul(tf.exp(logP), logP), 2));
    });
  }

  /**
   * Entropy of the joint (factorised) distribution per row: the sum over dimensions of
   * {@link DiscretizedHead.entropyPerDimension}.
   *
   * @param raw - logits `[B, actionDim·bins]`.
   * @returns `[B]`.
   * @example
   * ```ts
   * const h = head.entropy(actor.apply(obs));
   * ```
   */
  entropy(raw: tf.Tensor2D): tf.Tensor1D {
    checkRaw('DiscretizedHead.entropy', raw, this.inputDim);
    return tf.tidy(() => {
      const logP = this.logSoftmax(raw);
      return tf.neg(tf.sum<tf.Tensor1D>(tf.mul(tf.exp(logP), logP), [1, 2]));
    });
  }

  /**
   * `{ 'actor/entropy': mean entropy }` (summed over dimensions, averaged over the batch) when `raw`
   * is given, else `{}`. The caller disposes the scalars.
   *
   * @param raw - logits `[B, actionDim·bins]`.
   * @example
   * ```ts
   * const m = head.metrics(actor.apply(obs));
   * tf.dispose(Object.values(m));
   * ```
   */
  metrics(raw?: tf.Tensor2D): Record<string, tf.Scalar> {
    if (!raw) return {};
    checkRaw('DiscretizedHead.metrics', raw, this.inputDim);
    return { 'actor/entropy': tf.tidy(() => tf.mean(this.entropy(raw))) };
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
