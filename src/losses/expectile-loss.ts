import * as tf from '@tensorflow/tfjs-core';
import { assertSameShape } from './check-shapes';

/**
 * Options of {@link expectileLoss}.
 *
 * @example
 * ```ts
 * const options: ExpectileLossOptions = { sign: advantage, reduction: 'none' };
 * ```
 */
export interface ExpectileLossOptions {
  /**
   * Tensor whose sign selects the weight, same shape as `diff`. Defaults to `diff` itself.
   *
   * OGBench (GCIVL, HIQL) passes the advantage computed with the *target* network here while the
   * squared residual `diff` comes from the *current* network: the target decides which side of the
   * expectile a sample is on, the current network is what gets regressed, which damps overestimation
   * in the same way double DQN does. The sign only picks a weight, so no gradient flows through it.
   */
  sign?: tf.Tensor;
  /** `'mean'` (default) returns a scalar; `'none'` returns the per-element loss, shaped like `diff`. */
  reduction?: 'mean' | 'none';
}

function expectileLoss_(diff: tf.Tensor, expectile: number, options: ExpectileLossOptions = {}): tf.Tensor {
  const fn = 'expectileLoss';
  if (!(expectile > 0 && expectile < 1)) {
    throw new RangeError(`${fn}: expectile must be in (0, 1), got ${expectile}`);
  }
  const reduction = options.reduction ?? 'mean';
  if (reduction !== 'mean' && reduction !== 'none') {
    throw new RangeError(`${fn}: reduction must be 'mean' or 'none', got '${String(reduction)}'`);
  }
  const sign = options.sign ?? diff;
  if (options.sign) assertSameShape(fn, 'sign', sign, 'diff', diff);
  // 1(sign < 0) via tf.step (gradient 0): comparison ops have no gradient in tfjs.
  const weight = tf.abs(tf.sub(expectile, tf.step(tf.neg(sign))));
  const loss = tf.mul(weight, tf.square(diff));
  return reduction === 'none' ? loss : tf.mean(loss);
}

/**
 * Expectile regression loss `|τ − 1(u < 0)| · u²`, the IQL value loss, with `u = diff`
 * (in IQL `u = Q(s, a) − V(s)`, the target-critic Q minus the value being trained).
 *
 * Samples above the prediction (`u > 0`) weigh `τ`, samples below weigh `1 − τ`, so minimizing it
 * over V gives the τ-expectile of Q over the dataset actions. τ = 0.5 gives `0.5 · u²`: the value of
 * the behaviour policy, i.e. SARSA-style evaluation (IQL with expectile 0.5 is the mean); τ → 1
 * approaches the maximum of Q over actions *in the data* (the in-sample max) without ever querying
 * Q at unseen actions. Common settings: 0.7 (locomotion), 0.9 (antmaze).
 *
 * The weight `1(sign < 0)` is built with `tf.step`, so its gradient is zero: gradients flow only
 * through `u²`, giving `∂L/∂u = 2 · w · u / N` under the mean reduction.
 *
 * @param diff - residual `u`, any shape (usually `[B]`).
 * @param expectile - τ in the open interval (0, 1).
 * @param options - `sign` (weight-selecting tensor, defaults to `diff`) and `reduction`.
 * @returns the mean loss as a scalar, or the per-element loss when `reduction: 'none'`.
 * @throws RangeError when `expectile` is outside (0, 1); Error when `sign` and `diff` shapes differ.
 * @example
 * ```ts
 * const qTarget = tf.tensor1d([1, 2, 3]);
 * const v = tf.tensor1d([1.5, 1.5, 1.5]);
 * const valueLoss = expectileLoss(tf.sub(qTarget, v), 0.7); // scalar
 * ```
 */
export const expectileLoss = tf.op({ expectileLoss_ });
