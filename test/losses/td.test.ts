import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { hasFusedKernel, setFusedKernelsEnabled } from '../../src/backend/fused-kernels';
import { TD_TARGET_KERNEL } from '../../src/backend/target-kernels';
import { tdLoss, tdTarget } from '../../src/losses';
import { Rng } from '../../src/rng';
import { setTestBackend, TEST_BACKENDS } from '../helpers/backend';
import { expectClose, expectNoLeak, gradOf, values } from '../helpers/tensor-expect';

describe.each(TEST_BACKENDS)('tdTarget (%s)', (backend) => {
  beforeAll(() => setTestBackend(backend));

  it('computes r + γ(1 − terminal)V(s′), discount 1 and 0 included', () => {
    const rewards = tf.tensor1d([1, 2, 3]);
    const terminals = tf.tensor1d([0, 1, 0]);
    const nextValues = tf.tensor1d([10, 20, 30]);
    const args = { rewards, terminals, nextValues };
    const y = tdTarget(args, 0.9);
    expect(y.shape).toEqual([3]);
    expectClose(values(y), [10, 2, 30]);
    const y1 = tdTarget(args, 1);
    expectClose(values(y1), [11, 2, 33]);
    const y0 = tdTarget(args, 0);
    expectClose(values(y0), [1, 2, 3]);
    tf.dispose([rewards, terminals, nextValues, y, y1, y0]);
  });

  it('rejects a discount outside [0, 1] and mismatched shapes', () => {
    const rewards = tf.tensor1d([1, 2, 3]);
    const terminals = tf.tensor1d([0, 1]);
    const nextValues = tf.tensor1d([1, 1, 1]);
    for (const bad of [-0.1, 1.01, Number.NaN]) {
      expect(() => tdTarget({ rewards, terminals: nextValues, nextValues }, bad)).toThrow(RangeError);
    }
    expect(() => tdTarget({ rewards, terminals, nextValues }, 0.9)).toThrow(
      /terminals shape \[2\] must match rewards shape \[3\]/,
    );
    const matrix = tf.zeros([3, 1]) as tf.Tensor as tf.Tensor1D;
    expect(() => tdTarget({ rewards: matrix, terminals: matrix, nextValues: matrix }, 0.9)).toThrow(/rewards must be rank 1/);
    tf.dispose([rewards, terminals, nextValues, matrix]);
  });

  it('gives the plain ops values bit for bit in its one fused kernel', () => {
    expect(hasFusedKernel(TD_TARGET_KERNEL)).toBe(true);
    const rng = new Rng(7);
    const size = 1000;
    const rewards = tf.tensor1d(Array.from({ length: size }, () => rng.normal()));
    const terminals = tf.tensor1d(Array.from({ length: size }, () => (rng.next() < 0.3 ? 1 : 0)));
    const nextValues = tf.tensor1d(Array.from({ length: size }, () => 100 * rng.normal()));
    for (const discount of [0.99, 0.9, 1 / 3, 1, 0]) {
      const fused = values(tdTarget({ rewards, terminals, nextValues }, discount));
      setFusedKernelsEnabled(false);
      try {
        expect(fused).toEqual(values(tdTarget({ rewards, terminals, nextValues }, discount)));
      } finally {
        setFusedKernelsEnabled(true);
      }
    }
    tf.dispose([rewards, terminals, nextValues]);
  });

  it('frees its intermediates', () => {
    const t = tf.tensor1d([0, 1, 0]);
    expectNoLeak(() => tdTarget({ rewards: t, terminals: t, nextValues: t }, 0.99));
    t.dispose();
  });
});

describe.each(TEST_BACKENDS)('tdLoss (%s)', (backend) => {
  beforeAll(() => setTestBackend(backend));

  const q1 = [1, 2, 3];
  const q2 = [0, 2, 5];
  const y = [1, 1, 1];
  // (0 + 1 + 4)/3 + (1 + 1 + 16)/3
  const expected = 23 / 3;

  it('sums the mean squared errors of the critics', () => {
    const [a, b, t] = [tf.tensor1d(q1), tf.tensor1d(q2), tf.tensor1d(y)];
    const loss = tdLoss([a, b], t);
    expect(loss.shape).toEqual([]);
    expectClose(values(loss), [expected]);
    const single = tdLoss([a], t);
    expectClose(values(single), [5 / 3]);
    tf.dispose([a, b, t, loss, single]);
  });

  it('accepts the critics stacked as [B, K] with the same value and gradient', () => {
    const stacked = tf.tensor2d(q1.map((v, i) => [v, q2[i]]));
    const t = tf.tensor1d(y);
    const loss = tdLoss(stacked, t);
    expectClose(values(loss), [expected]);
    const g = gradOf((q: tf.Tensor2D) => tdLoss(q, t), stacked);
    expectClose(values(g), q1.flatMap((v, i) => [(2 * (v - y[i])) / 3, (2 * (q2[i] - y[i])) / 3]));
    tf.dispose([stacked, t, loss, g]);
  });

  it('has gradient 2(q_k − y)/B for each critic', () => {
    const [a, b, t] = [tf.tensor1d(q1), tf.tensor1d(q2), tf.tensor1d(y)];
    const [ga, gb] = tf.grads((x: tf.Tensor, z: tf.Tensor) => tdLoss([x as tf.Tensor1D, z as tf.Tensor1D], t))([a, b]);
    expectClose(values(ga), [0, 2 / 3, 4 / 3]);
    expectClose(values(gb), [-2 / 3, 2 / 3, 8 / 3]);
    tf.dispose([a, b, t, ga, gb]);
  });

  it('rejects mismatched shapes and an empty ensemble', () => {
    const [a, t] = [tf.tensor1d([1, 2]), tf.tensor1d(y)];
    expect(() => tdLoss([a], t)).toThrow(/predictions\[0\] shape \[2\] must match target shape \[3\]/);
    expect(() => tdLoss([], t)).toThrow(/at least one critic/);
    const stacked = tf.zeros([2, 2]) as tf.Tensor as tf.Tensor2D;
    expect(() => tdLoss(stacked, t)).toThrow(/\[B, K\] with B = 3.*got \[2,2\]/);
    tf.dispose([a, t, stacked]);
  });

  it('frees its intermediates', () => {
    const [a, b, t] = [tf.tensor1d(q1), tf.tensor1d(q2), tf.tensor1d(y)];
    const stacked = tf.stack([a, b], 1) as tf.Tensor2D;
    expectNoLeak(() => tdLoss([a, b], t));
    expectNoLeak(() => tdLoss(stacked, t));
    expectNoLeak(() => gradOf((q: tf.Tensor2D) => tdLoss(q, t), stacked));
    tf.dispose([a, b, t, stacked]);
  });
});
