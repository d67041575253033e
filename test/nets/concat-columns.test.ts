import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setFusedKernelsEnabled } from '../../src/backend/fused-kernels';
import { concatColumns } from '../../src/nets/concat-columns';
import { setTestBackend, TEST_BACKENDS } from '../helpers/backend';

describe.each(TEST_BACKENDS)('concatColumns on %s', (backend) => {
  beforeAll(async () => setTestBackend(backend));
  afterEach(() => setFusedKernelsEnabled(true));

  it('gives the values of tf.concat(xs, 1), for two and for many tensors, and leaks nothing', () => {
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      const a = tf.randomNormal([7, 3], 0, 1, 'float32', 1) as tf.Tensor2D;
      const b = tf.randomNormal([7, 1], 0, 1, 'float32', 2) as tf.Tensor2D;
      const c = tf.randomNormal([7, 5], 0, 1, 'float32', 3) as tf.Tensor2D;
      for (const xs of [[a, b], [a, b, c, a], Array.from({ length: 10 }, () => c)]) {
        const fused = concatColumns(xs);
        expect(fused.shape).toEqual([7, xs.reduce((w, x) => w + x.shape[1], 0)]);
        expect(Array.from(fused.dataSync())).toEqual(Array.from(tf.concat(xs, 1).dataSync()));
      }
    });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('falls back to tf.concat with the fused kernels off, and names a tensor whose rows differ', () => {
    tf.tidy(() => {
      setFusedKernelsEnabled(false);
      expect(Array.from(concatColumns([tf.ones([2, 1]) as tf.Tensor2D, tf.zeros([2, 1]) as tf.Tensor2D]).dataSync())).toEqual([1, 0, 1, 0]);
      setFusedKernelsEnabled(true);
      expect(() => concatColumns([tf.ones([2, 1]) as tf.Tensor2D, tf.zeros([3, 1]) as tf.Tensor2D])).toThrow(/tensor 1 has shape \[3,1\]/);
    });
  });
});
