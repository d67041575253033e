import * as tf from '@tensorflow/tfjs-core';
import { runsValuesKernel } from '../backend/fused-kernels';
import { AWR_WEIGHTS_KERNEL } from '../backend/target-kernels';
import { assertRank1 } from './check-shapes';

/**
 * Cap on AWR weights `exp(β·A)`, as in the official IQL code and CORL (`EXP_ADV_MAX = 100`).
 * @example
 * ```ts
 * awrWeights(advantages, 3, { maxWeight: AWR_MAX_WEIGHT / 2 });
 * ```
 */
export const AWR_MAX_WEIGHT = 100;

/**
 * Options of {@link awrWeights}.
 *
 * @example
 * ```ts
 * const options: AwrWeightsOptions = { maxWeight: 20 };
 * ```
 */
export interface AwrWeightsOptions {
  /** Upper clip of the weights, > 0; `Infinity` disables clipping. @defaultValue {@link AWR_MAX_WEIGHT} (100) */
  maxWeight?: number;
}

function awrWeights_(advantages: tf.Tensor1D, beta: number, options: AwrWeightsOptions = {}): tf.Tensor1D {
  const fn = 'awrWeights';
  const maxWeight = options.maxWeight ?? AWR_MAX_WEIGHT;
  if (!(beta >= 0 && Number.isFinite(beta))) {
    throw new RangeError(`${fn}: beta must be a finite number >= 0, got ${beta}`);
  }
  if (!(maxWeight > 0)) throw new RangeError(`${fn}: maxWeight must be > 0, got ${maxWeight}`);
  assertRank1(fn, 'advantages', advantages);
  // One kernel (the cpu backend's values; within a float32 ulp of wasm's exp; not under a tape).
  if (runsValuesKernel(AWR_WEIGHTS_KERNEL, [advantages])) {
    return tf.engine().runKernel(AWR_WEIGHTS_KERNEL, { advantages }, { beta, maxWeight }) as tf.Tensor1D;
  }
  const weights = tf.exp(tf.mul<tf.Tensor1D>(advantages, beta));
  return maxWeight === Infinity ? weights : tf.minimum(weights, maxWeight);
}

/**
 * Advantage-weighted regression weights `min(exp(β · A), maxWeight)`.
 *
 * β (the inverse temperature; jaxrl_m `temperature`, CORL `beta`) trades BC (β → 0, all weights 1)
 * against greedy extraction (large β). In IQL, `A = min_k Q_target,k(s, a) − V(s)`.
 *
 * The weights are constants of the actor loss. TensorFlow.js itself has no stop-gradient op
 * (offline-rl's {@link stopGradient} is one); they are cheapest computed *outside* the gradient
 * closure (before `tf.variableGrads` / `optimizer.minimize`), with the result passed to {@link awrLoss}; computed inside, gradients would also flow through `exp(β·A)` into
 * whatever produced `A`.
 *
 * @param advantages - `A(s, a)` per row, `[B]`.
 * @param beta - inverse temperature β ≥ 0.
 * @param options - `maxWeight` (default {@link AWR_MAX_WEIGHT}).
 * @returns weights `[B]`.
 * @throws RangeError when `beta` is negative or not finite, or `maxWeight` is not positive.
 * @example
 * ```ts
 * const weights = tf.tidy(() => awrWeights(tf.sub(qTargetMin, v), 3)); // outside the closure
 * const { value, grads } = tf.variableGrads(
 *   () => awrLoss(head.logProb(actor.apply(obs), actions), weights), actorVars);
 * ```
 */
export const awrWeights = tf.op({ awrWeights_ });
