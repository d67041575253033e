import * as tf from '@tensorflow/tfjs-core';
import { hasFusedKernel } from '../backend/fused-kernels';
import { SPLIT_ROWS_KERNEL } from '../backend/split-rows-kernel';

/**
 * `tf.split(x, sizes, 0)`: consecutive blocks of `sizes[i]` rows of `x`, in one fused kernel on wasm
 * and cpu for float32 (the plain op elsewhere). Values only: it has no gradient, so use it for data
 * (the two halves of a forward pass over a stacked batch), not inside a loss that is differentiated
 * on the tape through it.
 *
 * @example
 * ```ts
 * const [vS, vNext] = splitRows(value.predict(tf.concat([s, s2], 0)), [size, size]);
 * ```
 */
export function splitRows<T extends tf.Tensor>(x: T, sizes: number[]): T[] {
  if (x.rank < 1) throw new Error('splitRows: x must have at least one dimension');
  if (sizes.length === 0 || sizes.some((rows) => !Number.isInteger(rows) || rows < 0)) {
    throw new Error(`splitRows: sizes must be non-negative integers, got [${sizes}]`);
  }
  const total = sizes.reduce((p, q) => p + q, 0);
  if (total !== x.shape[0]) throw new Error(`splitRows: sizes [${sizes}] add up to ${total}, but x has ${x.shape[0]} rows`);
  if (!hasFusedKernel(SPLIT_ROWS_KERNEL) || x.dtype !== 'float32') return tf.split(x, sizes, 0) as T[];
  return tf.engine().runKernel(SPLIT_ROWS_KERNEL, { x }, { sizes }) as unknown as T[];
}
