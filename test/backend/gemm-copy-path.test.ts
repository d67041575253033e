import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureGradients } from '../../src/backend/use-backend';
import { prepareGemmKernels, setGemmThreads, splitProductCount } from '../../src/backend/wasm-kernels/gemm-kernels';
import { columnSum, gemm, weightGradients } from '../../src/backend/wasm-kernels/gemm-ops';
import { Rng } from '../../src/rng';
import { expectCloseTo, layoutCases, random, reference, twoThreadsThenOne } from '../helpers/gemm-reference';

// A wasm backend the user initialised with tf.setBackend (not useBackend) keeps its own, unshared
// heap: the helper thread then works on a memory of its own, with the operands copied in.
describe('gemm on a wasm backend with an unshared heap (the helper works on copies)', () => {
  beforeAll(async () => {
    await ensureGradients();
    await tf.setBackend('wasm');
    await tf.ready();
    expect(await prepareGemmKernels()).toBe(true);
  });
  afterAll(async () => {
    await setGemmThreads(1);
  });

  it('has an unshared heap', () => {
    const heap = (tf.backend() as unknown as { wasm: { HEAPF32: Float32Array } }).wasm.HEAPF32;
    expect(heap.buffer).toBeInstanceOf(ArrayBuffer);
  });

  it('gives bit-identical results on one and two threads, for every operand layout', async () => {
    // 12M multiply-adds, ≥ 47 per copied float: split; 258 rows leave ragged last blocks and chunks.
    const [m, k, n] = [258, 320, 300];
    const cases = layoutCases(new Rng(12), [m, k, n]);
    const { two, one } = await twoThreadsThenOne(() => cases.map(({ a, b, opts }) => gemm(a, b, opts)), cases.length);
    two.forEach((t, i) => expectCloseTo(t.dataSync(), reference(cases[i].a, cases[i].b, cases[i].opts), Math.sqrt(k) + 1));
    tf.dispose([...two, ...one, ...cases.flatMap((c) => [c.a, c.b, c.opts.bias as tf.Tensor, c.opts.gate as tf.Tensor])]);
  });

  it('gives weightGradients the product and column sums of one thread when split with copies', async () => {
    const rng = new Rng(13);
    const [x, g] = [random(rng, [256, 256]), random(rng, [256, 256])];
    await setGemmThreads(2);
    const before = splitProductCount();
    const [dKernel, dBias] = weightGradients(x, g);
    expect(splitProductCount() - before).toBe(1);
    await setGemmThreads(1);
    expect(Array.from(dKernel.dataSync())).toEqual(Array.from(gemm(x, g, { transposeA: true }).dataSync()));
    expect(Array.from(dBias.dataSync())).toEqual(Array.from(columnSum(g).dataSync()));
    tf.dispose([x, g, dKernel, dBias]);
  });

  it('keeps tall, narrow products on one thread, where copying rows for the helper costs more than it saves', async () => {
    await setGemmThreads(2);
    // CQL's sampled-action batch through a 64-wide layer: 32M multiply-adds, but ~20 per copied float.
    const [x, w, g] = [random(new Rng(1), [7936, 64]), random(new Rng(2), [64, 64]), random(new Rng(3), [7936, 64])];
    const before = splitProductCount();
    tf.dispose([gemm(x, w), gemm(g, w, { transposeB: true, gate: x }), gemm(x, g, { transposeA: true })]);
    expect(splitProductCount()).toBe(before);
    // A square 256-wide product of a 256-row batch is split.
    const [y, v] = [random(new Rng(4), [256, 256]), random(new Rng(5), [256, 256])];
    tf.dispose(gemm(y, v));
    expect(splitProductCount()).toBe(before + 1);
    tf.dispose([x, w, g, y, v]);
  });
});
