import * as tf from '@tensorflow/tfjs-core';
import { runsValuesKernel } from '../backend/fused-kernels';
import { TD_TARGET_KERNEL } from '../backend/target-kernels';
import { assertRank1, assertSameShape } from './check-shapes';

/**
 * The tensors {@link tdTarget} combines, all of shape `[B]`.
 *
 * @example
 * ```ts
 * const args: TdTargetArgs = { rewards, terminals, nextValues: value.apply(nextObservations) };
 * ```
 */
export interface TdTargetArgs {
  /** Rewards `r`. */
  rewards: tf.Tensor1D;
  /** 1 where the transition ends in a true terminal state (no bootstrap), else 0. Not timeouts. */
  terminals: tf.Tensor1D;
  /** Bootstrap values `V(s')` (IQL) or `min_k Q_k(s', a')` (TD3, CQL). */
  nextValues: tf.Tensor1D;
}

function tdTarget_(args: TdTargetArgs, discount: number): tf.Tensor1D {
  const fn = 'tdTarget';
  const { rewards, terminals, nextValues } = args;
  if (!(discount >= 0 && discount <= 1)) {
    throw new RangeError(`${fn}: discount must be in [0, 1], got ${discount}`);
  }
  assertRank1(fn, 'rewards', rewards);
  assertSameShape(fn, 'terminals', terminals, 'rewards', rewards);
  assertSameShape(fn, 'nextValues', nextValues, 'rewards', rewards);
  // One kernel with the plain ops' float32 values (not under a tape: it has no gradient).
  if (runsValuesKernel(TD_TARGET_KERNEL, [rewards, terminals, nextValues])) {
    return tf.engine().runKernel(TD_TARGET_KERNEL, { rewards, terminals, nextValues }, { discount }) as tf.Tensor1D;
  }
  const bootstrap = tf.mul(tf.sub(1, terminals), nextValues);
  return tf.add(rewards, tf.mul(bootstrap, discount));
}

/**
 * One-step TD target `y = r + γ · (1 − terminal) · V(s')`.
 *
 * Only `terminals` cut the bootstrap; an episode that ended by a time limit (`timeouts`) still
 * bootstraps. Compute the target outside the gradient closure (or wrap it in {@link stopGradient}):
 * TensorFlow.js itself has no stop-gradient op, so a target built inside it would be differentiated
 * through.
 *
 * @param args - `rewards`, `terminals` and `nextValues`, all `[B]`.
 * @param discount - γ in [0, 1]; 1 (undiscounted) is allowed.
 * @returns the target `[B]`.
 * @throws RangeError when `discount` is outside [0, 1]; Error on shape mismatch.
 * @example
 * ```ts
 * const y = tdTarget({ rewards, terminals, nextValues: tf.squeeze(valueNet.apply(nextObs)) }, 0.99);
 * ```
 */
export const tdTarget = tf.op({ tdTarget_ });
