import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SPLIT_ROWS_KERNEL } from '../../src/backend/split-rows-kernel';
import { hasFusedKernel, setFusedKernelsEnabled } from '../../src/backend/fused-kernels';
import { splitRows } from '../../src/nets/split-rows';
import { setTestBackend, TEST_BACKENDS } from '../helpers/backend';

describe.each(TEST_BACKENDS)('splitRows on %s', (backend) => {
  beforeAll(async () => setTestBackend(backend));
  afterEach(() => setFusedKernelsEnabled(true));

  it('gives the blocks of tf.split(x, sizes, 0) for vectors, matrices and rank 3, in its own kernel, and leaks nothing', () => {
    expect(hasFusedKernel(SPLIT_ROWS_KERNEL)).toBe(true);
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      const cases: Array<[tf.Tensor, number[]]> = [
        [tf.randomNormal([512], 0, 1, 'float32', 1), [256, 256]],
        [tf.randomNormal([9, 3], 0, 1, 'float32', 2), [2, 0, 4, 3]],
        [tf.randomNormal([5, 2, 3], 0, 1, 'float32', 3), [1, 4]],
      ];
      for (const [x, sizes] of cases) {
        const got = splitRows(x, sizes);
        const want = tf.split(x, sizes, 0);
        expect(got.map((t) => t.shape)).toEqual(want.map((t) => t.shape));
        got.forEach((t, i) => expect(Array.from(t.dataSync())).toEqual(Array.from(want[i].dataSync())));
      }
    });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('falls back to tf.split with the fused kernels off or for int32, and names sizes that do not add up', () => {
    tf.tidy(() => {
      const x = tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2]);
      setFusedKernelsEnabled(false);
      expect(splitRows(x, [1, 2]).map((t) => Array.from(t.dataSync()))).toEqual([[1, 2], [3, 4, 5, 6]]);
      setFusedKernelsEnabled(true);
      expect(splitRows(tf.tensor1d([7, 8, 9], 'int32'), [2, 1]).map((t) => [t.dtype, Array.from(t.dataSync())])).toEqual([['int32', [7, 8]], ['int32', [9]]]);
      expect(() => splitRows(x, [1, 1])).toThrow(/sizes \[1,1\] add up to 2, but x has 3 rows/);
      expect(() => splitRows(x, [1.5, 1.5])).toThrow(/non-negative integers/);
    });
  });
});
