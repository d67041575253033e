import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { hasFusedKernel, setFusedKernelsEnabled } from '../../src/backend/fused-kernels';
import { AWR_WEIGHTS_KERNEL } from '../../src/backend/target-kernels';
import { AWR_MAX_WEIGHT, awrLoss, awrWeights, bcLoss } from '../../src/losses';
import { Rng } from '../../src/rng';
import { setTestBackend, TEST_BACKENDS } from '../helpers/backend';
import { expectClose, expectNoLeak, gradOf, values } from '../helpers/tensor-expect';

describe.each(TEST_BACKENDS)('awrWeights (%s)', (backend) => {
  beforeAll(() => setTestBackend(backend));

  it('computes min(exp(β·A), 100), clipping exactly at AWR_MAX_WEIGHT, also on overflow', () => {
    expect(AWR_MAX_WEIGHT).toBe(100);
    const adv = tf.tensor1d([0, 1, 2, 1000, -1]);
    const w = awrWeights(adv, 3);
    const got = values(w);
    expectClose(got, [1, Math.exp(3), 100, 100, Math.exp(-3)], { rtol: 1e-5 });
    expect(got[2]).toBe(100);
    expect(got[3]).toBe(100);
    tf.dispose([adv, w]);
  });

  it('honours maxWeight, Infinity (no clip) and β = 0 (behaviour cloning)', () => {
    const adv = tf.tensor1d([0, 1, 2]);
    const w10 = awrWeights(adv, 3, { maxWeight: 10 });
    expectClose(values(w10), [1, 10, 10]);
    const wInf = awrWeights(adv, 3, { maxWeight: Infinity });
    expectClose(values(wInf), [1, Math.exp(3), Math.exp(6)], { rtol: 1e-5 });
    const w0 = awrWeights(adv, 0);
    expectClose(values(w0), [1, 1, 1]);
    tf.dispose([adv, w10, wInf, w0]);
  });

  it('gives the plain ops values in its one fused kernel (cpu: bit for bit; wasm: within a float32 ulp of its exp)', () => {
    expect(hasFusedKernel(AWR_WEIGHTS_KERNEL)).toBe(true);
    const rng = new Rng(8);
    const advantages = tf.tensor1d(Array.from({ length: 1000 }, () => 3 * rng.normal()));
    for (const [beta, maxWeight] of [[3, 100], [1 / 3, 100], [10, Infinity], [0, 100], [0.5, 2]]) {
      const fused = values(awrWeights(advantages, beta, { maxWeight }));
      setFusedKernelsEnabled(false);
      let plain: number[];
      try {
        plain = values(awrWeights(advantages, beta, { maxWeight }));
      } finally {
        setFusedKernelsEnabled(true);
      }
      if (backend === 'cpu') expect(fused).toEqual(plain);
      // One float32 ulp is 2^-23 relative (at most); the clip is exact either way.
      else fused.forEach((w, i) => expect(w === plain[i] || Math.abs(w - plain[i]) <= Math.abs(plain[i]) * 2 ** -23).toBe(true));
      expect(fused.filter((w) => w === Math.fround(maxWeight)).length).toBe(plain.filter((w) => w === Math.fround(maxWeight)).length);
    }
    tf.dispose(advantages);
  });

  it('rejects a negative or non-finite β, a non-positive maxWeight and a rank-2 input', () => {
    const adv = tf.tensor1d([0, 1]);
    for (const bad of [-1, Number.NaN, Infinity]) expect(() => awrWeights(adv, bad)).toThrow(RangeError);
    for (const bad of [0, -1, Number.NaN]) expect(() => awrWeights(adv, 1, { maxWeight: bad })).toThrow(RangeError);
    const m = tf.zeros([2, 1]) as tf.Tensor as tf.Tensor1D;
    expect(() => awrWeights(m, 1)).toThrow(/advantages must be rank 1 \[B\], got shape \[2,1\]/);
    tf.dispose([adv, m]);
  });
});

describe.each(TEST_BACKENDS)('awrLoss and bcLoss (%s)', (backend) => {
  beforeAll(() => setTestBackend(backend));

  it('awrLoss = −mean(w·log π) with gradient −w/N', () => {
    const logp = tf.tensor1d([-1, -2, -0.5]);
    const w = tf.tensor1d([1, 2, 0.5]);
    const loss = awrLoss(logp, w);
    expectClose(values(loss), [(1 + 4 + 0.25) / 3]);
    const g = gradOf((lp: tf.Tensor1D) => awrLoss(lp, w), logp);
    expectClose(values(g), [-1 / 3, -2 / 3, -0.5 / 3]);
    tf.dispose([logp, w, loss, g]);
  });

  it('bcLoss = −mean(log π) with gradient −1/N', () => {
    const logp = tf.tensor1d([-1, -2, -3]);
    const loss = bcLoss(logp);
    expectClose(values(loss), [2]);
    const g = gradOf((lp: tf.Tensor1D) => bcLoss(lp), logp);
    expectClose(values(g), [-1 / 3, -1 / 3, -1 / 3]);
    tf.dispose([logp, loss, g]);
  });

  it('weights computed outside the closure pass gradient only through log π (the trainer pattern)', () => {
    // One parameter vector x feeds both the advantage A = x and the log-probability log π = x.
    const beta = 1;
    const x = tf.tensor1d([-1, 0.5, 2]);
    const xs = [-1, 0.5, 2];
    const n = xs.length;
    const wOutside = awrWeights(x, beta); // constant: computed before the gradient closure
    const gOutside = gradOf((p: tf.Tensor1D) => awrLoss(p, wOutside), x);
    expectClose(values(gOutside), xs.map((v) => -Math.exp(beta * v) / n), { rtol: 1e-5 });
    // Inside the closure the weights are differentiated too: −(w + β·w·x)/N.
    const gInside = gradOf((p: tf.Tensor1D) => awrLoss(p, awrWeights(p, beta)), x);
    expectClose(values(gInside), xs.map((v) => -(Math.exp(v) + beta * Math.exp(v) * v) / n), { rtol: 1e-5 });
    expect(values(gInside)).not.toEqual(values(gOutside));
    tf.dispose([x, wOutside, gOutside, gInside]);
  });

  it('rejects mismatched shapes', () => {
    const logp = tf.tensor1d([-1, -2]);
    const w = tf.tensor1d([1, 2, 3]);
    expect(() => awrLoss(logp, w)).toThrow(/weights shape \[3\] must match logProbs shape \[2\]/);
    const m = tf.zeros([2, 2]) as tf.Tensor as tf.Tensor1D;
    expect(() => bcLoss(m)).toThrow(/logProbs must be rank 1/);
    tf.dispose([logp, w, m]);
  });

  it('frees their intermediates', () => {
    const logp = tf.tensor1d([-1, -2, -0.5]);
    const adv = tf.tensor1d([0.1, 2, -1]);
    expectNoLeak(() => awrWeights(adv, 3));
    expectNoLeak(() => awrWeights(adv, 3, { maxWeight: Infinity }));
    const w = awrWeights(adv, 3);
    expectNoLeak(() => awrLoss(logp, w));
    expectNoLeak(() => bcLoss(logp));
    expectNoLeak(() => gradOf((lp: tf.Tensor1D) => awrLoss(lp, w), logp));
    tf.dispose([logp, adv, w]);
  });
});
