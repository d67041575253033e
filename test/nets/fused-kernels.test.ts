import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FUSED_ADAM_KERNEL, FUSED_POLYAK_KERNEL, hasFusedKernel, setFusedKernelsEnabled } from '../../src/backend/fused-kernels';
import { Adam } from '../../src/nets/adam';
import { polyakUpdate } from '../../src/nets/polyak';
import { setTestBackend, TEST_BACKENDS } from '../helpers/backend';
import { expectClose } from '../helpers/tensor-expect';

/** Relative 1e-5 (absolute 1e-8 near 0). */
const expectRelClose = (a: ArrayLike<number>, b: ArrayLike<number>) => expectClose(a, b, { atol: 1e-8, rtol: 1e-5 });

/** Runs `steps` Adam updates from a fixed start with seeded gradients; returns final params and moments. */
function runAdam(fused: boolean, steps: number): Float32Array[] {
  setFusedKernelsEnabled(fused);
  expect(hasFusedKernel(FUSED_ADAM_KERNEL)).toBe(fused);
  const [a, b] = tf.tidy(() => [tf.variable(tf.randomNormal([7, 5], 0, 1, 'float32', 1)), tf.variable(tf.randomNormal([5], 0, 1, 'float32', 2))]);
  const adam = new Adam([a, b], 3e-3);
  for (let t = 0; t < steps; t++) {
    const grads = { [a.name]: tf.randomNormal([7, 5], 0, 1, 'float32', 10 + t), [b.name]: tf.randomNormal([5], 0, 2, 'float32', 100 + t) };
    adam.apply(grads);
    tf.dispose(Object.values(grads));
  }
  const { m, v } = adam.getState();
  const out = [a, b, ...m, ...v].map((x) => x.dataSync() as Float32Array);
  adam.dispose();
  tf.dispose([a, b]);
  return out;
}

describe.each(TEST_BACKENDS)('fused kernels on %s', (backend) => {
  beforeAll(async () => setTestBackend(backend));
  afterEach(() => setFusedKernelsEnabled(true));

  it('fused Adam equals the plain-op Adam (params and both moments) over 20 steps, and leaks nothing', () => {
    const before = tf.memory().numTensors;
    const fused = runAdam(true, 20);
    const plain = runAdam(false, 20);
    // Parameters element by element; the moments relative to their largest entry, since a first
    // moment averaging signed gradients can cancel to near 0, where float32 rounding dominates.
    expectRelClose(fused[0], plain[0]);
    expectRelClose(fused[1], plain[1]);
    for (let i = 2; i < fused.length; i++) {
      const scale = Math.max(...Array.from(plain[i], Math.abs));
      expectClose(fused[i], plain[i], { atol: 1e-5 * scale, rtol: 0 });
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('fused Polyak equals the plain-op update', () => {
    const results = [true, false].map((fused) => {
      setFusedKernelsEnabled(fused);
      expect(hasFusedKernel(FUSED_POLYAK_KERNEL)).toBe(fused);
      const t = tf.variable(tf.tensor1d([0, 10, -3]));
      const s = tf.variable(tf.tensor1d([1, 0, 5]));
      polyakUpdate([t], [s], 0.005);
      const out = t.dataSync().slice();
      tf.dispose([t, s]);
      return out;
    });
    expectRelClose(results[0], results[1]);
    expectRelClose(results[0], [0.005, 9.95, -2.96]);
  });

  it('on wasm writes Adam and Polyak over the variables themselves, with the values of the kernel that allocates', () => {
    /** Three steps from a fixed start; with `share`, a reshape of every variable (the same memory) stays alive across them. */
    const run = (share: boolean) => {
      const [a, b, t] = tf.tidy(() => [tf.variable(tf.randomNormal([33, 8], 0, 1, 'float32', 1)), tf.variable(tf.randomNormal([8], 0, 1, 'float32', 2)), tf.variable(tf.zeros([33, 8]))]);
      const adam = new Adam([a, b], 3e-3);
      const { m, v } = adam.getState();
      const vars = [a, b, t, ...m, ...v];
      const clones = share ? vars.map((x) => tf.reshape(x, [-1])) : [];
      const starts = clones.map((x) => Array.from(x.dataSync()));
      const ids = vars.map((x) => x.dataId);
      const before = tf.memory().numTensors;
      for (let step = 0; step < 3; step++) {
        const grads = { [a.name]: tf.randomNormal([33, 8], 0, 1, 'float32', 10 + step), [b.name]: tf.randomNormal([8], 0, 2, 'float32', 100 + step) };
        adam.apply(grads);
        tf.dispose(Object.values(grads));
        polyakUpdate([t], [a], 0.25);
      }
      expect(tf.memory().numTensors).toBe(before);
      // A reshape shares its variable's memory: it must keep the values it had.
      expect(clones.map((x) => Array.from(x.dataSync()))).toEqual(starts);
      const kept = vars.map((x, i) => x.dataId === ids[i]);
      const values = vars.map((x) => Array.from(x.dataSync()));
      adam.dispose();
      tf.dispose([a, b, t, ...clones]);
      return { kept, values };
    };
    const own = run(false);
    const shared = run(true);
    // In place on wasm's heap (the same memory); new tensors elsewhere, and whenever memory is shared.
    expect(own.kept).toEqual(own.kept.map(() => backend === 'wasm'));
    expect(shared.kept).toEqual(shared.kept.map(() => false));
    expect(own.values).toEqual(shared.values);
  });
});
