import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { hasFusedKernel } from '../../src/backend/fused-kernels';
import { MINIMUM_OF_KERNEL } from '../../src/backend/target-kernels';
import { Adam } from '../../src/nets/adam';
import { CriticEnsemble } from '../../src/nets/critic-ensemble';
import { dense } from '../../src/nets/dense';
import { MLP } from '../../src/nets/mlp';
import { orthogonalMatrix } from '../../src/nets/orthogonal';
import { polyakUpdate } from '../../src/nets/polyak';
import { Rng } from '../../src/rng';
import { setTestBackend, TEST_BACKENDS } from '../helpers/backend';
import { expectClose } from '../helpers/tensor-expect';

/** Relative 1e-5 for values above 1, absolute 1e-5 below. */
const closeTo = (a: ArrayLike<number>, b: ArrayLike<number>, tol = 1e-5) => expectClose(a, b, { atol: tol, rtol: tol });

describe('orthogonalMatrix', () => {
  it.each([
    [6, 4],
    [4, 6],
    [5, 5],
  ])('gives orthonormal columns or rows times the gain for %i × %i', (rows, cols) => {
    const gain = Math.SQRT2;
    const w = orthogonalMatrix(rows, cols, gain, new Rng(3));
    const small = Math.min(rows, cols);
    for (let p = 0; p < small; p++) {
      for (let q = 0; q < small; q++) {
        let dot = 0;
        for (let k = 0; k < Math.max(rows, cols); k++) {
          dot += rows >= cols ? w[k * cols + p] * w[k * cols + q] : w[p * cols + k] * w[q * cols + k];
        }
        expect(dot).toBeCloseTo(p === q ? gain * gain : 0, 5);
      }
    }
  });

  it('is deterministic for a seed and differs across seeds', () => {
    expect(orthogonalMatrix(3, 3, 1, new Rng(1))).toEqual(orthogonalMatrix(3, 3, 1, new Rng(1)));
    expect(orthogonalMatrix(3, 3, 1, new Rng(1))).not.toEqual(orthogonalMatrix(3, 3, 1, new Rng(2)));
  });
});

describe.each(TEST_BACKENDS)('nets on %s', (backend) => {
  beforeAll(async () => setTestBackend(backend));

  it.each(['relu', 'linear'] as const)('dense (%s) matches plain ops in value and in every gradient', (activation) => {
    const x = tf.tensor2d([[0.5, -1, 2], [1.5, 0.3, -0.7], [-2, 1, 0.1], [0.2, 0.2, 0.2]]);
    const w = tf.tensor2d([[0.3, -0.2], [0.8, 0.5], [-0.4, 0.9]]);
    const b = tf.tensor1d([0.1, -0.3]);
    const up = tf.tensor2d([[1, -2], [0.5, 3], [2, 1], [-1, 1]]); // weights the outputs so gradients are not trivial
    const plain = (xx: tf.Tensor, ww: tf.Tensor, bb: tf.Tensor) => {
      const pre = tf.add(tf.matMul(xx as tf.Tensor2D, ww as tf.Tensor2D), bb);
      return tf.sum(tf.mul(activation === 'relu' ? tf.relu(pre) : pre, up));
    };
    const custom = (xx: tf.Tensor, ww: tf.Tensor, bb: tf.Tensor) =>
      tf.sum(tf.mul(dense(xx as tf.Tensor2D, ww as tf.Tensor2D, bb as tf.Tensor1D, { activation }), up));
    closeTo(custom(x, w, b).dataSync(), plain(x, w, b).dataSync());
    const g1 = tf.grads(custom)([x, w, b]);
    const g2 = tf.grads(plain)([x, w, b]);
    g1.forEach((g, i) => closeTo(g.dataSync(), g2[i].dataSync()));
    tf.dispose([x, w, b, up, ...g1, ...g2]);
  });

  it('dense without input gradient returns zeros for x but the same weight gradients', () => {
    const x = tf.tensor2d([[1, 2], [3, -4]]);
    const w = tf.tensor2d([[0.5, -1], [2, 0.25]]);
    const b = tf.tensor1d([0, 1]);
    const f = (inputGrad: boolean) => (xx: tf.Tensor, ww: tf.Tensor, bb: tf.Tensor) =>
      tf.sum(dense(xx as tf.Tensor2D, ww as tf.Tensor2D, bb as tf.Tensor1D, { activation: 'relu', inputGrad }));
    const [dxOff, dwOff] = tf.grads(f(false))([x, w, b]);
    const [, dwOn] = tf.grads(f(true))([x, w, b]);
    expect(Array.from(dxOff.dataSync())).toEqual([0, 0, 0, 0]);
    closeTo(dwOff.dataSync(), dwOn.dataSync());
  });

  it('MLP has the requested shapes and zero biases, and dropout only acts when seeded', () => {
    const mlp = new MLP({ inputDim: 3, hiddenDims: [8, 8], outputDim: 2, rng: new Rng(0), name: 'm', dropoutRate: 0.5 });
    expect(mlp.variables.map((v) => v.shape)).toEqual([[3, 8], [8], [8, 8], [8], [8, 2], [2]]);
    expect(Array.from(mlp.variables[1].dataSync())).toEqual(new Array(8).fill(0));
    const x = tf.ones([4, 3]) as tf.Tensor2D;
    const a = mlp.apply(x).dataSync();
    const b = mlp.apply(x).dataSync();
    const c = mlp.apply(x, { dropoutSeed: 5 }).dataSync();
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(c)).not.toEqual(Array.from(a));
    mlp.dispose();
    x.dispose();
  });

  it('MLP.predict (fused, no gradient support) equals MLP.apply without dropout', () => {
    const mlp = new MLP({ inputDim: 3, hiddenDims: [8, 8], outputDim: 2, rng: new Rng(4), name: 'm', dropoutRate: 0.5 });
    const x = tf.randomNormal([5, 3], 0, 1, 'float32', 2) as tf.Tensor2D;
    closeTo(mlp.predict(x).dataSync(), mlp.apply(x).dataSync());
    mlp.dispose();
    x.dispose();
  });

  it('Adam matches a hand-computed first and second step (PyTorch/optax form)', () => {
    const p = tf.variable(tf.tensor1d([1, -2]));
    const adam = new Adam([p], 0.1);
    const g1 = tf.tensor1d([0.5, -1]);
    adam.apply({ [p.name]: g1 });
    // Step 1: m̂ = g, v̂ = g², update = lr · g/(|g| + eps) ≈ lr · sign(g).
    closeTo(p.dataSync(), [1 - 0.1, -2 + 0.1], 1e-6);
    const g2 = tf.tensor1d([1, 1]);
    adam.apply({ [p.name]: g2 });
    const expected = [0.9, -1.9].map((x, i) => {
      const ga = [0.5, -1][i];
      const gb = 1;
      const m = 0.9 * (0.1 * ga) + 0.1 * gb;
      const v = 0.999 * (0.001 * ga * ga) + 0.001 * gb * gb;
      const mHat = m / (1 - 0.9 ** 2);
      const vHat = v / (1 - 0.999 ** 2);
      return x - (0.1 * mHat) / (Math.sqrt(vHat) + 1e-8);
    });
    closeTo(p.dataSync(), expected, 1e-5);
    tf.dispose([p, g1, g2]);
    adam.dispose();
  });

  it('polyakUpdate moves the target by rate × (source − target)', () => {
    const t = tf.variable(tf.tensor1d([0, 10]));
    const s = tf.variable(tf.tensor1d([1, 0]));
    polyakUpdate([t], [s], 0.25);
    closeTo(t.dataSync(), [0.25, 7.5]);
    expect(() => polyakUpdate([t], [], 0.1)).toThrow(/1 target variables but 0/);
    tf.dispose([t, s]);
  });

  it('CriticEnsemble selects discrete Q(s, a) with the one-hot mask and min takes the smaller critic', () => {
    const critics = new CriticEnsemble({ observationDim: 2, actionSpace: { type: 'discrete', n: 3 }, hiddenDims: [4], rng: new Rng(1) });
    const s = tf.tensor2d([[1, 0], [0, 1]]);
    const a = tf.tensor2d([[0, 0, 1], [1, 0, 0]]);
    const all = critics.members.map((m) => m.apply(s).arraySync() as number[][]);
    const [q1, q2] = critics.apply(s, a).map((q) => Array.from(q.dataSync()));
    expect(q1[0]).toBeCloseTo(all[0][0][2], 6);
    expect(q1[1]).toBeCloseTo(all[0][1][0], 6);
    expect(q2[1]).toBeCloseTo(all[1][1][0], 6);
    closeTo(critics.min(s, a).dataSync(), [Math.min(q1[0], q2[0]), Math.min(q1[1], q2[1])]);
    const target = critics.cloneAsTarget(new Rng(9));
    closeTo(target.min(s, a).dataSync(), critics.min(s, a).dataSync());
    critics.dispose();
    target.dispose();
  });

  it('CriticEnsemble.min of box critics runs one kernel with the values of reshape and tf.minimum, bit for bit', () => {
    expect(hasFusedKernel(MINIMUM_OF_KERNEL)).toBe(true);
    const rng = new Rng(3);
    for (const count of [2, 3]) {
      const critics = new CriticEnsemble({ observationDim: 3, actionSpace: { type: 'box', low: [-1, -1], high: [1, 1] }, hiddenDims: [8], rng, count });
      const s = tf.tensor2d(Array.from({ length: 300 }, () => rng.normal()), [100, 3]);
      const a = tf.tensor2d(Array.from({ length: 200 }, () => 2 * rng.next() - 1), [100, 2]);
      const fused = critics.min(s, a);
      // The members' own outputs (the same products), then reshape and tf.minimum.
      const outputs = critics.members.map((m) => m.predict(tf.concat([s, a], 1) as tf.Tensor2D));
      const plain = outputs.map((q) => tf.reshape(q, [-1])).reduce((x, y) => tf.minimum(x, y));
      expect(fused.shape).toEqual([100]);
      expect(Array.from(fused.dataSync())).toEqual(Array.from(plain.dataSync()));
      // Each row takes the smallest member's value, and not always the same member's.
      const each = outputs.map((q) => Array.from(q.dataSync()));
      const argmin = Array.from(fused.dataSync(), (v, b) => each.findIndex((q) => q[b] === v));
      expect(new Set(argmin).size).toBeGreaterThan(1);
      tf.dispose([...outputs, plain]);
      tf.dispose([s, a, fused]);
      critics.dispose();
    }
  });
});
