import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { AC_BC_Q_SCALE_FLOOR, acBcLoss, bcLoss, ddpgLoss, mseBcLoss, stopGradient } from '../../src/losses';
import { setTestBackend, TEST_BACKENDS } from '../helpers/backend';
import { expectClose, expectNoLeak, gradOf, values } from '../helpers/tensor-expect';

describe.each(TEST_BACKENDS)('stopGradient (%s)', (backend) => {
  beforeAll(() => setTestBackend(backend));

  it('copies the value and passes no gradient: d/dx Σ stopGradient(x)·x = x, not 2x', () => {
    const x = tf.tensor1d([1, -2, 3]);
    const y = stopGradient(x);
    expect(y).not.toBe(x);
    expect(y.shape).toEqual([3]);
    expect(values(y)).toEqual([1, -2, 3]);
    const g = gradOf((t: tf.Tensor1D) => tf.sum(tf.mul(stopGradient(t), t)), x);
    expectClose(values(g), [1, -2, 3]);
    const zero = gradOf((t: tf.Tensor1D) => tf.sum(stopGradient(t)), x);
    expectClose(values(zero), [0, 0, 0]);
    tf.dispose([x, y, g, zero]);
  });

  it('works on any rank and inside tf.variableGrads', () => {
    const m = tf.tensor2d([
      [1, 2],
      [3, 4],
    ]);
    const s = stopGradient(tf.scalar(5));
    expect(values(s)).toEqual([5]);
    const v = tf.variable(tf.tensor1d([2, -1]), true, 'stop_gradient_test_v');
    // L = Σ v² / stopGradient(Σ v²) has value 1 and gradient 2v / Σ v².
    const { value, grads } = tf.variableGrads(() => {
      const sq = tf.sum(tf.square(v));
      return tf.div(sq, stopGradient(sq)) as tf.Scalar;
    }, [v]);
    expectClose(values(value), [1]);
    expectClose(values(grads[v.name]), [4 / 5, -2 / 5]);
    expect(values(stopGradient(m))).toEqual([1, 2, 3, 4]);
    tf.dispose([m, s, value, grads]);
    v.dispose();
  });

  it('frees its intermediates', () => {
    const x = tf.tensor1d([1, 2]);
    expectNoLeak(() => stopGradient(x));
    expectNoLeak(() => gradOf((t: tf.Tensor1D) => tf.sum(tf.mul(stopGradient(t), t)), x));
    expect(x.isDisposed).toBe(false);
    x.dispose();
  });
});

describe.each(TEST_BACKENDS)('ddpgLoss and mseBcLoss (%s)', (backend) => {
  beforeAll(() => setTestBackend(backend));

  it('ddpgLoss = −mean(q) with gradient −1/B', () => {
    const q = tf.tensor1d([1, -3, 2, 4]);
    const loss = ddpgLoss(q);
    expect(loss.shape).toEqual([]);
    expectClose(values(loss), [-1]);
    const g = gradOf((t: tf.Tensor1D) => ddpgLoss(t), q);
    expectClose(values(g), [-0.25, -0.25, -0.25, -0.25]);
    const m = tf.zeros([2, 2]) as tf.Tensor as tf.Tensor1D;
    expect(() => ddpgLoss(m)).toThrow(/ddpgLoss: q must be rank 1/);
    tf.dispose([q, loss, g, m]);
  });

  it('mseBcLoss averages the squared error over batch and dimensions, gradient 2(π − a)/(B·D)', () => {
    const pi = tf.tensor2d([
      [0.5, -0.5],
      [0, 1],
    ]);
    const a = tf.tensor2d([
      [0.3, -0.5],
      [1, 0.6],
    ]);
    const loss = mseBcLoss(pi, a);
    expectClose(values(loss), [(0.04 + 0 + 1 + 0.16) / 4]);
    const g = gradOf((t: tf.Tensor2D) => mseBcLoss(t, a), pi);
    expectClose(values(g), [0.1, 0, -0.5, 0.2]);
    const a3 = tf.zeros([2, 3]) as tf.Tensor as tf.Tensor2D;
    expect(() => mseBcLoss(pi, a3)).toThrow(/target shape \[2,3\] must match actions shape \[2,2\]/);
    const v = tf.zeros([2]) as tf.Tensor as tf.Tensor2D;
    expect(() => mseBcLoss(v, v)).toThrow(/actions must be rank 2/);
    tf.dispose([pi, a, loss, g, a3, v]);
  });
});

describe.each(TEST_BACKENDS)('acBcLoss (%s)', (backend) => {
  beforeAll(() => setTestBackend(backend));

  // mean q = 1, mean |q| = 2.5
  const qValues = [1, -3, 2, 4];

  it('computes −λ·mean(q) + α·bc with λ = qWeight / mean|q| (default) or qWeight', () => {
    const q = tf.tensor1d(qValues);
    const bc = tf.scalar(0.7);
    const cases: Array<[Parameters<typeof acBcLoss>[1], number]> = [
      [undefined, -1 / 2.5 + 0.7],
      [{ qWeight: 2.5, alpha: 1 }, -1 + 0.7], // TD3+BC
      [{ qWeight: 1, alpha: 0.3 }, -0.4 + 0.21], // OGBench DDPG+BC
      [{ normalizeQ: false, qWeight: 2, alpha: 0.5 }, -2 + 0.35],
      [{ alpha: 0 }, -0.4],
      [{ qWeight: 0, alpha: 2 }, 1.4],
    ];
    for (const [options, expected] of cases) {
      const loss = acBcLoss({ q, bc }, options);
      expect(loss.shape).toEqual([]);
      expectClose(values(loss), [expected]);
      loss.dispose();
    }
    tf.dispose([q, bc]);
  });

  it('has gradient −λ/B w.r.t. q (mean|q| is a constant) and α w.r.t. bc', () => {
    const q = tf.tensor1d(qValues);
    const bc = tf.scalar(0.7);
    const [gq, gbc] = tf.grads((x: tf.Tensor, b: tf.Tensor) =>
      acBcLoss({ q: x as tf.Tensor1D, bc: b as tf.Scalar }, { qWeight: 2.5, alpha: 0.5 }),
    )([q, bc]);
    // λ = 2.5 / 2.5 = 1; differentiating through mean|q| would give −1/4 + sign(q)/10 instead.
    expectClose(values(gq), [-0.25, -0.25, -0.25, -0.25]);
    expectClose(values(gbc), [0.5]);
    const gRaw = gradOf((x: tf.Tensor1D) => acBcLoss({ q: x, bc }, { normalizeQ: false, qWeight: 2 }), q);
    expectClose(values(gRaw), [-0.5, -0.5, -0.5, -0.5]);
    tf.dispose([q, bc, gq, gbc, gRaw]);
  });

  it('works with a stochastic BC term and stays finite when every q is 0', () => {
    expect(AC_BC_Q_SCALE_FLOOR).toBe(1e-8);
    const logp = tf.tensor1d([-1, -2]);
    const q = tf.tensor1d([2, 4]);
    const loss = acBcLoss({ q, bc: bcLoss(logp) }, { alpha: 0.1 });
    expectClose(values(loss), [-1 + 0.15]);
    const zeros = tf.zeros([3]) as tf.Tensor1D;
    const bc = tf.scalar(0.2);
    const atZero = acBcLoss({ q: zeros, bc });
    expectClose(values(atZero), [0.2]);
    const g = gradOf((x: tf.Tensor1D) => acBcLoss({ q: x, bc }), zeros);
    expect(values(g).every(Number.isFinite)).toBe(true);
    tf.dispose([logp, q, loss, zeros, bc, atZero, g]);
  });

  it('rejects bad weights and shapes', () => {
    const q = tf.tensor1d(qValues);
    const bc = tf.scalar(0.7);
    for (const bad of [-1, Number.NaN, Infinity]) {
      expect(() => acBcLoss({ q, bc }, { alpha: bad })).toThrow(/alpha must be a finite number >= 0/);
      expect(() => acBcLoss({ q, bc }, { qWeight: bad })).toThrow(RangeError);
    }
    const m = tf.zeros([2, 2]) as tf.Tensor as tf.Tensor1D;
    expect(() => acBcLoss({ q: m, bc })).toThrow(/acBcLoss: q must be rank 1/);
    const v = tf.zeros([1]) as tf.Tensor as tf.Scalar;
    expect(() => acBcLoss({ q, bc: v })).toThrow(/bc must be a scalar, got shape \[1\]/);
    tf.dispose([q, bc, m, v]);
  });

  it('frees its intermediates', () => {
    const q = tf.tensor1d(qValues);
    const bc = tf.scalar(0.7);
    expectNoLeak(() => acBcLoss({ q, bc }));
    expectNoLeak(() => acBcLoss({ q, bc }, { normalizeQ: false, alpha: 0.5, qWeight: 3 }));
    expectNoLeak(() => gradOf((x: tf.Tensor1D) => acBcLoss({ q: x, bc }, { qWeight: 2.5 }), q));
    expectNoLeak(() => ddpgLoss(q));
    expect(q.isDisposed || bc.isDisposed).toBe(false);
    tf.dispose([q, bc]);
  });
});
