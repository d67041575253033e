import * as tf from '@tensorflow/tfjs-core';
import { assertRank1 } from './check-shapes';

function ddpgLoss_(q: tf.Tensor1D): tf.Scalar {
  assertRank1('ddpgLoss', 'q', q);
  return tf.neg(tf.mean<tf.Scalar>(q));
}

/**
 * DDPG actor loss `−mean(Q(s, π(s)))`: ascend the critic through the policy's action. `q` must be
 * computed inside the gradient closure from the actor's action (a differentiable `PolicyHead.mode`,
 * e.g. {@link DeterministicHead}), with only the actor's variables in the update.
 *
 * @param q - `Q(s, π(s))` per row, `[B]`.
 * @returns scalar loss.
 * @throws Error when `q` is not rank 1.
 * @example
 * ```ts
 * const loss = learner.step(() => ddpgLoss(critic.apply(obs, head.mode(actor.apply(obs)))));
 * ```
 */
export const ddpgLoss = tf.op({ ddpgLoss_ });
