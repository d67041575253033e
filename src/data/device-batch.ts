import * as tf from '@tensorflow/tfjs-core';
import type { ActionSpace, Batch, HostBatch } from '../types';

/**
 * One-hot encodes a column of discrete action indices on the host: `[size × n]`, row-major.
 *
 * @throws RangeError when an index is not an integer in `0 … n − 1`.
 * @example
 * ```ts
 * oneHotActions(new Float32Array([2, 0]), 3); // Float32Array [0, 0, 1, 1, 0, 0]
 * ```
 */
export function oneHotActions(indices: Float32Array, n: number): Float32Array {
  const out = new Float32Array(indices.length * n);
  for (let b = 0; b < indices.length; b++) {
    const a = indices[b];
    if (!Number.isInteger(a) || a < 0 || a >= n) {
      throw new RangeError(`oneHotActions: actions[${b}] = ${a} is not an action index in 0 … ${n - 1}`);
    }
    out[b * n + a] = 1;
  }
  return out;
}

/**
 * Uploads a host batch as tensors: `observations`/`nextObservations` `[B, observationDim]`,
 * `actions` `[B, actionDim]` (box) or one-hot `[B, n]` (discrete, built on the host),
 * `rewards`/`terminals` `[B]`, and `nextActions` like `actions` when the host batch has them. The host arrays are copied, so the sampler may overwrite them
 * afterwards (the `cpu` backend would otherwise keep a reference to them). The caller owns the
 * tensors and disposes them (`tf.dispose(Object.values(batch))`).
 *
 * @throws RangeError when the host arrays' lengths do not match `size`, `observationDim` and the space.
 * @example
 * ```ts
 * const host = sampler.sample();
 * const batch = toDeviceBatch(host, dataset.actionSpace, dataset.observationDim);
 * // … use batch …
 * tf.dispose(Object.values(batch));
 * ```
 */
export function toDeviceBatch(host: HostBatch, actionSpace: ActionSpace, observationDim: number): Batch {
  const size = host.size;
  const actionDim = actionSpace.type === 'box' ? actionSpace.low.length : 1;
  const expect = (name: string, actual: number, expected: number): void => {
    if (actual !== expected) {
      throw new RangeError(`toDeviceBatch: ${name} has ${actual} values, expected ${expected} for a batch of ${size}`);
    }
  };
  expect('observations', host.observations.length, size * observationDim);
  expect('nextObservations', host.nextObservations.length, size * observationDim);
  expect('actions', host.actions.length, size * actionDim);
  expect('rewards', host.rewards.length, size);
  expect('terminals', host.terminals.length, size);
  if (host.nextActions !== undefined) expect('nextActions', host.nextActions.length, size * actionDim);
  // Host-side first (one-hot encoding can throw), so that a bad batch creates no tensor.
  const width = actionSpace.type === 'discrete' ? actionSpace.n : actionDim;
  const encode = (values: Float32Array) => (actionSpace.type === 'discrete' ? oneHotActions(values, actionSpace.n) : values.slice());
  const actions = encode(host.actions);
  const nextActions = host.nextActions === undefined ? undefined : encode(host.nextActions);
  const batch: Batch = {
    observations: tf.tensor2d(host.observations.slice(), [size, observationDim]),
    actions: tf.tensor2d(actions, [size, width]),
    rewards: tf.tensor1d(host.rewards.slice()),
    nextObservations: tf.tensor2d(host.nextObservations.slice(), [size, observationDim]),
    terminals: tf.tensor1d(host.terminals.slice()),
  };
  if (nextActions !== undefined) batch.nextActions = tf.tensor2d(nextActions, [size, width]);
  return batch;
}
