import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';
import { gemmThreadsActive, setGemmThreads, splitProductCount } from '../../src/backend/wasm-kernels/gemm-kernels';
import type { GemmOptions } from '../../src/backend/wasm-kernels/gemm-ops';
import { Rng } from '../../src/rng';

/** Reference: the product computed in float64 from the same float32 inputs. */
export function reference(a: tf.Tensor2D, b: tf.Tensor2D, opts: GemmOptions): Float64Array {
  const A = a.arraySync();
  const B = b.arraySync();
  const [m, k] = opts.transposeA ? [a.shape[1], a.shape[0]] : a.shape;
  const n = opts.transposeB ? b.shape[0] : b.shape[1];
  const bias = opts.bias?.arraySync();
  const gate = opts.gate?.arraySync();
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = bias ? bias[j] : 0;
      for (let p = 0; p < k; p++) s += (opts.transposeA ? A[p][i] : A[i][p]) * (opts.transposeB ? B[j][p] : B[p][j]);
      if (opts.activation === 'relu') s = Math.max(0, s);
      if (gate && !(gate[i][j] > 0)) s = 0;
      out[i * n + j] = s;
    }
  }
  return out;
}

export function expectCloseTo(actual: ArrayLike<number>, expected: ArrayLike<number>, scale: number): void {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
  // float32 accumulation of k terms of size ~1: relative error ~1e-6·√k; 1e-5 of the output scale.
  expect(worst).toBeLessThanOrEqual(1e-5 * scale);
}

export function random(rng: Rng, shape: [number, number]): tf.Tensor2D {
  return tf.tensor2d(Array.from({ length: shape[0] * shape[1] }, () => rng.normal()), shape);
}

/** An `[m, k]·[k, n]` product in each of the four operand layouts, each with bias, ReLU and gate. */
export function layoutCases(rng: Rng, [m, k, n]: [number, number, number]): Array<{ a: tf.Tensor2D; b: tf.Tensor2D; opts: GemmOptions }> {
  return [[false, false], [true, false], [false, true], [true, true]].map(([transposeA, transposeB]) => {
    const a = random(rng, transposeA ? [k, m] : [m, k]);
    const b = random(rng, transposeB ? [n, k] : [k, n]);
    const bias = tf.tensor1d(Array.from({ length: n }, () => rng.normal()));
    const gate = random(rng, [m, n]);
    return { a, b, opts: { transposeA, transposeB, bias, activation: 'relu' as const, gate } };
  });
}

/**
 * Runs `products` with the GEMM helper thread, expecting `splits` products split between the
 * threads, then on one thread; expects bit-identical results and returns both (the caller disposes).
 */
export async function twoThreadsThenOne(products: () => tf.Tensor[], splits: number): Promise<{ two: tf.Tensor[]; one: tf.Tensor[] }> {
  await setGemmThreads(2);
  expect(gemmThreadsActive()).toBe(true);
  const before = splitProductCount();
  const two = products();
  expect(splitProductCount() - before).toBe(splits);
  await setGemmThreads(1);
  expect(gemmThreadsActive()).toBe(false);
  const one = products();
  two.forEach((t, i) => expect(Array.from(t.dataSync())).toEqual(Array.from(one[i].dataSync())));
  return { two, one };
}
