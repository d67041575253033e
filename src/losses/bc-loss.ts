import * as tf from '@tensorflow/tfjs-core';
import { assertRank1 } from './check-shapes';

function bcLoss_(logProbs: tf.Tensor1D): tf.Scalar {
  assertRank1('bcLoss', 'logProbs', logProbs);
  return tf.neg(tf.mean<tf.Scalar>(logProbs));
}

/**
 * Behaviour cloning loss `−mean(log π(a | s))`: maximum likelihood of the dataset actions.
 * Equal to {@link awrLoss} with all weights 1 (AWR with β = 0), one op cheaper.
 *
 * @param logProbs - `log π(a | s)` of the dataset actions, `[B]`.
 * @returns scalar loss.
 * @throws Error when `logProbs` is not rank 1.
 * @example
 * ```ts
 * const loss = bcLoss(head.logProb(actor.apply(obs), actions));
 * ```
 */
export const bcLoss = tf.op({ bcLoss_ });
