import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { GaussianHead, INITIAL_LOG_STD, LOG_STD_MAX, LOG_STD_MIN } from '../../src/heads';
import { hasFusedKernel, setFusedKernelsEnabled } from '../../src/backend/fused-kernels';
import { GAUSSIAN_SAMPLE_KERNEL } from '../../src/backend/sample-kernels';
import { bcLoss } from '../../src/losses';
import { Rng } from '../../src/rng';
import { setTestBackend, TEST_BACKENDS } from '../helpers/backend';
import { expectClose, expectNoLeak, gradOf, values } from '../helpers/tensor-expect';

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/** Hand-written diagonal Normal log-density around tanh(raw), one value per row. */
function normalLogProb(raw: number[][], actions: number[][], logStd: number[]): number[] {
  return raw.map((row, b) =>
    row.reduce((acc, r, d) => {
      const z = (actions[b][d] - Math.tanh(r)) / Math.exp(logStd[d]);
      return acc - 0.5 * z * z - logStd[d] - HALF_LOG_2PI;
    }, 0),
  );
}

function setLogStd(head: GaussianHead, logStd: number[]): void {
  tf.tidy(() => head.logStd.assign(tf.tensor1d(logStd)));
}

/** Column means and standard deviations of a [N, D] sample. */
function columnStats(x: Float32Array | Int32Array | Uint8Array, d: number): { mean: number[]; std: number[] } {
  const n = x.length / d;
  const mean = Array.from({ length: d }, (_, j) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += x[i * d + j];
    return s / n;
  });
  const std = mean.map((m, j) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += (x[i * d + j] - m) ** 2;
    return Math.sqrt(s / n);
  });
  return { mean, std };
}

describe.each(TEST_BACKENDS)('GaussianHead (%s)', (backend) => {
  beforeAll(() => setTestBackend(backend));

  const raw = [
    [0.5, -1],
    [2, 0],
  ];
  const actions = [
    [0.3, -0.2],
    [0.9, 0.1],
  ];

  it('has the official IQL defaults: one trainable log-std per dimension, initialised to 0', () => {
    expect([LOG_STD_MIN, LOG_STD_MAX, INITIAL_LOG_STD]).toEqual([-5, 2, 0]);
    const head = new GaussianHead(3, { name: 'defaults_test' });
    expect(head.kind).toBe('gaussian');
    expect(head.inputDim).toBe(3);
    expect(head.variables).toHaveLength(1);
    expect(head.variables[0]).toBe(head.logStd);
    expect(head.logStd.trainable).toBe(true);
    expect(head.logStd.name).toBe('defaults_test/log_std');
    expect(head.logStd.shape).toEqual([3]);
    expectClose(values(head.logStd), [0, 0, 0]);
    head.dispose();
  });

  it('keeps variable names unique while the given name stays the saving key', () => {
    const a = new GaussianHead(1, { name: 'twin' });
    const b = new GaussianHead(1, { name: 'twin' });
    expect(a.logStd.name).toBe('twin/log_std');
    expect(b.logStd.name).toBe('twin/log_std_1');
    expect(b.name).toBe('twin');
    a.dispose();
    b.dispose();
    const c = new GaussianHead(1, { name: 'twin', initialLogStd: -1 });
    expect(c.logStd.name).toBe('twin/log_std');
    expectClose(values(c.logStd), [-1]);
    c.dispose();
  });

  it('logProb is the Normal log-density around tanh(raw), with the log-std clipped to [−5, 2]', () => {
    const head = new GaussianHead(2);
    const r = tf.tensor2d(raw);
    const a = tf.tensor2d(actions);
    const cases: Array<[number[], number[]]> = [
      [[0, 0], [0, 0]],
      [[0.1, -0.3], [0.1, -0.3]],
      [[3, 3], [2, 2]],
      [[-7, -7], [-5, -5]],
      [[-7, 3], [-5, 2]],
    ];
    for (const [set, used] of cases) {
      setLogStd(head, set);
      const logp = head.logProb(r, a);
      expect(logp.shape).toEqual([2]);
      expectClose(values(logp), normalLogProb(raw, actions, used), { rtol: 1e-5, atol: 1e-4 });
      logp.dispose();
    }
    tf.dispose([r, a]);
    head.dispose();
  });

  it('the gradient of logProb w.r.t. raw matches a central finite difference', () => {
    const head = new GaussianHead(2);
    setLogStd(head, [0.2, -0.4]);
    const r = tf.tensor2d(raw);
    const a = tf.tensor2d(actions);
    const f = (x: tf.Tensor2D): tf.Scalar => tf.sum(head.logProb(x, a));
    const g = values(gradOf(f, r));
    const eps = 1e-2;
    const flat = raw.flat();
    const fd = flat.map((_, i) => {
      const eval_ = (delta: number): number =>
        tf.tidy(() => {
          const x = flat.slice();
          x[i] += delta;
          return f(tf.tensor2d(x, [2, 2])).dataSync()[0];
        });
      return (eval_(eps) - eval_(-eps)) / (2 * eps);
    });
    expectClose(g, fd, { rtol: 1e-2, atol: 1e-3 });
    tf.dispose([r, a]);
    head.dispose();
  });

  it('the gradient w.r.t. the log-std is Σ_rows (z² − 1) and vanishes where the clip is active', () => {
    const head = new GaussianHead(2);
    const r = tf.tensor2d(raw);
    const a = tf.tensor2d(actions);
    const logStd = [0.2, 3];
    setLogStd(head, logStd);
    const { value, grads } = tf.variableGrads(() => tf.sum(head.logProb(r, a)), head.variables);
    const expected = [0, 1].map((d) =>
      d === 1 ? 0 : raw.reduce((acc, row, b) => acc + ((actions[b][d] - Math.tanh(row[d])) / Math.exp(logStd[d])) ** 2 - 1, 0),
    );
    expectClose(values(grads[head.logStd.name]), expected, { atol: 1e-5, rtol: 1e-4 });
    tf.dispose([r, a, value, grads]);
    head.dispose();
  });

  it('mode is tanh(raw); entropy is Σ(log σ + ½(1 + log 2π)) per row; metrics report mean σ', () => {
    const head = new GaussianHead(2);
    setLogStd(head, [0.5, -9]);
    const r = tf.tensor2d(raw);
    const mode = head.mode(r);
    expect(mode.dtype).toBe('float32');
    expectClose(values(mode), raw.flat().map(Math.tanh));
    const h = head.entropy(r);
    expect(h.shape).toEqual([2]);
    const hExpected = 0.5 + -5 + 2 * (0.5 + HALF_LOG_2PI);
    expectClose(values(h), [hExpected, hExpected], { atol: 1e-5 });
    const m = head.metrics();
    expect(Object.keys(m)).toEqual(['actor/std']);
    expectClose(values(m['actor/std']), [(Math.exp(0.5) + Math.exp(-5)) / 2]);
    tf.dispose([r, mode, h, m]);
    head.dispose();
  });

  it('samples have mean tanh(raw) and std σ within sampling error', () => {
    const head = new GaussianHead(2);
    const sigma = 0.1;
    setLogStd(head, [Math.log(sigma), Math.log(sigma)]);
    const n = 20_000;
    const rowRaw = [0.5, -0.3];
    const r = tf.tidy(() => tf.tile(tf.tensor2d([rowRaw]), [n, 1]) as tf.Tensor2D);
    const s = head.sample(r, 12345);
    expect(s.shape).toEqual([n, 2]);
    expect(s.dtype).toBe('float32');
    const { mean, std } = columnStats(s.dataSync(), 2);
    // Standard errors: σ/√n ≈ 7e-4 for the mean, σ/√(2n) ≈ 5e-4 for the std.
    expectClose(mean, rowRaw.map(Math.tanh), { atol: 4e-3, rtol: 0 });
    expectClose(std, [sigma, sigma], { atol: 4e-3, rtol: 0 });
    tf.dispose([r, s]);
    head.dispose();
  });

  it('samples stay inside [−1, 1] and repeat for the same seed (0 included)', () => {
    const head = new GaussianHead(2);
    setLogStd(head, [1, 1]);
    const r = tf.tidy(() => tf.tile(tf.tensor2d([[0.5, -0.3]]), [500, 1]) as tf.Tensor2D);
    const s1 = head.sample(r, 7);
    const s2 = head.sample(r, 7);
    const s3 = head.sample(r, 8);
    const z1 = head.sample(r, 0);
    const z2 = head.sample(r, 0);
    const v1 = values(s1);
    expect(Math.min(...v1)).toBe(-1);
    expect(Math.max(...v1)).toBe(1);
    expect(v1).toEqual(values(s2));
    expect(v1).not.toEqual(values(s3));
    expect(values(z1)).toEqual(values(z2));
    tf.dispose([r, s1, s2, s3, z1, z2]);
    head.dispose();
  });

  it('samples in one fused kernel with the plain ops values (cpu: bit for bit; wasm: within an ulp of tanh and exp)', () => {
    expect(hasFusedKernel(GAUSSIAN_SAMPLE_KERNEL)).toBe(true);
    const head = new GaussianHead(3);
    // One log-std below the clip, one inside, one above: each clip path runs.
    setLogStd(head, [LOG_STD_MIN - 1, -0.7, LOG_STD_MAX + 1]);
    const rng = new Rng(9);
    const r = tf.tensor2d(Array.from({ length: 600 }, () => 2 * rng.normal()), [200, 3]);
    const fused = values(head.sample(r, 11));
    setFusedKernelsEnabled(false);
    let plain: number[];
    try {
      plain = values(head.sample(r, 11));
    } finally {
      setFusedKernelsEnabled(true);
    }
    // tanh(mean) + ε·σ can round differently by an ulp of each term on wasm: 2 ulps of 1 at most.
    if (backend === 'cpu') expect(fused).toEqual(plain);
    else fused.forEach((a, i) => expect(Math.abs(a - plain[i])).toBeLessThanOrEqual(2 ** -22 * Math.max(1, Math.abs(plain[i]))));
    expect(fused.filter((a) => Math.abs(a) === 1).length).toBeGreaterThan(0);
    tf.dispose(r);
    head.dispose();
  });

  it('rejects bad construction arguments, wrong shapes and a non-finite seed', () => {
    expect(() => new GaussianHead(0)).toThrow(RangeError);
    expect(() => new GaussianHead(1.5)).toThrow(/actionDim must be a positive integer/);
    expect(() => new GaussianHead(2, { logStdMin: 1, logStdMax: 1 })).toThrow(/logStdMin < logStdMax/);
    expect(() => new GaussianHead(2, { initialLogStd: Number.NaN })).toThrow(/initialLogStd/);
    const head = new GaussianHead(2);
    const r3 = tf.zeros([4, 3]) as tf.Tensor as tf.Tensor2D;
    const r = tf.zeros([4, 2]) as tf.Tensor as tf.Tensor2D;
    const a = tf.zeros([3, 2]) as tf.Tensor as tf.Tensor2D;
    expect(() => head.logProb(r3, r3)).toThrow(/GaussianHead.logProb: raw must have shape \[B, 2\], got \[4,3\]/);
    expect(() => head.logProb(r, a)).toThrow(/actions shape \[3,2\] must match raw shape \[4,2\]/);
    expect(() => head.mode(r3)).toThrow(/raw must have shape/);
    expect(() => head.sample(r, Number.NaN)).toThrow(/seed/);
    tf.dispose([r3, r, a]);
    head.dispose();
  });

  it('frees its intermediates (also under variableGrads) and dispose() frees the variable', () => {
    const before = tf.memory().numTensors;
    const head = new GaussianHead(2);
    expect(tf.memory().numTensors).toBe(before + 1);
    const r = tf.tensor2d(raw);
    const a = tf.tensor2d(actions);
    expectNoLeak(() => head.logProb(r, a));
    expectNoLeak(() => head.mode(r));
    expectNoLeak(() => head.sample(r, 3));
    expectNoLeak(() => head.entropy(r));
    expectNoLeak(() => head.metrics());
    expectNoLeak(() => tf.variableGrads(() => bcLoss(head.logProb(r, a)), head.variables));
    expectNoLeak(() => gradOf((x: tf.Tensor2D) => tf.sum(head.logProb(x, a)), r));
    expect(r.isDisposed || a.isDisposed).toBe(false);
    tf.dispose([r, a]);
    head.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe.each(TEST_BACKENDS)('GaussianHead with a state-dependent std (%s)', (backend) => {
  beforeAll(() => setTestBackend(backend));

  // Rows: [pre-tanh means | log-stds]; the second row's log-stds are clipped to 2 and −5.
  const raw = [
    [0.5, -1, 0.2, -0.4],
    [2, 0, 3, -7],
  ];
  const actions = [
    [0.3, -0.2],
    [0.9, 0.1],
  ];
  const means = raw.map((row) => row.slice(0, 2));
  const usedLogStd = [
    [0.2, -0.4],
    [2, -5],
  ];
  const expectedLogProb = [0, 1].map((b) => normalLogProb([means[b]], [actions[b]], usedLogStd[b])[0]);

  it('reads 2·actionDim values and owns no variable', () => {
    const head = new GaussianHead(3, { stateDependentStd: true, name: 'sd' });
    expect(head.kind).toBe('gaussian');
    expect(head.stateDependentStd).toBe(true);
    expect([head.inputDim, head.actionDim]).toEqual([6, 3]);
    expect(head.variables).toEqual([]);
    expect(head.logStd).toBeNull();
    expect(tf.engine().registeredVariables['sd/log_std']).toBeUndefined();
    head.dispose();
    expect(new GaussianHead(3).stateDependentStd).toBe(false);
  });

  it('logProb is the Normal log-density around tanh(first half) with σ from the clipped second half', () => {
    const head = new GaussianHead(2, { stateDependentStd: true });
    const r = tf.tensor2d(raw);
    const a = tf.tensor2d(actions);
    const logp = head.logProb(r, a);
    expect(logp.shape).toEqual([2]);
    expectClose(values(logp), expectedLogProb, { rtol: 1e-5, atol: 1e-4 });
    tf.dispose([r, a, logp]);
  });

  it('the gradient w.r.t. the log-std half is z² − 1, zero where clipped; w.r.t. the means z/σ·(1 − tanh²)', () => {
    const head = new GaussianHead(2, { stateDependentStd: true });
    const r = tf.tensor2d(raw);
    const a = tf.tensor2d(actions);
    const g = gradOf((x: tf.Tensor2D) => tf.sum(head.logProb(x, a)), r);
    const expected = raw.flatMap((row, b) => {
      const z = [0, 1].map((d) => (actions[b][d] - Math.tanh(row[d])) / Math.exp(usedLogStd[b][d]));
      const dMean = [0, 1].map((d) => (z[d] / Math.exp(usedLogStd[b][d])) * (1 - Math.tanh(row[d]) ** 2));
      const dLogStd = [0, 1].map((d) => (b === 1 ? 0 : z[d] ** 2 - 1));
      return [...dMean, ...dLogStd];
    });
    expectClose(values(g), expected, { rtol: 1e-4, atol: 1e-4 });
    tf.dispose([r, a, g]);
  });

  it('mode is tanh of the means; entropy and metrics use the per-row σ', () => {
    const head = new GaussianHead(2, { stateDependentStd: true });
    const r = tf.tensor2d(raw);
    const mode = head.mode(r);
    expect(mode.shape).toEqual([2, 2]);
    expectClose(values(mode), means.flat().map(Math.tanh));
    const h = head.entropy(r);
    expectClose(
      values(h),
      usedLogStd.map((ls) => ls[0] + ls[1] + 2 * (0.5 + HALF_LOG_2PI)),
      { atol: 1e-5 },
    );
    const m = head.metrics(r);
    expectClose(values(m['actor/std']), [usedLogStd.flat().reduce((acc, l) => acc + Math.exp(l), 0) / 4]);
    expect(head.metrics()).toEqual({});
    tf.dispose([r, mode, h, m]);
  });

  it('samples have mean tanh(μ) and the row’s σ, inside [−1, 1]', () => {
    const head = new GaussianHead(2, { stateDependentStd: true });
    const n = 20_000;
    const sigma = [0.1, 0.05];
    const row = [0.5, -0.3, Math.log(sigma[0]), Math.log(sigma[1])];
    const r = tf.tidy(() => tf.tile(tf.tensor2d([row]), [n, 1]) as tf.Tensor2D);
    const s = head.sample(r, 321);
    expect(s.shape).toEqual([n, 2]);
    const { mean, std } = columnStats(s.dataSync(), 2);
    expectClose(mean, [Math.tanh(0.5), Math.tanh(-0.3)], { atol: 4e-3, rtol: 0 });
    expectClose(std, sigma, { atol: 4e-3, rtol: 0 });
    const again = head.sample(r, 321);
    expect(values(again)).toEqual(values(s));
    tf.dispose([r, s, again]);
  });

  it('rejects initialLogStd and shapes of the wrong width', () => {
    expect(() => new GaussianHead(2, { stateDependentStd: true, initialLogStd: 0 })).toThrow(/initialLogStd/);
    const head = new GaussianHead(2, { stateDependentStd: true });
    const r2 = tf.zeros([4, 2]) as tf.Tensor as tf.Tensor2D;
    const r = tf.zeros([4, 4]) as tf.Tensor as tf.Tensor2D;
    expect(() => head.mode(r2)).toThrow(/raw must have shape \[B, 4\], got \[4,2\]/);
    expect(() => head.logProb(r, r)).toThrow(/actions shape \[4,4\] must be \[B, actionDim\] = \[4,2\]/);
    tf.dispose([r2, r]);
  });

  it('frees its intermediates', () => {
    const head = new GaussianHead(2, { stateDependentStd: true });
    const r = tf.tensor2d(raw);
    const a = tf.tensor2d(actions);
    expectNoLeak(() => head.logProb(r, a));
    expectNoLeak(() => head.mode(r));
    expectNoLeak(() => head.sample(r, 1));
    expectNoLeak(() => head.entropy(r));
    expectNoLeak(() => head.metrics(r));
    expectNoLeak(() => gradOf((x: tf.Tensor2D) => bcLoss(head.logProb(x, a)), r));
    tf.dispose([r, a]);
  });
});
