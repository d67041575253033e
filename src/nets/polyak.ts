import * as tf from '@tensorflow/tfjs-core';
import { FUSED_POLYAK_KERNEL, hasFusedKernel, polyakInPlace } from '../backend/fused-kernels';

/**
 * Polyak (soft) target update, `target ← (1 − rate)·target + rate·source`, for each pair of variables.
 * `rate` is what other codebases call `tau` (0.005 in IQL and TD3+BC); offline-rl names it
 * `targetUpdateRate` so it never collides with the IQL expectile.
 *
 * @example
 * ```ts
 * polyakUpdate(targetCritic.variables, critic.variables, 0.005);
 * ```
 */
export function polyakUpdate(target: tf.Variable[], source: tf.Variable[], rate: number): void {
  if (target.length !== source.length) {
    throw new Error(`polyakUpdate: ${target.length} target variables but ${source.length} source variables`);
  }
  if (!(rate >= 0 && rate <= 1)) throw new RangeError(`polyakUpdate: rate must be in [0, 1], got ${rate}`);
  // On the wasm heap: over the targets' own memory (no new tensors, no assigns).
  if (polyakInPlace(target, source, rate)) return;
  if (hasFusedKernel(FUSED_POLYAK_KERNEL)) {
    // One kernel launch for every pair (see backend/fused-kernels).
    const inputs: tf.NamedTensorMap = {};
    target.forEach((t, i) => Object.assign(inputs, { [`target${i}`]: t, [`source${i}`]: source[i] }));
    const outs = tf.engine().runKernel(FUSED_POLYAK_KERNEL, inputs, { count: target.length, rate }) as tf.Tensor[];
    target.forEach((t, i) => t.assign(outs[i]));
    tf.dispose(outs);
    return;
  }
  tf.tidy(() => {
    target.forEach((t, i) => t.assign(tf.add(t, tf.mul(tf.sub(source[i], t), rate))));
  });
}
