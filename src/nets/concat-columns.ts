import * as tf from '@tensorflow/tfjs-core';
import { CONCAT_COLUMNS_KERNEL } from '../backend/concat-columns-kernel';
import { hasFusedKernel } from '../backend/fused-kernels';

/**
 * `tf.concat(xs, 1)` for float32 `[rows, c_i]` tensors, in one fused kernel on wasm and cpu (the
 * plain op elsewhere, or for other dtypes). Values only: it has no gradient, so use it for data
 * (a critic's `concat(observations, actions)` before a hand-written forward pass), not inside a
 * loss that is differentiated on the tape through it.
 *
 * @example
 * ```ts
 * const input = concatColumns([observations, actions]); // [B, obsDim + actDim]
 * ```
 */
export function concatColumns(xs: tf.Tensor2D[]): tf.Tensor2D {
  if (xs.length === 0) throw new Error('concatColumns: needs at least one tensor');
  const rows = xs[0].shape[0];
  xs.forEach((x, k) => {
    if (x.rank !== 2 || x.shape[0] !== rows) throw new Error(`concatColumns: every tensor must be [${rows}, c]; tensor ${k} has shape [${x.shape}]`);
  });
  if (xs.length === 1) return tf.clone(xs[0]);
  if (!hasFusedKernel(CONCAT_COLUMNS_KERNEL) || xs.some((x) => x.dtype !== 'float32')) return tf.concat(xs, 1) as tf.Tensor2D;
  const inputs: tf.NamedTensorMap = {};
  xs.forEach((x, k) => {
    inputs[`x${k}`] = x;
  });
  return tf.engine().runKernel(CONCAT_COLUMNS_KERNEL, inputs, { count: xs.length }) as tf.Tensor2D;
}
