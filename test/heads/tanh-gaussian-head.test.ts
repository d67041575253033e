import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { LOG_STD_MAX, LOG_STD_MIN, TANH_GAUSSIAN_EPS, TanhGaussianHead } from '../../src/heads';
import { setTestBackend, TEST_BACKENDS } from '../helpers/backend';
import { expectClose, expectNoLeak, gradOf, values } from '../helpers/tensor-expect';

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/** Standard normal CDF (Abramowitz–Stegun 7.1.26, |error| < 1.5e-7). */
function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-z * z);
  return 0.5 * (1 + (x >= 0 ? erf : -erf));
}

/** `log(1 − tanh(u)²)` in float64, stable for large |u|. */
function logOneMinusTanhSq(u: number): number {
  const v = Math.abs(u);
  return 2 * (Math.log(2) - v - Math.log1p(Math.exp(-2 * v)));
}

const clipLogStd = (l: number): number => Math.min(LOG_STD_MAX, Math.max(LOG_STD_MIN, l));

/** Hand-written squashed log-density of dataset actions, as the head defines it (clip, atanh, ε log-det). */
function tanhLogProb(raw: number[][], actions: number[][]): number[] {
  return raw.map((row, b) => {
    const dim = row.length / 2;
    let acc = 0;
    for (let d = 0; d < dim; d++) {
      const logStd = clipLogStd(row[dim + d]);
      const a = Math.min(1 - TANH_GAUSSIAN_EPS, Math.max(-(1 - TANH_GAUSSIAN_EPS), actions[b][d]));
      const z = (Math.atanh(a) - row[d]) / Math.exp(logStd);
      acc += -0.5 * z * z - logStd - HALF_LOG_2PI - Math.log(1 - a * a + TANH_GAUSSIAN_EPS);
    }
    return acc;
  });
}

/** `n` copies of one raw row. */
function repeatRows(row: number[], n: number): tf.Tensor2D {
  return tf.tidy(() => tf.tile(tf.tensor2d([row]), [n, 1]) as tf.Tensor2D);
}

describe.each(TEST_BACKENDS)('TanhGaussianHead (%s)', (backend) => {
  beforeAll(() => setTestBackend(backend));

  // Rows: [μ1, μ2, log σ1, log σ2]; the second row's log-stds are clipped to 2 and −5.
  const raw = [
    [0.2, -0.5, -0.3, 0.1],
    [1.5, 0, 3, -7],
  ];
  const actions = [
    [0.3, -0.6],
    [0.95, 1],
  ];

  it('reads means and log-stds (2·actionDim), has no variables and no closed-form entropy', () => {
    expect(TANH_GAUSSIAN_EPS).toBe(1e-6);
    const head = new TanhGaussianHead(3);
    expect(head.kind).toBe('tanh-gaussian');
    expect([head.inputDim, head.actionDim]).toEqual([6, 3]);
    expect([head.logStdMin, head.logStdMax]).toEqual([LOG_STD_MIN, LOG_STD_MAX]);
    expect(head.variables).toEqual([]);
    expect('entropy' in head).toBe(false);
    head.dispose();
  });

  it('logProb is log N(atanh a; μ, σ) − Σ log(1 − a² + ε), with a clipped to ±(1 − ε) and log σ to [−5, 2]', () => {
    const head = new TanhGaussianHead(2);
    const r = tf.tensor2d(raw);
    const a = tf.tensor2d(actions);
    const logp = head.logProb(r, a);
    expect(logp.shape).toEqual([2]);
    const got = values(logp);
    expect(got.every(Number.isFinite)).toBe(true);
    const expected = tanhLogProb(raw, actions);
    expectClose([got[0]], [expected[0]], { rtol: 1e-5, atol: 1e-5 });
    // Row 2 holds an action at exactly 1, i.e. atanh(1 − 1e-6) in float32 with σ = e⁻⁵: about −5.8e5,
    // good to the float32 rounding of 1 − 1e-6.
    expectClose([got[1]], [expected[1]], { rtol: 2e-3 });
    tf.dispose([r, a, logp]);
  });

  it('the density integrates to 1 over (−1, 1) and its integral up to a₀ is Φ((atanh a₀ − μ)/σ)', () => {
    const head = new TanhGaussianHead(1);
    const n = 20_000;
    const h = 2 / n;
    const grid = Array.from({ length: n }, (_, i) => -1 + (i + 0.5) * h);
    const a = tf.tensor2d(grid, [n, 1]);
    for (const [mu, sigma] of [
      [0.3, 0.5],
      [-0.8, 1],
      [1.2, 0.3],
    ]) {
      const r = repeatRows([mu, Math.log(sigma)], n);
      const density = tf.tidy(() => tf.exp(head.logProb(r, a)));
      const p = values(density);
      const total = p.reduce((acc, x) => acc + x * h, 0);
      expect(Math.abs(total - 1)).toBeLessThan(2e-3);
      for (const a0 of [-0.5, 0, 0.6, 0.9]) {
        let cdf = 0;
        for (let i = 0; grid[i] < a0; i++) cdf += p[i] * h;
        expect(Math.abs(cdf - normalCdf((Math.atanh(a0) - mu) / sigma))).toBeLessThan(2e-3);
      }
      tf.dispose([r, density]);
    }
    a.dispose();
  });

  it('mode is tanh(μ) and differentiable in the means only', () => {
    const head = new TanhGaussianHead(2);
    const r = tf.tensor2d(raw);
    const mode = head.mode(r);
    expect(mode.shape).toEqual([2, 2]);
    expectClose(values(mode), raw.flatMap((row) => row.slice(0, 2).map(Math.tanh)));
    const g = gradOf((x: tf.Tensor2D) => tf.sum(head.mode(x)), r);
    expectClose(
      values(g),
      raw.flatMap((row) => [...row.slice(0, 2).map((m) => 1 - Math.tanh(m) ** 2), 0, 0]),
      { atol: 1e-6 },
    );
    tf.dispose([r, mode, g]);
  });

  it('sampleWithLogProb: a = tanh(μ + σε) and log π from u, equal to the hand value and to logProb(raw, a)', () => {
    const head = new TanhGaussianHead(2);
    const rows = [
      [0.2, -0.5, -0.3, 0.1],
      [-0.4, 0.7, -1, -0.5],
      [0.1, 0.1, -2, -2],
    ];
    const r = tf.tensor2d(rows);
    const seed = 4242;
    const { actions: sampled, logProb } = head.sampleWithLogProb(r, seed);
    expect(sampled.shape).toEqual([3, 2]);
    expect(logProb.shape).toEqual([3]);
    const noise = tf.randomNormal([3, 2], 0, 1, 'float32', seed);
    const eps = values(noise);
    const expectedActions: number[] = [];
    const expectedLogProb = rows.map((row, b) => {
      let acc = 0;
      for (let d = 0; d < 2; d++) {
        const e = eps[b * 2 + d];
        const u = row[d] + Math.exp(row[2 + d]) * e;
        expectedActions.push(Math.tanh(u));
        acc += -0.5 * e * e - row[2 + d] - HALF_LOG_2PI - logOneMinusTanhSq(u);
      }
      return acc;
    });
    expectClose(values(sampled), expectedActions, { atol: 1e-6 });
    expectClose(values(logProb), expectedLogProb, { rtol: 1e-5, atol: 1e-4 });
    const viaAtanh = head.logProb(r, sampled);
    expectClose(values(viaAtanh), expectedLogProb, { rtol: 1e-4, atol: 1e-3 });
    const plain = head.sample(r, seed);
    expect(values(plain)).toEqual(values(sampled));
    tf.dispose([r, sampled, logProb, noise, viaAtanh, plain]);
  });

  it('sampleWithLogProb stays finite and exact where tanh(u) rounds to ±1', () => {
    const head = new TanhGaussianHead(1);
    const rows = [
      [12, -5],
      [-15, -5],
    ];
    const r = tf.tensor2d(rows);
    const seed = 77;
    const { actions: sampled, logProb } = head.sampleWithLogProb(r, seed);
    const eps = values(tf.tidy(() => tf.randomNormal([2, 1], 0, 1, 'float32', seed)));
    expect(values(sampled).map(Math.abs)).toEqual([1, 1]);
    const expected = rows.map((row, b) => {
      const u = row[0] + Math.exp(row[1]) * eps[b];
      return -0.5 * eps[b] ** 2 - row[1] - HALF_LOG_2PI - logOneMinusTanhSq(u);
    });
    expectClose(values(logProb), expected, { rtol: 1e-5 });
    tf.dispose([r, sampled, logProb]);
  });

  it('the gradient of sampleWithLogProb w.r.t. raw matches central finite differences', () => {
    const head = new TanhGaussianHead(2);
    const rows = [
      [0.2, -0.5, -0.3, 0.1],
      [-0.4, 0.7, -1, -0.5],
    ];
    const weights = tf.tensor2d([
      [0.7, -1.3],
      [0.4, 2],
    ]);
    const seed = 99;
    // A scalar that mixes both outputs: Σ log π + Σ w ⊙ a.
    const f = (x: tf.Tensor2D): tf.Scalar => {
      const { actions: a, logProb } = head.sampleWithLogProb(x, seed);
      return tf.add(tf.sum(logProb), tf.sum(tf.mul(a, weights)));
    };
    const r = tf.tensor2d(rows);
    const g = values(gradOf(f, r));
    const flat = rows.flat();
    const step = 1e-2;
    const fd = flat.map((_, i) => {
      const at = (delta: number): number =>
        tf.tidy(() => {
          const x = flat.slice();
          x[i] += delta;
          return f(tf.tensor2d(x, [2, 4])).dataSync()[0];
        });
      return (at(step) - at(-step)) / (2 * step);
    });
    expectClose(g, fd, { rtol: 1e-2, atol: 2e-3 });
    tf.dispose([weights, r]);
  });

  it('samples follow the squashed Gaussian: P(a ≤ a₀) = Φ((atanh a₀ − μ)/σ); same seed, same sample', () => {
    const head = new TanhGaussianHead(1);
    const n = 20_000;
    const [mu, sigma] = [0.4, 0.8];
    const r = repeatRows([mu, Math.log(sigma)], n);
    const s = head.sample(r, 2024);
    const v = s.dataSync();
    expect(Math.max(...Array.from(v, Math.abs))).toBeLessThanOrEqual(1);
    for (const a0 of [-0.5, 0, 0.5, 0.9]) {
      let below = 0;
      for (let i = 0; i < n; i++) if (v[i] <= a0) below++;
      const p = normalCdf((Math.atanh(a0) - mu) / sigma);
      expect(Math.abs(below - p * n)).toBeLessThan(4 * Math.sqrt(n * p * (1 - p)));
    }
    const again = head.sample(r, 2024);
    const other = head.sample(r, 2025);
    const z1 = head.sample(r, 0);
    const z2 = head.sample(r, 0);
    expect(values(again)).toEqual(values(s));
    expect(values(other)).not.toEqual(values(s));
    expect(values(z1)).toEqual(values(z2));
    tf.dispose([r, s, again, other, z1, z2]);
  });

  it('metrics report the mean clipped σ when raw is given', () => {
    const head = new TanhGaussianHead(2);
    const r = tf.tensor2d(raw);
    const m = head.metrics(r);
    expect(Object.keys(m)).toEqual(['actor/std']);
    const sigmas = raw.flatMap((row) => row.slice(2).map((l) => Math.exp(clipLogStd(l))));
    expectClose(values(m['actor/std']), [sigmas.reduce((x, y) => x + y) / 4]);
    expect(head.metrics()).toEqual({});
    tf.dispose([r, m]);
  });

  it('rejects bad options, wrong shapes and a non-finite seed', () => {
    expect(() => new TanhGaussianHead(0)).toThrow(/actionDim must be a positive integer/);
    expect(() => new TanhGaussianHead(2, { logStdMin: 2, logStdMax: -5 })).toThrow(RangeError);
    expect(() => new TanhGaussianHead(2, { logStdMin: Number.NaN })).toThrow(/logStdMin < logStdMax/);
    const head = new TanhGaussianHead(2);
    const r2 = tf.zeros([4, 2]) as tf.Tensor as tf.Tensor2D;
    const r = tf.zeros([4, 4]) as tf.Tensor as tf.Tensor2D;
    const a = tf.zeros([4, 4]) as tf.Tensor as tf.Tensor2D;
    expect(() => head.mode(r2)).toThrow(/TanhGaussianHead.mode: raw must have shape \[B, 4\], got \[4,2\]/);
    expect(() => head.logProb(r, a)).toThrow(/actions shape \[4,4\] must be \[B, actionDim\] = \[4,2\]/);
    expect(() => head.sampleWithLogProb(r, Number.NaN)).toThrow(/seed/);
    tf.dispose([r2, r, a]);
  });

  it('frees its intermediates', () => {
    const head = new TanhGaussianHead(2);
    const r = tf.tensor2d(raw);
    const a = tf.tensor2d(actions);
    expectNoLeak(() => head.logProb(r, a));
    expectNoLeak(() => head.mode(r));
    expectNoLeak(() => head.sample(r, 5));
    expectNoLeak(() => {
      const { actions: x, logProb } = head.sampleWithLogProb(r, 5);
      return [x, logProb];
    });
    expectNoLeak(() => head.metrics(r));
    expectNoLeak(() => gradOf((x: tf.Tensor2D) => tf.sum(head.sampleWithLogProb(x, 5).logProb), r));
    expectNoLeak(() => gradOf((x: tf.Tensor2D) => tf.neg(tf.mean(head.logProb(x, a))), r));
    tf.dispose([r, a]);
  });
});
