import * as tf from '@tensorflow/tfjs-core';
import { assertRank1, assertSameShape, formatShape } from './check-shapes';

function tdLoss_(predictions: tf.Tensor1D[] | tf.Tensor2D, target: tf.Tensor1D): tf.Scalar {
  const fn = 'tdLoss';
  assertRank1(fn, 'target', target);
  if (Array.isArray(predictions)) {
    if (predictions.length === 0) throw new Error(`${fn}: predictions must hold at least one critic`);
    predictions.forEach((q, k) => assertSameShape(fn, `predictions[${k}]`, q, 'target', target));
    const squared = predictions.map((q) => tf.squaredDifference(q, target));
    return tf.mean(squared.length === 1 ? squared[0] : tf.addN(squared));
  }
  if (predictions.rank !== 2 || predictions.shape[0] !== target.shape[0]) {
    throw new Error(
      `${fn}: stacked predictions must have shape [B, K] with B = ${target.shape[0]} (target shape ` +
        `${formatShape(target.shape)}), got ${formatShape(predictions.shape)}`,
    );
  }
  const squared = tf.squaredDifference(predictions, tf.reshape(target, [target.shape[0], 1]));
  return tf.mean(tf.sum(squared, 1));
}

/**
 * Critic regression loss `Σ_k mean_B((Q_k − y)²)`, summed over an ensemble of critics.
 *
 * With two critics this is the official IQL / CORL twin-critic loss `((q1 − y)² + (q2 − y)²).mean()`.
 * The target `y` (from {@link tdTarget}) must be computed outside the gradient closure.
 *
 * @param predictions - one `[B]` tensor per critic, or the critics stacked as `[B, K]`.
 * @param target - TD target `[B]`.
 * @returns scalar loss.
 * @throws Error when a prediction does not match the target's shape, or the list is empty.
 * @example
 * ```ts
 * const y = tdTarget({ rewards, terminals, nextValues }, 0.99); // outside the closure
 * const loss = tdLoss([q1, q2], y);                             // inside it
 * ```
 */
export const tdLoss = tf.op({ tdLoss_ });
