import type * as tf from '@tensorflow/tfjs-core';

/**
 * Formats a shape as `[4,2]` for error messages.
 * @internal
 * @example
 * ```ts
 * formatShape([4, 2]); // '[4,2]'
 * ```
 */
export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(',')}]`;
}

/**
 * Throws when `t` is not rank 1, naming the function and the argument.
 * @internal
 * @example
 * ```ts
 * assertRank1('bcLoss', 'logProbs', logProbs);
 * ```
 */
export function assertRank1(fn: string, name: string, t: tf.Tensor): void {
  if (t.rank !== 1) {
    throw new Error(`${fn}: ${name} must be rank 1 [B], got shape ${formatShape(t.shape)}`);
  }
}

/**
 * Throws when `t` does not have the shape of `ref`, naming both arguments and both shapes.
 * @internal
 * @example
 * ```ts
 * assertSameShape('awrLoss', 'weights', weights, 'logProbs', logProbs);
 * ```
 */
export function assertSameShape(fn: string, name: string, t: tf.Tensor, refName: string, ref: tf.Tensor): void {
  const a = t.shape;
  const b = ref.shape;
  if (a.length !== b.length || a.some((d, i) => d !== b[i])) {
    throw new Error(
      `${fn}: ${name} shape ${formatShape(a)} must match ${refName} shape ${formatShape(b)}`,
    );
  }
}
