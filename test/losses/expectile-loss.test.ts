import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectileLoss } from '../../src/losses';
import { setTestBackend, TEST_BACKENDS } from '../helpers/backend';
import { expectClose, expectNoLeak, gradOf, values } from '../helpers/tensor-expect';

describe.each(TEST_BACKENDS)('expectileLoss (%s)', (backend) => {
  beforeAll(() => setTestBackend(backend));

  const u = [-2, -1, 0.5, 3];
  const tau = 0.7;
  const w = [0.3, 0.3, 0.7, 0.7];
  const perElement = u.map((x, i) => w[i] * x * x); // [1.2, 0.3, 0.175, 6.3]

  it('weighs negative residuals by 1 − τ and positive ones by τ', () => {
    const diff = tf.tensor1d(u);
    const mean = expectileLoss(diff, tau);
    expect(mean.shape).toEqual([]);
    expectClose(values(mean), [perElement.reduce((a, b) => a + b) / u.length]);
    const none = expectileLoss(diff, tau, { reduction: 'none' });
    expect(none.shape).toEqual([4]);
    expectClose(values(none), perElement);
    tf.dispose([diff, mean, none]);
  });

  it('takes the weight from a separate sign tensor when given', () => {
    const diff = tf.tensor1d(u);
    const sign = tf.tensor1d([1, -1, -1, 1]);
    const loss = expectileLoss(diff, tau, { sign, reduction: 'none' });
    expectClose(values(loss), [0.7 * 4, 0.3 * 1, 0.3 * 0.25, 0.7 * 9]);
    tf.dispose([diff, sign, loss]);
  });

  it('gives 0.5·u² at τ = 0.5 and weight τ at u = 0', () => {
    const diff = tf.tensor1d([-2, 0, 3]);
    const half = expectileLoss(diff, 0.5, { reduction: 'none' });
    expectClose(values(half), [2, 0, 4.5]);
    const zero = tf.tensor1d([0]);
    const zeroLoss = expectileLoss(zero, 0.9, { sign: tf.tensor1d([0]), reduction: 'none' });
    expectClose(values(zeroLoss), [0]);
    tf.dispose([diff, half, zero, zeroLoss]);
  });

  it('has gradient 2·w·u/N (the weight carries no gradient)', () => {
    const diff = tf.tensor1d(u);
    const g = gradOf((d: tf.Tensor1D) => expectileLoss(d, tau), diff);
    expectClose(values(g), u.map((x, i) => (2 * w[i] * x) / u.length));
    const sign = tf.tensor1d([1, -1, -1, 1]);
    const [gDiff, gSign] = tf.grads((d: tf.Tensor, s: tf.Tensor) => expectileLoss(d, tau, { sign: s }) as tf.Scalar)([
      diff,
      sign,
    ]);
    expectClose(values(gDiff), u.map((x, i) => (2 * [0.7, 0.3, 0.3, 0.7][i] * x) / u.length));
    expectClose(values(gSign), [0, 0, 0, 0]);
    tf.dispose([diff, g, sign, gDiff, gSign]);
  });

  it('is minimized at the τ-expectile: V = 10(2τ − 1) for returns ±10 (the two-step chain toy)', () => {
    for (const t of [0.5, 0.7, 0.9]) {
      const v = tf.scalar(10 * (2 * t - 1));
      const returns = tf.tensor1d([10, -10]);
      const dv = gradOf((x: tf.Scalar) => expectileLoss(tf.sub(returns, x), t), v);
      expectClose(values(dv), [0], { atol: 1e-4 });
      tf.dispose([v, returns, dv]);
    }
  });

  it('rejects τ outside (0, 1), a bad reduction and a mismatched sign', () => {
    const diff = tf.tensor1d(u);
    for (const bad of [0, 1, -0.1, 1.5, Number.NaN]) {
      expect(() => expectileLoss(diff, bad)).toThrow(RangeError);
    }
    expect(() => expectileLoss(diff, 0.7, { reduction: 'sum' as 'mean' })).toThrow(/reduction/);
    const sign = tf.tensor1d([1, 2, 3]);
    expect(() => expectileLoss(diff, 0.7, { sign })).toThrow(/sign shape \[3\] must match diff shape \[4\]/);
    tf.dispose([diff, sign]);
  });

  it('frees its intermediates and leaves its inputs alive', () => {
    const diff = tf.tensor1d(u);
    const sign = tf.tensor1d([1, -1, -1, 1]);
    expectNoLeak(() => expectileLoss(diff, tau));
    expectNoLeak(() => expectileLoss(diff, tau, { sign, reduction: 'none' }));
    expectNoLeak(() => gradOf((d: tf.Tensor1D) => expectileLoss(d, tau), diff));
    expect(diff.isDisposed || sign.isDisposed).toBe(false);
    tf.dispose([diff, sign]);
  });
});
