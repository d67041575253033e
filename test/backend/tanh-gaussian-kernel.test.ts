import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { TANH_GAUSSIAN_SAMPLE_KERNEL } from '../../src/backend/sample-kernels';
import { wasmHeapKernels } from '../../src/backend/wasm-kernels/gemm-kernels';
import { Rng } from '../../src/rng';
import { setTestBackend, TEST_BACKENDS } from '../helpers/backend';

/** The sample and log-probability in float64, straight from the definitions (Math.tanh, Math.log). */
function reference(raw: Float32Array, noise: Float32Array, rows: number, dim: number, lo: number, hi: number) {
  const actions = new Float64Array(rows * dim);
  const logProb = new Float64Array(rows);
  const scale = new Float64Array(rows * dim); // |μ| + σ|ε|
  for (let b = 0; b < rows; b++) {
    for (let d = 0; d < dim; d++) {
      const logStd = Math.min(Math.max(raw[b * 2 * dim + dim + d], lo), hi);
      const eps = noise[b * dim + d];
      const u = raw[b * 2 * dim + d] + Math.exp(logStd) * eps;
      actions[b * dim + d] = Math.tanh(u);
      scale[b * dim + d] = Math.abs(raw[b * 2 * dim + d]) + Math.exp(logStd) * Math.abs(eps);
      // log(1 − tanh²u) = log(4) − 2|u| − 2·log(1 + e^{−2|u|}): exact where tanh rounds to ±1.
      const logDet = 2 * Math.LN2 - 2 * Math.abs(u) - 2 * Math.log1p(Math.exp(-2 * Math.abs(u)));
      logProb[b] -= 0.5 * eps * eps + logStd + 0.5 * Math.log(2 * Math.PI) + logDet;
    }
  }
  return { actions, logProb, scale };
}

describe.each(TEST_BACKENDS)('the tanh-Gaussian sample kernel on %s', (backend) => {
  beforeAll(async () => setTestBackend(backend));

  it(`runs ${backend === 'wasm' ? 'the float32 SIMD kernel on the heap' : 'the float64 JavaScript kernel'}`, () => {
    expect(wasmHeapKernels(tf.backend()) !== null).toBe(backend === 'wasm');
  });

  for (const dim of [1, 2, 3, 6]) {
    it(`matches the float64 definition to float32 precision (dim ${dim}, means on tanh's flat parts, log-stds past both clips)`, () => {
      const rng = new Rng(40 + dim);
      const rows = 37; // rows·dim is not a multiple of 4 for odd dims: the scalar tail runs
      const [lo, hi] = [-5, 2];
      const raw = new Float32Array(rows * 2 * dim);
      for (let b = 0; b < rows; b++) {
        for (let d = 0; d < dim; d++) {
          raw[b * 2 * dim + d] = rng.normal() * (b % 3 === 0 ? 25 : 2); // |u| up to ~60
          raw[b * 2 * dim + dim + d] = rng.normal() * 4; // beyond both clips at times
        }
      }
      const noise = Float32Array.from({ length: rows * dim }, () => rng.normal());
      const [actions, logProb] = tf.engine().runKernel(
        TANH_GAUSSIAN_SAMPLE_KERNEL,
        { raw: tf.tensor2d(raw, [rows, 2 * dim]), noise: tf.tensor2d(noise, [rows, dim]) },
        { logStdMin: lo, logStdMax: hi },
      ) as tf.Tensor[];
      const want = reference(raw, noise, rows, dim, lo, hi);
      const a = actions.dataSync();
      const lp = logProb.dataSync();
      // u = μ + σε rounds to float32 (relative to |μ| + σ|ε|: μ and σε may cancel), and tanh' ≤ 1.
      for (let i = 0; i < rows * dim; i++) {
        expect(Math.abs(a[i] - want.actions[i])).toBeLessThanOrEqual(2e-7 * (want.scale[i] + Math.abs(want.actions[i])));
      }
      // A row's log-probability sums dim terms of up to ~120: float32 rounding of each, ~1e-6 relative.
      for (let b = 0; b < rows; b++) expect(Math.abs(lp[b] - want.logProb[b])).toBeLessThanOrEqual(2e-6 * (Math.abs(want.logProb[b]) + dim));
      tf.dispose([actions, logProb]);
    });
  }
});
