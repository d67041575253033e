import * as tf from '@tensorflow/tfjs-core';
import { checkActions, checkRaw, opSeed } from './check-inputs';
import type { PolicyHead } from './policy-head';

/**
 * Uniform draws for the Gumbel-max sampler lie in [GUMBEL_UNIFORM_EPS, 1 − GUMBEL_UNIFORM_EPS], so
 * `−log(−log u)` stays finite (float32 rounding could otherwise produce 0 or 1 exactly).
 * @example
 * ```ts
 * const u = tf.randomUniform([4, 3], GUMBEL_UNIFORM_EPS, 1 - GUMBEL_UNIFORM_EPS, 'float32', seed);
 * ```
 */
export const GUMBEL_UNIFORM_EPS = 1e-7;

/**
 * Row-wise log-softmax `raw − logSumExp(raw)`. Not `tf.logSoftmax`: that op is a `tf.customGrad`,
 * and under a gradient tape on the wasm backend with `IS_TEST` set (our test setup) tfjs reports a
 * spurious "internal memory leak" for every customGrad kernel and throws.
 */
function logSoftmaxRows(raw: tf.Tensor2D): tf.Tensor2D {
  return tf.sub(raw, tf.logSumExp(raw, 1, true));
}

/**
 * Categorical policy head for discrete actions: `raw` are the logits of `n` actions.
 *
 * Actions are given to {@link CategoricalHead.logProb} one-hot (`[B, n]`) and selected with
 * a product and a sum, not `tf.gather` (which has no gradient on the wasm backend).
 *
 * @example
 * ```ts
 * const head = new CategoricalHead(4);
 * const logits = actor.apply(obs);                       // [B, 4]
 * const loss = bcLoss(head.logProb(logits, oneHotActions));
 * const greedy = head.mode(logits);                       // int32 [B]
 * const sampled = head.sample(logits, rng.seed());        // int32 [B]
 * ```
 */
export class CategoricalHead implements PolicyHead {
  readonly kind = 'categorical' as const;
  /** Number of actions, the width of the logits. */
  readonly inputDim: number;
  /** Number of actions. */
  readonly n: number;
  /** Always 1: an action is one index (passed to {@link CategoricalHead.logProb} one-hot). */
  readonly actionDim = 1;
  /** Always empty: the head has no variables of its own. */
  readonly variables: tf.Variable[] = [];

  /**
   * @param n - number of discrete actions, a positive integer.
   * @throws RangeError when `n` is not a positive integer.
   */
  constructor(n: number) {
    if (!Number.isInteger(n) || n <= 0) {
      throw new RangeError(`CategoricalHead: n must be a positive integer, got ${n}`);
    }
    this.n = n;
    this.inputDim = n;
  }

  /**
   * `log π(a | s) = Σ_i logSoftmax(raw)_i · onehot_i` (a mask, not `tf.gather`).
   *
   * @param raw - logits `[B, n]`.
   * @param actions - one-hot actions `[B, n]` (float32 preferred; int32 is cast).
   * @returns `[B]`.
   * @example
   * ```ts
   * const logp = head.logProb(logits, tf.oneHot(tf.tensor1d([0, 2], 'int32'), 4));
   * ```
   */
  logProb(raw: tf.Tensor2D, actions: tf.Tensor2D): tf.Tensor1D {
    const method = 'CategoricalHead.logProb';
    checkRaw(method, raw, this.inputDim);
    checkActions(method, actions, raw);
    return tf.tidy(() => tf.sum(tf.mul(logSoftmaxRows(raw), actions), 1));
  }

  /**
   * The most probable action per row.
   *
   * @param raw - logits `[B, n]`.
   * @returns int32 indices `[B]`.
   * @example
   * ```ts
   * const greedy = head.mode(logits);
   * ```
   */
  mode(raw: tf.Tensor2D): tf.Tensor1D {
    checkRaw('CategoricalHead.mode', raw, this.inputDim);
    return tf.argMax(raw, 1);
  }

  /**
   * One sample per row by the Gumbel-max trick, `argmax(raw − log(−log u))` with
   * `u = tf.randomUniform(shape, ε, 1 − ε, 'float32', seed)`. Same seed, same sample.
   *
   * `tf.multinomial` is not used: its cpu kernel re-seeds its generator for every row, so all rows
   * of a batch share one uniform draw (perfectly correlated samples), and tfjs treats seed 0 as
   * unseeded. The Gumbel-max draw is exact, independent across rows and identical on every backend.
   *
   * @param raw - logits `[B, n]`.
   * @param seed - seed of the tfjs random op; draw a fresh one from the library `Rng` per call.
   * @returns int32 indices `[B]`.
   * @example
   * ```ts
   * const actions = head.sample(logits, rng.seed());
   * ```
   */
  sample(raw: tf.Tensor2D, seed: number): tf.Tensor1D {
    const method = 'CategoricalHead.sample';
    checkRaw(method, raw, this.inputDim);
    const s = opSeed(method, seed);
    return tf.tidy(() => {
      const u = tf.randomUniform(raw.shape, GUMBEL_UNIFORM_EPS, 1 - GUMBEL_UNIFORM_EPS, 'float32', s);
      return tf.argMax(tf.sub(raw, tf.log(tf.neg(tf.log(u)))), 1);
    });
  }

  /**
   * Entropy per row, `−Σ_i p_i log p_i` with `p = softmax(raw)`.
   *
   * @param raw - logits `[B, n]`.
   * @returns `[B]`.
   * @example
   * ```ts
   * const h = head.entropy(logits);
   * ```
   */
  entropy(raw: tf.Tensor2D): tf.Tensor1D {
    checkRaw('CategoricalHead.entropy', raw, this.inputDim);
    return tf.tidy(() => {
      const logP = logSoftmaxRows(raw);
      return tf.neg(tf.sum<tf.Tensor1D>(tf.mul(tf.exp(logP), logP), 1));
    });
  }

  /**
   * `{ 'actor/entropy': mean entropy }` over the batch when `raw` is given, else `{}` (the head has no
   * state of its own to report). The caller disposes the scalars.
   *
   * @param raw - logits `[B, n]`.
   * @example
   * ```ts
   * const m = head.metrics(logits);
   * console.log(m['actor/entropy'].dataSync()[0]);
   * tf.dispose(Object.values(m));
   * ```
   */
  metrics(raw?: tf.Tensor2D): Record<string, tf.Scalar> {
    if (!raw) return {};
    checkRaw('CategoricalHead.metrics', raw, this.inputDim);
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
