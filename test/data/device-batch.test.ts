import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { oneHotActions, toDeviceBatch } from '../../src/data';
import type { HostBatch } from '../../src/types';
import { setTestBackend, TEST_BACKENDS } from '../helpers/backend';

function host(actions: number[]): HostBatch {
  return {
    size: 4,
    observations: new Float32Array([0, 1, 2, 3, 4, 5, 6, 7]),
    actions: new Float32Array(actions),
    rewards: new Float32Array([0.5, 1, 1.5, 2]),
    nextObservations: new Float32Array([10, 11, 12, 13, 14, 15, 16, 17]),
    terminals: new Float32Array([0, 1, 0, 1]),
  };
}

describe('oneHotActions', () => {
  it('encodes indices row by row and rejects indices outside the space', () => {
    expect(oneHotActions(new Float32Array([2, 0]), 3)).toEqual(new Float32Array([0, 0, 1, 1, 0, 0]));
    expect(() => oneHotActions(new Float32Array([0, 3]), 3)).toThrow(/actions\[1\] = 3 is not an action index in 0 … 2/);
    expect(() => oneHotActions(new Float32Array([0.5]), 3)).toThrow(RangeError);
  });
});

describe.each(TEST_BACKENDS)('toDeviceBatch on %s', (backend) => {
  beforeAll(async () => {
    await setTestBackend(backend);
  });

  it('uploads box batches with the right shapes and values', async () => {
    const batch = toDeviceBatch(host([0.1, 0.2, 0.3, 0.4]), { type: 'box', low: [-1], high: [1] }, 2);
    expect(batch.observations.shape).toEqual([4, 2]);
    expect(batch.nextObservations.shape).toEqual([4, 2]);
    expect(batch.actions.shape).toEqual([4, 1]);
    expect(batch.rewards.shape).toEqual([4]);
    expect(batch.terminals.shape).toEqual([4]);
    expect(await batch.observations.array()).toEqual([[0, 1], [2, 3], [4, 5], [6, 7]]);
    expect(await batch.nextObservations.array()).toEqual([[10, 11], [12, 13], [14, 15], [16, 17]]);
    expect(Array.from(await batch.actions.data())).toEqual(Array.from(new Float32Array([0.1, 0.2, 0.3, 0.4])));
    expect(await batch.rewards.array()).toEqual([0.5, 1, 1.5, 2]);
    expect(await batch.terminals.array()).toEqual([0, 1, 0, 1]);
    tf.dispose(Object.values(batch));
  });

  it('one-hot encodes discrete actions on the host', async () => {
    const batch = toDeviceBatch(host([2, 0, 1, 2]), { type: 'discrete', n: 3 }, 2);
    expect(batch.actions.shape).toEqual([4, 3]);
    expect(batch.actions.dtype).toBe('float32');
    expect(await batch.actions.array()).toEqual([
      [0, 0, 1],
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ]);
    tf.dispose(Object.values(batch));
  });

  it('copies the host arrays, so the sampler may overwrite them', async () => {
    const h = host([2, 0, 1, 2]);
    const batch = toDeviceBatch(h, { type: 'discrete', n: 3 }, 2);
    h.observations.fill(-1);
    h.nextObservations.fill(-1);
    h.rewards.fill(-1);
    h.terminals.fill(-1);
    expect(await batch.observations.array()).toEqual([[0, 1], [2, 3], [4, 5], [6, 7]]);
    expect(await batch.nextObservations.array()).toEqual([[10, 11], [12, 13], [14, 15], [16, 17]]);
    expect(await batch.rewards.array()).toEqual([0.5, 1, 1.5, 2]);
    expect(await batch.terminals.array()).toEqual([0, 1, 0, 1]);
    tf.dispose(Object.values(batch));
  });

  it('leaks no tensors once the batch is disposed', () => {
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) {
      const batch = toDeviceBatch(host([2, 0, 1, 2]), { type: 'discrete', n: 3 }, 2);
      expect(tf.memory().numTensors).toBe(before + 5);
      tf.dispose(Object.values(batch));
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects mismatched lengths and bad discrete indices without creating tensors', () => {
    const before = tf.memory().numTensors;
    expect(() => toDeviceBatch(host([0, 0, 0, 0]), { type: 'box', low: [-1], high: [1] }, 3)).toThrow(
      /observations has 8 values, expected 12/,
    );
    expect(() => toDeviceBatch(host([0, 0, 0, 0]), { type: 'box', low: [-1, -1], high: [1, 1] }, 2)).toThrow(
      /actions has 4 values, expected 8/,
    );
    expect(() => toDeviceBatch(host([0, 3, 0, 0]), { type: 'discrete', n: 3 }, 2)).toThrow(/actions\[1\] = 3/);
    expect(tf.memory().numTensors).toBe(before);
  });
});
