import * as tf from '@tensorflow/tfjs-core';

/**
 * Disposes the tensors of an object of tensors (a device batch, the metrics an update returns).
 *
 * @example
 * ```ts
 * disposeAll(trainer.update());
 * ```
 */
export function disposeAll(tensors: object): void {
  tf.dispose(Object.values(tensors) as tf.Tensor[]);
}
