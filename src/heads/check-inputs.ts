import type * as tf from '@tensorflow/tfjs-core';

/**
 * tfjs random ops treat seed 0 as "no seed" (an unseeded draw), so 0 is replaced by this
 * value, which lies outside the range of `Rng.seed()` ([0, 2³¹ − 1]) and cannot collide with it.
 * @example
 * ```ts
 * head.sample(raw, 0); // draws with seed ZERO_SEED_STANDIN, reproducibly
 * ```
 */
export const ZERO_SEED_STANDIN = 2 ** 31;

function formatShape(shape: readonly number[]): string {
  return `[${shape.join(',')}]`;
}

/**
 * Throws unless `raw` is `[B, width]`, naming the method, the argument and both shapes.
 * @internal
 * @example
 * ```ts
 * checkRaw('GaussianHead.mode', raw, 2);
 * ```
 */
export function checkRaw(method: string, raw: tf.Tensor, width: number): void {
  if (raw.rank !== 2 || raw.shape[1] !== width) {
    throw new Error(`${method}: raw must have shape [B, ${width}], got ${formatShape(raw.shape)}`);
  }
}

/**
 * Throws unless `actions` has the shape of `raw`.
 * @internal
 * @example
 * ```ts
 * checkActions('GaussianHead.logProb', actions, raw);
 * ```
 */
export function checkActions(method: string, actions: tf.Tensor, raw: tf.Tensor): void {
  if (actions.rank !== 2 || actions.shape[0] !== raw.shape[0] || actions.shape[1] !== raw.shape[1]) {
    throw new Error(
      `${method}: actions shape ${formatShape(actions.shape)} must match raw shape ${formatShape(raw.shape)}`,
    );
  }
}

/**
 * Throws unless `actions` is `[B, actionDim]` with the batch size of `raw` (for heads whose `raw` is
 * wider than an action).
 * @internal
 * @example
 * ```ts
 * checkBoxActions('DiscretizedHead.logProb', actions, raw, 2);
 * ```
 */
export function checkBoxActions(method: string, actions: tf.Tensor, raw: tf.Tensor, actionDim: number): void {
  if (actions.rank !== 2 || actions.shape[0] !== raw.shape[0] || actions.shape[1] !== actionDim) {
    throw new Error(
      `${method}: actions shape ${formatShape(actions.shape)} must be [B, actionDim] = ` +
        `[${raw.shape[0]},${actionDim}] (B from raw shape ${formatShape(raw.shape)})`,
    );
  }
}

/**
 * Validates a tfjs op seed and maps 0 to {@link ZERO_SEED_STANDIN}.
 * @internal
 * @example
 * ```ts
 * tf.randomNormal(shape, 0, 1, 'float32', opSeed('GaussianHead.sample', seed));
 * ```
 */
export function opSeed(method: string, seed: number): number {
  if (!Number.isFinite(seed)) throw new RangeError(`${method}: seed must be a finite number, got ${seed}`);
  return seed === 0 ? ZERO_SEED_STANDIN : seed;
}
