import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';

/** Asserts element-wise `|a − e| <= atol + rtol·|e|`, listing every mismatch. */
export function expectClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  { atol = 1e-5, rtol = 1e-5 }: { atol?: number; rtol?: number } = {},
): void {
  expect(actual.length).toBe(expected.length);
  const bad: string[] = [];
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i];
    const e = expected[i];
    if (!(Math.abs(a - e) <= atol + rtol * Math.abs(e))) bad.push(`[${i}] ${a} vs ${e}`);
  }
  expect(bad).toEqual([]);
}

/** Values of a tensor as a plain array. */
export function values(t: tf.Tensor): number[] {
  return Array.from(t.dataSync());
}

/**
 * Runs `fn` outside any tidy, disposes what it returns and asserts that the tensor count is back
 * where it started, i.e. `fn` frees its own intermediates.
 */
export function expectNoLeak(fn: () => tf.TensorContainer): void {
  const before = tf.memory().numTensors;
  tf.dispose(fn());
  expect(tf.memory().numTensors).toBe(before);
}

/** `tf.grad` for functions typed on a specific rank (tf.grad's own signature takes `tf.Tensor`). */
export function gradOf<T extends tf.Tensor>(f: (x: T) => tf.Tensor, x: T): tf.Tensor {
  return tf.grad((t: tf.Tensor) => f(t as T))(x);
}
