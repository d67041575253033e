import * as tf from '@tensorflow/tfjs-core';
import { assertSameShape, formatShape } from './check-shapes';

function mseBcLoss_(actions: tf.Tensor2D, target: tf.Tensor2D): tf.Scalar {
  const fn = 'mseBcLoss';
  if (actions.rank !== 2) {
    throw new Error(`${fn}: actions must be rank 2 [B, actionDim], got shape ${formatShape(actions.shape)}`);
  }
  assertSameShape(fn, 'target', target, 'actions', actions);
  return tf.mean(tf.squaredDifference(actions, target));
}

/**
 * Deterministic behaviour cloning loss `mean_{b,d} (π(s)_{b,d} − a_{b,d})²`, averaged over the batch
 * *and* the action dimensions: TD3+BC's `F.mse_loss(pi, a)`. {@link bcLoss} is the stochastic form
 * (`−mean log π(a|s)`); with a `DeterministicHead` it equals `actionDim ·` this loss.
 *
 * @param actions - the policy's actions `π(s)`, `[B, actionDim]`.
 * @param target - dataset actions `[B, actionDim]`.
 * @returns scalar loss.
 * @throws Error when `actions` is not rank 2 or the shapes differ.
 * @example
 * ```ts
 * const bc = mseBcLoss(head.mode(actor.apply(obs)), actions);
 * ```
 */
export const mseBcLoss = tf.op({ mseBcLoss_ });
