import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { CategoricalHead } from '../../src/heads';
import { setTestBackend, TEST_BACKENDS } from '../helpers/backend';
import { expectClose, expectNoLeak, gradOf, values } from '../helpers/tensor-expect';

function repeatRows(row: number[], n: number): tf.Tensor2D {
  return tf.tidy(() => tf.tile(tf.tensor2d([row]), [n, 1]) as tf.Tensor2D);
}

function counts(x: ArrayLike<number>, n: number): number[] {
  const c = new Array<number>(n).fill(0);
  for (let i = 0; i < x.length; i++) c[x[i]]++;
  return c;
}

describe.each(TEST_BACKENDS)('CategoricalHead (%s)', (backend) => {
  beforeAll(() => setTestBackend(backend));

  const logits = [Math.log(0.2), Math.log(0.8)];

  it('has no variables and reads n logits', () => {
    const head = new CategoricalHead(3);
    expect(head.kind).toBe('categorical');
    expect(head.inputDim).toBe(3);
    expect(head.variables).toEqual([]);
    head.dispose();
  });

  it('logProb selects log softmax with a one-hot mask, invariant to a logit shift', () => {
    const head = new CategoricalHead(2);
    const raw = tf.tensor2d([logits, logits.map((l) => l + 5)]);
    const onehot = tf.tensor2d([
      [1, 0],
      [0, 1],
    ]);
    const logp = head.logProb(raw, onehot);
    expect(logp.shape).toEqual([2]);
    expectClose(values(logp), [Math.log(0.2), Math.log(0.8)], { atol: 1e-6 });
    const intOneHot = tf.oneHot(tf.tensor1d([1, 0], 'int32'), 2) as tf.Tensor2D;
    const logpInt = head.logProb(raw, intOneHot);
    expectClose(values(logpInt), [Math.log(0.8), Math.log(0.2)], { atol: 1e-6 });
    tf.dispose([raw, onehot, logp, intOneHot, logpInt]);
  });

  it('the gradient of logProb w.r.t. the logits is onehot − softmax', () => {
    const head = new CategoricalHead(3);
    const row = [0.1, -0.5, 1.2];
    const raw = tf.tensor2d([row]);
    const onehot = tf.tensor2d([[0, 1, 0]]);
    const g = gradOf((x: tf.Tensor2D) => tf.sum(head.logProb(x, onehot)), raw);
    const z = row.reduce((acc, l) => acc + Math.exp(l), 0);
    expectClose(values(g), row.map((l, i) => (i === 1 ? 1 : 0) - Math.exp(l) / z), { atol: 1e-6 });
    tf.dispose([raw, onehot, g]);
  });

  it('mode is the argmax as int32 [B]; entropy is −Σ p log p; metrics report the mean entropy', () => {
    const head = new CategoricalHead(2);
    const raw = tf.tensor2d([logits, [3, -1]]);
    const mode = head.mode(raw);
    expect(mode.dtype).toBe('int32');
    expect(mode.shape).toEqual([2]);
    expect(values(mode)).toEqual([1, 0]);
    const h = head.entropy(raw);
    const entropyOf = (p: number[]): number => -p.reduce((acc, q) => acc + q * Math.log(q), 0);
    const p2 = [Math.exp(3), Math.exp(-1)].map((e, _, all) => e / (all[0] + all[1]));
    const expected = [entropyOf([0.2, 0.8]), entropyOf(p2)];
    expectClose(values(h), expected, { atol: 1e-6 });
    const m = head.metrics(raw);
    expect(Object.keys(m)).toEqual(['actor/entropy']);
    expectClose(values(m['actor/entropy']), [(expected[0] + expected[1]) / 2], { atol: 1e-6 });
    expect(head.metrics()).toEqual({});
    tf.dispose([raw, mode, h, m]);
  });

  it('samples with the softmax frequencies, independently across rows', () => {
    const head = new CategoricalHead(2);
    const n = 4000;
    const raw = repeatRows(logits, n);
    const s = head.sample(raw, 2024);
    expect(s.dtype).toBe('int32');
    expect(s.shape).toEqual([n]);
    const [, ones] = counts(s.dataSync(), 2);
    // Binomial(4000, 0.8): sd ≈ 25.3; allow 4 sd.
    expect(Math.abs(ones - 0.8 * n)).toBeLessThan(4 * Math.sqrt(n * 0.8 * 0.2));

    const head3 = new CategoricalHead(3);
    const row = [0, 1, 2];
    const raw3 = repeatRows(row, n);
    const s3 = head3.sample(raw3, 99);
    const z = row.reduce((acc, l) => acc + Math.exp(l), 0);
    counts(s3.dataSync(), 3).forEach((c, i) => {
      const p = Math.exp(row[i]) / z;
      expect(Math.abs(c - p * n)).toBeLessThan(4 * Math.sqrt(n * p * (1 - p)));
    });
    tf.dispose([raw, s, raw3, s3]);
  });

  it('repeats for the same seed (0 included) and changes with the seed', () => {
    const head = new CategoricalHead(2);
    const raw = repeatRows([0, 0], 200);
    const [a, b, c, z1, z2] = [5, 5, 6, 0, 0].map((seed) => head.sample(raw, seed));
    expect(values(a)).toEqual(values(b));
    expect(values(a)).not.toEqual(values(c));
    expect(values(z1)).toEqual(values(z2));
    tf.dispose([raw, a, b, c, z1, z2]);
  });

  it('rejects a bad n and wrong shapes', () => {
    expect(() => new CategoricalHead(0)).toThrow(RangeError);
    expect(() => new CategoricalHead(2.5)).toThrow(/n must be a positive integer/);
    const head = new CategoricalHead(2);
    const r3 = tf.zeros([4, 3]) as tf.Tensor as tf.Tensor2D;
    const r = tf.zeros([4, 2]) as tf.Tensor as tf.Tensor2D;
    const a = tf.zeros([4, 3]) as tf.Tensor as tf.Tensor2D;
    expect(() => head.mode(r3)).toThrow(/CategoricalHead.mode: raw must have shape \[B, 2\], got \[4,3\]/);
    expect(() => head.logProb(r, a)).toThrow(/actions shape \[4,3\] must match raw shape \[4,2\]/);
    tf.dispose([r3, r, a]);
  });

  it('frees its intermediates', () => {
    const head = new CategoricalHead(2);
    const raw = tf.tensor2d([logits, [1, 2]]);
    const onehot = tf.tensor2d([
      [1, 0],
      [0, 1],
    ]);
    expectNoLeak(() => head.logProb(raw, onehot));
    expectNoLeak(() => head.mode(raw));
    expectNoLeak(() => head.sample(raw, 1));
    expectNoLeak(() => head.entropy(raw));
    expectNoLeak(() => head.metrics(raw));
    expectNoLeak(() => gradOf((x: tf.Tensor2D) => tf.neg(tf.mean(head.logProb(x, onehot))), raw));
    expect(raw.isDisposed || onehot.isDisposed).toBe(false);
    tf.dispose([raw, onehot]);
  });
});

describe('CategoricalHead across backends', () => {
  it('draws the same sample for the same seed on cpu and wasm', async () => {
    const head = new CategoricalHead(3);
    const draw = async (backend: 'cpu' | 'wasm'): Promise<number[]> => {
      await setTestBackend(backend);
      const raw = repeatRows([0.3, -0.2, 0.5], 300);
      const s = head.sample(raw, 31337);
      const out = values(s);
      tf.dispose([raw, s]);
      return out;
    };
    expect(await draw('cpu')).toEqual(await draw('wasm'));
  });
});
