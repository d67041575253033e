import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setFusedKernelsEnabled } from '../../src/backend/fused-kernels';
import { delayGemmHelperForTests, gemmKernelsReady, guidedChunkStarts, setGemmStealAfter, setGemmThreads, splitProductCount, splitUpdateCount, stolenChunkCount } from '../../src/backend/wasm-kernels/gemm-kernels';
import { columnSum, gemm, weightGradients, type GemmOptions } from '../../src/backend/wasm-kernels/gemm-ops';
import { Rng } from '../../src/rng';
import { setTestBackend, TEST_BACKENDS } from '../helpers/backend';
import { expectNoLeak } from '../helpers/tensor-expect';
import { expectCloseTo, layoutCases, random, reference, twoThreadsThenOne } from '../helpers/gemm-reference';
import { Adam } from '../../src/nets/adam';
import { polyakUpdate } from '../../src/nets/polyak';

const SHAPES: Array<[number, number, number]> = [
  [1, 1, 1],
  [3, 5, 2],
  [7, 9, 13],
  [4, 8, 8],
  [33, 17, 65],
  [256, 23, 256],
  [64, 64, 1],
  [37, 1, 13], // k = 1: the outer-product path (a one-column layer's input gradient)
];

for (const backend of TEST_BACKENDS) {
  describe(`gemm on ${backend}`, () => {
    beforeAll(async () => {
      await setTestBackend(backend);
    });
    afterEach(() => setFusedKernelsEnabled(true));

    it('runs the project kernel on this backend', () => {
      expect(gemmKernelsReady()).toBe(true);
    });

    for (const [m, k, n] of SHAPES) {
      for (const [transposeA, transposeB] of [[false, false], [true, false], [false, true], [true, true]]) {
        it(`[${m}x${k}]·[${k}x${n}] tA=${transposeA} tB=${transposeB}, with bias, ReLU and gate, equals the float64 product`, () => {
          const rng = new Rng(m * 1000 + k * 10 + n);
          const a = random(rng, transposeA ? [k, m] : [m, k]);
          const b = random(rng, transposeB ? [n, k] : [k, n]);
          const bias = tf.tensor1d(Array.from({ length: n }, () => rng.normal()));
          const gate = random(rng, [m, n]);
          const scale = Math.sqrt(k) + 1;
          for (const opts of [{}, { bias }, { bias, activation: 'relu' as const }, { gate }, { bias, activation: 'relu' as const, gate }] as GemmOptions[]) {
            const full = { ...opts, transposeA, transposeB };
            const got = gemm(a, b, full);
            expect(got.shape).toEqual([m, n]);
            expectCloseTo(got.dataSync(), reference(a, b, full), scale);
            got.dispose();
          }
          tf.dispose([a, b, bias, gate]);
        });
      }
    }

    it('gives the same numbers as the plain-op path (fused kernels off) to 1e-5 relative', () => {
      const rng = new Rng(7);
      const x = random(rng, [256, 64]);
      const w = random(rng, [64, 32]);
      const g = random(rng, [256, 32]);
      const bias = tf.tensor1d(Array.from({ length: 32 }, () => rng.normal()));
      const run = () => [
        gemm(x, w, { bias, activation: 'relu' }),
        gemm(x, g, { transposeA: true }),
        gemm(g, w, { transposeB: true, gate: x }),
        columnSum(g),
      ];
      const fast = run();
      setFusedKernelsEnabled(false);
      const plain = run();
      fast.forEach((t, i) => {
        const p = plain[i].dataSync();
        const scale = Math.max(...Array.from(p, Math.abs));
        expectCloseTo(t.dataSync(), p, scale);
      });
      tf.dispose([...fast, ...plain, x, w, g, bias]);
    });

    it('a one-column product (a critic output layer and its weight gradient) equals column 0 of the padded panel product, bit for bit', () => {
      const rng = new Rng(5);
      // m = 37 leaves a ragged block of rows; k = 29 is not a multiple of 4.
      const [m, k] = [37, 29];
      for (const transposeA of [false, true]) tf.tidy(() => {
        const a = random(rng, transposeA ? [k, m] : [m, k]);
        const b = random(rng, [k, 1]);
        const wide = tf.concat([b, random(rng, [k, 1])], 1) as tf.Tensor2D;
        const bias = tf.tensor1d([rng.normal()]);
        const gate = random(rng, [m, 1]);
        const one = gemm(a, b, { transposeA, bias, activation: 'relu', gate });
        const two = gemm(a, wide, { transposeA, bias: tf.concat([bias, bias]) as tf.Tensor1D, activation: 'relu', gate: tf.concat([gate, gate], 1) as tf.Tensor2D });
        expect(Array.from(one.dataSync())).toEqual(Array.from(tf.slice(two, [0, 0], [m, 1]).dataSync()));
        // b stored as a row ([1, k]) with transposeB is the same vector.
        expect(Array.from(gemm(a, tf.reshape(b, [1, k]) as tf.Tensor2D, { transposeA, transposeB: true }).dataSync())).toEqual(
          Array.from(tf.slice(gemm(a, wide, { transposeA }), [0, 0], [m, 1]).dataSync()),
        );
        expectCloseTo(one.dataSync(), reference(a, b, { transposeA, bias, activation: 'relu', gate }), Math.sqrt(k) + 1);
      });
    });

    it('computes a weight gradient over a very tall batch (k ≥ 4096) as the sum of its two halves of k, bit for bit', () => {
      const rng = new Rng(21);
      // CQL's critics over their sampled actions: Xᵀ·dY with 7,937 rows (an odd k: halves 3,969 + 3,968).
      const [k, m, n] = [7937, 6, 13];
      const x = random(rng, [k, m]);
      const dy = random(rng, [k, n]);
      const got = gemm(x, dy, { transposeA: true });
      const h = Math.ceil(k / 2);
      const low = gemm(tf.slice(x, [0, 0], [h, m]), tf.slice(dy, [0, 0], [h, n]), { transposeA: true }).dataSync();
      const high = gemm(tf.slice(x, [h, 0], [k - h, m]), tf.slice(dy, [h, 0], [k - h, n]), { transposeA: true }).dataSync();
      expect(Array.from(got.dataSync())).toEqual(Array.from(low, (v, i) => Math.fround(v + high[i])));
      expectCloseTo(got.dataSync(), reference(x, dy, { transposeA: true }), Math.sqrt(k) + 1);
      // Below 4,096 rows, or with an epilogue, one pass over k.
      const short = gemm(tf.slice(x, [0, 0], [4095, m]), tf.slice(dy, [0, 0], [4095, n]), { transposeA: true });
      expectCloseTo(short.dataSync(), reference(tf.slice(x, [0, 0], [4095, m]), tf.slice(dy, [0, 0], [4095, n]), { transposeA: true }), 65);
      tf.dispose([x, dy, got, short]);
    });

    it('weightGradients gives gemm(x, g, transposeA) and columnSum(g), bit for bit, in one kernel', () => {
      const rng = new Rng(23);
      // A hidden layer, a ragged 6-wide output, a one-column critic output, and a tall batch (halves).
      for (const [rows, m, n] of [[256, 17, 256], [256, 256, 6], [256, 256, 1], [7937, 23, 64]]) {
        const [x, g] = [random(rng, [rows, m]), random(rng, [rows, n])];
        const [dKernel, dBias] = weightGradients(x, g);
        expect(dKernel.shape).toEqual([m, n]);
        expect(Array.from(dKernel.dataSync())).toEqual(Array.from(gemm(x, g, { transposeA: true }).dataSync()));
        const sums = columnSum(g).dataSync();
        if (rows < 4096) expect(Array.from(dBias.dataSync())).toEqual(Array.from(sums));
        // Over a tall batch, the sums of the two halves of the rows (as the product's).
        else expectCloseTo(dBias.dataSync(), sums, Math.sqrt(rows));
        tf.dispose([x, g, dKernel, dBias]);
      }
    });

    it('columnSum sums each column', () => {
      const x = tf.tensor2d([[1, 2, 3, 4, 5], [10, 20, 30, 40, 50], [100, 200, 300, 400, 500]]);
      expect(Array.from(columnSum(x).dataSync())).toEqual([111, 222, 333, 444, 555]);
      x.dispose();
    });

    it('rejects shapes that do not chain, naming them', () => {
      const a = tf.zeros([2, 3]) as tf.Tensor2D;
      expect(() => gemm(a, a)).toThrow(/inner dimensions differ: a 2,3 · b 2,3/);
      expect(() => gemm(a, a, { transposeB: true, bias: tf.zeros([3]) as tf.Tensor1D })).toThrow(/bias must be float32 \[2\]/);
      expect(() => gemm(a, a, { transposeA: true, gate: tf.zeros([2, 2]) as tf.Tensor2D })).toThrow(/gate must be float32 \[3, 3\]/);
      a.dispose();
    });

    it('leaks no tensors', () => {
      const a = tf.ones([8, 8]) as tf.Tensor2D;
      expectNoLeak(() => {
        for (let i = 0; i < 20; i++) tf.dispose([gemm(a, a, { transposeA: true, gate: a }), columnSum(a)]);
      });
      a.dispose();
    });
  });
}

describe('gemm on wasm with the helper thread', () => {
  beforeAll(async () => {
    await setTestBackend('wasm');
  });
  afterEach(async () => {
    await setGemmThreads('auto');
  });

  it('gives bit-identical results on one and two threads, for every operand layout', async () => {
    // Large enough to be split (12M multiply-adds); 258 rows leave ragged last blocks and chunks.
    const [m, k, n] = [258, 320, 300];
    const cases = layoutCases(new Rng(11), [m, k, n]);
    const { two, one } = await twoThreadsThenOne(() => cases.map(({ a, b, opts }) => gemm(a, b, opts)), cases.length);
    two.forEach((t, i) => expectCloseTo(t.dataSync(), reference(cases[i].a, cases[i].b, cases[i].opts), Math.sqrt(k) + 1));
    tf.dispose([...two, ...one, ...cases.flatMap((c) => [c.a, c.b, c.opts.bias as tf.Tensor, c.opts.gate as tf.Tensor])]);
  });

  it('runs on a shared heap, so the helper splits even tall, narrow products in place', async () => {
    await setGemmThreads(2);
    const heap = (tf.backend() as unknown as { wasm: { HEAPF32: Float32Array } }).wasm.HEAPF32;
    expect(heap.buffer).toBeInstanceOf(SharedArrayBuffer);
    // CQL's sampled-action batch through a 64-wide layer: ~20 multiply-adds per float of operands,
    // which the copying helper (gemm-copy-path.test.ts) keeps on one thread.
    const [x, w, g] = [random(new Rng(1), [7936, 64]), random(new Rng(2), [64, 64]), random(new Rng(3), [7936, 64])];
    const products = () => [gemm(x, w), gemm(g, w, { transposeB: true, gate: x }), gemm(x, g, { transposeA: true })];
    const { two, one } = await twoThreadsThenOne(products, 3);
    tf.dispose([x, w, g, ...two, ...one]);
  });

  it('splits tall one-column products and tall outer products, bit-identical to one thread', async () => {
    const rng = new Rng(31);
    // A critic's output layer over CQL's stacked batch and its input gradient: one column (the
    // matrix-vector path, two blocks of rows), and k = 1 (an outer product gated by the activations).
    const [m, k] = [7936, 64];
    const [x, w, xT] = [random(rng, [m, k]), random(rng, [k, 1]), random(rng, [k, m])];
    const [bias, gate, d, wRow, gate64] = [tf.tensor1d([0.5]), random(rng, [m, 1]), random(rng, [m, 1]), random(rng, [1, k]), random(rng, [m, k])];
    const products = () => [
      gemm(x, w, { bias, activation: 'relu', gate }),
      gemm(xT, w, { transposeA: true, gate }),
      gemm(d, wRow, { gate: gate64 }),
    ];
    const { two, one } = await twoThreadsThenOne(products, 3);
    expectCloseTo(two[0].dataSync(), reference(x, w, { bias, activation: 'relu', gate }), Math.sqrt(k) + 1);
    tf.dispose([x, w, xT, bias, gate, d, wRow, gate64, ...two, ...one]);
  });

  it('computes the two halves of a tall weight gradient on the two threads, with the one-thread values', async () => {
    const rng = new Rng(32);
    const [x, dy] = [random(rng, [7936, 64]), random(rng, [7936, 64])];
    await setGemmThreads(2);
    const before = splitProductCount();
    const two = gemm(x, dy, { transposeA: true });
    expect(splitProductCount() - before).toBe(1);
    await setGemmThreads(1);
    const one = gemm(x, dy, { transposeA: true });
    expect(Array.from(two.dataSync())).toEqual(Array.from(one.dataSync()));
    tf.dispose([x, dy, two, one]);
  });

  it('gives weightGradients on two threads the one-thread values (split, halves)', async () => {
    const rng = new Rng(33);
    const cases = [[random(rng, [256, 256]), random(rng, [256, 256])], [random(rng, [7936, 64]), random(rng, [7936, 64])]];
    await setGemmThreads(2);
    const before = splitProductCount();
    const two = cases.map(([x, g]) => weightGradients(x, g));
    expect(splitProductCount() - before).toBe(2);
    await setGemmThreads(1);
    const one = cases.map(([x, g]) => weightGradients(x, g));
    two.forEach((pair, i) => pair.forEach((t, j) => expect(Array.from(t.dataSync())).toEqual(Array.from(one[i][j].dataSync()))));
    // The split product's sums come from the main thread's packing: column_sum's values.
    expect(Array.from(two[0][1].dataSync())).toEqual(Array.from(columnSum(cases[0][1]).dataSync()));
    tf.dispose([...cases.flat(), ...two.flat(), ...one.flat()]);
  });

  it('splits large Adam and Polyak updates between the threads, in place or not, with the one-thread values', async () => {
    // A twin critic's variables (and ragged and tiny ones): 150k elements, cut in two at multiples of 4.
    const shapes: number[][] = [[23, 256], [256], [256, 256], [256], [256, 1], [1], [1001], [6]];
    /** With `inPlace` false, a reshape of every variable stays alive, so the steps allocate new tensors. */
    const run = async (threads: 1 | 2, inPlace: boolean) => {
      await setGemmThreads(threads);
      const rng = new Rng(34);
      const vars = tf.tidy(() => shapes.map((shape, i) => tf.variable(tf.tensor(Float32Array.from({ length: tf.util.sizeFromShape(shape) }, () => rng.normal()), shape), true, `adam-split-${threads}-${inPlace}-${i}`)));
      const targets = tf.tidy(() => shapes.map((shape, i) => tf.variable(tf.zeros(shape), false, `polyak-split-${threads}-${inPlace}-${i}`)));
      const adam = new Adam(vars, 1e-3);
      const { m, v } = adam.getState();
      const all = [...vars, ...targets, ...m, ...v];
      const views = inPlace ? [] : all.map((x) => tf.reshape(x, [-1]));
      const ids = all.map((x) => x.dataId);
      const before = [splitProductCount(), splitUpdateCount()];
      for (let t = 0; t < 3; t++) {
        const grads = Object.fromEntries(vars.map((x) => [x.name, tf.tensor(Float32Array.from({ length: x.size }, () => rng.normal()), x.shape)]));
        adam.apply(grads);
        tf.dispose(Object.values(grads));
        polyakUpdate(targets, vars, 0.005);
      }
      // Three Adam steps and three Polyak updates, split on two threads; no product.
      expect([splitProductCount(), splitUpdateCount()]).toEqual([before[0], before[1] + (threads === 2 ? 6 : 0)]);
      expect(all.map((x, i) => x.dataId === ids[i])).toEqual(all.map(() => inPlace));
      const out = all.map((x) => Array.from(x.dataSync()));
      adam.dispose();
      tf.dispose([...vars, ...targets, ...views]);
      return out;
    };
    const one = await run(1, true);
    expect(await run(2, true)).toEqual(one);
    expect(await run(2, false)).toEqual(one);
    expect(await run(1, false)).toEqual(one);
  });

  it('stays bit-identical past the wrap of the job tags (32,767 split products)', async () => {
    await setGemmThreads(2);
    const rng = new Rng(9);
    // A product split in place (4.2M multiply-adds).
    const [x, w] = [random(rng, [256, 128]), random(rng, [128, 128])];
    await setGemmThreads(1);
    const expected = Array.from(gemm(x, w).dataSync());
    await setGemmThreads(2);
    const before = splitProductCount();
    for (let i = 0; i < 33_000; i++) {
      const y = gemm(x, w);
      if (i >= 32_700) expect(Array.from(y.dataSync())).toEqual(expected);
      y.dispose();
    }
    expect(splitProductCount() - before).toBe(33_000);
    tf.dispose([x, w]);
  }, 120_000);

  it('takes chunks back from a helper that holds them, with the one-thread values and no late write', async () => {
    // The helper waits 2 ms before committing each chunk (as if descheduled there), and the main
    // thread takes a chunk back after 20 µs: it takes back nearly every chunk the helper computes,
    // and the helper finishes each lost chunk long after the product returned. Each product must
    // still give the one-thread values, and no tensor made after a product may change later (a
    // helper writing a lost chunk into memory tfjs has since reused).
    const rng = new Rng(41);
    const [x, w, g] = [random(rng, [256, 256]), random(rng, [256, 192]), random(rng, [256, 192])];
    const products = () => [gemm(x, w, { activation: 'relu' }), gemm(g, w, { transposeB: true, gate: x }), weightGradients(x, g)[0]];
    await setGemmThreads(1);
    const expected = products().map((t) => {
      const values = Array.from(t.dataSync());
      t.dispose();
      return values;
    });
    await setGemmThreads(2);
    setGemmStealAfter(0.02);
    delayGemmHelperForTests(2000);
    try {
      const [stolenBefore, splitBefore] = [stolenChunkCount(), splitProductCount()];
      let canaries: tf.Tensor[] = [];
      const rounds = 100;
      let mismatches = 0;
      for (let i = 0; i < rounds; i++) {
        const ys = products();
        ys.forEach((y, j) => {
          const values = y.dataSync();
          if (values.some((v, e) => v !== expected[j][e])) mismatches += 1;
        });
        tf.dispose(ys);
        // Last round's canaries, made where these outputs were freed, must still hold their value.
        canaries.forEach((c) => {
          if (c.dataSync().some((v) => v !== i - 1)) mismatches += 1;
        });
        tf.dispose(canaries);
        canaries = ys.map((y) => tf.fill(y.shape, i));
      }
      tf.dispose(canaries);
      expect(mismatches).toBe(0);
      expect(splitProductCount() - splitBefore).toBe(3 * rounds);
      expect(stolenChunkCount() - stolenBefore).toBeGreaterThan(20);
    } finally {
      delayGemmHelperForTests(0);
      setGemmStealAfter();
      tf.dispose([x, w, g]);
    }
  }, 60_000);

  it('cuts split products into chunks large first and small last, on row blocks, within the helper slots', () => {
    for (const [m, rowMacs] of [[256, 256 * 256], [256, 23 * 256], [512, 17 * 256], [8, 1 << 16], [7680, 64], [1e7, 1 << 16], [100_003, 1]]) {
      const starts = guidedChunkStarts(m, rowMacs);
      const sizes = starts.slice(1).map((end, i) => end - starts[i]);
      expect(starts[0]).toBe(0);
      expect(starts[starts.length - 1]).toBe(m);
      expect(sizes.length).toBeLessThanOrEqual(96);
      // Every chunk but the last starts and ends on a row block of 4; sizes never grow.
      expect(starts.slice(0, -1).every((r) => r % 4 === 0)).toBe(true);
      expect(sizes.every((size, i) => size > 0 && (i === 0 || size <= sizes[i - 1]))).toBe(true);
    }
    // A 256³ product: a quarter of the rows first, then a quarter of the rest, … down to 4 rows.
    expect(guidedChunkStarts(256, 256 * 256)).toEqual([0, 64, 112, 148, 176, 196, 212, 224, 232, 240, 244, 248, 252, 256]);
  });

  it('rejects a thread count it cannot use', async () => {
    await expect(setGemmThreads(3 as 2)).rejects.toThrow(/threads must be 1, 2 or 'auto', got 3/);
  });
});
