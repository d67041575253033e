import * as tf from '@tensorflow/tfjs-core';
import { assertRank1, assertSameShape } from './check-shapes';

function awrLoss_(logProbs: tf.Tensor1D, weights: tf.Tensor1D): tf.Scalar {
  const fn = 'awrLoss';
  assertRank1(fn, 'logProbs', logProbs);
  assertSameShape(fn, 'weights', weights, 'logProbs', logProbs);
  return tf.neg(tf.mean<tf.Scalar>(tf.mul(weights, logProbs)));
}

/**
 * Advantage-weighted regression actor loss `−mean(w · log π(a | s))`: behaviour cloning of the
 * dataset actions, each weighted by `w` from {@link awrWeights}.
 *
 * Its gradient with respect to `logProbs` is `−w / B`; `weights` are treated as constants, so
 * compute them outside the gradient closure (or pass them through {@link stopGradient}).
 *
 * @param logProbs - `log π(a | s)` of the dataset actions, `[B]` (see `PolicyHead.logProb`).
 * @param weights - per-row weights `[B]`.
 * @returns scalar loss.
 * @throws Error when the shapes differ or are not rank 1.
 * @example
 * ```ts
 * const weights = awrWeights(advantages, 3); // outside the closure
 * const loss = awrLoss(head.logProb(actor.apply(obs), actions), weights);
 * ```
 */
export const awrLoss = tf.op({ awrLoss_ });
